"""Local copies of articles: finding the files a fixtures argument names, and decoding them.

Pure file-system code with no Scrapy objects. Reading happens in the spider, not through one
``file://`` request per file, which costs about eight times the throughput.
"""

from __future__ import annotations

import glob
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_from_bytes

TEXT_SUFFIXES = frozenset({".txt"})
PAGE_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = TEXT_SUFFIXES | PAGE_SUFFIXES

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
# Control characters that never occur in text (tab, line breaks and form feed do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r")
_SNIFF_BYTES = 8192


class FixturesNotFound(Exception):
    """The fixtures argument names no file, directory or glob match."""


class UnreadableFile(Exception):
    """A file that holds no article text: ``reason`` says why, ``code`` names it in stats."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def find_files(spec: str) -> Iterator[Path]:
    """The fixture files that ``spec`` names: a file, a directory (searched recursively) or a glob.

    A directory yields its ``.txt`` and ``.html`` files in name order, hidden ones left out.
    A file, or the files a glob matches (``**`` for any depth; directories it matches are
    not searched), are yielded whatever their suffix, so the caller can say why one is not
    read. Raises FixturesNotFound when nothing matches.
    """
    path = Path(spec).expanduser()
    if path.is_dir():
        return _walk(path)
    if path.exists():
        return iter([path])
    if glob.has_magic(spec):
        matches = glob.iglob(os.path.expanduser(spec), recursive=True)
        files = (match for match in matches if not os.path.isdir(match))
        first = next(files, None)
        if first is not None:
            return (Path(match) for match in itertools.chain([first], files))
        raise FixturesNotFound(f"no file matches the fixtures pattern {spec!r}")
    raise FixturesNotFound(f"no such file or directory: {spec!r}")


def _walk(directory: str | Path) -> Iterator[Path]:
    """Article files below ``directory``, depth first, in name order, one folder at a time.

    Only the names of a folder's article files and subfolders are held (and sorted): about
    60 bytes a file.
    """
    names: list[str] = []
    folders: set[str] = set()
    with os.scandir(directory) as scan:
        for entry in scan:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                folders.add(entry.name)
            elif os.path.splitext(entry.name)[1].lower() not in SUFFIXES:
                continue
            names.append(entry.name)
    names.sort()
    for name in names:
        path = os.path.join(directory, name)
        if name in folders:
            yield from _walk(path)
        else:
            yield Path(path)


def file_uri(path: Path) -> str:
    """The ``file://`` URI of a file: ``Path.as_uri()`` of its absolute path, made cheaper."""
    return "file://" + quote_from_bytes(os.fsencode(os.path.abspath(path)))


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """A fixture file's bytes. Raises UnreadableFile for what is not a text or a page."""
    data = _read(path, max_bytes)
    if looks_binary(data):
        raise UnreadableFile("binary", "binary data, not text")
    return data


def read_text(path: Path, max_bytes: int) -> str:
    """A fixture file's text, decoded (see ``decode``). Raises UnreadableFile."""
    text = decode(_read(path, max_bytes))
    if not text or text.isspace():
        raise UnreadableFile("empty", "the file is empty")
    return text


def _read(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, if it has any but blanks and no more than ``max_bytes``."""
    try:
        with open(path, "rb", buffering=0) as file:  # unbuffered: read whole in one call
            size = os.fstat(file.fileno()).st_size
            if size <= max_bytes:  # a pipe or a device says 0 here: checked once read
                data = file.read(max_bytes + 1) if size == 0 else file.read()
                size = len(data)
    except OSError as error:
        raise UnreadableFile("unreadable", error.strerror or str(error)) from error
    if size > max_bytes:
        raise UnreadableFile("too_large", f"larger than {max_bytes} bytes ({size})")
    if not data or data.isspace():
        raise UnreadableFile("empty", "the file is empty")
    return data


def looks_binary(data: bytes) -> bool:
    """True for an image, an archive or the like: control characters that text never has."""
    if data.startswith(_BOM_PREFIXES):
        return False
    sample = data[:_SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) // 100


def decode(data: bytes) -> str:
    """The text of a file's bytes. Raises UnreadableFile("binary") for what is not text.

    UTF-8 (with or without a byte-order mark) and UTF-16/32 with a mark are read as such;
    anything else that is not valid UTF-8 is read as Windows-1252, the superset of Latin-1
    that editors on Windows write (as browsers do for a page labelled Latin-1).
    """
    if data.startswith(_BOM_PREFIXES):
        encoding = next(encoding for bom, encoding in _BOMS if data.startswith(bom))
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            raise UnreadableFile("binary", f"not valid {encoding}: {error.reason}") from error
    if looks_binary(data):
        raise UnreadableFile("binary", "binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned in Windows-1252; Latin-1 reads them.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
