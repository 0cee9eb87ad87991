"""The text layout of saved articles: line 1 the headline, line 2 the standfirst, then the text.

Line 2 is the standfirst unless it is furniture (a donation appeal often starts there), in
which case the article has none and line 2 belongs to the text, where cleaning removes it.
Blank lines do not count, so files with a blank line between paragraphs read the same.
"""

from __future__ import annotations

import re

from newsbot.cleaning import Boilerplate, normalise_whitespace
from newsbot.items import Article, Metadata

EXTRACTOR = "text"

# What str.splitlines() breaks lines at.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def parse_text(
    text: str, *, url: str, article_id: str, metadata: Metadata, boilerplate: Boilerplate
) -> Article:
    """The raw fields of an article in the text layout."""
    headline, after_headline = _filled_line(text, 0)
    standfirst, after_standfirst = _filled_line(text, after_headline)
    if boilerplate.is_furniture(standfirst):
        standfirst, after_standfirst = "", after_headline
    return Article(
        id=article_id,
        url=url,
        headline=headline,
        description=standfirst or None,
        # The rest as the file has it, line breaks and all, for cleaning.
        articleBody=text[after_standfirst:],
        metadata=metadata,
    )


def _filled_line(text: str, start: int) -> tuple[str, int]:
    """The first line from ``start`` on that is not blank, normalised, and where the next
    begins; ``""`` and the end of the text when there is none. Read line by line, not by
    splitting the whole text."""
    while start < len(text):
        found = _LINE_BREAK.search(text, start)
        end, next_start = (found.start(), found.end()) if found else (len(text), len(text))
        line = normalise_whitespace(text[start:end])
        if line:
            return line, next_start
        start = next_start
    return "", len(text)
