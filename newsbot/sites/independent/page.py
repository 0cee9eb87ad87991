"""Where each field sits in The Independent's pages, from the 2007 Escenic pages to today's.

Metadata comes from JSON-LD first, then meta tags, then the visible page; the text from the
body's paragraphs. Hashed class names (``sc-qOiPt``) change between builds of the site, so
selectors use ids, stable class names and ``data-`` attributes only. Each selector notes the
layout generation it was seen in (the pages of ``shared/corpus``).
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

from lxml import etree
from parsel import Selector

from newsbot.cleaning import normalise_whitespace
from newsbot.items import Article, Author, Image, Metadata
from newsbot.parsers.html import (
    ARTICLE_TYPES,
    css,
    first_found,
    first_text,
    first_value,
    iso_datetime,
    json_ld,
    meta_tags,
    paragraphs,
    types_of,
)
from newsbot.sites.independent import article_id

EXTRACTOR = "independent-page-v1"

# The body, by layout generation, most specific first: the first that matches is taken.
BODY = tuple(
    map(css, (
    "div.body-content",  # 2019 Drupal/AMP: div.body-content > p
    "div.text-wrapper[itemprop=articleBody], div[itemprop=articleBody]",  # 2015-16 Drupal
    "div.widget.storyContent.articleContent",  # 2013-14 widget CMS: the text over widgets
    "div#bodyCopyContent",  # 2007-08 Escenic
    "div#main",  # 2020-24: p direct (2023-24), p wrapped in divs (2020), live-blog posts
    ))
)  # fmt: skip

# Inside the body, what is never article text (tested on each element as the text is read:
# one pass, where a CSS union would walk the body once per selector).
NOT_TEXT_TAGS = frozenset(
    # figures and captions, AMP images, lightboxes and timestamps, quizzes, navigation
    "figure figcaption amp-img amp-lightbox amp-timeago interaction nav".split()
)
NOT_TEXT_CLASSES = frozenset(
    # newsletter boxes, related links, prompts, galleries, video, ads (2019-24)
    "newsletter-component signup-comp related inline-related inline-block-related-list "
    "relatedlinkslist inline-prompt gallery-btn i-gallery video teads show-comments "
    "social-share "
    # image, video and gallery widgets, the tag list (2015-16)
    "dnd-widget-wrapper inline-pipes-list".split()
)
NOT_TEXT_IDS = frozenset("newsletter-component article-im-prompt partners comments".split())
# Ad slots (taboola), share buttons (gigya, 2015-16), "Click here to explore" (proximic, 2007-08).
NOT_TEXT_ID_PREFIXES = ("taboola", "gigya", "proximic")
NOT_TEXT_ATTRIBUTES = ("data-mpu", "data-mpu1")  # ad slots (2020-24)


def is_not_text(element: etree._Element) -> bool:
    """True for an element of the body that holds no article text, by NOT_TEXT_* above."""
    tag = element.tag
    if tag in NOT_TEXT_TAGS:
        return True
    attributes = element.attrib
    classes = attributes.get("class", "")
    if tag == "aside":  # related links, galleries, sidebars; key points (2023) are text
        return "js-key-points" not in classes.split()
    if tag == "a":  # a live-blog post's permalink and epoch time; "Reuse content" (2015)
        href = attributes.get("href", "")
        if href.startswith("#post-") or "/syndication/" in href:
            return True
    if classes and (
        classes.startswith("ad-wrapper") or not NOT_TEXT_CLASSES.isdisjoint(classes.split())
    ):
        return True
    element_id = attributes.get("id")
    if element_id and (element_id in NOT_TEXT_IDS or element_id.startswith(NOT_TEXT_ID_PREFIXES)):
        return True
    return attributes.get("data-component") == "Newsletter" or any(
        name in attributes for name in NOT_TEXT_ATTRIBUTES
    )


# Evaluated in each body container: the body is all the text is read from.
NOT_TEXT_XPATH = etree.XPath(
    # 2020-24: the video player above the text, with its title beside it
    ".//*[@id='indy-top-container-wrapper']/.."
    # live-blog posts (2023): the footer with the post's author and time has no p or h3,
    # and cards for other articles have a linked heading
    "|.//div[starts-with(@id, 'post-')]/div[not(.//p) and not(.//h3) and not(.//h2)]"
    "|.//div[starts-with(@id, 'post-')]//div[h3/a[@href] or h2/a[@href]]"
)

HEADLINE = tuple(
    map(css, (
    "header#articleHeader h1",  # 2020-24
    "h1.headline",  # 2019
    "h1[itemprop=headline]",  # 2015-16
    "div.storyContent h1.title",  # 2013-14
    "div.article div.news > h1",  # 2007-08
    "h1",
    ))
)  # fmt: skip

# The standfirst: the paragraph after the header's empty h2 (2019-24), or its own block.
STANDFIRST = tuple(
    map(css, (
    "header#articleHeader h2 + p",  # 2020-24
    "h2.sub-headline + p",  # 2019
    "article.full-article div.intro",  # 2015 (elsewhere on those pages div.intro is a teaser)
    "div.widget.storyContent.strapLine",  # 2013-14
    "div.article div.news > h2",  # 2007-08
    ))
)  # fmt: skip

CANONICAL = css("link[rel=canonical]::attr(href)")
LANGUAGE = etree.XPath("/html/@lang", smart_strings=False)
PREMIUM = css("article::attr(data-is-premium)")  # "true" behind the paywall (2019-24)

# The visible byline: each person's name, by layout generation. What follows a name in the
# same block, up to the next name, belongs to that person's byline: a role ("Political
# Editor"), a handle ("@andywoodcock"), a dateline ("in Sydney").
BYLINE_NAMES = tuple(
    map(css, (
    "header#articleHeader a[href*='/author/']",  # 2020-24
    "li.author",  # 2015-19
    "div.byline span.authorName",  # 2013-14
    "div.article div.news > h3",  # 2007-08: "By Julian Linden in Sydney"
    ))
)  # fmt: skip
# In the byline block, what is not the byline: dates, comment counts, templates.
NOT_BYLINE = css("#article-published-date, time, .publish-date, [class*=comment], amp-list, script")
_DATE_TEXT = re.compile(
    r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{4}\b"
)

# Site-internal tags in the keywords meta tag. (The 2007-08 pages' keywords tag repeats the
# headline, so those pages give no keywords.)
INTERNAL_KEYWORDS = frozenset({"internal"})


def parse_page(selector: Selector, *, url: str, metadata: Metadata) -> Article:
    """The raw fields of an article page; ``articleBody`` is empty when no body was found."""
    objects = json_ld(selector)
    article = next((o for o in objects if types_of(o) & ARTICLE_TYPES), {})
    meta = meta_tags(selector)

    def first_meta(*names: str) -> str | None:
        return next((meta[name][0] for name in names if name in meta), None)

    canonical = first_value(selector.root, CANONICAL) or first_meta("og:url")
    body = body_paragraphs(selector)
    headline = (
        _string(article.get("headline"))
        or first_text(selector.root, HEADLINE)
        or first_meta("icx_headline", "og:title")
        or ""
    )
    return Article(
        id=article_id(canonical or url),
        url=url,
        canonicalUrl=canonical,
        headline=headline,
        description=_string(article.get("description"))
        or first_text(selector.root, STANDFIRST)
        or _unless_lead(
            first_meta("description", "og:description", "icx_deckheader"), headline, body
        ),
        articleBody="\n".join(body),
        authors=_authors(article, selector, first_meta("article:author_name", "icx_byline")),
        agencies=agencies_credited(article),
        datePublished=iso_datetime(_string(article.get("datePublished")))
        or iso_datetime(first_meta("article:published_time", "datepublished", "date"))
        or _escenic_date(first_meta("icx_pubdate")),
        dateModified=iso_datetime(_string(article.get("dateModified")))
        or iso_datetime(first_meta("article:modified_time", "og:updated_time", "datemodified")),
        articleSection=_string(article.get("articleSection"))
        or first_meta("article:subsection", "article:section", "icx_section"),
        keywords=[] if "icx_headline" in meta else _keywords(meta),
        inLanguage=_string(article.get("inLanguage")) or _language(selector, meta),
        mainImage=_image(article.get("image"), first_meta("og:image")),
        isAccessibleForFree=_free(article.get("isAccessibleForFree"), selector),
        metadata=metadata,
    )


def body_paragraphs(selector: Selector) -> list[str]:
    """The article's paragraphs in page order: the body's text blocks, furniture boxes left out."""
    containers = first_found(selector.root, BODY)
    if not containers:
        return []
    skip = {element for container in containers for element in NOT_TEXT_XPATH(container)}
    return paragraphs(containers, skip, is_not_text)


def _string(value: Any) -> str | None:
    """A JSON-LD text value; the site writes HTML entities in it (``dancing&nbsp;``)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    return normalise_whitespace(html.unescape(value)) or None


def visible_bylines(selector: Selector) -> list[str]:
    """Each person's byline as the page prints it, role, handle and dateline included."""
    names = first_found(selector.root, BYLINE_NAMES)
    starts = set(names)
    bylines: list[list[str]] = []
    gathering = False
    for block in {name.getparent(): None for name in names}:
        # Children of the block that are, or hold, what is not the byline.
        not_byline = {_child_of(block, node) for node in NOT_BYLINE(block)}
        for part in block.iterchildren():
            if not isinstance(part.tag, str) or part in not_byline:
                continue
            text = normalise_whitespace(" ".join(part.itertext()))
            if not text or "{{" in text or _DATE_TEXT.search(text):
                continue
            if part in starts:
                bylines.append([text])
                # A name in a link or list item runs on into its role and handle; a name
                # that is a heading of its own (2007-08) is the whole byline.
                gathering = part.tag in ("a", "li", "span")
            elif bylines and gathering:
                bylines[-1].append(text)
    return [" ".join(parts) for parts in bylines]


def _child_of(block: etree._Element, node: etree._Element | None) -> etree._Element | None:
    """The child of ``block`` that holds ``node`` (None if it is not inside ``block``)."""
    while node is not None and node.getparent() is not block:
        node = node.getparent()
    return node


def _authors(article: dict[str, Any], selector: Selector, meta_name: str | None) -> list[Author]:
    """People from JSON-LD, else the meta tag, else the visible byline.

    ``nameRaw`` is the person's visible byline where the page prints one that starts with
    their name, else the name as the metadata gives it. Names are normalised later, by the
    bylines pipeline.
    """
    printed = visible_bylines(selector)

    def raw(name: str) -> str:
        folded = name.casefold()
        return next((b for b in printed if b.casefold().startswith(folded)), name)

    authors = [
        Author(name=name, nameRaw=raw(name), url=_string(person.get("url")))
        for person, name in _credited(article)
        if "Organization" not in types_of(person)
    ]
    if authors:
        return authors
    if meta_name:
        return [Author(name=meta_name, nameRaw=raw(meta_name))]
    return [Author(name=byline, nameRaw=byline) for byline in printed]


def _unless_lead(description: str | None, headline: str, body: list[str]) -> str | None:
    """A meta description, unless it only repeats the headline (2007-08) or the start of
    the first paragraph (2013-14)."""
    if not description or description == headline:
        return None
    if body and body[0].startswith(description.rstrip(" .…")):
        return None
    return description


def _credited(article: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """The JSON-LD ``author`` entries with their names: objects, lists of them, or strings."""
    found = article.get("author")
    entries = found if isinstance(found, list) else [found] if found else []
    credited = []
    for entry in entries:
        person = entry if isinstance(entry, dict) else {"name": entry}
        name = _string(person.get("name"))
        if name:
            credited.append((person, name))
    return credited


def agencies_credited(article: dict[str, Any]) -> list[str]:
    """Organizations among the JSON-LD authors (wire agencies, for the bylines pipeline)."""
    return [name for entry, name in _credited(article) if "Organization" in types_of(entry)]


def _keywords(meta: dict[str, list[str]]) -> list[str]:
    if "keywords" in meta:
        words = [w.strip() for w in meta["keywords"][0].split(",")]
    else:
        words = meta.get("article:tag", [])
    seen: dict[str, None] = {}
    for word in words:
        if word and word.lower() not in INTERNAL_KEYWORDS:
            seen.setdefault(word)
    return list(seen)


def _language(selector: Selector, meta: dict[str, list[str]]) -> str | None:
    locale = meta.get("og:locale", [None])[0]
    if locale:
        return locale.replace("_", "-")
    return first_value(selector.root, LANGUAGE)


def _image(value: Any, og_image: str | None) -> Image | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and isinstance(value.get("url"), str):
        return Image(url=value["url"], caption=_string(value.get("caption")))
    if isinstance(value, str) and value.strip():
        return Image(url=value.strip())
    return Image(url=og_image) if og_image else None


def _free(value: Any, selector: Selector) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    premium = first_value(selector.root, PREMIUM)
    if premium in ("true", "false"):
        return premium == "false"
    return None


def _escenic_date(value: str | None) -> str | None:
    """The 2007-08 pages' "10 January 2008" as an ISO date."""
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), "%d %B %Y").date().isoformat()
    except ValueError:
        return None
