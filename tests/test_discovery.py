"""Discovery documents and the site's article URLs: pure functions, by table."""

from __future__ import annotations

import gzip
import re
from datetime import date

import pytest

from newsbot import settings
from newsbot.parsers.sitemaps import Link, parse_rss, parse_sitemap
from newsbot.sites.independent.urls import is_article, sitemap_month

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
    assert parse_rss(rss) == [
        Link("https://www.independent.co.uk/news/a-b1.html", published="2024-11-22T08:49:59+00:00")
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
    <link href="https://x/a-b1.html"/><updated>2024-11-22T08:49:59Z</updated></entry></feed>"""
    assert parse_rss(atom) == [Link("https://x/a-b1.html", published="2024-11-22T08:49:59+00:00")]
    with pytest.raises(ValueError):
        parse_rss(NEWS_SITEMAP)


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

    from newsbot.spiders.independent import _body

    response = Response("https://x/sitemap-2024-11.xml.gz", body=gzip.compress(NEWS_SITEMAP))
    assert parse_sitemap(_body(response)).links[0].url.endswith("a-b1.html")
