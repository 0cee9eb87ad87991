"""Discovery documents and the site's article URLs: pure functions, by table."""

from __future__ import annotations

import gzip
import re
from datetime import date

import pytest

from newsbot import settings
from newsbot.parsers.sitemaps import Feed, Link, Sitemap, parse_rss, parse_sitemap
from newsbot.sites.independent.urls import is_article, sitemap_month
from tests.test_dates import DATES

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc> https://www.independent.co.uk/news/a-b1.html </loc>
<news:news><news:publication_date>2024-11-22T08:49:59Z</news:publication_date></news:news></url>
<url><loc>https://www.independent.co.uk/news/b-b2.html</loc><lastmod>2024-11-21</lastmod></url>
<url><lastmod>2024-11-21</lastmod></url>
</urlset>"""


def test_news_sitemap_keeps_publication_dates() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP)
    assert not sitemap.is_index
    assert sitemap.links == [
        Link("https://www.independent.co.uk/news/a-b1.html", published="2024-11-22T08:49:59+00:00"),
        Link("https://www.independent.co.uk/news/b-b2.html", modified="2024-11-21"),
    ]
    assert (sitemap.bad_entries, sitemap.bad_dates) == (1, 0)  # the entry without a loc


def test_sitemap_index() -> None:
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://x/sitemap-2024-11.xml</loc><lastmod>2024-11-30T00:00:00+01:00</lastmod>
    </sitemap></sitemapindex>"""
    sitemap = parse_sitemap(body)
    assert sitemap.is_index
    assert sitemap.links == [
        Link("https://x/sitemap-2024-11.xml", modified="2024-11-30T00:00:00+01:00")
    ]


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>Not found</body></html>", b"\x00\x01garbage", b"<rss></rss>"],
    ids=["empty", "an HTML error page", "garbage", "a feed"],
)
def test_what_is_not_a_sitemap(body: bytes) -> None:
    with pytest.raises(ValueError):
        parse_sitemap(body)


def test_entities_are_not_resolved() -> None:
    body = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>https://x/a-b1.html&e;</loc></url></urlset>"""
    assert "root:" not in parse_sitemap(body).links[0].url


def test_rss_and_atom() -> None:
    rss = b"""<rss version="2.0"><channel><item><title>T</title>
    <link>https://www.independent.co.uk/news/a-b1.html</link>
    <pubDate>Fri, 22 Nov 2024 08:49:59 GMT</pubDate></item><item><title>no link</title></item>
    </channel></rss>"""
    assert parse_rss(rss) == Feed(
        [
            Link(
                "https://www.independent.co.uk/news/a-b1.html",
                published="2024-11-22T08:49:59+00:00",
            )
        ],
        bad_entries=1,
    )
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
    <link href="https://x/a-b1.html"/><updated>2024-11-22T08:49:59Z</updated></entry></feed>"""
    assert parse_rss(atom).links == [
        Link("https://x/a-b1.html", published="2024-11-22T08:49:59+00:00")
    ]
    with pytest.raises(ValueError):
        parse_rss(NEWS_SITEMAP)


def test_a_bad_date_never_costs_its_entry_nor_the_next() -> None:
    """Each spelling as a lastmod and as a publication date: every entry is kept, with the
    date normalise_date makes of it, and the dates dropped are counted."""
    entries = "".join(
        f"<url><loc>https://x/{n}-b1.html</loc><lastmod>{value}</lastmod><news:news>"
        f"<news:publication_date>{value}</news:publication_date></news:news></url>"
        for n, value in enumerate(DATES)
    )
    body = f'<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>'
    sitemap = parse_sitemap(body.encode())
    assert [link.url for link in sitemap.links] == [
        f"https://x/{n}-b1.html" for n in range(len(DATES))
    ]
    for link, expected in zip(sitemap.links, DATES.values(), strict=True):
        assert link.modified == link.published == expected
    unreadable = [value for value, expected in DATES.items() if value.strip() and not expected]
    assert sitemap.bad_dates == 2 * len(unreadable)
    assert sitemap.bad_entries == 0


# URLs a sitemap's loc or a feed's link may hold that cannot be requested.
BAD_URLS = {
    "an IPv6 address left open": "http://[::1/x-b1.html",
    "a port that is no number": "http://www.independent.co.uk:abc/x-b1.html",
    "a port out of range": "http://www.independent.co.uk:99999/x-b1.html",
    "a space": "https://www.independent.co.uk/news/a b-b1.html",
    "a tab": "https://www.independent.co.uk/news/a\tb-b1.html",
    "a control character": "https://www.independent.co.uk/news/a&#1;b-b1.html",
    "a delete character": "https://www.independent.co.uk/news/a&#127;b-b1.html",
    "empty": "",
    "only spaces": "   ",
    "javascript": "javascript:alert(1)",
    "ftp": "ftp://www.independent.co.uk/x-b1.html",
    "mailto": "mailto:news@independent.co.uk",
    "no scheme": "//www.independent.co.uk/x-b1.html",
    "a relative path": "/news/x-b1.html",
    "no host": "https:///news/x-b1.html",
    "no host after the user": "https://user@/news/x-b1.html",
}
BEFORE = "https://www.independent.co.uk/news/before-b1.html"
AFTER = "https://www.independent.co.uk/news/after-b2.html"


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=list(BAD_URLS))
def test_a_bad_url_skips_its_sitemap_entry_only(url: str) -> None:
    body = f"""<urlset><url><loc>{BEFORE}</loc></url>
    <url><loc>{url}</loc><lastmod>2024-11-22</lastmod></url>
    <url><loc>{AFTER}</loc><lastmod>2024-11-21</lastmod></url></urlset>"""
    sitemap = parse_sitemap(body.encode())
    assert sitemap.links == [Link(BEFORE), Link(AFTER, modified="2024-11-21")]
    assert (sitemap.bad_entries, sitemap.bad_dates) == (1, 0)


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=list(BAD_URLS))
def test_a_bad_url_skips_its_feed_item_only(url: str) -> None:
    body = f"""<rss><channel><item><link>{BEFORE}</link></item>
    <item><link>{url}</link><pubDate>Fri, 22 Nov 2024 08:49:59 GMT</pubDate></item>
    <item><link>{AFTER}</link><pubDate>Thu, 21 Nov 2024 08:00:00 -0000</pubDate></item>
    </channel></rss>"""
    assert parse_rss(body.encode()) == Feed(
        [Link(BEFORE), Link(AFTER, published="2024-11-21T08:00:00+00:00")], bad_entries=1
    )


def test_entries_without_a_url_of_their_own_are_counted() -> None:
    body = b"""<urlset xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
    <url><lastmod>2024-11-21</lastmod></url>
    <url><loc></loc></url>
    <url><image:image><image:loc>https://static.independent.co.uk/a.jpg</image:loc></image:image></url>
    <url><loc>https://x/a-b1.html</loc><image:image><image:loc>https://x/a.jpg</image:loc>
    </image:image></url>
    <?processing instruction?>
    </urlset>"""
    sitemap = parse_sitemap(body)
    assert sitemap.links == [Link("https://x/a-b1.html")]
    assert sitemap.bad_entries == 3


def test_an_impossible_date_keeps_its_url() -> None:
    body = b"""<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>https://x/a-b1.html</loc><lastmod>2026-02-30</lastmod></url>
    <url><loc>https://x/b-b2.html</loc>
    <news:news><news:publication_date>2026-02-30T10:00:00Z</news:publication_date></news:news>
    </url>
    <url><loc>https://x/c-b3.html</loc><lastmod>2026-13-01</lastmod>
    <news:news><news:publication_date>2026-11-01T10:00:00Z</news:publication_date></news:news>
    </url></urlset>"""
    assert parse_sitemap(body) == Sitemap(
        is_index=False,
        links=[
            Link("https://x/a-b1.html"),
            Link("https://x/b-b2.html"),
            Link("https://x/c-b3.html", published="2026-11-01T10:00:00+00:00"),
        ],
        bad_dates=3,
    )
    feed = b"""<rss><channel>
    <item><link>https://x/a-b1.html</link><pubDate>Mon, 30 Feb 2026 10:00:00 GMT</pubDate></item>
    <item><link>https://x/b-b2.html</link><pubDate>2026-02-30</pubDate>
    <dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2026-02-28</dc:date></item>
    </channel></rss>"""
    assert parse_rss(feed) == Feed(
        [Link("https://x/a-b1.html"), Link("https://x/b-b2.html", published="2026-02-28")],
        bad_dates=2,
    )


SKIP = re.compile(settings.INDEPENDENT_SKIP_PATHS)


@pytest.mark.parametrize(
    "url, article",
    [
        ("https://www.independent.co.uk/news/world/laos-death-b2651790.html", True),
        ("https://www.the-independent.com/news/uk/politics/budget-b2700001.html", True),
        ("https://www.independent.co.uk/news/world/politics/trump-wto-a9238506.html", True),
        ("https://www.independent.co.uk/news/world/saudi-women-9065486.html", True),
        ("http://news.independent.co.uk/uk/legal/article3255693.ece", True),
        ("https://www.independent.co.uk/news/world/laos-b2651790.html?utm_source=x", True),
        ("https://www.independent.co.uk/tv/news/bridge-footage-b2651791.html", False),
        ("https://www.independent.co.uk/video/news/bridge-footage-b2651791.html", False),
        ("https://www.independent.co.uk/news/world/gallery/best-photos-b2651792.html", False),
        ("https://www.independent.co.uk/extras/indybest/gadgets/best-phones-b2651793.html", False),
        ("https://www.independent.co.uk/topic/laos", False),
        ("https://www.independent.co.uk/author/angus-thompson", False),
        ("https://www.independent.co.uk/news/world", False),
        ("https://www.independent.co.uk/news/uk/top-10-of-2024-b24.html", False),
    ],
)
def test_is_article(url: str, article: bool) -> None:
    assert is_article(url, SKIP) is article


@pytest.mark.parametrize(
    "url, month",
    [
        ("https://www.independent.co.uk/sitemaps/sitemap-2024-11.xml", date(2024, 11, 1)),
        ("https://www.independent.co.uk/sitemaps/2019/03/articles.xml", date(2019, 3, 1)),
        ("https://www.independent.co.uk/sitemap_202401.xml.gz", date(2024, 1, 1)),
        ("https://www.independent.co.uk/sitemaps/sitemap-sections.xml", None),
    ],
)
def test_sitemap_month(url: str, month: date | None) -> None:
    assert sitemap_month(url) == month


def test_gzipped_sitemaps_are_read() -> None:
    from scrapy.http import Response

    from newsbot.spiders.news import _body

    response = Response("https://x/sitemap-2024-11.xml.gz", body=gzip.compress(NEWS_SITEMAP))
    assert parse_sitemap(_body(response)).links[0].url.endswith("a-b1.html")
