"""The feed record: one typed item for every article, whatever its source.

Field names follow schema.org NewsArticle and the Zyte Article item, so that downstream tools
read them without a mapping. Absent values are ``None`` or empty lists, never invented.
The schema is versioned by ``SCHEMA_VERSION``; bump it when a field comes, changes meaning
or goes. ``schema/article.schema.json`` is the same schema as a JSON Schema, made from this
module by newsbot.schema (a test checks that the two agree).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

# 2: metadata.layout, authors[].dateline and the source "archive" are new; dates follow
# newsbot.dates (a date alone where the source gives no zone, where version 1 gave none).
# 3: a live blog's posts (liveBlogUpdate), coverageStartTime and coverageEndTime, and
# alternativeHeadline are new; headline is the visible headline where the page prints one.
SCHEMA_VERSION = 3

# What a date field holds, as newsbot.dates gives it.
DateTime = Annotated[str, "date-time"]
"""A date-time with its UTC offset: ``2024-11-22T08:49:59+00:00``."""
DateOrDateTime = Annotated[str, "date-or-date-time"]
"""A date-time with its UTC offset, or a date alone (``2012-01-12``) where the source gives
only a day or no zone."""


@dataclass(slots=True)
class Author:
    """A person credited with the article."""

    name: str
    """The name normalised: no role, handle or dateline, in name case."""

    nameRaw: str
    """The byline as the source printed it."""

    url: str | None = None
    """The author's page on the site, when the source gives one."""

    dateline: str | None = None
    """Where the byline says this person filed from: ``New York`` for "Jane Doe in New York"."""


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
class BlogPosting:
    """One post of a live blog (schema.org ``BlogPosting`` in ``liveBlogUpdate``)."""

    id: str
    """The post's id on the page, e.g. ``post-1288914``: stable across the blog's pages and
    revisions."""

    datePublished: DateTime | None = None
    """When the post was published, in UTC."""

    headline: str | None = None
    """The post's title, where it has one."""

    paragraphs: list[str] = field(default_factory=list)
    """The post's text, one paragraph an item, furniture removed as in ``articleBody``."""

    authors: list[Author] = field(default_factory=list)
    """Who signed the post, names normalised as the article's are."""

    url: str | None = None
    """The post's permalink: the article's URL with the post's anchor."""


@dataclass(slots=True, kw_only=True)
class Metadata:
    """How and when the record was made; not part of the article itself."""

    schemaVersion: int = SCHEMA_VERSION
    """Version of this record layout."""

    spider: str
    """Name of the spider that made the record, e.g. ``independent``."""

    source: Literal["web", "fixture", "archive"]
    """``web`` for a fetched page, ``fixture`` for a local file, ``archive`` for a page of a
    web archive (a WARC file), whose ``dateDownloaded`` is when it was captured."""

    dateDownloaded: DateTime
    """When the page was fetched or the file read, in UTC: ``2026-11-23T08:00:00+00:00``."""

    extractor: str
    """What produced the text: ``text`` for the text layout, a parser name for pages."""

    layout: str | None = None
    """The layout generation of the site the page parser recognised (``react-2020``,
    ``amp-2019``, ``drupal-2015``, ``viziwyg-2012``, ``escenic-2007`` for The Independent);
    null for text copies and for pages whose text the fallback extractor read."""

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
    """The headline as printed on the page (its visible ``h1``), whitespace normalised."""

    alternativeHeadline: str | None = None
    """The page's other headline (its metadata's, written for search engines), where it
    differs from ``headline``."""

    description: str | None = None
    """The standfirst: the line under the headline that sums the article up."""

    articleBody: str
    """The text: paragraphs separated by a blank line (``\\n\\n``), furniture removed. For a
    live blog, all of it in page order: the intro, the key points, every post (its title,
    then its text), and what follows the posts."""

    authors: list[Author] = field(default_factory=list)
    """People credited, in byline order; agencies are in ``agencies``."""

    agencies: list[str] = field(default_factory=list)
    """Wire agencies credited, e.g. ``Reuters``, ``PA``."""

    datePublished: DateOrDateTime | None = None
    """When the article was first published: ``2024-11-22T08:49:59+00:00``, or ``2012-01-12``
    where the source gives only the day (newsbot.dates says which)."""

    dateModified: DateOrDateTime | None = None
    """When the article was last changed, as ``datePublished``."""

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

    liveBlogUpdate: list[BlogPosting] = field(default_factory=list)
    """A live blog's posts, each once, in the order the blog shows them (newest first, as a
    rule), from every page of the blog that was read; empty for other articles."""

    coverageStartTime: DateTime | None = None
    """A live blog: when its coverage began (the page's own, else its first post's time)."""

    coverageEndTime: DateTime | None = None
    """A live blog: when its coverage ended (the page's own, else its latest post's time)."""

    metadata: Metadata
    """How the record was made."""
