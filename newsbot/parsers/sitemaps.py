"""Reading discovery documents: sitemaps (news sitemaps included) and RSS feeds.

Scrapy's own sitemap reader drops a news sitemap's nested ``news:publication_date``, which
is what lets a frequent run fetch only recent articles; this one keeps it. Pure functions
over bytes.

One bad entry never costs the entries after it; what a document's entries get wrong is
passed over and counted, for the spider to log once per document:

- an entry whose URL is missing or bad (not http or https, no host, spaces or control
  characters, a broken IPv6 address or port) is skipped and counted in ``bad_entries``;
- a date that is impossible (``2026-02-30``) or unreadable is dropped and counted in
  ``bad_dates``; its entry keeps its URL. A link without a date is always fetched, so
  nothing is lost.

Every date a Link carries is as newsbot.dates says: a date-time with its UTC offset, or a
date alone. A document's bytes are read in the encoding they are in, whatever its
declaration says, as a page's are (newsbot.charsets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from newsbot import charsets
from newsbot.dates import normalise_date

# No network, no entities: a sitemap is data, not a document to resolve.
_OPTIONS = {"recover": True, "resolve_entities": False, "no_network": True,
            "remove_comments": True, "huge_tree": False}  # fmt: skip
_PARSER = etree.XMLParser(**_OPTIONS)
# For bytes that are UTF-8 whatever the document's declaration says.
_UTF8_PARSER = etree.XMLParser(encoding=charsets.UTF8, **_OPTIONS)

# Whitespace or a control character anywhere in a URL (its ends are stripped first): a URL
# that a browser would not send as it is.
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
# The elements of an RSS item or an Atom entry that date it, the first readable one wins.
_FEED_DATES = frozenset({"pubDate", "published", "updated", "date"})


@dataclass(frozen=True, slots=True)
class Link:
    """A URL a discovery document lists, with what it says of the page's dates."""

    url: str
    """An http or https URL with a host."""
    published: str | None = None
    """ISO 8601: ``news:publication_date`` of a news sitemap, ``pubDate`` of an RSS item."""
    modified: str | None = None
    """ISO 8601: the sitemap's ``lastmod``."""


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A sitemap: either an index of other sitemaps or a list of pages."""

    is_index: bool
    links: list[Link]
    bad_entries: int = 0
    """Entries skipped: no ``loc``, or one that is not an http or https URL with a host."""
    bad_dates: int = 0
    """Dates dropped from the links kept: impossible, unreadable or of an unknown zone."""


@dataclass(frozen=True, slots=True)
class Feed:
    """An RSS or Atom feed: the links of its items."""

    links: list[Link]
    bad_entries: int = 0
    """Items skipped: no link, or one that is not an http or https URL with a host."""
    bad_dates: int = 0
    """Dates dropped from the links kept: impossible, unreadable or of an unknown zone."""


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(body: bytes) -> Sitemap:
    """The links of a sitemap or sitemap index. Raises ValueError when it is not one."""
    root = _root(body)
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise ValueError("not a sitemap")
    links = []
    bad_entries = bad_dates = 0
    for entry in root.iterchildren(etree.Element):
        fields = _entry_fields(entry)
        url = fields.get("loc")
        if url is None or not _is_http_url(url):
            bad_entries += 1
            continue
        published = normalise_date(fields.get("publication_date"))
        modified = normalise_date(fields.get("lastmod"))
        if "publication_date" in fields and published is None:
            bad_dates += 1
        if "lastmod" in fields and modified is None:
            bad_dates += 1
        links.append(Link(url=url, published=published, modified=modified))
    return Sitemap(
        is_index=_local(root.tag) == "sitemapindex",
        links=links,
        bad_entries=bad_entries,
        bad_dates=bad_dates,
    )


def _entry_fields(entry: etree._Element) -> dict[str, str]:
    """The entry's ``loc``, ``lastmod`` and ``news:publication_date``: the first of each
    that has text, stripped."""
    fields: dict[str, str] = {}
    for child in entry.iter(etree.Element):
        name = _local(child.tag)
        # loc and lastmod are the entry's own: an image's image:loc is not the page's URL.
        own = name in ("loc", "lastmod") and child.getparent() is entry
        text = (child.text or "").strip()
        if text and (own or name == "publication_date"):
            fields.setdefault(name, text)
    return fields


def parse_rss(body: bytes) -> Feed:
    """The links of an RSS 2.0, RSS 1.0 or Atom feed's items, dated by their first readable
    ``pubDate``, ``published``, ``updated`` or ``dc:date``. Raises ValueError when the
    document is no feed."""
    root = _root(body)
    if root is None or _local(root.tag) not in ("rss", "feed", "RDF"):
        raise ValueError("not an RSS or Atom feed")
    links = []
    bad_entries = bad_dates = 0
    for item in root.iter("{*}item", "{*}entry"):
        url = published = None
        dropped = 0
        for child in item.iterchildren(etree.Element):
            name = _local(child.tag)
            if name == "link":
                url = url or (child.text or "").strip() or (child.get("href") or "").strip()
            elif name in _FEED_DATES and published is None and (child.text or "").strip():
                published = normalise_date(child.text)
                if published is None:
                    dropped += 1
        if not url or not _is_http_url(url):
            bad_entries += 1
            continue
        bad_dates += dropped
        links.append(Link(url=url, published=published))
    return Feed(links=links, bad_entries=bad_entries, bad_dates=bad_dates)


def _root(body: bytes) -> etree._Element | None:
    """The document's root, its bytes read in the encoding they are in (newsbot.charsets,
    as a page's are): a URL in UTF-8 in a document that declares ISO-8859-1, or the
    reverse, is read as its bytes say, not as mojibake or U+FFFD that no server knows."""
    body = body.strip()
    if not body:
        return None
    parser = _PARSER  # which reads the document's byte-order mark and declaration
    if charsets.page_encoding(body) == charsets.UTF8:
        parser = _UTF8_PARSER
        if not body.isascii() and not charsets.is_utf8(body):
            body = charsets.decode(body, charsets.UTF8).encode(charsets.UTF8)
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return None


def _is_http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http or https URL with a host, fit to request."""
    if _NOT_IN_URL.search(url):
        return False
    try:
        # ValueError: from urlsplit for an IPv6 address left open ("http://[::1/a"), from
        # .port for a port that is no number or out of range ("http://x:99999/").
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host)
