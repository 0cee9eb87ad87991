"""Where each field sits in The Independent's pages, from the 2007 Escenic pages to today's.

Metadata comes from JSON-LD first, then meta tags, then the visible page; the text from the
body's paragraphs. Hashed class names (``sc-qOiPt``) change between builds of the site, so
selectors use ids, stable class names and ``data-`` attributes only. Each selector notes the
layout generation it was seen in (the pages of ``shared/corpus``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from newsbot.cleaning import normalise_whitespace
from newsbot.dates import has_time, most_precise, normalise_date
from newsbot.items import Article, Author, BlogPosting, Image, Metadata
from newsbot.parsers.html import (
    ARTICLE_TYPES,
    css,
    first_found,
    first_text,
    first_value,
    json_ld,
    meta_tags,
    paragraphs,
    types_of,
)
from newsbot.posts import latest_update
from newsbot.sites.independent import ARTICLE_NUMBER, article_id
from newsbot.sites.independent.liveblog import Post, read_live_blog
from newsbot.sites.independent.urls import HOSTS

EXTRACTOR = "independent-page-v1"

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
    # image, video and gallery widgets (their titles and slides inside), the tag list, a
    # single "Read more" card (2015-17)
    "dnd-widget-wrapper inline-pipes-list inline-block-related-single "
    # an embedded gallery's link, an image with its caption inside a paragraph (2012-15)
    "esi-gallery inline-image inLineImageCaption".split()
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
    if tag in LINK_BLOCK_TAGS and _links_only(element):
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


# Blocks that may be a list of links to other articles rather than text: "Read more:" and
# its links in an h5 (2015), or a paragraph that is one link to another article, the
# headline of a related story (2012-17).
LINK_BLOCK_TAGS = frozenset("p h2 h3 h4 h5 h6".split())
_LINK_LABEL = re.compile(
    r"\s*(?:read more|more on this story|related(?: articles?)?)\s*:?\s*", re.I
)
_SEPARATORS = " \t\r\n|,•/"  # between the links of a list


def _links_only(element: etree._Element) -> bool:
    """Whether the block holds nothing but links to articles of the site, perhaps after a
    label ("Read more:"), with line breaks or separators between them."""
    if not len(element):  # no link in it: the common case, answered at once
        return False
    children = list(element)
    label = element.text or ""
    if not label.strip() and children[0].tag in ("strong", "b") and not len(children[0]):
        label = (children[0].text or "") + (children[0].tail or "")  # <b>Read more:</b>
        children = children[1:]
    if label.strip() and not _LINK_LABEL.fullmatch(label):
        return False
    links = 0
    for child in children:
        if child.tail and child.tail.strip(_SEPARATORS):
            return False
        if child.tag == "a" and ARTICLE_NUMBER.search(child.get("href", "").split("?")[0]):
            links += 1
        elif child.tag != "br":
            return False
    return links > 0


@dataclass(frozen=True, slots=True)
class Layout:
    """Where one layout generation of the site puts each field (compiled CSS queries)."""

    name: str
    """The generation's name, the record's ``metadata.layout``."""
    body: etree.XPath
    """The body container(s): the text is read from these alone."""
    headline: etree.XPath
    """The visible headline, where the JSON-LD gives none."""
    standfirst: tuple[etree.XPath, ...]
    """The standfirst, where the JSON-LD gives none: the first that finds a text."""
    bylines: etree.XPath
    """Each person's name in the visible byline. What follows a name in the same block, up
    to the next name, belongs to that person's byline: a role ("Political Editor"), a
    handle ("@andywoodcock"), a dateline ("in Sydney")."""
    not_text: etree.XPath | None = None
    """Run in each body container: furniture that ``is_not_text`` cannot tell by the element
    alone."""


# The generations: a page is read by the first whose body it has. The 2019 pages have the
# div#main of 2020-24 too, around their own body; the others come in any order. Each query
# runs on its generation's pages only, so it is as simple as those pages allow: a query that
# descends from a class walks the page again for each element of that class.
LAYOUTS = (
    Layout(
        "amp-2019",  # 2019 Drupal/AMP
        body=css("div.body-content"),
        headline=css("h1.headline"),
        standfirst=(css("h2.sub-headline + p"),),
        bylines=css("li.author"),
    ),
    Layout(
        "react-2020",  # 2020-24: p direct (2023-24), p in divs (2020), live-blog posts
        # (the div#main of the 2012-15 pages is the whole page, in div#main-container)
        body=etree.XPath("//div[@id='main'][not(parent::div[@id='main-container'])]"),
        headline=css("header#articleHeader h1"),
        standfirst=(css("header#articleHeader h2 + p"),),  # the p after an empty h2
        bylines=css("header#articleHeader a[href*='/author/']"),
        not_text=etree.XPath(
            # the video player above the text, with its title beside it ("Related video:
            # …", or the title alone): the block around the player, popout (2020-22) or
            # hero (2023-24)
            ".//*[@id='indy-top-container-wrapper' or @id='video_holder'"
            " or contains(concat(' ', @class, ' '), ' video-top-container ')"
            " or (self::figure and contains(concat(' ', @class, ' '), ' video-hero '))]/.."
        ),
    ),
    Layout(
        "drupal-2015",  # 2015-19 Drupal
        body=css("div[itemprop=articleBody]"),  # div.text-wrapper
        headline=css("h1[itemprop=headline]"),
        # (on the 2012-15 pages, div.intro is a teaser for another article)
        standfirst=(css("article.full-article div.intro"),),
        bylines=css("li.author"),
    ),
    Layout(
        "viziwyg-2012",  # 2012-15 "viziwyg" widget CMS: the text over widgets
        body=css("div.widget.storyContent.articleContent"),
        headline=css("h1.title"),
        standfirst=(
            css("div.storyContent.strapLine"),  # (div.strapLine.gotocomments is a link)
            # h3.subtitle > p as written, which the HTML parser reads as h3.subtitle + p;
            # the p is blank on pages without a standfirst
            css("h3.subtitle, h3.subtitle + p"),
        ),
        bylines=css("span.authorName"),  # div.byline span.authorName
    ),
    Layout(
        "escenic-2007",  # 2007-08 Escenic
        body=css("div#bodyCopyContent"),
        headline=css("div.article div.news > h1"),
        standfirst=(css("div.article div.news > h2"),),
        bylines=css("div.article div.news > h3"),  # "By Julian Linden in Sydney"
    ),
)
# A page of no known generation (read by the fallback extractor): every generation's
# queries, in order.
H1 = css("h1")
ANY_HEADLINE = (*(layout.headline for layout in LAYOUTS), H1)
ANY_STANDFIRST = tuple(query for layout in LAYOUTS for query in layout.standfirst)
ANY_BYLINES = tuple(layout.bylines for layout in LAYOUTS)

# In the head, where the parser puts it: no walk of the whole page.
CANONICAL = etree.XPath("/html/head/link[@rel='canonical']/@href", smart_strings=False)
LANGUAGE = etree.XPath("/html/@lang", smart_strings=False)
PREMIUM = css("article::attr(data-is-premium)")  # "true" behind the paywall (2019-24)

# An author's page on the site: /author/jane-doe (2015-24), /biography/jane-doe (2012-15).
AUTHOR_PAGE = re.compile(r"/(?:author|biography)/[^/?#]")
# A meta tag's list of names: "Mythili Sampathkumar, Clark Mindock, Sarah Harvard".
_NAME_LIST = re.compile(r"\s*[,;&]\s*|\s+and\s+")
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
    # The article's object: a live blog's NewsArticle before its LiveBlogPosting, whichever
    # the page gives first.
    articles = [o for o in objects if types_of(o) & ARTICLE_TYPES]
    article = next((o for o in articles if "LiveBlogPosting" not in types_of(o)), None)
    article = article or (articles[0] if articles else {})
    meta = meta_tags(selector)

    def first_meta(*names: str) -> str | None:
        return next((meta[name][0] for name in names if name in meta), None)

    canonical = first_value(selector.root, CANONICAL) or first_meta("og:url")
    layout, body, posts = body_paragraphs(selector, canonical or url)
    metadata.layout = layout.name if layout else None
    # A live blog has a LiveBlogPosting beside its NewsArticle: its headline is the visible
    # one, its datePublished when the blog began (the NewsArticle's is its last update).
    blog = next((o for o in objects if "LiveBlogPosting" in types_of(o)), {})
    given = [h for h in (_string(blog.get("headline")), _string(article.get("headline"))) if h]
    # The headline readers see (the layout's h1), else the metadata's.
    headline = (
        (first_text(selector.root, (layout.headline,)) if layout else None)
        or (given[0] if given else None)
        or first_text(selector.root, (H1,) if layout else ANY_HEADLINE)
        or first_meta("icx_headline", "og:title")
        or ""
    )
    times = sorted(post.datePublished for post in posts if post.datePublished)
    found = Article(
        id=article_id(canonical or url),
        url=url,
        canonicalUrl=canonical,
        headline=headline,
        alternativeHeadline=next((h for h in given if h != headline), None),
        description=_string(article.get("description"))
        or first_text(selector.root, layout.standfirst if layout else ANY_STANDFIRST)
        or _unless_lead(
            # With two description tags (2012), the first is the section's blurb.
            meta["description"][-1]
            if "description" in meta
            else first_meta("og:description", "icx_deckheader"),
            headline,
            body,
        ),
        articleBody="\n".join(body),
        authors=_authors(
            article,
            selector,
            meta,
            base=canonical or url,
            names=(layout.bylines,) if layout else ANY_BYLINES,
        ),
        agencies=agencies_credited(article),
        datePublished=_date(
            blog.get("datePublished") or article.get("datePublished"),
            first_meta("article:published_time", "datepublished", "date"),
            first_meta("icx_pubdate"),  # 2007-08: "10 January 2008"
        ),
        dateModified=_date(
            article.get("dateModified"),
            first_meta("article:modified_time", "og:updated_time", "datemodified"),
        ),
        articleSection=_string(article.get("articleSection"))
        or first_meta("article:subsection", "article:section", "icx_section"),
        keywords=[] if "icx_headline" in meta else _keywords(meta),
        inLanguage=_string(article.get("inLanguage")) or _language(selector, meta),
        mainImage=_image(article.get("image"), first_meta("og:image")),
        isAccessibleForFree=_free(article.get("isAccessibleForFree"), selector),
        liveBlogUpdate=posts,
        coverageStartTime=_time(blog.get("coverageStartTime")) or (times[0] if times else None),
        coverageEndTime=_time(blog.get("coverageEndTime")) or (times[-1] if times else None),
        metadata=metadata,
    )
    if posts:
        found.dateModified = latest_update(found)
    return found


def body_paragraphs(
    selector: Selector, base: str
) -> tuple[Layout | None, list[str], list[BlogPosting]]:
    """The layout generation whose body the page has (None if none), the article's
    paragraphs in page order (the body's text blocks, furniture boxes left out), and a live
    blog's posts (newsbot.sites.independent.liveblog), their permalinks on ``base``."""
    for layout in LAYOUTS:
        containers = layout.body(selector.root)
        if containers:
            query = layout.not_text
            skip = (
                {found for container in containers for found in query(container)}
                if query
                else set()
            )
            skip.difference_update(containers)  # a block around a video may be the body
            blog = read_live_blog(containers, base)
            if blog is None:
                return layout, paragraphs(containers, skip, is_not_text), []
            skip |= blog.not_text
            spans = {post.element: [0, 0] for post in blog.posts}
            body = paragraphs(containers, skip, is_not_text, spans)
            return (
                layout,
                body,
                [_posting(post, body[slice(*spans[post.element])]) for post in blog.posts],
            )
    return None, [], []


def _posting(post: Post, text: list[str]) -> BlogPosting:
    """A post of a live blog with its text: what the body gave inside the post, its title
    first where it has one."""
    title = post.title
    if title and text and text[0] == title:
        text = text[1:]
    elif text and title:  # a title that is no paragraph of its own is none
        title = None
    return BlogPosting(
        id=post.id,
        datePublished=post.published,
        headline=title,
        paragraphs=text,
        authors=post.authors,
        url=post.url,
    )


def _string(value: Any) -> str | None:
    """A JSON-LD text value; the site writes HTML entities in it (``dancing&nbsp;``)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    return normalise_whitespace(html.unescape(value)) or None


def visible_bylines(
    selector: Selector, base: str, queries: tuple[etree.XPath, ...]
) -> list[Author]:
    """Each person's byline as the page prints it (``nameRaw``, role, handle and dateline
    included), with the author page it links, made absolute against ``base``; the names are
    what the first of ``queries`` to find any finds."""
    names = first_found(selector.root, queries)
    starts = set(names)
    bylines: list[tuple[list[str], str | None]] = []
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
                page = _author_page(part)
                bylines.append(([text], _absolute(page, base) if page else None))
                # A name in a link or list item runs on into its role and handle; a name
                # that is a heading of its own (2007-08) is the whole byline.
                gathering = part.tag in ("a", "li", "span")
            elif bylines and gathering:
                bylines[-1][0].append(text)
    return [
        Author(name=" ".join(parts), nameRaw=" ".join(parts), url=url) for parts, url in bylines
    ]


def _author_page(name: etree._Element) -> str | None:
    """The author page a byline's name links: the name is the link (2020-24), is inside it
    (2012-15: ``a > span.authorName``) or holds it (2015-19: ``li.author a``)."""
    links = (name, *name.iterancestors("a"), *name.iterdescendants("a"))
    for link in links:
        href = link.get("href", "") if link.tag == "a" else ""
        if AUTHOR_PAGE.search(href):
            return href.strip()
    return None


def _absolute(link: str, base: str) -> str:
    """A link of the page as an absolute URL: against the page's URL, or the site's for a
    saved page (a file:// URI is no base for "/author/jane-doe")."""
    if not base.startswith(("http://", "https://")):
        base = f"https://{HOSTS[0]}/"
    return urljoin(base, link)


def _child_of(block: etree._Element, node: etree._Element | None) -> etree._Element | None:
    """The child of ``block`` that holds ``node`` (None if it is not inside ``block``)."""
    while node is not None and node.getparent() is not block:
        node = node.getparent()
    return node


def _authors(
    article: dict[str, Any],
    selector: Selector,
    meta: dict[str, list[str]],
    *,
    base: str,
    names: tuple[etree.XPath, ...],
) -> list[Author]:
    """People from JSON-LD, else the meta tag, else the visible byline; but the meta tag's
    list ("A, B, C") or the visible byline where it names more people, those of the JSON-LD
    among them (a live blog's JSON-LD names one of its writers).

    ``nameRaw`` is the person's visible byline where the page prints one that starts with
    their name, else the name as the metadata gives it; ``url`` the author page that the
    JSON-LD, the visible byline or (for a page crediting one person, 2012-14) the
    ``article:author`` tag gives. Names are normalised later, by the bylines pipeline.
    """
    printed = visible_bylines(selector, base, names)

    def author(name: str, url: str | None) -> Author:
        folded = name.casefold()
        byline = next((b for b in printed if b.nameRaw.casefold().startswith(folded)), None)
        if byline is None:
            return Author(name=name, nameRaw=name, url=url)
        return Author(name=name, nameRaw=byline.nameRaw, url=url or byline.url)

    authors = [
        author(name, _string(person.get("url")))
        for person, name in _credited(article)
        if "Organization" not in types_of(person)
    ]
    meta_name = next((meta[n][0] for n in ("article:author_name", "icx_byline") if n in meta), None)
    listed = [name for name in _NAME_LIST.split(meta_name) if name] if meta_name else []
    if not authors and meta_name:
        authors = (
            [author(name, None) for name in listed]
            if len(listed) > 1
            else [author(meta_name, None)]
        )
    if not authors:
        authors = printed
    urls = {a.name.casefold(): a.url for a in authors}
    if len(listed) > len(authors) and urls.keys() <= {n.casefold() for n in listed}:
        authors = [author(name, urls.get(name.casefold())) for name in listed if name]
    elif len(printed) > len(authors) and all(
        any(b.nameRaw.casefold().startswith(name) for b in printed) for name in urls
    ):
        authors = printed
    tagged = [url for url in meta.get("article:author", []) if AUTHOR_PAGE.search(url)]
    if len(authors) == 1 and len(tagged) == 1 and authors[0].url is None:
        authors[0].url = _absolute(tagged[0], base)
    return authors


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


def _date(*values: Any) -> str | None:
    """The most precise of the page's dates for one field (newsbot.dates), JSON-LD first."""
    return most_precise(*(normalise_date(_string(value)) for value in values))


def _time(value: Any) -> str | None:
    """A date-time of the page's metadata with its offset; None for a date alone."""
    found = normalise_date(_string(value))
    return found if found and has_time(found) else None


def _keywords(meta: dict[str, list[str]]) -> list[str]:
    """The article's own tags (``article:tag``), else the keywords tag: on pages with both,
    the keywords add the section's words ("Business News, Business, News", 2015-17) or are
    the section's alone ("Health News, Healthy Living", 2012)."""
    if "article:tag" in meta:
        words = meta["article:tag"]
    else:
        words = [w.strip() for w in meta.get("keywords", [""])[0].split(",")]
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
