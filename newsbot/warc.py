"""Web archives as input: the pages a crawl captured in a WARC file (``.warc``, ``.warc.gz``).

Pure file reading, with warcio (the Webrecorder project's reader, which knows the format's
variants: per-record gzip members, chunked and compressed HTTP bodies, block digests).
``read_warc`` yields every HTML page a response record holds, and says what it passes over
and why: other records (requests, metadata, revisits), responses that are not an HTML page
of status 200, and records that are corrupt or cut short (ARC records, the older format,
are not read). A corrupt record costs only itself: reading goes on at the next record that
can be found after it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from newsbot.dates import normalise_date
from newsbot.fixtures import open_regular

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Where a record may start, to look for after a corrupt one: a gzip member of a .warc.gz,
# a record's first line in a .warc.
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"WARC/1."
_SCAN_BYTES = 1 << 20
# What warcio and the decompressors raise on bytes that are not what they should be
# (warcio 1.8 raises AttributeError on a gzipped record cut inside its headers). A record
# they cannot read is corrupt when a record follows it, cut short when the file ends in it.
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
    """A record passed over: where it starts in the file, and why (``code`` for stats)."""

    offset: int
    code: str
    reason: str


def read_warc(
    path: Path, max_bytes: int, start: int = 0, end: int | None = None
) -> Iterator[Capture | Skipped]:
    """The HTML pages of a WARC file's response records, in file order, and a Skipped for
    each other record. A page larger than ``max_bytes`` is skipped (``too_large``). Raises
    UnreadableFile (newsbot.fixtures) or OSError when the file cannot be opened.

    ``start`` and ``end`` read a part of the file (``parts`` makes them): the records that
    start at or after ``start`` and before ``end``. A ``start`` that is no record's start
    (a part's boundary found inside a record) is passed over in silence: those bytes are
    the record before, which the part before reads whole.
    """
    compressed = path.name.lower().endswith(".gz")
    with open_regular(path) as file:
        size = file.seek(0, 2)
        end = size if end is None else min(end, size)
        position: int | None = start  # where the next record starts
        while position is not None and position < end:
            resumed = position
            file.seek(position)
            records = ArchiveIterator(file, check_digests=True)
            try:
                for record in records:
                    found = _page(record, max_bytes)  # before the offset, which reads to the end
                    offset = records.get_record_offset()
                    if offset >= end:
                        return  # the next part's
                    position = offset + records.get_record_length()
                    if record.raw_stream.limit:  # bytes its length promised, not in the file
                        code = "truncated" if position >= size else "corrupt"
                        found = Skipped(offset, code, "the record is cut short")
                    elif isinstance(found, Skipped):
                        found = Skipped(offset, found.code, found.reason)
                    elif record.digest_checker.passed is False:
                        found = Skipped(offset, "corrupt", "its digest does not match its bytes")
                    yield found
            except _CORRUPT as error:
                bad, position = position, _next_start(file, position + 1, compressed)
                inside = bad == start and start > 0  # a part's boundary, inside a record
                if (bad != resumed or resumed == 0) and not inside:  # not the same bad bytes
                    if position is None:  # no record after it: the file ends inside it
                        reason = f"the file ends inside this record, which cannot be read ({error})"
                        yield Skipped(bad, "truncated", reason)
                    else:
                        yield Skipped(bad, "corrupt", f"not a readable record ({error})")
                continue
            if position >= end:
                return
            file.seek(position)
            if file.read(_SCAN_BYTES).strip():  # the iterator stopped inside a record
                yield Skipped(position, "truncated", "the file ends inside this record")
            return


def parts(path: Path, size: int) -> list[tuple[int, int]]:
    """The file cut into parts of about ``size`` bytes, for ``read_warc`` to read one by one
    (distributed mode: each worker reads whole parts). Each cut is where a record may start
    (a gzip member's first bytes, a ``WARC/1.`` line), found without reading the records:
    a cut that turns out to be inside a record costs nothing, as read_warc knows."""
    compressed = path.name.lower().endswith(".gz")
    with open_regular(path) as file:
        total = file.seek(0, 2)
        cuts = [0]
        while cuts[-1] + size < total:
            found = _next_start(file, cuts[-1] + size, compressed)
            if found is None:
                break
            cuts.append(found)
    return list(zip(cuts, [*cuts[1:], total], strict=True))


def _page(record: ArcWarcRecord, max_bytes: int) -> Capture | Skipped:
    """The page a record holds, or why it holds none (its offset is set by the caller)."""
    if record.format != "warc":  # warcio reads ARC records too, and bytes that look like one
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
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Skipped(0, "too_large", f"a page larger than {max_bytes} bytes")
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    return Capture(
        url=url.strip("<> "),
        captured=normalise_date(record.rec_headers.get_header("WARC-Date")),
        headers=dict(http.headers),
        body=body,
    )


def _next_start(file: BinaryIO, start: int, compressed: bool) -> int | None:
    """Where the next record may start at or after ``start``, or None if nowhere."""
    marker = _GZIP_MEMBER if compressed else _WARC_LINE
    file.seek(start)
    offset = start
    carry = b""
    while chunk := file.read(_SCAN_BYTES):
        found = (carry + chunk).find(marker)
        if found >= 0:
            return offset - len(carry) + found
        carry = chunk[-(len(marker) - 1) :]
        offset += len(chunk)
    return None
