"""Writing web archives (WARC files) for the tests, with warcio, from pages of our own."""

from __future__ import annotations

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


def write_warc(path: Path, records: list[Record]) -> list[int]:
    """Write ``records`` to ``path`` (gzipped per record when it ends in .gz); the offset
    where each record starts."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
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
        writer.write_record(
            writer.create_warc_record(
                record.url,
                record.kind,
                payload=io.BytesIO(record.body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": record.date},
            )
        )
    path.write_bytes(out.getvalue())
    return offsets
