"""Where a live blog's posts and pager sit in The Independent's pages.

Every generation marks a post the same way: a ``div`` with the id ``post-NNN``, its time in
``data-sort-time`` (milliseconds since the epoch, UTC) and a permalink ``a href="#post-NNN"``
at its top. What differs is the rest:

- 2018 AMP (``amp-live-list``, ``div.lb-item``): the text in ``div.content``, no title, the
  author in ``div.post-footer li.author-name``;
- 2023-24 react (``amp-live-list`` in 2023, the page itself in 2024): the title in an ``h3``
  first in the post's text block, the author in the first ``span`` of a footer ``div`` that
  holds no paragraph.

A long blog is split into pages, ``?page=2`` and on, linked from a pager ("1 2 3 4",
"Next"; "Newer", "Older"): the pager is no text, its links say which pages there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from newsbot.cleaning import normalise_whitespace
from newsbot.dates import format_datetime, has_time, normalise_date
from newsbot.items import Author

POSTS = etree.XPath(".//div[starts-with(@id, 'post-')]")
_POST_ID = re.compile(r"post-\d+")
# No live blog is older than the web's live blogs (the site's earliest are of 2010).
_FIRST_POST = datetime(2005, 1, 1, tzinfo=UTC)
# The post's title: a heading first in its text block that links nowhere (a linked heading
# is a card for another article).
_TITLE = etree.XPath(
    "(./div/*[1][self::h3 or self::h2][not(.//a[@href])] | ./*[1][self::h3 or self::h2]"
    "[not(.//a[@href])])[1]"
)
_FOOTER_2018 = etree.XPath(".//div[contains(concat(' ', @class, ' '), ' post-footer ')]")
_AUTHOR_2018 = etree.XPath(".//li[contains(concat(' ', @class, ' '), ' author-name ')]")
# 2023-24: a block of the post with no text in it (its author and time).
_FOOTER_REACT = etree.XPath("./div[not(.//p) and not(.//h3) and not(.//h2)][.//span]")
_FOOTER_NAME = etree.XPath("(.//span)[1]")
_PERMALINK = etree.XPath(".//a[starts-with(@href, '#post-')]/@href", smart_strings=False)
_STAMP = etree.XPath(".//time/@datetime | .//amp-timeago/@datetime", smart_strings=False)
# Cards for other articles inside a post: a linked heading with its teaser (2023-24), or a
# link around a heading.
_CARDS = etree.XPath(".//div[h3/a[@href] or h2/a[@href]] | .//a[@href][.//h3 or .//h2]")
_READ_MORE = re.compile(r"read more\W*", re.I)

# The pager: links to the blog's pages, ``?page=N``.
_PAGE_LINKS = etree.XPath(".//a[contains(@href, 'page=')]")
_PAGE_NUMBER = re.compile(r"(?:^|[?&])page=(\d{1,4})(?:&|$)")
_LIST_PAGE = etree.XPath("string(//amp-live-list/@data-page)")
_CANONICAL = etree.XPath("/html/head/link[@rel='canonical']/@href", smart_strings=False)
_CURRENT = etree.XPath("//*[@aria-current='page']/text()", smart_strings=False)
_TEXT_INSIDE = etree.XPath("boolean(.//p or .//h3 or .//h2)")


@dataclass(slots=True)
class Post:
    """A post as the page holds it, before its text is read with the rest of the body."""

    element: etree._Element
    id: str
    published: str | None
    title: str | None
    authors: list[Author]
    url: str | None


@dataclass(slots=True)
class LiveBlog:
    """What the page parser needs of a live blog: its posts, and what is not text in it."""

    posts: list[Post] = field(default_factory=list)
    not_text: set[etree._Element] = field(default_factory=set)
    """The posts' footers and cards, and the pager."""


def read_live_blog(containers: list[etree._Element], base: str) -> LiveBlog | None:
    """The live blog in the body ``containers``, None when they hold no post. ``base`` is
    the article's URL, for the posts' permalinks."""
    found = [post for container in containers for post in POSTS(container)]
    if not found:
        return None
    inside = set(found)
    ids: set[str] = set()
    blog = LiveBlog()
    for element in found:
        if any(ancestor in inside for ancestor in element.iterancestors()):
            continue  # a post within a post is part of it
        post_id = element.get("id", "")
        if not _POST_ID.fullmatch(post_id):
            continue
        if post_id in ids:  # printed twice on the page (a pinned post): once
            blog.not_text.add(element)
            continue
        ids.add(post_id)
        footers = _FOOTER_2018(element) or _FOOTER_REACT(element)
        blog.not_text.update(footers)
        for card in _CARDS(element):
            blog.not_text.add(card)
            label = card.getprevious()  # a post's own "Read more..." before the card
            if label is not None and _READ_MORE.fullmatch(" ".join(label.itertext()).strip()):
                blog.not_text.add(label)
        title = _TITLE(element)
        # (its text run together, as the body's paragraphs are read)
        title_text = normalise_whitespace("".join(title[0].itertext())) if title else ""
        links = _PERMALINK(element)
        blog.posts.append(
            Post(
                element=element,
                id=post_id,
                published=_post_time(element),
                title=title_text or None,
                authors=_post_authors(footers),
                url=urljoin(_without_page(base), links[0]) if links else None,
            )
        )
    blog.not_text.update(_pagers(containers, inside))
    return blog if blog.posts else None


def _post_time(post: etree._Element) -> str | None:
    """The post's time, in UTC: ``data-sort-time`` (milliseconds) where it is a time the
    blog can have (after the site began, before tomorrow), else the first time stamp in the
    post that has a time and a zone. None rather than a day alone: a post is a moment."""
    sort_time = post.get("data-sort-time", "")
    if sort_time.isdigit() and 12 <= len(sort_time) <= 13:  # 2001-09-09 to 2286-11-20
        moment = datetime.fromtimestamp(int(sort_time) / 1000, UTC)
        if _FIRST_POST <= moment <= datetime.now(UTC) + timedelta(days=1):
            return format_datetime(moment)
    for stamp in _STAMP(post):
        found = normalise_date(stamp)
        if found and has_time(found):
            return format_datetime(datetime.fromisoformat(found).astimezone(UTC))
    return None


def _post_authors(footers: list[etree._Element]) -> list[Author]:
    names: list[str] = []
    for footer in footers:
        for node in _AUTHOR_2018(footer) or _FOOTER_NAME(footer):
            name = normalise_whitespace(" ".join(node.itertext()))
            if name and not any(ch.isdigit() for ch in name) and name not in names:
                names.append(name)
    return [Author(name=name, nameRaw=name) for name in names]


def _pagers(containers: list[etree._Element], posts: set[etree._Element]) -> set[etree._Element]:
    """The pager blocks: around each link to a page of the blog, the largest block that
    holds no post and no text of its own, short of the body itself. Each block is looked
    at once, however many links it holds."""
    found: set[etree._Element] = set()
    stops = set(containers)
    ends: dict[etree._Element, bool] = {}  # a block: whether a pager cannot grow into it

    def ends_pager(parent: etree._Element | None) -> bool:
        if parent is None:
            return True
        if parent not in ends:
            ends[parent] = (
                parent in stops
                or parent in posts
                or parent.tag == "amp-live-list"
                or bool(_TEXT_INSIDE(parent))
                or any(post in posts for post in parent.iterdescendants("div"))
            )
        return ends[parent]

    for container in containers:
        for link in _PAGE_LINKS(container):
            if not _PAGE_NUMBER.search(urlsplit(link.get("href", "")).query):
                continue
            block = link
            while not ends_pager(block.getparent()):
                block = block.getparent()
            found.add(block)
    return found


def page_links(root: etree._Element, url: str) -> tuple[int, dict[int, str]]:
    """The page of the blog that ``root`` is (1 unless its URL, its canonical URL, its
    live list or its pager says another) and the pages its pager links, by number:
    absolute URLs of the same article, without their fragment."""
    canonical = _CANONICAL(root)
    own = _PAGE_NUMBER.search(urlsplit(url).query) or (
        _PAGE_NUMBER.search(urlsplit(canonical[0]).query) if canonical else None
    )
    # Else the live list's page (2018), or the page the pager marks as the current one.
    listed = _LIST_PAGE(root) or next(
        (n for n in (normalise_whitespace(t) for t in _CURRENT(root)) if n.isdigit()), ""
    )
    current = int(own[1]) if own else int(listed) if listed.isdigit() else 1
    article = urlsplit(_without_page(url))
    pages: dict[int, str] = {}
    for link in _PAGE_LINKS(root):
        target = urlsplit(urljoin(url, link.get("href", "").strip()))
        number = _PAGE_NUMBER.search(target.query)
        if not number or (target.netloc, target.path) != (article.netloc, article.path):
            continue
        page = int(number[1])
        if page != current and page > 0:
            pages.setdefault(page, urlunsplit(target._replace(fragment="")))
    return current, pages


def _without_page(url: str) -> str:
    """The article's URL without a page of its blog, a query or a fragment."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query="", fragment=""))
