"""The text layout of saved articles: line 1 the headline, line 2 the standfirst, then the text.

Line 2 is the standfirst unless it is furniture (a donation appeal often starts there), in
which case the article has none and line 2 belongs to the text, where cleaning removes it.
Blank lines do not count, so files with a blank line between paragraphs read the same.
"""

from __future__ import annotations

from newsbot.cleaning import Boilerplate, normalise_whitespace
from newsbot.items import Article, Metadata

EXTRACTOR = "text"


def parse_text(
    text: str, *, url: str, article_id: str, metadata: Metadata, boilerplate: Boilerplate
) -> Article:
    """The raw fields of an article in the text layout."""
    # Line ends stay on the lines, so the body reaches cleaning as the file has it.
    lines = text.splitlines(keepends=True)
    filled = (n for n, line in enumerate(lines) if line.strip())
    first = next(filled, len(lines))
    second = next(filled, len(lines))
    headline = normalise_whitespace(lines[first]) if first < len(lines) else ""
    standfirst = normalise_whitespace(lines[second]) if second < len(lines) else ""
    if boilerplate.is_furniture(standfirst):
        standfirst, second = "", first
    return Article(
        id=article_id,
        url=url,
        headline=headline,
        description=standfirst or None,
        articleBody="".join(lines[second + 1 :]),
        metadata=metadata,
    )
