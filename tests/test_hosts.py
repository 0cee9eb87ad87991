"""Which URLs are the site's (newsbot.hosts): each URL parsed as Scrapy fetches it, the host
compared exactly; in a web archive and in a live crawl's sitemap alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsbot.hosts import SiteHosts
from tests.helpers import crawl, read_feed
from tests.site_server import SITE, site_server
from tests.warcs import Record, write_warc

SITE_HOSTS = SiteHosts(
    ("www.independent.co.uk", "www.the-independent.com"), "http://127.0.0.1:8000"
)
PATH = "/news/world/harbour-bridge-reopens-b1000001.html"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        (f"https://www.independent.co.uk{PATH}", True),
        (f"http://www.the-independent.com{PATH}", True),
        (f"https://WWW.Independent.CO.UK{PATH}", True),  # hosts are case-insensitive
        (f"https://www.independent.co.uk.{PATH}", True),  # the root's dot
        (f"https://www.independent.co.uk:443{PATH}", True),  # the scheme's own port
        (f"http://127.0.0.1:8000{PATH}", True),  # the base URL, on its port
        # What urlsplit reads as the site's host, and is not what is fetched:
        (f"https://evil.example\\@www.independent.co.uk{PATH}", False),
        (f"https://evil.example\\\\@www.independent.co.uk{PATH}", False),
        (f"https://user:password@www.independent.co.uk{PATH}", False),
        (f"https://www.independent.co.uk@evil.example{PATH}", False),
        (f"https://www.independent.co.uk:8443{PATH}", False),  # another port: another server
        (f"http://127.0.0.1:8001{PATH}", False),
        (f"http://127.0.0.1{PATH}", False),
        (f"https://blogs.independent.co.uk{PATH}", False),  # another host of the domain
        (f"https://evil.www.independent.co.uk{PATH}", False),
        (f"https://www.independent.co.uk.example.com{PATH}", False),
        # A percent-encoded host is decoded (WHATWG), so the site's host is fetched:
        (f"https://www%2eindependent%2eco%2euk{PATH}", True),
        (f"ftp://www.independent.co.uk{PATH}", False),
        ("http://[::1/news/x-b1000001.html", False),
        ("https://www.independent.co.uk:99999/x-b1000001.html", False),
        ("", False),
    ],
)
def test_a_url_is_the_sites_when_its_fetched_host_is_one_of_the_sites(
    url: str, allowed: bool
) -> None:
    assert SITE_HOSTS.allows(url) is allowed


def _page_without_address(number: int) -> bytes:
    """The bridge page, with no canonical URL (each capture's id is its URL's number)."""
    body = (SITE / PATH.lstrip("/")).read_bytes()
    body = re.sub(rb'<link rel="canonical"[^>]*>', b"", body)
    return body.replace(b"Harbour bridge", f"Harbour bridge {number}".encode())


def test_an_archive_publishes_only_the_sites_pages_as_they_are_fetched(tmp_path: Path) -> None:
    """Captures whose URL merely reads as the site's (a backslash before ``@``, a user, a
    port, another host of the domain) are other sites' pages: counted, never published."""
    urls = {
        # The site's: its hosts, any case, and the 2007 pages' section hosts.
        "https://WWW.INDEPENDENT.CO.UK/news/a-b2000001.html": True,
        "https://independent.co.uk/news/b-b2000002.html": True,
        "http://news.independent.co.uk/uk/legal/article2000003.ece": True,
        # Not the site's.
        "https://evil.example\\@www.independent.co.uk/news/c-b2000004.html": False,
        "https://me@www.independent.co.uk/news/d-b2000005.html": False,
        "https://www.independent.co.uk:8443/news/e-b2000006.html": False,
        "https://blogs.independent.co.uk/news/f-b2000007.html": False,
        "https://shop.www.independent.co.uk/news/g-b2000008.html": False,
    }
    path = tmp_path / "crawl.warc"
    write_warc(path, [Record(url, _page_without_address(n)) for n, url in enumerate(urls, start=1)])
    result = crawl("-a", f"fixtures={path}", "-O", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    published = sorted(r["url"] for r in read_feed(tmp_path / "out.jsonl"))
    assert published == sorted(
        [
            "https://WWW.INDEPENDENT.CO.UK/news/a-b2000001.html",  # as captured
            "https://independent.co.uk/news/b-b2000002.html",
            "http://news.independent.co.uk/uk/legal/article2000003.ece",
        ]
    )
    assert "'newsbot/archive/skipped/other_site': 5" in result.stderr


def test_a_live_crawl_fetches_no_url_that_only_reads_as_the_sites(tmp_path: Path) -> None:
    """A news sitemap listing such URLs: none is fetched, from anywhere, nor published."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    article = root / "news" / "world" / "harbour-bridge-reopens-b1000001.html"
    article.parent.mkdir(parents=True)
    article.write_bytes((SITE / PATH.lstrip("/")).read_bytes())
    hostile = [
        "{base}" + PATH,  # the one on the site
        "https://evil.example\\@{host}/news/world/other-b1000002.html",
        "https://user@{host}/news/world/other-b1000003.html",
        "http://127.0.0.1:1{path}",  # the site's host, another port
    ]
    with site_server(root) as server:
        host = server.base.removeprefix("http://")
        entries = "".join(
            f"<url><loc>{u.format(base=server.base, host=host, path=PATH)}</loc></url>"
            for u in hostile
        )
        sitemap = root / "sitemaps" / "googlenews"
        sitemap.parent.mkdir()
        sitemap.write_text(
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>"
        )
        server.canned["/sitemaps/googlenews"] = (
            200,
            {"Content-Type": "application/xml"},
            sitemap.read_bytes(),
        )
        result = crawl(
            "-s", f"INDEPENDENT_BASE_URL={server.base}",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
            "-O", str(tmp_path / "out.jsonl"),
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = read_feed(tmp_path / "out.jsonl")
    assert [r["url"] for r in records] == [server.base + PATH]
    assert [p for p in server.requested if p.endswith(".html")] == [PATH]
    assert "'newsbot/discovery/other_site': 3" in result.stderr
