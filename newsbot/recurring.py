"""Furniture learned from the data: a paragraph that recurs verbatim across many articles.

A site's rules (``newsbot/sites/<site>/furniture.py``) know the furniture someone has seen;
this knows the furniture nobody has written a rule for yet, such as next month's appeal:
it counts, for each paragraph, the distinct articles it was seen in, and calls it furniture
once it is in enough of them.

What counts, and why:

- A paragraph is counted once per article, however often the article repeats it, and an
  article is learned from once (the caller asks only for articles no earlier run emitted).
- It is furniture when it is in at least ``min_articles`` articles AND in at least
  ``min_share`` of the articles learned since it was first counted: an appeal is on most
  pages of its time; a quote that three follow-up stories repeat is in a handful out of
  hundreds, and stays.
- Never learned: paragraphs of fewer than ``MIN_WORDS`` words (sub-headings such as "What
  we know so far" recur, and are the article's) and paragraphs with a double quotation mark
  (quotes are how stories repeat each other; the site's appeals carry none).
- Order: the first ``sample`` copies of a folder are learned from before the first is
  cleaned (``ahead``), enough to see any line in ``min_share`` of them; the others, and
  pages, as they are cleaned, each after its own cleaning.
- Memory stays flat whatever the number of articles: counting is lossy (Manku and Motwani's
  lossy counting, with buckets of ``bucket`` articles). At the end of each bucket a
  paragraph goes unless it recurred about once a bucket or more. Counts are lower bounds,
  so pruning can delay a line being learned, never learn one that is not there.

Pure Python over strings, with no Scrapy objects: the run keeps the counts in its state
between runs (``newsbot.run.state``), the spider learns its sample ahead, the cleaning
pipeline learns the rest and removes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

RULE = "recurring"
MIN_WORDS = 5
_SPACES = MIN_WORDS - 1


@dataclass(slots=True)
class Line:
    """What is known of one recurring paragraph."""

    articles: int
    """Distinct articles it was counted in since ``since`` (a lower bound of the truth)."""

    since: int
    """How many articles had been learned from when it was first counted."""

    forgotten: bool = False
    """A user said it is not furniture (``scrapy furniture --forget``): never removed."""

    last: int = -1
    """The article it was last counted in (its number), so an article counts once."""


@dataclass(frozen=True, slots=True)
class Learned:
    """A paragraph and its counts, as listed for a user to audit."""

    text: str
    articles: int
    share: float
    furniture: bool
    forgotten: bool


class Recurring:
    """The paragraphs that recur across articles, counted as articles are learned from."""

    def __init__(
        self,
        *,
        min_articles: int = 10,
        min_share: float = 0.05,
        bucket: int = 500,
        lines: dict[str, Line] | None = None,
        learned: int = 0,
    ) -> None:
        if min_articles < 2:
            raise ValueError(f"min_articles must be at least 2, not {min_articles}")
        if not 0 <= min_share <= 1:
            raise ValueError(f"min_share must be between 0 and 1, not {min_share}")
        self.min_articles = min_articles
        self.min_share = min_share
        self.bucket = bucket
        # Lines seen in two articles or more (or forgotten), and lines seen once, with the
        # count of articles learned before (most paragraphs are seen once: kept light).
        self.lines: dict[str, Line] = {}
        self.once: dict[str, int] = {}
        for text, line in (lines or {}).items():
            if line.articles == 1 and not line.forgotten:
                self.once[text] = line.since
            else:
                self.lines[text] = line
        self.learned = learned  # articles learned from, this run and those before
        self.ahead: set[str] = set()  # the keys of the articles learned ahead of their turn

    @property
    def sample(self) -> int:
        """How many articles to learn from before the first is cleaned (see ``learn``):
        enough that a line in ``min_share`` of them is expected five times ``min_articles``
        times, at most 10,000."""
        if self.min_share == 0:
            return 10_000
        return min(10_000, math.ceil(5 * self.min_articles / self.min_share))

    def learn(
        self, paragraphs: Iterable[str], key: str | None = None, *, ahead: bool = False
    ) -> None:
        """Count one article's paragraphs (normalised, as cleaning sees them).

        ``ahead``: the article is counted before its turn to be cleaned (the first
        ``sample`` files of a folder are, so that the first is cleaned with what they all
        show); its turn, learning under the same ``key``, then counts nothing.
        """
        if key is not None:
            if ahead:
                self.ahead.add(key)
            elif key in self.ahead:
                self.ahead.discard(key)
                return
        lines, once = self.lines, self.once
        this = self.learned  # this article's number: the articles learned before it
        for paragraph in paragraphs:
            line = lines.get(paragraph)
            if line is not None:
                if line.last != this:  # not yet counted for this article
                    line.articles += 1
                    line.last = this
                continue
            first = once.get(paragraph)
            if first is None:
                once[paragraph] = this  # whether it may be learned is asked if it recurs
            elif first != this:  # seen in an earlier article: now in two
                del once[paragraph]
                if (
                    paragraph.count(" ", 0, 120) >= _SPACES or paragraph.count(" ") >= _SPACES
                ) and not ('"' in paragraph or "\u201c" in paragraph or "\u201d" in paragraph):
                    lines[paragraph] = Line(2, first, last=this)  # five words, no quotes
        self.learned += 1
        if self.learned % self.bucket == 0:
            self._prune()

    def _prune(self) -> None:
        """Lossy counting's step at the end of a bucket: drop each line that has not recurred
        about once a bucket since it was first counted (forgotten lines stay, as the user's
        word)."""
        bucket = self.learned // self.bucket
        size = self.bucket
        self.lines = {
            text: line
            for text, line in self.lines.items()
            if line.forgotten or line.articles + line.since // size > bucket
        }
        self.once = {text: since for text, since in self.once.items() if 1 + since // size > bucket}

    def all_lines(self) -> Iterator[tuple[str, Line]]:
        """Every line counted, with its counts (to be kept in the state)."""
        yield from self.lines.items()
        for text, since in self.once.items():
            yield text, Line(1, since)

    def articles(self, paragraph: str) -> int | None:
        """In how many articles the paragraph recurs, when that makes it furniture; else
        None."""
        line = self.lines.get(paragraph)
        if line is None or line.forgotten or not self._qualifies(line):
            return None
        return line.articles

    def _qualifies(self, line: Line) -> bool:
        return line.articles >= self.min_articles and line.articles >= self.min_share * (
            self.learned - line.since
        )

    def forget(self, paragraph: str) -> bool:
        """Never remove this paragraph. Returns whether it was known."""
        line = self.lines.get(paragraph)
        if line is None:
            first = self.once.pop(paragraph, None)
            articles, since = (0, self.learned) if first is None else (1, first)
            self.lines[paragraph] = Line(articles, since, forgotten=True)
            return first is not None
        line.forgotten = True
        return True

    def listing(self, *, all_lines: bool = False) -> Iterator[Learned]:
        """The learned lines (with ``all_lines``, every line counted in two articles or
        more), the most frequent first."""
        for text, line in sorted(self.lines.items(), key=lambda item: -item[1].articles):
            furniture = not line.forgotten and self._qualifies(line)
            if furniture or line.forgotten or (all_lines and line.articles >= 2):
                span = max(1, self.learned - line.since)
                yield Learned(text, line.articles, line.articles / span, furniture, line.forgotten)
