"""The Independent's addresses: where discovery starts, and which URLs are articles.

The site answers at www.independent.co.uk and, since 2025, www.the-independent.com (the
2025 NewsAPI records), redirecting between them and from the bare domains (copies of its
pages carry both: https://independent.co.uk/news/world/asia/…-b2651813.html).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from newsbot.sites.independent import ARTICLE_NUMBER

HOSTS = (
    "www.independent.co.uk",
    "www.the-independent.com",
    "independent.co.uk",
    "the-independent.com",
)
# The 2007-08 (Escenic) pages' hosts, one a section: news.independent.co.uk and
# sport.independent.co.uk in the corpus's L3S-GN1 pages, the others the sections of the
# same site. Captures of them in web archives are the site's; no other host of the domain
# is (blogs.independent.co.uk was readers' blogs, indy100 another title).
ARCHIVE_HOSTS = tuple(
    f"{section}.independent.co.uk"
    for section in ("news", "sport", "comment", "arts", "travel", "money", "education",
                    "environment", "enjoyment")
)  # fmt: skip

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
