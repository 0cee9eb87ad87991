"""The feed record: one typed item for every article, whatever its source.

Field names follow schema.org NewsArticle and the Zyte Article item, so that downstream tools
read them without a mapping. Absent values are ``None`` or empty lists, never invented.
The schema is versioned by ``SCHEMA_VERSION``; bump it when a field changes meaning or goes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 1


@dataclass(slots=True)
class Author:
    """A person credited with the article."""

    name: str
    """The name normalised: no role, handle or dateline, in name case."""

    nameRaw: str
    """The byline as the source printed it."""

    url: str | None = None
    """The author's page on the site, when the source gives one."""


@dataclass(slots=True)
class Image:
    """The article's lead image."""

    url: str
    """Absolute URL of the image."""

    caption: str | None = None
    """The caption as printed, credit included."""


@dataclass(slots=True)
class Removal:
    """One piece of text that cleaning took out of the article."""

    rule: str
    """Name of the cleaning rule that matched, e.g. ``donation_appeal``."""

    text: str
    """What was removed. For ``whitespace``, a count of the characters taken out."""

    articles: int | None = None
    """For ``recurring``: in how many distinct articles the paragraph was found."""


@dataclass(slots=True, kw_only=True)
class Metadata:
    """How and when the record was made; not part of the article itself."""

    schemaVersion: int = SCHEMA_VERSION
    """Version of this record layout."""

    spider: str
    """Name of the spider that made the record, e.g. ``independent``."""

    source: str
    """``web`` for a fetched page, ``fixture`` for a local file."""

    dateDownloaded: str
    """When the page was fetched or the file read: ISO 8601 UTC, ``2026-11-23T08:00:00+00:00``."""

    extractor: str
    """What produced the text: ``text`` for the text layout, a parser name for pages."""

    contentHash: str | None = None
    """SHA-256 (hex) of headline, standfirst and body after cleaning: changes when the text does."""

    revision: int = 1
    """1 for the first record of an article, one higher for each changed version."""

    removed: list[Removal] = field(default_factory=list)
    """Everything cleaning took out, in the order it was found."""


@dataclass(slots=True, kw_only=True)
class Article:
    """A news article as the feed carries it: one JSON object per line."""

    id: str
    """Stable across runs for the same article, e.g. ``independent:b2651790``."""

    url: str
    """The URL fetched, after redirects; a ``file://`` URI for a local file."""

    canonicalUrl: str | None = None
    """The page's canonical URL."""

    headline: str
    """The headline as printed on the page, whitespace normalised."""

    description: str | None = None
    """The standfirst: the line under the headline that sums the article up."""

    articleBody: str
    """The text: paragraphs separated by a blank line (``\\n\\n``), furniture removed."""

    authors: list[Author] = field(default_factory=list)
    """People credited, in byline order; agencies are in ``agencies``."""

    agencies: list[str] = field(default_factory=list)
    """Wire agencies credited, e.g. ``Reuters``, ``PA``."""

    datePublished: str | None = None
    """ISO 8601 with a UTC offset, e.g. ``2024-11-22T08:49:59+00:00``."""

    dateModified: str | None = None
    """ISO 8601 with a UTC offset."""

    articleSection: str | None = None
    """The most specific section the site files the article under, e.g. ``World``."""

    keywords: list[str] = field(default_factory=list)
    """Topic tags as the site gives them, site-internal tags left out."""

    inLanguage: str | None = None
    """IETF language tag, e.g. ``en-GB``."""

    mainImage: Image | None = None
    """The lead image."""

    isAccessibleForFree: bool | None = None
    """False when the article sits behind the site's paywall."""

    wordCount: int = 0
    """Number of words in ``articleBody``."""

    metadata: Metadata
    """How the record was made."""
