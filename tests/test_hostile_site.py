"""A live crawl against a site that misbehaves: discovery documents that cannot be read in
full, bad entries among good ones, dates without a zone, links that were never there. The
real `scrapy crawl` against the local stand-in site (tests/site_server.py)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.helpers import crawl, read_feed
from tests.site_server import site_server

FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
OWN_IDS = ["independent:b1000001", "independent:b1000002", "independent:b1000003",
           "independent:b1000005"]  # fmt: skip
NEWS = "/sitemaps/googlenews"


def run(tmp_path: Path, base: str, *args: str):
    return crawl(
        "-s", f"INDEPENDENT_BASE_URL={base}",
        "-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}",
        "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'output'}",
        "-s", "DOWNLOAD_TIMEOUT=5", *FAST, *args,
    )  # fmt: skip


def emitted(tmp_path: Path) -> list[str]:
    feeds = sorted((tmp_path / "output" / "independent").glob("2*.jsonl"))
    return sorted(record["id"] for feed in feeds for record in read_feed(feed))


@pytest.mark.parametrize(
    "answer, says",
    [
        ((200, {"Content-Type": "application/x-gzip"}, b"\x1f\x8b\x08\x00broken"), "Cannot read"),
        ((302, {"Location": "http://off-site.invalid/sitemap.xml"}, b""), "Cannot read"),
        ((302, {"Location": "{base}" + NEWS}, b""), "Cannot read"),
        ((200, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>"), "not a"),
    ],
    ids=["corrupt gzip", "redirected off-site", "redirected in a loop", "an HTML page"],
)
def test_a_news_sitemap_that_cannot_be_read_fails_the_run(
    tmp_path: Path, answer: tuple, says: str
) -> None:
    with site_server() as server:
        server.canned[NEWS] = answer
        result = run(tmp_path, server.base)
    assert result.returncode == 1, result.stderr
    assert says in result.stderr
    assert f"No discovery document of {server.base} could be read" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_entries_cost_only_themselves(site: Path, tmp_path: Path) -> None:
    sitemap = site / "sitemaps" / "googlenews.xml"
    bad = (
        "<url><loc>{base}/news/world/a-b1000011.html</loc><lastmod>2026-02-30</lastmod></url>"
        "<url><loc>{base}/news/world/b-b1000012.html</loc><lastmod>2026-13-01T00:00:00Z</lastmod></url>"
        "<url><loc>http://[::1/news/world/c-b1000013.html</loc></url>"
        "<url><loc>{base}/news/world/d-b1000014.html</loc>"
        "<news:news><news:publication_date>2026-02-30T10:00:00Z</news:publication_date></news:news></url>"
    )  # fmt: skip
    text = sitemap.read_text(encoding="utf-8")
    first_entry = text.index("<url>")
    sitemap.write_text(text[:first_entry] + bad + text[first_entry:], encoding="utf-8")
    with site_server(root=site) as server:
        result = run(tmp_path, server.base)
    assert result.returncode == 0, result.stderr
    assert emitted(tmp_path) == OWN_IDS  # every good entry after the bad ones was read
    assert result.stderr.count("Skipped 1 entries of") == 1
    assert result.stderr.count("Ignored 3 impossible or unreadable dates") == 1
    assert "Traceback" not in result.stderr


def test_rss_dates_without_an_offset_do_not_break_the_next_run(site: Path, tmp_path: Path) -> None:
    rss = site / "rss.xml"
    rss.write_text(rss.read_text(encoding="utf-8").replace(" GMT<", " -0000<"), encoding="utf-8")
    args = ("-a", "source=rss", "-s", "INDEPENDENT_RSS_FEEDS=/rss")
    with site_server(root=site) as server:
        first = run(tmp_path, server.base, *args)
        second = run(tmp_path, server.base, *args)
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    assert "Traceback" not in first.stderr + second.stderr
    assert emitted(tmp_path) == ["independent:b1000001", "independent:b1000003"]


def test_links_that_were_never_there_are_no_failure(site: Path, tmp_path: Path) -> None:
    # The sitemap lists a page that is gone (404) besides one robots.txt forbids.
    sitemap = site / "sitemaps" / "googlenews.xml"
    gone = "<url><loc>{base}/news/world/gone-b1000010.html</loc></url>"
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8").replace("</urlset>", gone + "</urlset>"),
        encoding="utf-8",
    )
    with site_server(root=site) as server:
        first = run(tmp_path, server.base)
        second = run(tmp_path, server.base)
        answered = server.answered
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    assert ("/news/world/gone-b1000010.html", 404) in answered
    assert emitted(tmp_path) == OWN_IDS  # and nothing twice


def test_gzipped_news_sitemap_is_read(tmp_path: Path) -> None:
    with site_server() as server:
        body = server.resolve(NEWS)
        assert body is not None
        server.canned[NEWS] = (200, {"Content-Type": "application/x-gzip"}, gzip.compress(body[0]))
        result = run(tmp_path, server.base)
    assert result.returncode == 0, result.stderr
    assert emitted(tmp_path) == OWN_IDS
