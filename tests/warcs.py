"""Writing web archives (WARC files) for the tests, with warcio, from pages of our own."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass
class Record:
    """One record to write: a response (an HTTP answer and its body) unless ``kind`` says."""

    url: str
    body: bytes = b""
    kind: str = "response"
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    date: str = "2024-11-22T10:00:00Z"
    headers: list[tuple[str, str]] = field(default_factory=list)
    warc_headers: dict[str, str] = field(default_factory=dict)


def write_warc(path: Path, records: list[Record]) -> list[int]:
    """Write ``records`` to ``path`` (gzipped per record when it ends in .gz), each with its
    WARC headers in Common Crawl's order (``common_crawl_order``); the offset where each
    record starts."""
    out = io.BytesIO()
    offsets = []
    for record in records:
        offsets.append(out.tell())
        http = None
        if record.kind == "response":
            http = StatusAndHeaders(
                record.status,
                [("Content-Type", record.content_type), *record.headers],
                protocol="HTTP/1.1",
            )
        one = io.BytesIO()
        writer = WARCWriter(one, gzip=False)
        writer.write_record(
            writer.create_warc_record(
                record.url,
                record.kind,
                payload=io.BytesIO(record.body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": record.date, **record.warc_headers},
            )
        )
        data = common_crawl_order(one.getvalue())
        out.write(gzip.compress(data) if path.name.endswith(".gz") else data)
    path.write_bytes(out.getvalue())
    return offsets


def common_crawl_order(record: bytes) -> bytes:
    """A record with its Content-Length right after its WARC-Record-ID, as Common Crawl
    writes it (warcio writes it last; the standard fixes no order): readers must find it in
    any line of the headers."""
    end = record.index(b"\r\n\r\n")
    first, *lines = record[:end].split(b"\r\n")
    length = next(line for line in lines if line.lower().startswith(b"content-length:"))
    lines.remove(length)
    at = next(i for i, line in enumerate(lines) if line.lower().startswith(b"warc-record-id:"))
    lines.insert(at + 1, length)
    return b"\r\n".join([first, *lines]) + record[end:]
