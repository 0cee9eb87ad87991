"""What newsbot knows about The Independent, one module per concern.

- ``furniture``: the appeals, prompts and promotions cleaning removes from the text;
- ``page``: where each field sits in the site's pages, layout generation by layout generation.

This module holds the site's name, its own credits and how its articles are identified.
"""

from __future__ import annotations

import hashlib
import re

NAME = "independent"

# Bylines that credit the site itself, not a person (compared casefolded, whole).
HOUSE_CREDITS = frozenset(
    {
        "The Independent",  # the site's name, as JSON-LD authors give it
        "Independent",  # the same without "The"; what "Independent Staff Reporter" leaves
        "Independent Staff",  # the news desk's credit
        "The Independent Staff",  # the same, with "The"
        "Independent Staff Reporter",  # an unnamed staff reporter
    }
)

# The site's own article number, by layout generation: -b2651790.html (2020+),
# -a9238506.html (2015-19), -9065486.html (to 2014), article3255693.ece (2007-08).
ARTICLE_NUMBER = re.compile(r"(?:-(?P<modern>[ab]?\d{5,})\.html|/article(?P<escenic>\d+)\.ece)$")


def article_id(url: str) -> str:
    """A stable id: the site's article number when the URL has one, else a hash of the URL."""
    found = ARTICLE_NUMBER.search(url.split("?", 1)[0].split("#", 1)[0])
    if found:
        return f"{NAME}:{found['modern'] or 'article' + found['escenic']}"
    return f"{NAME}:{hashlib.sha256(url.encode()).hexdigest()[:16]}"
