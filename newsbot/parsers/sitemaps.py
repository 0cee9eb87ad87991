"""Reading discovery documents: sitemaps (news sitemaps included) and RSS feeds.

Scrapy's own sitemap reader drops a news sitemap's nested ``news:publication_date``, which
is what lets a frequent run fetch only recent articles; this one keeps it. Pure functions
over bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from lxml import etree

from newsbot.parsers.html import iso_datetime

# No network, no entities: a sitemap is data, not a document to resolve.
_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
)


@dataclass(frozen=True, slots=True)
class Link:
    """A URL a discovery document lists, with what it says of the page's dates."""

    url: str
    published: str | None = None
    """ISO 8601: ``news:publication_date`` of a news sitemap, ``pubDate`` of an RSS item."""
    modified: str | None = None
    """ISO 8601: the sitemap's ``lastmod``."""


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A sitemap: either an index of other sitemaps or a list of pages."""

    is_index: bool
    links: list[Link]


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(body: bytes) -> Sitemap:
    """The links of a sitemap or sitemap index. Raises ValueError when it is not one."""
    root = _root(body)
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise ValueError("not a sitemap")
    links = []
    for entry in root:
        fields: dict[str, str] = {}
        for child in entry.iter():
            name = _local(child.tag)
            if name in ("loc", "lastmod", "publication_date") and child.text:
                fields.setdefault(name, child.text.strip())
        if fields.get("loc"):
            links.append(
                Link(
                    url=fields["loc"],
                    published=_date(fields.get("publication_date")),
                    modified=_date(fields.get("lastmod")),
                )
            )
    return Sitemap(is_index=_local(root.tag) == "sitemapindex", links=links)


def parse_rss(body: bytes) -> list[Link]:
    """The items of an RSS 2.0 or Atom feed. Raises ValueError when it is neither."""
    root = _root(body)
    if root is None or _local(root.tag) not in ("rss", "feed", "RDF"):
        raise ValueError("not an RSS or Atom feed")
    links = []
    for item in root.iter("{*}item", "{*}entry"):
        url = published = None
        for child in item:
            name = _local(child.tag)
            if name == "link":
                url = url or (child.text or "").strip() or child.get("href")
            elif name in ("pubDate", "published", "updated", "date") and child.text:
                published = published or _date(child.text)
        if url:
            links.append(Link(url=url, published=published))
    return links


def _root(body: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(body.strip(), _PARSER) if body.strip() else None
    except etree.XMLSyntaxError:
        return None


def _date(value: str | None) -> str | None:
    """ISO 8601 from a sitemap's W3C date or an RSS RFC 822 date."""
    if not value:
        return None
    found = iso_datetime(value)
    if found:
        return found
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return None
