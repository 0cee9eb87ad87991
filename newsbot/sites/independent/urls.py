"""The Independent's addresses: where discovery starts, and which URLs are articles.

The site answers at www.independent.co.uk and, since 2025, www.the-independent.com (the
2025 NewsAPI records), redirecting between them.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from newsbot.sites.independent import ARTICLE_NUMBER

HOSTS = ("www.independent.co.uk", "www.the-independent.com")

NEWS_SITEMAP = "/sitemaps/googlenews"  # the last two days, with publication dates
SITEMAP_INDEX = "/sitemap.xml"  # one sitemap per month of the archive

# The site's RSS feeds: the front page's and the main sections' (INDEPENDENT_RSS_FEEDS).
RSS_FEEDS = (
    "/rss",
    "/news/uk/rss",
    "/news/world/rss",
    "/news/business/rss",
    "/sport/rss",
    "/voices/rss",
    "/life-style/rss",
    "/arts-entertainment/rss",
    "/travel/rss",
)

# Paths whose pages are not articles: video, galleries, topic and author indexes, shopping
# and deals. A regex over the URL's path (INDEPENDENT_SKIP_PATHS).
SKIP_PATHS = (
    r"^/(?:tv|video|videos|topic|topics|author|authors|extras/indybest|indybest|deals"
    r"|vouchercodes|bulletin/shopping|photography|galleries|gallery|search|newsletters)(?:/|$)"
    r"|/(?:videos?|gallery|galleries)/"
)

# A month in a monthly sitemap's address: /sitemaps/sitemap-2024-11.xml, .../2024/11/...
_SITEMAP_MONTH = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-/_]?(?P<month>0[1-9]|1[0-2])(?!\d)")


def is_article(url: str, skip_paths: re.Pattern[str]) -> bool:
    """True for an article page: an article number in the URL, outside the skipped paths
    (the setting INDEPENDENT_SKIP_PATHS: video, galleries, topics, authors, shopping)."""
    path = urlsplit(url).path
    return bool(ARTICLE_NUMBER.search(path)) and not skip_paths.search(path)


def sitemap_month(url: str) -> date | None:
    """The first day of the month a monthly sitemap covers, when its address says."""
    found = _SITEMAP_MONTH.search(urlsplit(url).path)
    return date(int(found["year"]), int(found["month"]), 1) if found else None
