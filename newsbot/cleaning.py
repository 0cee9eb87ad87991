"""Decide what in an article's text is furniture, and take it out.

Pure functions over strings, with no Scrapy objects. This module knows the shapes furniture
takes (a line that is furniture by itself, a block with an opening line and a closing
sentence); the phrases themselves are site knowledge and live with the site, under
``newsbot/sites/``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from newsbot.items import Removal

WHITESPACE = "whitespace"
REPEATED_PARAGRAPH = "repeated_paragraph"

# Characters that carry no text: byte-order marks (left by concatenated files) and
# zero-width spaces. Unicode's whitespace (no-break spaces included) is handled by split().
_INVISIBLE = str.maketrans("", "", "\ufeff\u200b")
# Whitespace other than the space and "\n", as str.split() and str.splitlines() see it
# (str.isspace), and the invisible characters: what makes a line need normalising.
_ASCII_IRREGULAR = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
_IRREGULAR = re.compile(
    f"[{_ASCII_IRREGULAR}\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b]"
)
_COUNTED_CHARACTERS = (
    ("byte-order marks", "\ufeff"),
    ("zero-width spaces", "\u200b"),
    ("no-break spaces", "\u00a0"),
    ("carriage returns", "\r"),
    ("tabs", "\t"),
)


@dataclass(frozen=True, slots=True)
class LineRule:
    """Furniture that fills a paragraph by itself, with the lines that come with it.

    ``lines`` matches a whole paragraph wherever it stands. ``followers`` matches whole
    paragraphs right after one this rule removed: a button label such as "Comments" is
    furniture only there.
    """

    name: str
    lines: str
    followers: str | None = None


@dataclass(frozen=True, slots=True)
class BlockRule:
    """Furniture recognised by its frame, whatever its wording in between.

    A paragraph matching ``opener`` starts the block; it runs to the end of the first match
    of ``closer`` within ``max_paragraphs`` paragraphs. Text after the closer in the same
    paragraph is article text that lost its line break, and is kept. Without a closer in
    reach only the opening paragraph goes, so a truncated appeal never eats the article.
    """

    name: str
    opener: str
    closer: str
    max_paragraphs: int = 12


class _Block(NamedTuple):
    name: str
    opener: re.Pattern[str]
    closer: re.Pattern[str]
    max_paragraphs: int


class Boilerplate:
    """A site's furniture rules, compiled once for the whole run."""

    def __init__(self, blocks: Sequence[BlockRule], lines: Sequence[LineRule]) -> None:
        self.blocks = {
            rule.name: _Block(
                rule.name,
                re.compile(rule.opener, re.I),
                re.compile(rule.closer, re.I),
                rule.max_paragraphs,
            )
            for rule in blocks
        }
        # Block openers and lines in one alternation with a named group per rule: a single
        # match per paragraph says whether it is furniture, and by which rule (lastgroup).
        alternatives = [(rule.name, rule.opener) for rule in blocks]
        alternatives += [(rule.name, rule.lines) for rule in lines]
        self.furniture = re.compile(
            "|".join(f"(?P<{name}>{pattern})" for name, pattern in alternatives) or "(?!)", re.I
        )
        self.followers = {
            rule.name: re.compile(rule.followers, re.I) for rule in lines if rule.followers
        }

    def rule_for(self, paragraph: str) -> str | None:
        """The rule under which the paragraph is furniture on its own, or None.

        Followers and block endings are furniture only in context, so they are not asked.
        """
        match = self.furniture.fullmatch(paragraph)
        return match.lastgroup if match else None

    def is_furniture(self, paragraph: str) -> bool:
        """True if the paragraph is furniture on its own (a line, or a block's opening)."""
        return self.furniture.fullmatch(paragraph) is not None

    def remove(self, paragraphs: Sequence[str]) -> tuple[list[str], list[Removal]]:
        """Split paragraphs into the article's and the removed furniture, keeping order."""
        kept: list[str] = []
        removed: list[Removal] = []
        pending = list(reversed(paragraphs))  # a stack, so a block can push back its tail
        followers: tuple[str, re.Pattern[str]] | None = None
        while pending:
            paragraph = pending.pop()
            if followers:
                if followers[1].fullmatch(paragraph):
                    removed.append(Removal(followers[0], paragraph))
                    continue
                followers = None
            match = self.furniture.fullmatch(paragraph)
            if match:
                rule = match.lastgroup
                assert rule is not None  # every alternative is a named group
                if rule in self.blocks:
                    removed.append(self._remove_block(self.blocks[rule], paragraph, pending))
                    continue
                removed.append(Removal(rule, paragraph))
                if rule in self.followers:
                    followers = (rule, self.followers[rule])
                continue
            if kept and kept[-1] == paragraph:
                removed.append(Removal(REPEATED_PARAGRAPH, paragraph))
                continue
            kept.append(paragraph)
        return kept, removed

    @staticmethod
    def _remove_block(block: _Block, first: str, pending: list[str]) -> Removal:
        """Remove the block that ``first`` opens from ``pending``: up to its closer if one is
        in reach, else ``first`` alone."""
        # pending is reversed: the next paragraph is pending[-1].
        ahead = pending[: -block.max_paragraphs : -1] if block.max_paragraphs > 1 else []
        for offset, paragraph in enumerate(ahead):
            end = block.closer.search(paragraph)
            if end is None:
                continue
            del pending[len(pending) - offset - 1 :]
            tail = paragraph[end.end() :].strip()
            if tail:
                pending.append(tail)
            body = [*ahead[:offset], paragraph[: end.end()]]
            return Removal(block.name, "\n\n".join([first, *body]))
        return Removal(block.name, first)


def normalise_whitespace(text: str) -> str:
    """One line of text with invisible characters gone and each run of spaces made one."""
    if "\ufeff" in text or "\u200b" in text:
        text = text.translate(_INVISIBLE)
    # str.split() splits at runs of any Unicode whitespace, no-break spaces included.
    return " ".join(text.split())


def split_paragraphs(text: str) -> tuple[list[str], dict[str, int]]:
    """Paragraphs of a text, one per line, whitespace normalised and blank lines dropped.

    Any line break counts (``\\n``, ``\\r\\n``, ``\\r``, Unicode separators). Returns the
    paragraphs and a count of what was taken out, by kind (empty when nothing was).
    """
    if _evenly_spaced(text):  # most texts: their lines need no normalising
        lines = text.split("\n")
        if lines[-1] == "":  # what follows the last line break is no line
            lines.pop()
        paragraphs = [line for line in lines if line]
        if all(line[0] != " " and line[-1] != " " for line in paragraphs):
            blank_lines = len(lines) - len(paragraphs)
            return paragraphs, {"blank lines": blank_lines} if blank_lines else {}
    paragraphs = []
    blank_lines = respaced_lines = 0
    for line in text.splitlines():
        clean = normalise_whitespace(line)
        if not clean:
            blank_lines += 1
            continue
        if clean != line:
            respaced_lines += 1
        paragraphs.append(clean)
    counts = {kind: text.count(char) for kind, char in _COUNTED_CHARACTERS if char in text}
    if blank_lines:
        counts["blank lines"] = blank_lines
    if respaced_lines:
        counts["lines re-spaced"] = respaced_lines
    return paragraphs, counts


def _evenly_spaced(text: str) -> bool:
    """True when the only whitespace is single spaces and ``\\n``, with nothing invisible.

    Checked with scans in C, without splitting the text into words as normalising does.
    (Spaces at the ends of lines are left to the caller.)
    """
    if text.isascii():
        if any(char in text for char in _ASCII_IRREGULAR):
            return False
    elif _IRREGULAR.search(text):
        return False
    return "  " not in text


def word_count(body: str) -> int:
    """The number of words in a cleaned text (normalised paragraphs, separated by blank
    lines): each paragraph has one more than its spaces. Counted without splitting."""
    return body.count(" ") + body.count("\n\n") + 1 if body else 0


def describe_whitespace(counts: dict[str, int]) -> str:
    """The ``text`` of a whitespace removal, e.g. ``blank lines: 2, no-break spaces: 1``."""
    return ", ".join(f"{kind}: {n}" for kind, n in counts.items())


@dataclass(slots=True)
class CleanText:
    """An article's text after cleaning, with everything that was taken out."""

    headline: str
    description: str | None
    paragraphs: list[str]
    removed: list[Removal]


def clean_text(
    headline: str, description: str | None, body: str, boilerplate: Boilerplate
) -> CleanText:
    """An article's headline, standfirst and body with whitespace normalised, furniture gone."""
    paragraphs, whitespace = split_paragraphs(body)
    paragraphs, removed = boilerplate.remove(paragraphs)
    if description is not None:
        description = normalise_whitespace(description)
        rule = boilerplate.rule_for(description)
        if rule is not None:
            removed.insert(0, Removal(rule, description))
            description = None
    if whitespace:
        removed.append(Removal(WHITESPACE, describe_whitespace(whitespace)))
    return CleanText(normalise_whitespace(headline), description or None, paragraphs, removed)


# A lone or paired UTF-16 surrogate, which no UTF-8 text can hold (JSON's "\ud800").
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: Any) -> Any:
    """A value (a string, or lists and dicts of them, keys too) in valid Unicode: each lone
    surrogate as U+FFFD, each surrogate pair as the character it encodes. Strings without
    surrogates are left as they are, values other than strings and containers too."""
    if isinstance(value, str):
        if _SURROGATE.search(value) is None:
            return value
        # UTF-16 is where surrogates mean something: pairs decode to their character,
        # the lone ones to U+FFFD.
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list | tuple | set | frozenset):  # as lists, as JSON has them
        return [without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value
