"""Site knowledge, one package per publisher (``newsbot/sites/<site>/``): furniture phrases,
URLs, selectors, id rules, house credits. Each package describes itself in one ``Site``
(``newsbot/sites/<site>/site.py``: ``SITE``). A spider is named after its site; generic
components find the site's description by that name, with ``site(name)``.

A second publisher is one package here, with its ``SITE``, and a spider of a few lines in
``newsbot/spiders/`` (see ``newsbot/spiders/independent.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from newsbot.cleaning import Boilerplate

if TYPE_CHECKING:
    from newsbot.items import Article


@dataclass(frozen=True, slots=True)
class Site:
    """What the generic news spider and the item pipelines know of one publisher."""

    name: str
    """The spider's name and the prefix of the articles' ids: ``independent``."""
    hosts: tuple[str, ...]
    """The hosts the site answers at, exactly (newsbot.hosts); requests to others are not
    made."""
    archive_hosts: tuple[str, ...]
    """Hosts its older pages had, which it no longer answers at: their captures in a web
    archive are the site's too."""
    news_sitemap: str
    """Path of the news sitemap (the recent articles, with their publication dates)."""
    sitemap_index: str
    """Path of the sitemap index of the archive."""
    settings: str
    """Prefix of the site's settings: ``<PREFIX>_BASE_URL``, ``_RSS_FEEDS``, ``_SKIP_PATHS``."""
    article_id: Callable[[str], str]
    """A stable id of the article at a URL."""
    is_article: Callable[[str, re.Pattern[str]], bool]
    """Whether a URL is an article's page (and not one of the paths to skip)."""
    sitemap_month: Callable[[str], date | None]
    """The month a sitemap of the archive covers, from its URL; None if it does not say."""
    parse_page: Callable[..., Article]
    """Reads a page: ``parse_page(selector, url=..., metadata=...)``, a parsel Selector and
    the record's Metadata; ``articleBody`` is empty when it finds no body."""
    extractor: str
    """``metadata.extractor`` of the pages ``parse_page`` reads."""
    furniture: Boilerplate
    """The furniture rules cleaning applies to the text."""
    house_credits: frozenset[str]
    """Bylines that credit the site itself, not a person, casefolded."""
    blog_pages: Callable[[Any, str], tuple[int, dict[int, str]]] = lambda root, url: (1, {})
    """A live blog's pages: ``blog_pages(root, url)``, the page's lxml root and URL, gives
    the number of the page it is and the URLs of the others its pager links, by number
    (by default, every article is one page)."""


@cache
def site(name: str) -> Site:
    """The description of the site ``name``: ``SITE`` of ``newsbot/sites/<name>/site.py``."""
    found = import_module(f"newsbot.sites.{name}.site").SITE
    assert isinstance(found, Site) and found.name == name
    return found
