"""Furniture learned from the data: a paragraph that recurs verbatim across many articles.

A site's rules (``newsbot/sites/<site>/furniture.py``) know the furniture someone has seen;
this knows the furniture nobody has written a rule for yet, such as next month's appeal:
it counts, for each paragraph, the distinct articles it was seen in, and calls it furniture
once it is in enough of them.

What counts, and why:

- A paragraph is counted once per article, however often the article repeats it, and an
  article is learned from once (the caller asks only for articles no earlier run emitted).
- Copies of one article are one article: a folder of text copies holds the same article
  as a dozen sites printed it, and every paragraph of it would otherwise "recur". The
  caller names each article's story (``story_keys``: its headline, its top, its id); an
  article whose story was learned already is a copy and counts nothing, and so is one most
  of whose text was first seen in one earlier article (``_copies_one``). So a paragraph
  counts only across articles that are otherwise different.
- It is furniture when it is in at least ``min_articles`` articles AND in at least
  ``min_share`` of the articles learned since it was first counted: an appeal is on most
  pages of its time; a quote that three follow-up stories repeat is in a handful out of
  hundreds, and stays.
- Never removed from an article: a paragraph that names what the article's headline
  names (``subject_of``): follow-ups of one story repeat its background word for word
  ("X, 31, denies murder"), and a later article on the story is the story's own.
- Never learned: paragraphs of fewer than ``MIN_WORDS`` words (sub-headings such as "What
  we know so far" recur, and are the article's) and paragraphs with a quotation mark,
  double or single, straight, curly or guillemets (quotes are how stories repeat each
  other); an apostrophe (don't, readers') is no quotation mark.
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

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

RULE = "recurring"
MIN_WORDS = 5
_SPACES = MIN_WORDS - 1
# A quotation mark: any double one, an opening single one (‘, ‛, ‹, a backtick as old
# texts open quotes with, `…' or ``…'', and a straight ' that opens a word: at the start, or
# after a space, a bracket, a dash or a colon), guillemets.
_QUOTATION = re.compile(
    '["`\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2018\u201b]'  # “ ” „ ‟ « » ‹ › ‘ ‛
    r"|(?:^|[\s(\[:\u2013\u2014-])'(?=\w)"  # a straight ' that opens a word
)
# How long a story is remembered, so that a later copy of it counts nothing: this many
# buckets of articles (with the default bucket, 10,000 articles).
STORY_BUCKETS = 20
# How much of a headline or a top tells a story (a copy cut short has the start of it).
STORY_CHARACTERS = 300
# An article most of whose text was first seen together in one earlier article is a copy
# of it: at least this many paragraphs, and this share of its own.
COPY_MIN_PARAGRAPHS = 3
COPY_MIN_SHARE = 0.75


# Copies print one paragraph with curly quotation marks and apostrophes, or straight ones
# (real mirrors of the site's pages do both): a paragraph is counted in one form.
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def folded(paragraph: str) -> str:
    """A paragraph as it is counted: its curly quotation marks and apostrophes straight."""
    return paragraph if paragraph.isascii() else paragraph.translate(_FOLD)


def quoted(paragraph: str) -> bool:
    """Whether a paragraph holds a quotation mark (never learned: see above)."""
    return _QUOTATION.search(paragraph) is not None


_NOT_ALNUM = re.compile(r"[\W_]+")
# A name, as far as capitals tell: a word of four letters or more that starts with one.
_NAME = re.compile(r"\b[^\W\d_a-z][^\W\d_]{3,}")
# Words of four letters or more that open sentences, and so are capitalised without being
# names: a headline and a paragraph that both start with one share no subject.
_OPENERS = frozenset(
    "about after also before been could does each every first from have here into just "
    "more most much never only over some such than that their then there these they this "
    "those were what when where which while will with would your".split()
)


def subject_of(headline: str | None) -> frozenset[str]:
    """The names a headline gives its story (its capitalised words, case aside), for
    ``Recurring.articles``: a paragraph that names one of them is about the article's own
    story, such as the background sentence that every follow-up of a trial repeats."""
    if not headline:
        return frozenset()
    return frozenset(_names(headline))


def _names(text: str) -> Iterator[str]:
    for match in _NAME.finditer(text):
        word = match[0].casefold()
        if word not in _OPENERS:
            yield word


def story_keys(
    headline: str | None, article_id: str | None = None, top: str | None = None
) -> tuple[int, ...]:
    """What tells copies of one article from other articles, each as a 64-bit number to keep
    and store: its headline and its top (``top_of``), case, accents, punctuation and spacing
    aside, and its id. Real copies of one article show its headline reworded from capture
    to capture (a live blog's, a mirror's prefix) while its top stays, or the other way
    round; the pages of a live blog (``?page=N``) share both."""
    found = []
    for kind, text in (("headline", headline), ("top", top)):
        if text:
            letters = _letters(text[:STORY_CHARACTERS])
            if letters:
                found.append(_digest(f"{kind}:{letters}"))
    if article_id:
        found.append(_digest("id:" + article_id))
    return tuple(found)


_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _letters(text: str) -> str:
    """A text's letters and digits alone, case and accents aside (accents are what NFKD
    parts from their letters). Most texts are ASCII but for a few quotation marks, dashes
    and signs, which go with the rest of what is no letter or digit, in one pass."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
    text = text.casefold()
    if not text.isascii() and any(ch.isalnum() for ch in _NOT_ASCII.findall(text)):
        return _NOT_ALNUM.sub("", text)
    return text.encode("ascii", "ignore").translate(None, _ASCII_NOT_ALNUM).decode()


def top_of(standfirst: str | None, paragraphs: Sequence[str]) -> str | None:
    """An article's top, for story_keys: its standfirst, else its first two paragraphs of
    ``MIN_WORDS`` words or more, together. (Two, so that a one-line appeal above the
    text, which no rule knows yet, does not make every article it is on one story.)"""
    if standfirst:
        return standfirst
    top = [p for p in paragraphs[:8] if p.count(" ") >= _SPACES][:2]
    return "\n".join(top) if len(top) == 2 else None


def line_key(paragraph: str) -> str:
    """A learned line's key in the state's record of what it took from which article."""
    return hashlib.blake2b(paragraph.encode(), digest_size=12).hexdigest()


def _digest(text: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
    )


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
        stories: dict[int, int] | None = None,
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
        # The stories learned (story_keys), with the count of articles learned before each:
        # a later copy of one counts nothing.
        self.stories: dict[int, int] = dict(stories or {})
        self.copies = 0  # articles passed over this run as copies of a story learned

    @property
    def sample(self) -> int:
        """How many articles to learn from before the first is cleaned (see ``learn``):
        enough that a line in ``min_share`` of them is expected five times ``min_articles``
        times, at most 10,000."""
        if self.min_share == 0:
            return 10_000
        return min(10_000, math.ceil(5 * self.min_articles / self.min_share))

    def counted_ahead(self, key: str) -> bool:
        """Whether the article of ``key`` was counted ahead of its turn (then its turn
        counts nothing, and the key is forgotten)."""
        if key in self.ahead:
            self.ahead.discard(key)
            return True
        return False

    def learn(
        self,
        paragraphs: Sequence[str],
        key: str | None = None,
        *,
        ahead: bool = False,
        story: tuple[int, ...] = (),
    ) -> None:
        """Count one article's paragraphs (normalised, as cleaning sees them).

        ``ahead``: the article is counted before its turn to be cleaned (the first
        ``sample`` files of a folder are, so that the first is cleaned with what they all
        show); its turn, learning under the same ``key``, then counts nothing.
        ``story``: its story_keys; an article of a story learned already counts nothing.
        """
        if key is not None:
            if ahead:
                self.ahead.add(key)
            elif key in self.ahead:
                self.ahead.discard(key)
                return
        if story:
            stories = self.stories
            copy = any(number in stories for number in story)
            for number in story:
                stories.setdefault(number, self.learned)
            if copy:
                self.copies += 1
                return
        paragraphs = [folded(paragraph) for paragraph in paragraphs]
        if self._copies_one(paragraphs):
            self.copies += 1
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
                ) and not quoted(paragraph):
                    lines[paragraph] = Line(2, first, last=this)  # five words, no quotes
        self.learned += 1
        if self.learned % self.bucket == 0:
            self._prune()

    def _copies_one(self, paragraphs: list[str]) -> bool:
        """Whether most of an article's text was first seen together in one earlier article:
        three paragraphs of five words or more at least, and three in four of its own. A
        copy of it, though its headline and standfirst differ (a live blog captured at another
        hour, a mirror that rewrote them). Paragraphs already found in two articles or more
        are left out: they are what the count is for (an appeal on every page)."""
        once, lines = self.once, self.lines
        # Most articles share nothing, or too little, with a single earlier one: said at once.
        firsts = [once[p] for p in paragraphs if p in once and p.count(" ") >= _SPACES]
        if len(firsts) < COPY_MIN_PARAGRAPHS:
            return False
        shared = max(firsts.count(first) for first in set(firsts))
        long = sum(p not in lines and p.count(" ") >= _SPACES for p in paragraphs)
        return shared >= COPY_MIN_PARAGRAPHS and shared >= COPY_MIN_SHARE * long

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
        self.stories = {
            number: since
            for number, since in self.stories.items()
            if since // size + STORY_BUCKETS > bucket
        }

    def all_lines(self) -> Iterator[tuple[str, Line]]:
        """Every line counted, with its counts (to be kept in the state)."""
        yield from self.lines.items()
        for text, since in self.once.items():
            yield text, Line(1, since)

    def articles(self, paragraph: str, headline: str | None = None) -> int | None:
        """In how many articles the paragraph recurs, when that makes it furniture; else
        None. A paragraph that names what the article's ``headline`` names (``subject_of``)
        is the article's own, however often it recurs (follow-ups of one story repeat its
        background word for word)."""
        line = self.lines.get(folded(paragraph))
        if line is None or line.forgotten or not self._qualifies(line):
            return None
        if headline and not subject_of(headline).isdisjoint(_names(paragraph)):
            return None
        return line.articles

    def _qualifies(self, line: Line) -> bool:
        return line.articles >= self.min_articles and line.articles >= self.min_share * (
            self.learned - line.since
        )

    def forget(self, paragraph: str) -> bool:
        """Never remove this paragraph. Returns whether it was known."""
        paragraph = folded(paragraph)
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
