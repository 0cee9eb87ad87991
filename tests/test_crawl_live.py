"""The live crawl, end to end: the real `scrapy crawl independent` against a local stand-in
for the site (tests/site_server.py), feed read back."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from itemadapter import ItemAdapter

from tests.helpers import GOLDEN, SHARED, article_from_page, crawl, read_feed
from tests.site_server import SITE, corpus_pages, site_server

# Throttling is for the real site; the stand-in answers at once.
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
OWN_PAGES = {
    "independent:b1000001": "harbour-bridge-reopens-b1000001",
    "independent:b1000002": "council-budget-vote-b1000002",
    "independent:b1000003": "cup-final-live-b1000003",
    "independent:b1000005": "unknown-layout-b1000005",
}


def live_crawl(base: str, out: Path, *args: str):
    return crawl("-s", f"INDEPENDENT_BASE_URL={base}", *FAST, "-O", str(out), *args)


def comparable(record: dict) -> dict:
    """A record without what differs between a fetched page and a saved one."""
    record = {k: v for k, v in record.items() if k != "url"}
    record["metadata"] = {
        k: v for k, v in record["metadata"].items() if k not in ("dateDownloaded", "source")
    }
    return record


def test_news_sitemap(tmp_path: Path) -> None:
    out = tmp_path / "news.jsonl"
    with site_server(with_corpus=True) as site:
        result = live_crawl(site.base, out)
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in read_feed(out)}
    corpus_ids = {article_from_page(p).id for p in corpus_pages().values()}
    assert set(records) == set(OWN_PAGES) | corpus_ids
    # Video and topic pages are not articles; robots.txt keeps the spider out of /private/.
    assert not [p for p in site.requested if p.startswith(("/video/", "/topic/", "/private/"))]
    assert site.requested[:2] == ["/robots.txt", "/sitemaps/googlenews"]
    for record in records.values():
        assert record["url"].startswith(site.base)
        assert record["metadata"]["source"] == "web"
    for article_id, stem in OWN_PAGES.items():
        golden = json.loads((GOLDEN / "pages" / f"{stem}.json").read_text(encoding="utf-8"))
        assert comparable(records[article_id]) == comparable(golden)


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not present")
def test_corpus_pages_read_the_same_fetched_as_saved(tmp_path: Path) -> None:
    out = tmp_path / "news.jsonl"
    with site_server(with_corpus=True) as site:
        result = live_crawl(site.base, out)
    assert result.returncode == 0, result.stderr
    fetched = {r["id"]: comparable(r) for r in read_feed(out)}
    for path in corpus_pages().values():
        saved = ItemAdapter(article_from_page(path)).asdict()
        assert fetched[saved["id"]] == comparable(saved), path.name


def test_sitemap_archive_between_two_days(tmp_path: Path) -> None:
    out = tmp_path / "archive.jsonl"
    with site_server() as site:
        result = live_crawl(
            site.base,
            out,
            "-a",
            "source=sitemap",
            "-a",
            "since=2024-05-01",
            "-a",
            "until=2024-05-15",
        )
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in read_feed(out)] == ["independent:b1000001"]
    assert "/sitemaps/sitemap-2024-05.xml" in site.requested
    assert "/sitemaps/sitemap-2020-10.xml" not in site.requested  # a month outside the range
    assert "/news/world/late-may-story-b1000008.html" not in site.requested  # after until
    assert "'newsbot/discovery/out_of_range': 1" in result.stderr


def test_a_page_that_is_gone_does_not_stop_the_run(tmp_path: Path) -> None:
    out = tmp_path / "archive.jsonl"
    with site_server() as site:
        result = live_crawl(site.base, out, "-a", "source=sitemap", "-a", "since=2024-05-01")
    assert result.returncode == 0, result.stderr
    assert "/news/world/late-may-story-b1000008.html" in site.requested  # a 404
    assert [r["id"] for r in read_feed(out)] == ["independent:b1000001"]


def test_requests_go_a_window_at_a_time_and_every_page_is_had(tmp_path: Path) -> None:
    # A window of two requests (twice CONCURRENT_REQUESTS), over a sitemap that also lists
    # two pages twice (their second requests are dropped on the way, as many as the
    # window), a page that is gone (404) and one robots.txt forbids: each way a request
    # can end makes room for the next.
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    sitemap = site / "sitemaps" / "googlenews.xml"
    twice = "".join(
        f"<url><loc>{{base}}/{page}</loc></url>"
        for page in ["news/world/harbour-bridge-reopens-b1000001.html",
                     "news/uk/politics/council-budget-vote-b1000002.html"]
    )  # fmt: skip
    gone = "<url><loc>{base}/news/world/gone-b1000010.html</loc></url>"
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8").replace("</urlset>", f"{twice}{gone}</urlset>"),
        encoding="utf-8",
    )
    out = tmp_path / "news.jsonl"
    with site_server(site) as server:
        result = live_crawl(server.base, out, "-s", "CONCURRENT_REQUESTS=1")
    assert result.returncode == 0, result.stderr
    assert sorted(r["id"] for r in read_feed(out)) == sorted(OWN_PAGES)
    assert "/news/world/gone-b1000010.html" in server.requested
    assert "'newsbot/discovery/articles': 8" in result.stderr  # /private/: robots.txt


def test_the_archive_needs_a_first_day(tmp_path: Path) -> None:
    with site_server() as site:
        result = live_crawl(site.base, tmp_path / "out.jsonl", "-a", "source=sitemap")
    assert result.returncode == 2
    assert "give -a since=YYYY-MM-DD" in result.stderr
    assert site.requested == []


def test_rss(tmp_path: Path) -> None:
    out = tmp_path / "rss.jsonl"
    with site_server() as site:
        result = live_crawl(site.base, out, "-a", "source=rss", "-s", "INDEPENDENT_RSS_FEEDS=/rss")
    assert result.returncode == 0, result.stderr
    assert sorted(r["id"] for r in read_feed(out)) == [
        "independent:b1000001",
        "independent:b1000003",
    ]
    assert not [p for p in site.requested if p.startswith("/video/")]


@pytest.mark.parametrize(
    "argument, message",
    [
        ("source=everything", "source must be one of news, sitemap, rss"),
        ("since=last week", "since must be a date, YYYY-MM-DD"),
    ],
)
def test_wrong_arguments(tmp_path: Path, argument: str, message: str) -> None:
    with site_server() as site:
        result = live_crawl(site.base, tmp_path / "out.jsonl", "-a", argument)
    assert result.returncode == 2
    assert message in result.stderr


def test_an_unreachable_site_fails(tmp_path: Path) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    # Nothing listens on the port now: every connection is refused.
    out = tmp_path / "out.jsonl"
    result = live_crawl(f"http://127.0.0.1:{port}", out)
    assert result.returncode == 1
    assert "No discovery document of http://127.0.0.1" in result.stderr
    assert "Connection was refused" in result.stderr or "refused" in result.stderr.lower()
    assert not out.exists() or out.read_text() == ""  # no records


def test_a_site_without_its_sitemap_fails(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with site_server() as site:
        result = live_crawl(site.base + "/nowhere", out)
    assert result.returncode == 1
    assert f"Cannot read {site.base}/nowhere/sitemaps/googlenews" in result.stderr
    assert not out.exists() or out.read_text() == ""  # no records


def test_a_site_that_never_answers_fails_instead_of_hanging(tmp_path: Path) -> None:
    # Connections are accepted (the backlog) but nothing is ever sent back. With the default
    # 10 s timeout this takes under a minute; 1 s keeps the test short.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        base = f"http://127.0.0.1:{silent.getsockname()[1]}"
        out = tmp_path / "out.jsonl"
        result = live_crawl(base, out, "-s", "DOWNLOAD_TIMEOUT=1")
    assert result.returncode == 1
    assert "took longer than 1.0 seconds" in result.stderr
    assert "No discovery document of" in result.stderr
