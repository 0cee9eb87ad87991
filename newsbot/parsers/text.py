"""The text layout of saved articles: the headline, the standfirst, then the text.

The headline is the first line that is not furniture: copies of the site's pages often
start with a notification prompt or a live blog's badge, and crawlers glue a date stamp to
it (" date 2024-10-15 ..."), which goes. Whatever comes before the headline stays in the
text, for cleaning to remove and record. A label of one to three words (a section's name,
the site's navigation, a kicker) is no headline when a line that reads as one follows it
and the shape around says so (``_labels_ahead``): it is furniture (``page_label``).

The standfirst is the first line after the headline that is not furniture, when it reads
as one (``reads_as_standfirst``): the site's standfirsts end without a full stop, its first
paragraphs with one, and its appeal or byline comes between the standfirst and the text.
Cleaning decides it, after the furniture is gone (a byline, an appeal or a prompt often
stands between the headline and the text); until then the article's ``description`` is
None and the whole rest is its text.
Blank lines do not count, so files with a blank line between paragraphs read the same.
"""

from __future__ import annotations

import re

from newsbot.cleaning import (
    CLOSING,
    SECTION_LABEL,
    SENTENCE_ENDS,
    Boilerplate,
    normalise_whitespace,
)
from newsbot.items import Article, Metadata, Removal
from newsbot.recurring import RULE as RECURRING
from newsbot.recurring import Recurring

EXTRACTOR = "text"

# What str.splitlines() breaks lines at.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_STANDFIRST_MIN_WORDS = 4
_STANDFIRST_MAX_WORDS = 60
# A label above the headline (its rule), what reads as a headline after labels, and how
# many lines are read ahead to find it.
LABEL = "page_label"
_LABEL_MAX_WORDS = 3
_HEADLINE_MIN_WORDS = 4
_HEADLINE_MAX_WORDS = 40
_LOOKAHEAD = 400  # the site's whole navigation (2025) is some 150 lines of labels


def parse_text(
    text: str,
    *,
    url: str,
    article_id: str,
    metadata: Metadata,
    boilerplate: Boilerplate,
    recurring: Recurring | None = None,
) -> Article:
    """The raw fields of an article in the text layout: its headline, and the rest as its
    text. Furniture is what the site's rules or the recurring paragraphs say it is."""
    start = 0
    above = ""  # the last furniture line above the headline that buttons may follow
    labels = 0  # how many of the lines to come are labels above the headline
    # Whether furniture other than labels (a prompt, a mirror's chrome) came first: a
    # section's name or the navigation says nothing of what follows it.
    chrome = False
    labelled = False  # whether the line before was a label
    while True:
        line, next_start = _filled_line(text, start)
        headline, removals = boilerplate.clean_headline(line)
        metadata.removed.extend(removals)
        if not line:
            break
        chrome = chrome or bool(removals)
        if headline:  # else the line was a prefix alone, such as a date stamp
            rule = boilerplate.follower_of(above, headline) if above else None
            if rule is None:
                shaped = chrome and not labelled  # a byline's shape, not right under labels
                rule = _furniture(headline, boilerplate, recurring, after_furniture=shaped)
                above = headline
            if rule is None and _is_label(headline):
                labels = labels or _labels_ahead(text, start, boilerplate, recurring, chrome)
                if labels:
                    rule, labels = LABEL, labels - 1
            if rule is None:
                break
            metadata.removed.append(Removal(rule, headline))
            labelled = rule == LABEL
            # (a label, or a section's name that a mirror prints, is no such chrome)
            chrome = chrome or rule not in (LABEL, SECTION_LABEL)
        start = next_start
    return Article(
        id=article_id,
        url=url,
        headline=headline,
        description=None,
        # The rest as the file has it, line breaks and all, for cleaning.
        articleBody=text[next_start:],
        metadata=metadata,
    )


def _is_label(line: str) -> bool:
    """One to three words that end no sentence: a section's name, a navigation item ("&"
    and "/" are no words: "Australia & New Zealand")."""
    if line.count(" ") >= _LABEL_MAX_WORDS:
        words = [w for w in line.split() if w not in ("&", "/", "|")]
        if len(words) > _LABEL_MAX_WORDS:
            return False
    return not _ends_a_sentence(line)


def _reads_as_headline(line: str) -> bool:
    """Four to forty words, no full stop at the end."""
    return _HEADLINE_MIN_WORDS - 1 <= line.count(" ") < _HEADLINE_MAX_WORDS and not line.rstrip(
        CLOSING
    ).endswith(".")


def _labels_ahead(
    text: str, start: int, boilerplate: Boilerplate, recurring: Recurring | None, chrome: bool
) -> int:
    """How many label lines from ``start`` on are labels above the headline, not the
    headline itself (0: the first is the headline). They are when a line that reads as a
    headline follows them (furniture lines between aside), and: they run three lines or
    more, or two below other ``chrome`` (the site's navigation under the notification
    prompt: "Independent" "Best" "TV"), or the first is in lower case (a kicker). One label
    alone is a headline ("Letters", "Inflation"): the sections' names that mirrors print
    are the rules' (``SECTION_LABEL``)."""
    found: list[str] = []  # the lines that are no furniture: the labels, then the next
    run = 0  # how many labels start ``found``
    position = start
    for _ in range(_LOOKAHEAD):
        line, position = _filled_line(text, position)
        if not line:
            break
        headline = boilerplate.clean_headline(line)[0]
        # (a byline's shape is furniture under chrome, not under labels: it is the headline)
        shaped = chrome and not found
        if headline and _furniture(headline, boilerplate, recurring, shaped) is None:
            found.append(headline)
            if run == len(found) - 1 and _is_label(headline):
                run += 1
            else:
                break
    if run == len(found) or not _reads_as_headline(found[run]):
        return 0
    if run >= 3 or (run == 2 and chrome) or found[0][0].islower():
        return run
    return 0


def reads_as_standfirst(paragraph: str, furniture_after: bool) -> bool:
    """True when the first paragraph of the text (furniture gone) is the standfirst: 4 to 60
    words, and either furniture came right after it (the site prints its appeal or byline
    between standfirst and text) or no full stop, other sentence end or closing bracket
    ends it. (In the development set of 80 copies, 31 of 34 standfirsts end without a stop;
    41 of the 46 first paragraphs of copies with no standfirst end with one.)"""
    spaces = paragraph.count(" ")
    return _STANDFIRST_MIN_WORDS - 1 <= spaces < _STANDFIRST_MAX_WORDS and (
        furniture_after or not _ends_a_sentence(paragraph)
    )


def _ends_a_sentence(paragraph: str) -> bool:
    """True when a stop (or ``!``, ``?``, ``…``), perhaps inside closing quotes or brackets,
    or a closing bracket ends the paragraph."""
    if paragraph.endswith(")"):
        return True
    return paragraph.rstrip(CLOSING).endswith(SENTENCE_ENDS)


def _furniture(
    line: str, boilerplate: Boilerplate, recurring: Recurring | None, after_furniture: bool
) -> str | None:
    """The rule that makes a line above the headline furniture: the site's rules, the
    recurring paragraphs, or, below other furniture, a byline's shape (reader copies put
    the authors under their own chrome; a first line such as "Wolf Hall, By Hilary Mantel"
    is a headline)."""
    rule = boilerplate.rule_for(line)
    if rule is not None:
        return rule
    if recurring is not None and recurring.articles(line) is not None:
        return RECURRING
    if after_furniture and " " in line:
        return boilerplate.leader_of(line)
    return None


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
