"""Web archives as input (newsbot.warc, and `-a fixtures=FILE.warc.gz`): every HTML page of
an article URL becomes a record, as a fetched page would; everything else is counted and
passed over, and a corrupt or cut-short record costs only itself."""

from __future__ import annotations

import gzip
import itertools
import os
import re
from pathlib import Path

import pytest

from newsbot.warc import Capture, Skipped, parts, read_warc
from tests.faults import signal_at
from tests.helpers import crawl, read_feed
from tests.site_server import SITE
from tests.warcs import Record, write_warc

BASE = "https://www.independent.co.uk"
BRIDGE = "news/world/harbour-bridge-reopens-b1000001.html"
COUNCIL = "news/uk/politics/council-budget-vote-b1000002.html"
FERRY = "news/uk/politics/ferry-timetable-row-10500001.html"


def page(path: str) -> bytes:
    return (SITE / path).read_bytes()


def archive(tmp_path: Path, name: str = "crawl.warc.gz") -> tuple[Path, list[int]]:
    """A crawl's archive: three article pages, and what else a crawler keeps."""
    path = tmp_path / name
    offsets = write_warc(
        path,
        [
            Record(f"{BASE}/robots.txt", b"User-agent: *\r\n", content_type="text/plain"),
            Record(f"{BASE}/{BRIDGE}", page(BRIDGE), date="2024-05-01T10:00:00Z"),
            Record(f"{BASE}/{BRIDGE}", kind="request", body=b"GET / HTTP/1.1\r\n\r\n"),
            Record(f"{BASE}/{COUNCIL}", page(COUNCIL), date="2024-05-01T10:00:05Z"),
            Record(f"{BASE}/news/gone-b1000009.html", b"Not here", status="404 Not Found"),
            Record(f"{BASE}/news/uk", b"<html><p>Section front</p></html>"),  # no article
            Record("https://www.example.com/news/other-b1000007.html", page(COUNCIL)),
            Record(f"{BASE}/{FERRY}", page(FERRY), date="2024-05-01T10:00:09Z"),
        ],
    )
    return path, offsets


def summary(path: Path, max_bytes: int = 1 << 20) -> list[tuple[str, str]]:
    return [
        ("page", found.url.rsplit("/", 1)[-1])
        if isinstance(found, Capture)
        else ("skip", found.code)
        for found in read_warc(path, max_bytes)
    ]


THREE_PAGES = [
    ("skip", "not_page"),  # robots.txt: not HTML
    ("page", "harbour-bridge-reopens-b1000001.html"),
    ("skip", "not_response"),  # the request
    ("page", "council-budget-vote-b1000002.html"),
    ("skip", "not_page"),  # the 404
    ("page", "uk"),  # an HTML page: the spider tells whether it is an article
    ("page", "other-b1000007.html"),  # and whether it is the site's
    ("page", "ferry-timetable-row-10500001.html"),
]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_every_html_page_of_an_archive_is_read(tmp_path: Path, name: str) -> None:
    path, _ = archive(tmp_path, name)
    assert summary(path) == THREE_PAGES
    first = next(f for f in read_warc(path, 1 << 20) if isinstance(f, Capture))
    assert first.body == page(BRIDGE)
    assert first.captured == "2024-05-01T10:00:00+00:00"
    assert first.headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_corrupt_record_costs_only_itself(tmp_path: Path, name: str) -> None:
    path, offsets = archive(tmp_path, name)
    data = bytearray(path.read_bytes())
    middle = (offsets[3] + offsets[4]) // 2  # inside the council page's record
    data[middle : middle + 40] = b"X" * 40
    path.write_bytes(bytes(data))
    found = summary(path)
    assert found[3] == ("skip", "corrupt")
    assert found[:3] + found[4:] == THREE_PAGES[:3] + THREE_PAGES[4:]
    [skipped] = [
        f for f in read_warc(path, 1 << 20) if isinstance(f, Skipped) and f.code == "corrupt"
    ]
    assert skipped.offset == offsets[3]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
@pytest.mark.parametrize("kept", [5, 40, 150, 400, "half"])  # bytes of the last record kept
def test_an_archive_cut_short_keeps_the_records_before(
    tmp_path: Path, name: str, kept: int | str
) -> None:
    path, offsets = archive(tmp_path, name)
    data = path.read_bytes()
    last = offsets[7]  # the ferry page's record
    path.write_bytes(data[: last + (kept if isinstance(kept, int) else (len(data) - last) // 2)])
    assert summary(path) == [*THREE_PAGES[:7], ("skip", "truncated")]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
@pytest.mark.parametrize("missing", [1, 2, 3])
def test_an_archive_missing_only_its_last_line_ends_is_read_whole(
    tmp_path: Path, name: str, missing: int
) -> None:
    path, _ = archive(tmp_path, "crawl.warc")
    path.write_bytes(path.read_bytes()[:-missing])  # a copy cut in the final CRLFs
    if name.endswith(".gz"):
        path = path.rename(path.with_name(name))
        path.write_bytes(gzip.compress(path.read_bytes()))
    assert summary(path) == THREE_PAGES


def test_a_record_larger_than_the_reader_holds_costs_only_itself(tmp_path: Path) -> None:
    """A record far beyond the page limit (a download, a huge page) is passed over by its
    length, held only by its first bytes; the records after it are read."""
    path = tmp_path / "crawl.warc.gz"
    huge = os.urandom(600_000).hex().encode()  # 1.2 MB
    write_warc(
        path,
        [
            Record(f"{BASE}/{BRIDGE}", page(BRIDGE)),
            Record(f"{BASE}/report.pdf", huge, content_type="application/pdf"),
            Record(f"{BASE}/news/world/huge-b1000003.html", b"<html>" + huge),
            Record(f"{BASE}/{COUNCIL}", page(COUNCIL)),
        ],
    )
    assert summary(path, max_bytes=100_000) == [
        ("page", BRIDGE.rsplit("/", 1)[-1]),
        ("skip", "not_page"),
        ("skip", "too_large"),
        ("page", COUNCIL.rsplit("/", 1)[-1]),
    ]


def test_a_plain_archive_named_gz_with_pages_sent_gzip_encoded_is_read(tmp_path: Path) -> None:
    """wget keeps pages as they were sent: gzip-encoded bodies, in an archive that is not
    gzipped itself though named .warc.gz. Those bodies are no members of the file."""
    plain = tmp_path / "crawl.warc"
    records = [
        Record(f"{BASE}/{path}", gzip.compress(page(path)), headers=[("Content-Encoding", "gzip")])
        for path in (BRIDGE, COUNCIL, FERRY)
    ]
    write_warc(plain, records)
    path = plain.rename(tmp_path / "crawl.warc.gz")
    found = list(read_warc(path, 1 << 20))
    assert [f.url for f in found] == [r.url for r in records]
    assert [f.body for f in found if isinstance(f, Capture)] == [
        page(BRIDGE),
        page(COUNCIL),
        page(FERRY),
    ]


def test_a_capture_time_given_with_an_offset_is_given_in_utc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, [Record(f"{BASE}/{BRIDGE}", page(BRIDGE), date="2024-05-01T10:00:00-05:00")])
    [capture] = read_warc(path, 1 << 20)
    assert isinstance(capture, Capture) and capture.captured == "2024-05-01T15:00:00+00:00"


def test_a_capture_the_crawler_cut_short_is_not_read_as_the_page(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            Record(
                f"{BASE}/{BRIDGE}", page(BRIDGE)[:3000], warc_headers={"WARC-Truncated": "length"}
            ),
            Record(f"{BASE}/{COUNCIL}", page(COUNCIL)),
        ],
    )
    found = list(read_warc(path, 1 << 20))
    assert isinstance(found[0], Skipped) and found[0].code == "truncated"
    assert "cut the capture short (length)" in found[0].reason
    assert [f.url for f in found[1:]] == [f"{BASE}/{COUNCIL}"]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_bytes_before_the_first_record_are_passed_over(tmp_path: Path, name: str) -> None:
    path, _ = archive(tmp_path, name)
    path.write_bytes(b"not an archive\n" * 100 + path.read_bytes())
    assert summary(path) == [("skip", "corrupt"), *THREE_PAGES]


def test_a_page_too_large_is_skipped(tmp_path: Path) -> None:
    path, _ = archive(tmp_path)
    found = summary(path, max_bytes=len(page(COUNCIL)) + 10)
    assert found[1] == ("skip", "too_large")  # the bridge page is the largest
    assert found[3] == THREE_PAGES[3]


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "crawl.warc"
    os.mkfifo(fifo)
    with pytest.raises(Exception, match="not a regular file"):
        list(read_warc(fifo, 1 << 20))


def test_the_crawl_reads_an_archive(tmp_path: Path) -> None:
    path, offsets = archive(tmp_path)
    data = bytearray(path.read_bytes())
    data[offsets[3] + 30 : offsets[3] + 60] = b"X" * 30  # the council page's record: corrupt
    path.write_bytes(bytes(data))
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={path}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    records = read_feed(out)
    assert [r["id"] for r in records] == ["independent:b1000001", "independent:10500001"]
    assert [r["url"] for r in records] == [f"{BASE}/{BRIDGE}", f"{BASE}/{FERRY}"]
    assert [r["metadata"]["dateDownloaded"] for r in records] == [
        "2024-05-01T10:00:00+00:00",
        "2024-05-01T10:00:09+00:00",
    ]
    assert {r["metadata"]["source"] for r in records} == {"archive"}
    assert records[0]["headline"] == "Harbour bridge reopens after two-year repair"
    assert f"Skipped the record at byte {offsets[3]} of {path}: not a readable record" in (
        result.stderr
    )
    skipped = {"not_page": 2, "not_response": 1, "not_article": 1, "other_site": 1, "corrupt": 1}
    for stat, count in skipped.items():
        assert f"'newsbot/archive/skipped/{stat}': {count}" in result.stderr


def changed(path: str) -> bytes:
    """The page with its text changed, as a later capture may have it."""
    return page(path).replace(b"<p>The harbour bridge", b"<p>Updated: The harbour bridge")


@pytest.mark.parametrize("state", [True, False], ids=["with a state", "without"])
def test_captures_of_one_article_are_one_article_and_a_changed_one_a_revision(
    tmp_path: Path, state: bool
) -> None:
    path = tmp_path / "may.warc.gz"
    write_warc(
        path,
        [
            Record(f"{BASE}/{BRIDGE}", page(BRIDGE), date="2024-05-01T10:00:00Z"),
            Record(f"{BASE}/{BRIDGE}", page(BRIDGE), date="2024-05-02T10:00:00Z"),  # the same
            Record(f"{BASE}/{BRIDGE}", changed(BRIDGE), date="2024-05-03T10:00:00Z"),
            Record(f"{BASE}/{BRIDGE}", changed(BRIDGE), date="2024-05-04T10:00:00Z"),
        ],
    )
    out = tmp_path / "may.jsonl"
    result = crawl("-a", f"fixtures={path}", "-O", str(out), "-s", f"NEWSBOT_STATE_ENABLED={state}")
    assert result.returncode == 0, result.stderr
    records = read_feed(out)
    assert [(r["id"], r["metadata"]["revision"]) for r in records] == [
        ("independent:b1000001", 1),
        ("independent:b1000001", 2),
    ]
    assert [r["metadata"]["dateDownloaded"][:10] for r in records] == ["2024-05-01", "2024-05-03"]
    assert "'newsbot/skipped/duplicate': 2" in result.stderr


def test_an_archive_read_again_emits_none_of_its_captures(tmp_path: Path) -> None:
    # Two texts of one article, and the first again: the second reading emits nothing, as
    # it meets the first text after the state's last (the second).
    path = tmp_path / "may.warc.gz"
    write_warc(
        path,
        [
            Record(f"{BASE}/{BRIDGE}", page(BRIDGE), date="2024-05-01T10:00:00Z"),
            Record(f"{BASE}/{BRIDGE}", changed(BRIDGE), date="2024-05-03T10:00:00Z"),
            Record(f"{BASE}/{BRIDGE}", page(BRIDGE), date="2024-05-04T10:00:00Z"),
        ],
    )
    state = ("-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}")
    first, again = tmp_path / "first.jsonl", tmp_path / "again.jsonl"
    assert crawl("-a", f"fixtures={path}", *state, "-O", str(first)).returncode == 0
    assert [r["metadata"]["revision"] for r in read_feed(first)] == [1, 2]
    result = crawl("-a", f"fixtures={path}", *state, "-O", str(again))
    assert result.returncode == 0, result.stderr
    assert again.read_text(encoding="utf-8") == ""
    assert "'newsbot/skipped/unchanged': 3" in result.stderr


def test_a_later_run_emits_only_the_captures_that_changed_since(tmp_path: Path) -> None:
    state = ("-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}")
    may = tmp_path / "may.warc.gz"
    write_warc(may, [Record(f"{BASE}/{BRIDGE}", page(BRIDGE), date="2024-05-01T10:00:00Z")])
    out = tmp_path / "may.jsonl"
    assert crawl("-a", f"fixtures={may}", *state, "-O", str(out)).returncode == 0
    [record] = read_feed(out)
    assert (record["id"], record["metadata"]["revision"]) == ("independent:b1000001", 1)
    # The same archive again: nothing new.
    again = tmp_path / "again.jsonl"
    assert crawl("-a", f"fixtures={may}", *state, "-O", str(again)).returncode == 0
    assert again.read_text(encoding="utf-8") == ""
    # A later archive: its unchanged capture is skipped, the changed one is the next revision.
    june = tmp_path / "june.warc.gz"
    write_warc(
        june,
        [
            Record(f"{BASE}/{BRIDGE}", page(BRIDGE), date="2024-06-01T10:00:00Z"),
            Record(f"{BASE}/{BRIDGE}", changed(BRIDGE), date="2024-06-02T10:00:00Z"),
        ],
    )
    out = tmp_path / "june.jsonl"
    assert crawl("-a", f"fixtures={june}", *state, "-O", str(out)).returncode == 0
    [record] = read_feed(out)
    assert (record["id"], record["metadata"]["revision"]) == ("independent:b1000001", 2)
    assert record["articleBody"].startswith("Updated: ")


def test_an_archive_that_cannot_be_read_skips_that_file_only(tmp_path: Path) -> None:
    folder = tmp_path / "archives"
    folder.mkdir()
    write_warc(folder / "a.warc.gz", [Record(f"{BASE}/{BRIDGE}", page(BRIDGE))])
    os.mkfifo(folder / "b.warc")  # a FIFO would block a reader that opened it
    (folder / "c.warc.gz").write_bytes(b"\x1f\x8b\x08 not gzip at all")
    write_warc(folder / "d.warc", [Record(f"{BASE}/{COUNCIL}", page(COUNCIL))])
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={folder}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in read_feed(out)] == ["independent:b1000001", "independent:b1000002"]
    assert f"Skipped {folder / 'b.warc'}: not a regular file (a FIFO)" in result.stderr
    assert f"Skipped the record at byte 0 of {folder / 'c.warc.gz'}" in result.stderr


def test_since_and_until_choose_the_pages_of_local_copies(tmp_path: Path) -> None:
    # The pages' own publication dates: 2024-05-01 (bridge), 2015-09-16 (ferry, a day
    # alone). The council page, its dates taken out, has only its capture's: 2024-06-02.
    undated = (
        page(COUNCIL)
        .replace(b"2020-10-05T14:00:00.000Z", b"")
        .replace(b'<meta property="article:published_time" content="">', b"")
    )
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            Record(f"{BASE}/{BRIDGE}", page(BRIDGE), date="2024-06-01T10:00:00Z"),
            Record(f"{BASE}/{FERRY}", page(FERRY), date="2024-06-01T10:00:00Z"),
            Record(f"{BASE}/{COUNCIL}", undated, date="2024-06-02T10:00:00Z"),
        ],
    )
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={path}", "-a", "since=2024-01-01", "-O", str(out))
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in read_feed(out)] == ["independent:b1000001", "independent:b1000002"]
    assert "'newsbot/fixtures/out_of_range': 1" in result.stderr
    out = tmp_path / "until.jsonl"
    result = crawl("-a", f"fixtures={path}", "-a", "until=2016-01-01", "-O", str(out))
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in read_feed(out)] == ["independent:10500001"]


def test_a_run_whose_copies_are_all_out_of_range_succeeds(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [Record(f"{BASE}/{BRIDGE}", page(BRIDGE))])
    result = crawl("-a", f"fixtures={path}", "-a", "since=2025-01-01")
    assert result.returncode == 0, result.stderr  # nothing asked for, not "no article"
    assert "'newsbot/fixtures/out_of_range': 1" in result.stderr


def test_a_run_killed_while_reading_an_archive_loses_and_repeats_nothing(tmp_path: Path) -> None:
    path, _ = archive(tmp_path)
    output = tmp_path / "output"
    settings = ["-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}",
                "-s", f"NEWSBOT_FEED_DIR={output}"]  # fmt: skip
    # Killed on its second read of the archive: in the middle of it.
    killed = crawl(
        "-a", f"fixtures={path}", *settings, prefix=signal_at(["read"], paths=[path], when=2)
    )
    assert killed.returncode != 0
    again = crawl("-a", f"fixtures={path}", *settings)
    assert again.returncode == 0, again.stderr
    third = crawl("-a", f"fixtures={path}", *settings)
    assert third.returncode == 0, third.stderr
    ids = sorted(r["id"] for feed in output.glob("independent/2*.jsonl") for r in read_feed(feed))
    assert ids == ["independent:10500001", "independent:b1000001", "independent:b1000002"]


def stories(count: int, planted: bool = False) -> list[Record]:
    """``count`` article pages of their own (ids b2000000 on). ``planted``: each page's body
    also holds, as text after each paragraph, a whole WARC record of another article of the
    site (b3…), as a page about web archives, or one made to deceive, may."""
    records = []
    for n in range(count):
        body = page(BRIDGE).replace(b"b1000001", f"b{2000000 + n}".encode())
        if planted:
            inner = page(COUNCIL).replace(b"b1000002", f"b{3000000 + n}".encode())
            fake = (
                b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%d>\r\n"
                b"WARC-Target-URI: %s/news/uk/politics/planted-b%d.html\r\n"
                b"Content-Type: application/http; msgtype=response\r\n"
                b"Content-Length: %d\r\n\r\n"
            )
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + inner
            fake = fake % (n, BASE.encode(), 3000000 + n, len(http)) + http + b"\r\n\r\n"
            body = body.replace(
                b"</p>", b"</p><pre>\r\n\r\n" + fake + b"</pre>"
            )  # after each paragraph
        records.append(Record(f"{BASE}/news/world/story-b{2000000 + n}.html", body))
    return records


def urls(path: Path, part: tuple[int, int | None] = (0, None)) -> list[str]:
    return [f.url for f in read_warc(path, 1 << 20, *part) if isinstance(f, Capture)]


def gzipped_whole(path: Path, records: list[Record]) -> list[int]:
    """Write ``records`` as an uncompressed WARC, then gzip the whole file as one member
    (as `gzip crawl.warc` makes it); the offsets of the records in the uncompressed bytes."""
    plain = path.with_name(path.name.removesuffix(".gz"))
    offsets = write_warc(plain, records)
    path.write_bytes(gzip.compress(plain.read_bytes()))
    plain.unlink()
    return offsets


def test_an_archive_gzipped_as_one_member_is_read_whole(tmp_path: Path) -> None:
    path, _ = archive(tmp_path, "crawl.warc")
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(path.read_bytes()))
    assert summary(whole) == THREE_PAGES
    # Members of several records each, and a member of no record, read as one stream too.
    data = path.read_bytes()
    mixed = tmp_path / "mixed.warc.gz"
    mixed.write_bytes(
        b"".join(gzip.compress(data[i : i + 5000]) for i in range(0, len(data), 5000))
    )
    assert summary(mixed) == THREE_PAGES
    # The crawl reads every article of it.
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={whole}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in read_feed(out)] == [
        "independent:b1000001", "independent:b1000002", "independent:10500001"
    ]  # fmt: skip
    assert "newsbot/archive/skipped/corrupt" not in result.stderr


def with_length(data: bytes, start: int, change: int) -> bytes:
    """``data`` with the Content-Length of the record at ``start`` changed by ``change``."""
    header = re.compile(rb"Content-Length: (\d+)\r\n")
    found = header.search(data, start)
    assert found is not None
    wrong = b"Content-Length: %d\r\n" % (int(found[1]) + change)
    return data[: found.start()] + wrong + data[found.end() :]


SHAPES = ["crawl.warc", "crawl.warc.gz", "whole.warc.gz"]


def wrong_length(tmp_path: Path, name: str, change: int) -> tuple[Path, int]:
    """An archive of 20 stories, the fifth record's Content-Length changed by ``change``:
    uncompressed, gzipped record by record, or gzipped whole. The file offset its fifth
    record starts at (in the uncompressed bytes, for the whole-gzipped one)."""
    plain = tmp_path / "plain.warc"
    offsets = write_warc(plain, stories(20))
    data = with_length(plain.read_bytes(), offsets[4], change)
    moved = len(data) - plain.stat().st_size  # the digits the length gained or lost
    bounds = [*offsets[:5], *(offset + moved for offset in offsets[5:]), len(data)]
    path = tmp_path / name
    if name == "crawl.warc":
        path.write_bytes(data)
        return path, offsets[4]
    if name == "whole.warc.gz":
        path.write_bytes(gzip.compress(data))
        return path, offsets[4]
    members = [gzip.compress(data[a:b]) for a, b in itertools.pairwise(bounds)]
    path.write_bytes(b"".join(members))
    return path, sum(len(member) for member in members[:4])


@pytest.mark.parametrize("name", SHAPES)
@pytest.mark.parametrize("change", [+700, -700, +(10**9), -1, +1], ids=str)
def test_a_record_whose_length_is_wrong_costs_only_itself(
    tmp_path: Path, name: str, change: int
) -> None:
    path, fifth = wrong_length(tmp_path, name, change)
    found = list(read_warc(path, 1 << 20))
    assert [f.url for f in found if isinstance(f, Capture)] == [
        f"{BASE}/news/world/story-b{2000000 + n}.html" for n in range(20) if n != 4
    ]
    [skipped] = [f for f in found if isinstance(f, Skipped)]
    # In a file gzipped as one member, its byte in the member's content; else its own.
    whole = name == "whole.warc.gz"
    assert (skipped.code, skipped.offset, skipped.inside) == (
        ("corrupt", 0, fifth) if whole else ("corrupt", fifth, None)
    )
    assert "is not its length" in skipped.reason


@pytest.mark.parametrize(("name", "change"), [("crawl.warc.gz", 2000), ("whole.warc.gz", -2000)])
def test_the_crawl_goes_on_after_a_record_whose_length_is_wrong(
    tmp_path: Path, name: str, change: int
) -> None:
    path, fifth = wrong_length(tmp_path, name, change)
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={path}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in read_feed(out)] == [
        f"independent:b{2000000 + n}" for n in range(20) if n != 4
    ]
    assert "'newsbot/archive/skipped/corrupt': 1" in result.stderr
    where = f"byte {fifth}" + (" of the gzip member at byte 0" if name == "whole.warc.gz" else "")
    assert f"Skipped the record at {where} of {path}: its Content-Length" in result.stderr


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz", "whole.warc.gz"])
def test_an_archive_cut_into_parts_reads_as_it_reads_whole(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    records = stories(30, planted=True)
    if name == "whole.warc.gz":
        gzipped_whole(path, records)
    else:
        offsets = write_warc(path, records)
    whole = urls(path)
    assert whole == [r.url for r in records]  # none of the records inside the pages
    for size in (1, 2000, 10000, 100000):
        cuts = parts(path, size)
        assert cuts[0][0] == 0 and cuts[-1][1] == path.stat().st_size
        if name == "whole.warc.gz":
            assert cuts == [(0, path.stat().st_size)]  # one member: no other start to read from
        else:  # each part starts where a record starts, never inside a page
            assert {start for start, _ in cuts} <= set(offsets)
            assert len(cuts) > 1 or size * 2 > path.stat().st_size
        assert [url for part in cuts for url in urls(path, part)] == whole


def told(path: Path, part: tuple[int, int | None] = (0, None)) -> list[str]:
    return [
        f.url if isinstance(f, Capture) else f"{f.code} at {f.where}"
        for f in read_warc(path, 1 << 20, *part)
    ]


@pytest.mark.parametrize("name", ["crawl.warc", "whole.warc.gz"])
def test_a_damaged_record_start_costs_that_record_only(tmp_path: Path, name: str) -> None:
    """The next record's first line damaged: the record before it, whose length holds, is
    read as it is, and the records planted in its page are not taken for records."""
    plain = tmp_path / "plain.warc"
    records = stories(4, planted=True)
    offsets = write_warc(plain, records)
    data = bytearray(plain.read_bytes())
    data[offsets[2] : offsets[2] + 4] = b"XARC"
    path = tmp_path / name
    path.write_bytes(gzip.compress(bytes(data)) if name.endswith(".gz") else bytes(data))
    where = f"byte {offsets[2]}" + (" of the gzip member at byte 0" if name.endswith(".gz") else "")
    assert told(path) == [records[0].url, records[1].url, f"corrupt at {where}", records[3].url]


@pytest.mark.parametrize("name", SHAPES)
@pytest.mark.parametrize("fault", ["shorter", "longer", "cut"])
def test_a_page_that_says_its_own_length_is_not_searched_for_records(
    tmp_path: Path, name: str, fault: str
) -> None:
    """Where a record's length is wrong, or the file ends inside it (a copy interrupted,
    an archive still being written), the HTTP response it holds says where it ends: the
    records planted in its page are not taken for records."""
    records = stories(4, planted=True)
    for record in records:
        record.headers = [("Content-Length", str(len(record.body)))]
    plain = tmp_path / "plain.warc"
    offsets = write_warc(plain, records)
    data = plain.read_bytes()
    if fault == "cut":
        data, bounds = data[: (offsets[3] + len(data)) // 2], [*offsets[:4], None]
    else:
        change = -700 if fault == "shorter" else 700
        data, bounds = with_length(data, offsets[1], change), [*offsets[:2], None]
    path = tmp_path / name
    if name == "crawl.warc.gz":  # per record: the damaged one and the rest as one member
        path.write_bytes(
            b"".join(gzip.compress(data[a:b]) for a, b in itertools.pairwise([0, *bounds[1:]]))
        )
    else:
        path.write_bytes(gzip.compress(data) if name == "whole.warc.gz" else data)
    read = urls(path)
    assert not [url for url in read if "planted" in url]
    damaged = 3 if fault == "cut" else 1
    assert read == [r.url for n, r in enumerate(records) if n != damaged]


@pytest.mark.parametrize("damage", ["deflate", "crc", "size"])
def test_a_damaged_member_is_told_once_whatever_part_holds_it(tmp_path: Path, damage: str) -> None:
    """Gzipped record by record, a member that cannot be read (its compressed bytes, its
    CRC or its size wrong) is told once, by the part that holds it, wherever the parts are
    cut: the last member of a part included."""
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path, stories(12))
    data = bytearray(path.read_bytes())
    spot = {"deflate": offsets[5] + 40, "crc": offsets[6] - 8, "size": offsets[6] - 2}[damage]
    data[spot] ^= 0xFF
    path.write_bytes(bytes(data))
    whole = told(path)
    assert len(whole) == 12 and whole[5] == f"corrupt at byte {offsets[5]}"
    for size in range(1, path.stat().st_size, 1500):
        assert [line for part in parts(path, size) for line in told(path, part)] == whole


def test_a_damaged_member_does_not_resume_at_gzip_bytes_inside_a_capture(tmp_path: Path) -> None:
    """A capture holding gzip bytes as they are (a download): its member stores them
    verbatim. Where that member is damaged, reading goes on at the next member of the file,
    not at those bytes."""
    path = tmp_path / "crawl.warc.gz"
    inner = gzip.compress(b"<html><p>not a member of the archive</p>" * 50)
    download = os.urandom(100_000) + inner + os.urandom(100_000)  # incompressible: stored
    records = [*stories(2), Record(f"{BASE}/data.bin", download, content_type="application/zip")]
    offsets = write_warc(path, [*records, *stories(3)[2:]])
    data = bytearray(path.read_bytes())
    assert data.find(inner, offsets[2]) > offsets[2]  # stored as they are
    data[offsets[2] + 50_000] ^= 0xFF  # the download's member damaged (its CRC fails)
    path.write_bytes(bytes(data))
    assert told(path) == [
        records[0].url, records[1].url, f"corrupt at byte {offsets[2]}", stories(3)[2].url
    ]  # fmt: skip
