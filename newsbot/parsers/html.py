"""Reading any news page: JSON-LD, meta tags, and the paragraphs of a block of HTML.

Pure functions over a parsel Selector or lxml elements (and ``page_selector`` and
``page_text``, which read a fetched or saved page's bytes); a site's page parser says where to
look, these say how to read what is there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

import lxml.html
from lxml import etree
from parsel import Selector
from parsel.csstranslator import css2xpath
from scrapy.http import TextResponse

from newsbot import charsets
from newsbot.cleaning import normalise_whitespace, without_surrogates

# Elements that start a new paragraph; the text of everything else runs on inline.
BLOCK_TAGS = frozenset(
    """address article aside blockquote dd div dl dt figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul
    amp-live-list""".split()
)
# Elements whose text is never article text.
SKIPPED_TAGS = frozenset("script style noscript template button svg iframe select".split())

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
     "LiveBlogPosting", "BlogPosting", "WebPage"}
)  # fmt: skip


def page_selector(response: TextResponse) -> Selector:
    """The page's selector, parsed from its bytes in the encoding they are in
    (newsbot.charsets: the declaration checked against the bytes).

    ``response.selector`` decodes the page to text, which parsel encodes back to UTF-8 for
    lxml: about a third of the parse time again. From the bytes, lxml reads UTF-8 pages as
    they are, and other encodings are decoded. A page that is UTF-8 but for some bytes is
    decoded, those bytes read as Windows-1252 (parsel would make each a U+FFFD).
    """
    body, url = response.body, response.url
    encoding = charsets.page_encoding(body, _content_type(response))
    if encoding != charsets.UTF8:
        return Selector(body=body, encoding=encoding, type="html", base_url=url)
    root = _utf8_root(body, url)
    if root is None:
        return Selector(text=charsets.decode(body, encoding), type="html", base_url=url)
    return Selector(root=root, type="html", base_url=url)


# What lxml reports for bytes that are not UTF-8 (parsel.selector tells them so too).
_NOT_UTF8 = frozenset({etree.ErrorTypes.ERR_INVALID_CHAR, etree.ErrorTypes.ERR_INVALID_ENCODING})


def _utf8_root(body: bytes, url: str) -> etree._Element | None:
    """lxml's tree of a page's UTF-8 bytes; None when they are not UTF-8 throughout.

    lxml checks the bytes as it parses them, so a UTF-8 page needs no check of its own (a
    decode of every page would add about 3% to its parse). Otherwise as parsel's
    ``create_root_node`` builds a tree from UTF-8 bytes, which ``Selector(body=...)`` calls.
    """
    parser = lxml.html.HTMLParser(recover=True, encoding=charsets.UTF8, huge_tree=True)
    try:
        root = etree.fromstring(
            body.replace(b"\x00", b"").strip() or b"<html/>", parser, base_url=url
        )
    except etree.XMLSyntaxError:
        if not _not_utf8(parser):
            raise
        return None
    if _not_utf8(parser):
        return None
    return root if root is not None else etree.fromstring(b"<html/>", parser, base_url=url)


def _not_utf8(parser: etree.HTMLParser) -> bool:
    return any(error.type in _NOT_UTF8 for error in parser.error_log)


def page_text(response: TextResponse) -> str:
    """The page's text, decoded as ``page_selector`` reads it (``response.text`` would
    believe the declaration)."""
    body = response.body
    return charsets.decode(body, charsets.page_encoding(body, _content_type(response)))


def _content_type(response: TextResponse) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None


# A JSON escape of a UTF-16 surrogate; json.loads makes a lone one a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_JSON_LD = etree.XPath('//script[@type="application/ld+json"]/text()', smart_strings=False)


def json_ld(selector: Selector) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, ``@graph`` and lists flattened; bad blocks ignored.
    Control characters written raw inside a string (a tab, a line break) are read.

    A block nested deeper than Python's recursion limit (``[[[[...]]]]``) is a bad block too:
    json.loads raises RecursionError on it, in about a millisecond. Escaped surrogates come
    out as valid Unicode (newsbot.cleaning.without_surrogates).
    """
    objects: list[dict[str, Any]] = []
    for block in _JSON_LD(selector.root):
        try:
            data = json.loads(block, strict=False)
        except (ValueError, RecursionError):
            continue
        if _SURROGATE_ESCAPE.search(block):  # "\ud800": text no UTF-8 feed can carry
            data = without_surrogates(data)
        pending = data if isinstance(data, list) else [data]
        for item in pending:
            if isinstance(item, dict):
                graph = item.get("@graph")
                if isinstance(graph, list):
                    objects.extend(node for node in graph if isinstance(node, dict))
                else:
                    objects.append(item)
    return objects


def types_of(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    if isinstance(kind, list):
        return {str(k) for k in kind}
    return {str(kind)} if kind else set()


def meta_tags(selector: Selector) -> dict[str, list[str]]:
    """Meta tags by ``property``, ``name`` or ``itemprop``, lower-cased, values in page order.

    A tag whose value sits in ``value`` rather than ``content`` (as some saved copies have
    it) is read all the same.
    """
    tags: dict[str, list[str]] = {}
    # lxml's own iteration: a page has dozens of meta tags, and a Selector for each costs.
    for meta in selector.root.iter("meta"):
        attributes = meta.attrib
        key = attributes.get("property") or attributes.get("name") or attributes.get("itemprop")
        value = attributes.get("content") or attributes.get("value")
        if key and value and value.strip():
            tags.setdefault(key.strip().lower(), []).append(value.strip())
    return tags


def css(query: str) -> etree.XPath:
    """A CSS query compiled once, to run on lxml elements (no Selector for each match).

    Attribute values (``::attr(name)``) come back as plain strings.
    """
    return etree.XPath(css2xpath(query), smart_strings=False)


def first_found(root: etree._Element, queries: Iterable[etree.XPath]) -> list[etree._Element]:
    """The elements of the first compiled query that finds any (empty if none does)."""
    for query in queries:
        found = query(root)
        if found:
            return found
    return []


def first_text(root: etree._Element, queries: Iterable[etree.XPath]) -> str | None:
    """The whitespace-normalised text of the first compiled query that finds a non-empty
    element."""
    for query in queries:
        for node in query(root):
            text = normalise_whitespace(" ".join(node.itertext()))
            if text:
                return text
    return None


def first_value(root: etree._Element, query: etree.XPath) -> str | None:
    """The first string a compiled query finds (an attribute's value), or None."""
    found = query(root)
    return found[0] if found else None


def paragraphs(
    containers: Iterable[etree._Element],
    skip: set[etree._Element],
    is_not_text: Callable[[etree._Element], bool],
    spans: dict[etree._Element, list[int]] | None = None,
) -> list[str]:
    """The text of block elements under the containers, one paragraph per block.

    Elements in ``skip``, those ``is_not_text`` says hold no text (the containers
    themselves aside), and scripts, buttons and the like are left out with everything inside
    them; the text that follows them inside their parent is kept. Any depth of nesting is
    read; libxml2 itself, as parsel calls it (``huge_tree``), keeps 2,048 levels of a page and
    drops what is deeper, with the rest of the page after it.

    ``spans`` holds blocks (a live blog's posts) whose paragraphs the caller wants apart:
    each block's entry is set to ``[start, end]``, the slice of the result it gave.
    """
    found: list[str] = []
    for container in containers:
        buffer: list[str] = []
        _collect(container, skip, is_not_text, buffer, found, spans or {})
        _flush(buffer, found)
    return found


def _collect(
    container: etree._Element,
    skip: set[etree._Element],
    is_not_text: Callable[[etree._Element], bool],
    buffer: list[str],
    found: list[str],
    spans: dict[etree._Element, list[int]],
) -> None:
    """Adds the container's text to ``buffer``, and each block's to ``found`` as it closes.

    An explicit stack, not recursion: a page nested deeper than Python's recursion limit
    (1,000) is read like any other. Elements without children are read without a stack
    entry, which makes it a little faster than the recursive version it replaced.
    """
    tag = container.tag
    if not isinstance(tag, str) or tag in SKIPPED_TAGS or container in skip:
        return
    # The elements being read, outermost first: each with its children still to read and
    # whether it is a block.
    stack = [(container, iter(container), _open(container, buffer, found))]
    while stack:
        element, children, block = stack[-1]
        for child in children:
            tag = child.tag
            if (
                isinstance(tag, str)  # not a comment or a processing instruction
                and tag not in SKIPPED_TAGS
                and child not in skip
                and not is_not_text(child)
            ):
                child_block = _open(child, buffer, found)
                if spans and child in spans:
                    spans[child][:] = [len(found), len(found)]
                if len(child):  # its children come before its tail: read them first
                    stack.append((child, iter(child), child_block))
                    break
                if child_block:
                    _flush(buffer, found)
            if child.tail:
                buffer.append(child.tail)
        else:  # all its children read: the element closes, then its tail follows
            stack.pop()
            if block:
                _flush(buffer, found)
            if spans and element in spans:
                spans[element][1] = len(found)
            if stack and element.tail:
                buffer.append(element.tail)


def _open(element: etree._Element, buffer: list[str], found: list[str]) -> bool:
    """Starts reading an element: a block ends the paragraph before it. True for a block."""
    tag = element.tag
    block = tag in BLOCK_TAGS
    if block:
        _flush(buffer, found)
    if tag == "br":
        buffer.append(" ")
    if element.text:
        buffer.append(element.text)
    return block


def _flush(buffer: list[str], found: list[str]) -> None:
    """Ends a paragraph: its text, if it has a letter or a digit (a block of a glyph, "↵",
    or of separators is none)."""
    if buffer:
        text = normalise_whitespace("".join(buffer))
        if text and any(character.isalnum() for character in text):
            found.append(text)
        buffer.clear()
