"""Local copies of articles: finding the files a fixtures argument names, and decoding them.

Pure file-system code with no Scrapy objects. Reading happens in the spider, not through one
``file://`` request per file, which costs about eight times the throughput. No bad entry
stops a search (a folder that cannot be listed, a symlink loop, a dangling link): each is
passed over and reported to the caller's ``on_error``, and no file read can block (a FIFO, a
device).
"""

from __future__ import annotations

import fnmatch
import functools
import glob
import itertools
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote_from_bytes

from newsbot import charsets

TEXT_SUFFIXES = frozenset({".txt"})
PAGE_SUFFIXES = frozenset({".html", ".htm"})
ARCHIVE_SUFFIXES = frozenset({".warc", ".warc.gz"})  # web archives (newsbot.warc)
SUFFIXES = TEXT_SUFFIXES | PAGE_SUFFIXES | ARCHIVE_SUFFIXES


def suffix_of(name: str) -> str:
    """A file name's suffix, lower-cased, as fixtures are told apart: ``.warc.gz`` is one."""
    lowered = name.lower()
    return ".warc.gz" if lowered.endswith(".warc.gz") else os.path.splitext(lowered)[1]


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
    """A file (or a folder) that gives no article text: ``reason`` says why, ``code`` names it
    in stats."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


OnError = Callable[[Path, UnreadableFile], None]
"""Told of each entry a search passes over: its path, and why (``code``, ``reason``)."""


def _ignore(path: Path, error: UnreadableFile) -> None:
    """The default ``on_error``: the search goes on without a word."""


def find_files(spec: str, *, on_error: OnError = _ignore) -> Iterator[Path]:
    """The fixture files that ``spec`` names: a file, a directory (searched recursively) or a glob.

    A directory yields its ``.txt`` and ``.html`` files in name order, hidden ones left out.
    A file, or the files a glob matches (``**`` for any depth; directories it matches are
    not searched), are yielded whatever their suffix, so the caller can say why one is not
    read. Raises FixturesNotFound when nothing matches.

    A folder is searched once however many paths lead to it. What a search passes over is
    reported to ``on_error(path, UnreadableFile(code, reason))``, with ``code``:
    ``unlistable`` (a folder that cannot be listed), ``loop`` (a symlink back to a folder it
    is in), ``repeated`` (a second path to a folder already searched), ``unreadable`` (an
    entry whose kind cannot be told, such as a symlink to itself). Files are not opened here:
    dangling links, FIFOs and the like are yielded, and reading them says why they are not read.
    """
    path = Path(spec).expanduser()
    if path.is_dir():
        return map(Path, _walk(path, on_error))
    if path.exists():
        return iter([path])
    if glob.has_magic(spec):
        pattern = os.path.expanduser(spec)
        if "**" in pattern.split(os.sep):
            files: Iterator[str] = _glob_walk(pattern, on_error)
        else:  # no recursion: each magic part lists one folder, so no loop can explode it
            matches = glob.iglob(pattern, recursive=True)
            files = (match for match in matches if not os.path.isdir(match))
        first = next(files, None)
        if first is not None:
            return (Path(match) for match in itertools.chain([first], files))
        raise FixturesNotFound(f"no file matches the fixtures pattern {spec!r}")
    raise FixturesNotFound(f"no such file or directory: {spec!r}")


# A folder being walked: its (st_dev, st_ino), its path, its names still to read (sorted),
# and which of its names are folders.
_Folder = tuple[tuple[int, int], str, Iterator[str], set[str]]


def _walk(
    top: str | Path,
    on_error: OnError,
    suffixes: frozenset[str] | None = SUFFIXES,
    hidden: bool = False,
) -> Iterator[str]:
    """The paths of the files below ``top`` with one of the ``suffixes`` (None: any), depth
    first, in name order, one folder at a time; names starting with a dot only if ``hidden``.

    Only the names of the folders being read are held (and sorted): about 60 bytes a file.
    A stack, not recursion, so that no depth of folders reaches Python's recursion limit.
    Folders are known by device and inode, so that a symlink loop (or a second link, or a
    bind mount) leads to no folder twice.
    """
    seen: dict[tuple[int, int], str] = {}
    stack: list[_Folder] = []
    _enter(os.fspath(top), seen, stack, suffixes, hidden, on_error)
    while stack:
        _, parent, names, folders = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
        elif name in folders:
            _enter(os.path.join(parent, name), seen, stack, suffixes, hidden, on_error)
        else:
            yield os.path.join(parent, name)


def _enter(
    folder: str,
    seen: dict[tuple[int, int], str],
    stack: list[_Folder],
    suffixes: frozenset[str] | None,
    hidden: bool,
    on_error: OnError,
) -> None:
    """Puts a folder on the walk's stack, or tells ``on_error`` why it is not read.

    ``seen`` holds each folder entered, by device and inode, with the path it was first
    reached by; a folder among them that is on the stack is one the walk is inside (a loop).
    """
    try:
        info = os.stat(folder)
        key = (info.st_dev, info.st_ino)
        if key in seen:
            if any(open_key == key for open_key, *_ in stack):
                error = UnreadableFile("loop", f"a symlink loop back to {seen[key]}")
            else:
                error = UnreadableFile("repeated", f"the same folder as {seen[key]}, read once")
            on_error(Path(folder), error)
            return
        seen[key] = folder
        names, folders = _list(folder, suffixes, hidden, on_error)
    except OSError as error:
        on_error(Path(folder), UnreadableFile("unlistable", error.strerror or str(error)))
        return
    stack.append((key, folder, iter(names), folders))


def _list(
    folder: str, suffixes: frozenset[str] | None, hidden: bool, on_error: OnError
) -> tuple[list[str], set[str]]:
    """A folder's wanted names, sorted, and which of them are folders. Raises OSError."""
    names: list[str] = []
    folders: set[str] = set()
    with os.scandir(folder) as scan:
        for entry in scan:
            if not hidden and entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir()  # follows a symlink: a stat, which can fail
            except OSError as error:  # a symlink to itself (ELOOP), a folder it cannot enter
                reason = error.strerror or str(error)
                on_error(Path(entry.path), UnreadableFile("unreadable", reason))
                continue
            if is_folder:
                folders.add(entry.name)
            elif suffixes is not None and suffix_of(entry.name) not in suffixes:
                continue
            names.append(entry.name)
    names.sort()
    return names, folders


def _glob_walk(pattern: str, on_error: OnError) -> Iterator[str]:
    """The files a pattern with ``**`` matches, as glob.glob(recursive=True) would, in name
    order, by our walk.

    glob's own ``**`` follows directory symlinks without knowing the folders it has seen: a
    symlink to a parent yields each file 40 times over (until the path has 40 links), two of
    them explode exponentially (124,544 matches of 2 files in 20 s, and going on).
    """
    parts = pattern.split(os.sep)
    magic = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = os.sep.join(parts[:magic]) or (os.sep if pattern.startswith(os.sep) else os.curdir)
    patterns = [part for part in parts[magic:] if part]  # "a//b" is "a/b"; a final "/" goes
    if not os.path.isdir(root):
        return
    prefix = len(os.path.join(root, ""))
    hidden = any(part.startswith(".") for part in patterns)
    start = _through_stars({0}, patterns)
    # Where in the pattern each folder's path leads: matched once a folder, not once a file.
    after_folder: dict[str, set[int]] = {}
    for path in _walk(root, on_error, suffixes=None, hidden=hidden):
        folder, name = os.path.split(path[prefix:])
        states = after_folder.get(folder)
        if states is None:
            states = _advance(start, folder.split(os.sep) if folder else [], patterns)
            after_folder[folder] = states
        if len(patterns) in _advance(states, [name], patterns):
            yield path


def _advance(states: set[int], parts: list[str], patterns: list[str]) -> set[int]:
    """Where in ``patterns`` a path may be after ``parts``, from ``states`` (indexes in it),
    with glob's rules: ``**`` matches any number of parts, and no magic part matches a hidden
    name unless it starts with a dot. Empty when the path can match no more."""
    for part in parts:
        hidden = part.startswith(".")
        following = set()
        for index in states:
            if index == len(patterns):
                continue
            pattern = patterns[index]
            if pattern == "**":
                if not hidden:
                    following.add(index)
            elif (not hidden or pattern.startswith(".")) and fnmatch.fnmatchcase(part, pattern):
                following.add(index + 1)
        states = _through_stars(following, patterns)
        if not states:
            break
    return states


def _through_stars(states: set[int], patterns: list[str]) -> set[int]:
    """The states and those after any ``**`` they are at: ``**`` also matches no part."""
    reached = set()
    for index in states:
        reached.add(index)
        while index < len(patterns) and patterns[index] == "**":
            index += 1
            reached.add(index)
    return reached


@functools.lru_cache(maxsize=1024)
def _real_folder(cwd: str, folder: str) -> str:
    return os.path.realpath(os.path.join(cwd, folder))


def file_uri(path: Path) -> str:
    """The ``file://`` URI of a file's real path: one URI for one file, however it is named.

    ``samples/a.txt``, its absolute path and a symlink to it give the same URI, that of
    ``os.path.realpath`` (``Path.resolve().as_uri()``), so that a file is one article with one
    id. Made cheaper than realpath, which costs an lstat for each part of the path: the real
    path of each folder is found once per process (a folder symlink changed during a run keeps
    the target it had), then a file costs one lstat, to know whether it is a symlink itself.
    """
    name = os.fspath(path)
    folder, base = os.path.split(name)
    if base not in ("", ".", ".."):  # a file's name, not a folder's
        try:
            if not stat.S_ISLNK(os.lstat(name).st_mode):
                cwd = "" if os.path.isabs(folder) else os.getcwd()
                real = os.path.join(_real_folder(cwd, folder), base)
                return "file://" + quote_from_bytes(os.fsencode(real))
        except OSError:  # gone, or a folder on the way cannot be searched: realpath says
            pass
    return "file://" + quote_from_bytes(os.fsencode(os.path.realpath(name)))


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
        descriptor = _open_regular(path)  # a file object would cost a few µs a file
        try:
            size = os.fstat(descriptor).st_size
            if size <= max_bytes:  # /proc files say 0 here: checked once read
                data = os.read(descriptor, size or max_bytes + 1)
                while 0 < len(data) < size:  # a short read (a signal, a network file system)
                    more = os.read(descriptor, size - len(data))
                    if not more:
                        break
                    data += more
                size = len(data)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise UnreadableFile("unreadable", error.strerror or str(error)) from error
    if size > max_bytes:
        raise UnreadableFile("too_large", f"larger than {max_bytes} bytes ({size})")
    if not data or data.isspace():
        raise UnreadableFile("empty", "the file is empty")
    return data


def open_regular(path: Path) -> BinaryIO:
    """A regular file, opened to read bytes (see ``_open_regular``)."""
    return os.fdopen(_open_regular(path), "rb")


def _open_regular(path: Path) -> int:
    """The descriptor of a regular file, opened to read. Raises UnreadableFile for anything
    else, and OSError when it cannot be opened.

    Only a regular file is opened: a FIFO would block the run in ``open`` until something
    writes to it, and opening a device can act on it. The kind is checked before opening,
    then again on what was opened (without blocking), in case the path changed in between.
    """
    _refuse_unless_regular(os.stat(path).st_mode)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        _refuse_unless_regular(os.fstat(descriptor).st_mode)
    except UnreadableFile:
        os.close(descriptor)
        raise
    return descriptor


# What a path that is not a regular file is, for the reason a reader sees.
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _refuse_unless_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((kind for test, kind in _KINDS if test(mode)), "of an unknown kind")
        raise UnreadableFile("not_regular", f"not a regular file ({kind})")


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
    anything else is read as a page that declares nothing is (newsbot.charsets): UTF-8 where
    its bytes are UTF-8, each other byte as Windows-1252 (the superset of Latin-1 that
    editors on Windows write). A file in Windows-1252 comes out right, and so does a UTF-8
    file with a few Windows-1252 bytes in it, which a decoding of the whole file as
    Windows-1252 would turn into mojibake.
    """
    if data.startswith(_BOM_PREFIXES):
        encoding = next(encoding for bom, encoding in _BOMS if data.startswith(bom))
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            raise UnreadableFile("binary", f"not valid {encoding}: {error.reason}") from error
    if looks_binary(data):
        raise UnreadableFile("binary", "binary data, not text")
    return data.decode(charsets.UTF8, charsets.ERRORS)
