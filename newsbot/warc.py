"""Web archives as input: the pages a crawl captured in a WARC file (``.warc``, ``.warc.gz``).

``read_warc`` yields every HTML page a response record holds, and says what it passes over
and why: other records (requests, metadata, revisits), responses that are not an HTML page
of status 200, and records that are corrupt or cut short (ARC records, the older format,
are not read). Pure file reading.

How records are found. A WARC file is a run of records, each a header block whose
``Content-Length`` says how long the block after it is, then two CRLFs. A ``.warc.gz``
holds the same bytes gzipped: one gzip member per record (as Common Crawl writes it), the
whole file as one member (as ``gzip file.warc`` makes it), or anything between. So the
file is first made its *content*: gzip members decompressed one after another, bytes that
are no member taken as they are, and a member that cannot be read passed over to the next
one. Records are then found in the content by their lengths, each verified: it starts with
a ``WARC/1.`` line, its headers end within 64 KB and give a ``Content-Length``, and its
block is followed by the end of the content or, after the CRLFs, by the next ``WARC/1.``
line. A record that fails the checks (a wrong length, longer or shorter than its block) is
corrupt, or cut short where the file ends in it, and costs only itself: the next record is
the first ``WARC/1.`` line after its headers that passes the same checks. The bytes of a
record whose length holds are never searched, so a page holding text shaped like records is
read as the page it is.

warcio (the Webrecorder project's reader) then reads each record found: its HTTP headers,
chunked and compressed bodies, digests.

``parts`` cuts a file for distributed mode only where a record starts a gzip member (any
record of an uncompressed file), found by reading the records from the file's start: never
at bytes that only look like a record. A file gzipped as one member is one part.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from newsbot.dates import format_datetime, has_time, normalise_date
from newsbot.fixtures import open_regular

HTML_TYPES = ("text/html", "application/xhtml+xml")
_RECORD_START = b"WARC/1."
_GZIP_MEMBER = b"\x1f\x8b\x08"
_HEADERS_END = b"\r\n\r\n"
_HEADERS_MAX = 64 * 1024
_SPACE = b"\r\n \t"
_LOOKAHEAD = 256  # bytes read after a block: the CRLFs, and the next record's first line
_CHUNK = 1 << 20
_WALK_BYTES = 1 << 20  # records larger than this are passed over, not held, by ``parts``
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d{1,18})[ \t]*\r?$", re.I | re.M)
_TRUNCATED = re.compile(rb"^warc-truncated:[ \t]*([^\r\n]*?)[ \t]*\r?$", re.I | re.M)
_FIRST_LINE = re.compile(rb"WARC/1\.\d{1,3}\Z")
_FIELD = re.compile(rb"[!-9;-~]+:|[ \t]")  # a header line: a field's name, or a continuation
# What warcio and the decompressors raise on a record's bytes that are not what they should
# be: the record is corrupt.
_CORRUPT = (ArchiveLoadFailed, ValueError, EOFError, zlib.error, AttributeError, TypeError)


@dataclass(frozen=True, slots=True)
class Capture:
    """A page as a crawl captured it."""

    url: str
    """The record's ``WARC-Target-URI``."""
    captured: str | None
    """The record's ``WARC-Date``, as newsbot.dates gives it."""
    headers: dict[str, str]
    """The HTTP response's headers (``Content-Type`` says the page's encoding)."""
    body: bytes
    """The page, its HTTP transfer and content encodings undone."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record passed over: where it starts, and why (``code`` for stats)."""

    offset: int
    """The byte of the file it starts at; where it starts inside a gzip member (``inside``),
    the byte of the file where that member starts."""
    code: str
    reason: str
    inside: int | None = None
    """Where it starts inside a gzip member holding several records: the byte of the
    member's decompressed content."""

    @property
    def where(self) -> str:
        if self.inside is None:
            return f"byte {self.offset}"
        return f"byte {self.inside} of the gzip member at byte {self.offset}"


def read_warc(
    path: Path, max_bytes: int, start: int = 0, end: int | None = None
) -> Iterator[Capture | Skipped]:
    """The HTML pages of a WARC file's response records, in file order, and a Skipped for
    each other record. A page larger than ``max_bytes`` is skipped (``too_large``). Raises
    UnreadableFile (newsbot.fixtures) or OSError when the file cannot be opened.

    ``start`` and ``end`` read a part of the file, as ``parts`` cuts it: the records that
    start at or after ``start`` (where a record starts) and before ``end``.
    """
    with open_regular(path) as file:
        end = file.seek(0, 2) if end is None else end
        content = _Content(file, start, _is_gzip(path, file))
        for offset, found in _records(content, max_bytes + 256 * 1024):
            # A member that could not be read is told at its own byte: it is in this part
            # though the content it gave (none, maybe) is where the next member's starts.
            at = found.offset if isinstance(found, Skipped) else content.file_position(offset)
            if at >= end:
                return  # the next part's
            if isinstance(found, _Record):
                found = _read(found, max_bytes)
                if isinstance(found, Skipped):
                    found = _skipped(content, offset, found.code, found.reason)
            yield found


def parts(path: Path, size: int) -> list[tuple[int, int]]:
    """The file cut into parts of about ``size`` bytes, for ``read_warc`` to read one by one
    (distributed mode: each worker reads whole parts). Each cut is at a record that the
    records before it lead to, where it starts a gzip member (anywhere in an uncompressed
    file): a part read alone reads what the whole file read at once would."""
    with open_regular(path) as file:
        total = file.seek(0, 2)
        content = _Content(file, 0, _is_gzip(path, file))
        cuts = [0]
        for offset, found in _records(content, _WALK_BYTES):
            if isinstance(found, _Record) and content.starts_stretch(offset):
                position = content.file_position(offset)
                if position >= cuts[-1] + size:
                    cuts.append(position)
    return list(zip(cuts, [*cuts[1:], total], strict=True))


def _is_gzip(path: Path, file: BinaryIO) -> bool:
    """Whether the file may hold gzip members: it is named so, or starts with one (a
    ``.warc`` gzipped). A member is taken for one where it starts the file or follows
    another; elsewhere only if it holds records (``_Content._holds_records``), since a plain
    file named ``.warc.gz`` holds pages gzip-encoded as they were sent."""
    file.seek(0)
    return path.name.lower().endswith(".gz") or file.read(len(_GZIP_MEMBER)) == _GZIP_MEMBER


@dataclass(frozen=True, slots=True)
class _Record:
    """A record found in the content: its headers and block, or only its headers and the
    first bytes of its block when it is larger than the reader holds (``length``)."""

    start: int
    stop: int  # where its block ends
    data: bytes
    length: int | None = None  # the block's length, where ``data`` holds only its start


@dataclass(frozen=True, slots=True)
class _Failure:
    """Why no record starts where one should."""

    reason: str
    resume: int  # where to look for the next record from
    ran_out: bool = False  # whether the content ends inside it


class _Content:
    """A WARC file's content from a byte of the file on (see the module), read at any
    offset: forward cheaply; bytes before those released are read again from the start of
    the stretch (gzip member) that holds them."""

    def __init__(self, file: BinaryIO, start: int, gzipped: bool) -> None:
        self._file = file
        self._gzipped = gzipped
        # Where each stretch of the content starts, in order: (content offset, file offset,
        # whether it is a gzip member). An uncompressed file is one stretch.
        self.stretches: list[tuple[int, int, bool]] = []
        # Gzip members that could not be read: (content offset where their bytes start,
        # where they stop, their file offset, what was wrong). A record they touch is corrupt.
        self.unreadable: list[tuple[int, int, int, str]] = []
        self.cut: int | None = None  # the file offset of a member the file ends inside
        self._restart(start, 0)
        if not gzipped:
            self.stretches.append((0, start, False))

    def _restart(self, file_offset: int, offset: int) -> None:
        """Read on from ``file_offset``, the start of content byte ``offset``."""
        self._file.seek(file_offset)
        self._input = b""  # compressed bytes read and not yet inflated
        self._input_at = file_offset  # the file offset of self._input[0]
        self._inflater: zlib._Decompress | None = None
        self._member_at = file_offset
        self._raw = False  # whether bytes that are no gzip member are passing
        self._verify = False  # whether a member starting here must be shown to be one
        self._buffer = bytearray()
        self._at = offset  # the content offset of self._buffer[0]
        self._released = offset
        self._ended = False

    @property
    def end(self) -> int:
        """The offset after the last content byte read so far."""
        return self._at + len(self._buffer)

    def read(self, offset: int, count: int) -> bytes:
        """The content's bytes from ``offset`` on: ``count`` of them, fewer at its end."""
        if offset < self._at:
            self._rewind(offset)
        while self.end < offset + count and self._fill():
            pass
        start = offset - self._at
        return bytes(self._buffer[start : start + count])

    def find(self, marker: bytes, offset: int) -> int:
        """Where ``marker`` next starts at or after ``offset``, or -1; the bytes passed over
        are released."""
        while True:
            self.release(offset)
            window = self.read(offset, _CHUNK + len(marker))
            found = window.find(marker)
            if found >= 0:
                return offset + found
            if len(window) < _CHUNK + len(marker):
                return -1
            offset += _CHUNK

    def release(self, offset: int) -> None:
        """The bytes before ``offset`` will not be needed again (soon)."""
        self._released = max(self._released, offset)
        self._trim()

    def _trim(self) -> None:
        drop = min(self._released, self.end) - self._at
        if drop > 0:
            del self._buffer[:drop]
            self._at += drop

    def stretch_of(self, offset: int) -> tuple[int, int, bool]:
        for stretch in reversed(self.stretches):
            if stretch[0] <= offset:
                return stretch
        return self.stretches[0]

    def file_position(self, offset: int) -> int:
        """The file offset where the stretch holding content byte ``offset`` starts; the
        byte's own where the stretch is not compressed."""
        if not self.stretches:
            return self._member_at
        at, file_offset, member = self.stretch_of(offset)
        return file_offset if member else file_offset + offset - at

    def starts_stretch(self, offset: int) -> bool:
        """Whether the file can be read from content byte ``offset`` on: it is the first of a
        gzip member, or not compressed."""
        if not self.stretches:
            return offset == 0
        at, _, member = self.stretch_of(offset)
        return at == offset or not member

    def _begin_stretch(self, file_offset: int, member: bool) -> None:
        stretch = (self.end, file_offset, member)
        if self.stretches and self.stretches[-1][0] > self.end:
            return  # known: read again after a rewind
        if self.stretches and self.stretches[-1][0] == self.end:
            self.stretches[-1] = stretch  # the one before gave no bytes
        else:
            self.stretches.append(stretch)

    def _rewind(self, offset: int) -> None:
        at, file_offset, member = self.stretch_of(offset)
        if member:
            self._restart(file_offset, at)
            self._released = offset
        else:
            self._restart(file_offset + offset - at, offset)
            self._raw = True

    def _fill(self) -> bool:
        """Read on; False at the end of the file."""
        if self._ended:
            return False
        self._buffer += self._more()
        self._trim()
        return True

    def _more(self) -> bytes:
        if not self._gzipped:
            chunk = self._file.read(_CHUNK)
            self._ended = not chunk
            return chunk
        if not self._input:
            self._input_at = self._file.tell()
            self._input = self._file.read(_CHUNK)
        if self._inflater is not None:
            return self._inflate()
        if not self._input:
            self._ended = True
            return b""
        return self._begin()

    def _begin(self) -> bytes:
        """At a gzip member's first byte, or at bytes that are none: those pass as they are,
        up to the next member."""
        if len(self._input) < len(_GZIP_MEMBER) and (more := self._file.read(_CHUNK)):
            self._input += more
            return b""
        if len(self._input) < len(_GZIP_MEMBER) and _GZIP_MEMBER.startswith(self._input):
            self.cut = self._input_at  # the file ends in a member's first bytes
            self._input, self._ended = b"", True
            return b""
        at_member = self._input.startswith(_GZIP_MEMBER)
        if at_member and (not self._verify or self._holds_records(self._input_at)):
            self._member_at = self._input_at
            self._begin_stretch(self._input_at, True)
            self._inflater = zlib.decompressobj(wbits=31)
            self._raw = self._verify = False
            return b""
        if not self._raw:
            self._begin_stretch(self._input_at, False)
            self._raw = self._verify = True
        found = self._input.find(_GZIP_MEMBER, 1 if at_member else 0)
        if found < 0:  # keep what may be the start of a member's first bytes
            found = max(1, len(self._input) - len(_GZIP_MEMBER) + 1)
        passed, self._input = self._input[:found], self._input[found:]
        self._input_at += found
        return passed

    def _inflate(self) -> bytes:
        assert self._inflater is not None
        if not self._input:  # the file ends inside the member: cut short, or corrupt if
            out = self._inflater.flush()  # a member follows, which it took for its own
            self._buffer += out
            self._inflater = None
            if self._seek_member(self._member_at + 1):
                self._unreadable("it does not end before the next gzip member")
            else:
                self.cut = self._member_at if self.cut is None else self.cut
                self._ended = True
            return b""
        try:
            out = self._inflater.decompress(self._input, _CHUNK)
        except zlib.error as error:
            self._inflater = None
            self._unreadable(str(error))
            self._seek_member(self._member_at + 1)
            return b""
        rest = self._inflater.unused_data if self._inflater.eof else self._inflater.unconsumed_tail
        self._input_at += len(self._input) - len(rest)
        self._input = rest
        if self._inflater.eof:
            self._inflater = None
        return out

    def _unreadable(self, error: str) -> None:
        """The member being read cannot be read: what it gave stays, told as unreadable
        (bytes inside it that look like a member's first are members that cannot be read
        either, and are told as one with it)."""
        begun = self.stretch_of(self.end)[0]
        last = self.unreadable[-1] if self.unreadable else None
        if last is not None and last[2] >= self._member_at:
            return  # told: read again after a rewind
        if last is not None and last[1] == begun == self.end:
            self.unreadable[-1] = (last[0], self.end, last[2], last[3])
        else:
            self.unreadable.append((begun, self.end, self._member_at, error))

    def _seek_member(self, file_offset: int) -> bool:
        """Read on at the first gzip member at or after ``file_offset`` that holds records
        (``_holds_records``); False if none."""
        self._file.seek(file_offset)
        while len(chunk := self._file.read(_CHUNK)) >= len(_GZIP_MEMBER):
            read_to = self._file.tell()
            found = chunk.find(_GZIP_MEMBER)
            while found >= 0:
                at = read_to - len(chunk) + found
                if self._holds_records(at):
                    self._file.seek(read_to)
                    self._input_at, self._input = at, chunk[found:]
                    self._verify = False
                    return True
                found = chunk.find(_GZIP_MEMBER, found + 1)
            self._file.seek(read_to + 1 - len(_GZIP_MEMBER))  # a first byte of one at the end
        self._input, self._input_at = b"", self._file.tell()
        return False

    def _holds_records(self, file_offset: int) -> bool:
        """Whether the gzip member at ``file_offset`` starts with a record (blanks, then
        ``WARC/1.``): asked where a member does not follow a member (after bytes that are
        none, after one that could not be read), since gzip bytes inside a record (a page
        sent gzip-encoded, a download, stored as they are) are no member of the file."""
        back = self._file.tell()
        self._file.seek(file_offset)
        data = self._file.read(64 * 1024)
        self._file.seek(back)
        inflater = zlib.decompressobj(wbits=31)
        try:
            out = inflater.decompress(data, 1024)
        except zlib.error:
            return False
        rest = out.lstrip(_SPACE)
        if len(rest) >= len(_RECORD_START) or inflater.eof:
            return rest.startswith(_RECORD_START) or (inflater.eof and not rest)
        return bool(rest) and _RECORD_START.startswith(rest)


def _records(content: _Content, holds: int) -> Iterator[tuple[int, _Record | Skipped]]:
    """The records of the content, each with its content offset, and a Skipped for each
    stretch of it that holds none. Records up to ``holds`` bytes are given whole, larger
    ones by their first bytes."""
    offset = told = 0  # told: how many of content.unreadable a Skipped has told
    cut_told = False
    while True:
        offset = _skip_space(content, offset)
        found = _record_at(content, offset, holds)
        while told < len(content.unreadable) and content.unreadable[told][1] <= offset:
            begun, _, file_offset, error = content.unreadable[told]  # inside no record
            yield begun, Skipped(file_offset, "corrupt", f"not a readable record ({error})")
            told += 1
        if isinstance(found, _Record):
            yield offset, found
            offset = found.stop
            content.release(offset)
            continue
        if found is None:  # the end of the content
            break
        following = _next_record(content, found.resume, holds)
        ran_out = following is None and (found.ran_out or content.cut is not None)
        reason = "the file ends inside this record" if ran_out else found.reason
        yield offset, _skipped(content, offset, "truncated" if ran_out else "corrupt", reason)
        cut_told = cut_told or ran_out
        while told < len(content.unreadable) and (
            following is None or content.unreadable[told][0] < following
        ):
            told += 1  # inside the record just told
        if following is None:
            break
        offset = following
    for begun, _, file_offset, error in content.unreadable[told:]:
        yield begun, Skipped(file_offset, "corrupt", f"not a readable record ({error})")
    if content.cut is not None and not cut_told:
        reason = "the file ends inside this gzip member"
        yield content.end, Skipped(content.cut, "truncated", reason)


def _skipped(content: _Content, offset: int, code: str, reason: str) -> Skipped:
    if content.starts_stretch(offset):
        return Skipped(content.file_position(offset), code, reason)
    at, file_offset, _ = content.stretch_of(offset)
    return Skipped(file_offset, code, reason, inside=offset - at)


def _skip_space(content: _Content, offset: int) -> int:
    """The offset of the first byte at or after ``offset`` that is no blank (CR, LF,
    space, tab: what may come between records)."""
    while True:
        chunk = content.read(offset, 256)
        rest = chunk.lstrip(_SPACE)
        offset += len(chunk) - len(rest)
        if rest or not chunk:
            return offset


def _record_at(content: _Content, offset: int, holds: int) -> _Record | _Failure | None:
    """The record at content byte ``offset``, verified (see the module); a _Failure when
    there is none, None at the end of the content."""
    head = content.read(offset, 8192)  # most records' headers, read first
    if head.find(_HEADERS_END) < 0 and len(head) == 8192:
        head = content.read(offset, _HEADERS_MAX)
    if not head:
        return None
    if not head.startswith(_RECORD_START):
        cut = len(head) < len(_RECORD_START) and _RECORD_START.startswith(head)
        return _Failure("not a WARC record", _damaged_end(content, offset, head, holds), cut)
    headers_end = head.find(_HEADERS_END)
    if headers_end < 0:
        return _Failure("its headers do not end", offset + 1, content.end < offset + _HEADERS_MAX)
    if not _FIRST_LINE.match(head[: head.find(b"\r\n")]):
        return _Failure("not a WARC record", _damaged_end(content, offset, head, holds))
    block = offset + headers_end + len(_HEADERS_END)
    length = _CONTENT_LENGTH.search(head, 0, headers_end)
    if length is None:
        return _Failure("no Content-Length", block)
    stop = block + int(length[1])
    if stop - offset <= holds:
        data = content.read(offset, stop - offset + _LOOKAHEAD)
        record = _Record(offset, stop, data[: stop - offset])
        after = data[stop - offset :]
    else:  # too large to hold: its first bytes, and what follows it
        record = _Record(offset, stop, content.read(offset, _HEADERS_MAX), length=stop - block)
        content.release(stop)
        after = content.read(stop, _LOOKAHEAD)
    ran_out = content.end < stop
    ends = not ran_out and _ends_here(after)
    for begun, stopped, _, error in content.unreadable:
        # A member that could not be read, inside the record or between its bytes.
        if offset < stopped and max(begun, offset + 1) < stop:
            return _Failure(f"not a readable record ({error})", stop if ends else block)
    if not ends:
        wrong = f"its Content-Length ({int(length[1])}) is not its length"
        resume = _http_end(content, block, holds)
        if ran_out:
            return _Failure(f"{wrong}: it runs past the end of the file", resume, ran_out=True)
        return _Failure(wrong, resume)
    return record


def _http_end(content: _Content, block: int, holds: int) -> int:
    """Where to look for the next record after one whose length is wrong: where the HTTP
    response its block holds ends, by that response's own Content-Length, when a record
    may end there (two CRLFs, or the end of the content: then the file is cut short inside
    the record); else its block's first byte. So the page it holds is not searched for
    records when the response says how long it is."""
    head = content.read(block, 16384)
    if not head.startswith(b"HTTP/"):
        return block
    return _end_by_length(content, block, head, holds) or block


def _damaged_end(content: _Content, offset: int, head: bytes, holds: int) -> int:
    """Where to look for the next record after bytes at ``offset`` that start no record: after
    the record they are, when only its first line is damaged (the rest of its headers are
    header lines, with a Content-Length that ends where a record ends), so that its bytes
    are not searched; else from the next byte."""
    headers_end = head.find(_HEADERS_END)
    if headers_end < 0 or head.find(_RECORD_START, 1, headers_end) >= 0:
        return offset + 1
    lines = head[:headers_end].split(b"\r\n")[1:]
    if not lines or not all(_FIELD.match(line) for line in lines):
        return offset + 1
    return _end_by_length(content, offset, head, holds) or offset + 1


def _end_by_length(content: _Content, start: int, head: bytes, holds: int) -> int | None:
    """Where the block after the headers ``head`` (at ``start``) ends by their
    Content-Length, when a record may end there (``_ends_here``) and it is no larger than
    ``holds``; None else."""
    headers_end = head.find(_HEADERS_END)
    length = _CONTENT_LENGTH.search(head, 0, headers_end) if headers_end >= 0 else None
    if length is None:
        return None
    end = start + headers_end + len(_HEADERS_END) + int(length[1])
    if end - start > holds or not _ends_here(content.read(end, _LOOKAHEAD)):
        return None
    return end


def _ends_here(after: bytes) -> bool:
    """Whether a record ends where its Content-Length says, from the bytes after its block:
    what ends a record (``_ends_record``), or at least its two CRLFs, exactly there (the
    next record may be damaged: that costs the next record, not this one)."""
    return _ends_record(after) or after.startswith(_HEADERS_END)


def _ends_record(after: bytes) -> bool:
    """Whether the bytes after a block are what ends a record: its two line ends (CRLFs, or
    LFs as some writers have them), then blanks and the next record's first line (or its
    first bytes, where the content ends), or the end of the content."""
    if len(after) < len(_HEADERS_END) and _HEADERS_END.startswith(after):
        return True  # the end of the content, the record's line ends missing or cut short
    if not after.startswith((_HEADERS_END, b"\n\n")):
        return False
    rest = after.lstrip(_SPACE)
    if len(after) < _LOOKAHEAD:  # near the end: the next record may be cut short
        return rest.startswith(_RECORD_START) or _RECORD_START.startswith(rest)
    return rest.startswith(_RECORD_START)


def _next_record(content: _Content, offset: int, holds: int) -> int | None:
    """Where the next record (verified) starts at or after ``offset``, or None."""
    while (found := content.find(_RECORD_START, offset)) >= 0:
        if isinstance(_record_at(content, found, holds), _Record):
            return found
        offset = found + 1
    return None


def _read(record: _Record, max_bytes: int) -> Capture | Skipped:
    """The page a record holds, or why it holds none (its offset is the caller's to set)."""
    data = record.data
    headers_end = data.index(_HEADERS_END)
    truncated = _TRUNCATED.search(data, 0, headers_end)
    if truncated is not None:  # the crawler kept only the start of what it was sent
        why = truncated[1].decode("ascii", "replace") or "unspecified"
        return Skipped(0, "truncated", f"the crawler cut the capture short ({why})")
    if record.length is not None:  # only its first bytes are held: it is no page to read
        length = _CONTENT_LENGTH.search(data, 0, headers_end)
        assert length is not None  # _record_at found it
        held = b"%d" % (len(data) - headers_end - len(_HEADERS_END))
        data = data[: length.start(1)] + held + data[length.end(1) :]
    try:
        warc = next(iter(ArchiveIterator(io.BytesIO(data + _HEADERS_END), check_digests=True)))
        found = _kind(warc)
        if found is not None:
            return found
        if record.length is not None:
            return Skipped(0, "too_large", f"a page larger than {max_bytes} bytes")
        body = warc.content_stream().read(max_bytes + 1)
        if len(body) > max_bytes:
            return Skipped(0, "too_large", f"a page larger than {max_bytes} bytes")
        if warc.digest_checker.passed is False:
            return Skipped(0, "corrupt", "its digest does not match its bytes")
    except (*_CORRUPT, StopIteration) as error:
        return Skipped(0, "corrupt", f"not a readable record ({error or 'no record'})")
    http = warc.http_headers
    url = warc.rec_headers.get_header("WARC-Target-URI") or ""
    return Capture(
        url=url.strip("<> "),
        captured=_in_utc(normalise_date(warc.rec_headers.get_header("WARC-Date"))),
        headers=dict(http.headers),
        body=body,
    )


def _in_utc(value: str | None) -> str | None:
    """A capture's time in UTC, as the standard writes it (some writers give an offset); a
    day alone as it is."""
    if not has_time(value):
        return value
    assert value is not None
    return format_datetime(datetime.fromisoformat(value).astimezone(UTC))


def _kind(record: ArcWarcRecord) -> Skipped | None:
    """Why a record is no HTML page of status 200, or None when it is one."""
    if record.format != "warc":
        return Skipped(0, "corrupt", "not a WARC record")
    if record.rec_type != "response":
        return Skipped(0, "not_response", f"a {record.rec_type} record")
    http = record.http_headers
    if http is None:
        return Skipped(0, "not_response", "a response without HTTP headers")
    status = http.get_statuscode()
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if status != "200" or content_type not in HTML_TYPES:
        return Skipped(0, "not_page", f"a {status} response of {content_type or 'no type'}")
    return None
