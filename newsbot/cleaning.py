"""Decide what in an article's text is furniture, and take it out.

Pure functions over strings, with no Scrapy objects. This module knows the shapes furniture
takes (a line that is furniture by itself, with the lines that come before or after it; a
block from an opener, or from enough of its known sentences, to a closer; a prefix glued to
text; a caption and its credit; a headline's suffix; a line cut short where a copy ends);
the phrases themselves are site knowledge and live with the site, under
``newsbot/sites/``. Furniture learned from the data is newsbot.recurring's.
"""

from __future__ import annotations

import re
import re._parser as re_parser  # to read which characters each rule can start with
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from newsbot.items import Removal
from newsbot.recurring import RULE as RECURRING
from newsbot.recurring import Recurring, folded, story_keys, top_of

WHITESPACE = "whitespace"
# The rule a site names its sections' names on lines of their own with: the text layout
# tells them from other chrome above a headline (newsbot.parsers.text).
SECTION_LABEL = "section_label"
# What ends a sentence, and the closing quotes and brackets that may follow it.
SENTENCE_ENDS = (".", "!", "?", "…")
CLOSING = "\"'”’)]"
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

    ``lines`` matches a whole paragraph wherever it stands. The others match whole
    paragraphs only next to one that ``lines`` matched:

    - ``followers``: right after it, any number, or up to ``max_followers`` (a button
      label such as "Comments"; the three links of a "Read more" box);
    - ``then``: one more, right after it or its followers (the title of a lead video,
      which follows a byline's dateline and Comments button);
    - ``leaders``: up to ``MAX_LEADERS`` right before it (a byline's author lines, before
      its dateline).
    """

    name: str
    lines: str
    followers: str | None = None
    max_followers: int | None = None
    then: str | None = None
    leaders: str | None = None


@dataclass(frozen=True, slots=True)
class PrefixRule:
    """Furniture glued to the start of a paragraph (a crawler's date stamp, a live blog's
    "Show latest update" button): the match goes, the rest of the paragraph is kept and read
    again as a paragraph of its own."""

    name: str
    prefix: str


@dataclass(frozen=True, slots=True)
class HeadlineSuffix:
    """Furniture at the end of a headline (a mirror's source after a dash, "... - The
    Independent"): it goes."""

    name: str
    suffix: str


@dataclass(frozen=True, slots=True)
class BlockRule:
    """Furniture recognised by its frame, or by its known sentences, whatever its wording in
    between.

    A block starts at the start of a paragraph that matches ``opener``, or that starts with
    one of ``phrases`` and holds ``enough`` of them (the block without its opener: the
    second page of a live blog starts there). It runs to the end of the first match of
    ``closer``, within ``max_paragraphs`` paragraphs from the first; text after the closer is
    article text that lost its line break, and is kept. Without a closer in reach only the
    first paragraph goes, so a truncated block never eats the article.
    """

    name: str
    opener: str
    closer: str
    phrases: Sequence[str] = ()
    enough: int = 2
    max_paragraphs: int = 12
    signature: str | None = None
    """A job title that, on a line of its own under a line of a name, ends the block as its
    closer does (an appeal signed by a reporter), within ``SIGNATURE_REACH`` paragraphs of
    the opener, every paragraph before the name in the first or second person (an
    appeal speaks to the reader: a column's author card after an appeal cut short is
    not its signature)."""


@dataclass(frozen=True, slots=True)
class CaptionRule:
    """A photo's caption and credit: ``credit`` matches a credit in brackets, such as
    "(Getty Images)". A paragraph that is a credit alone goes; so does a caption that ends
    with a credit matching ``agencies``, and a caption printed twice, bare and then with its
    credit (both copies)."""

    name: str
    credit: str
    agencies: str


MAX_LEADERS = 4
# The longest caption, with its credit, that text glued after it is told from.
_CAPTION_MAX = 400
# A sentence's end glued to the next (no space): where a caption glued to it starts.
_SENTENCE_GLUED = re.compile(r"[.!?…][”’\"]?(?=[A-Z])")
# The shortest start of a furniture line taken for the line cut short (``cut_short``).
CUT_SHORT_MIN = 12


class _Block(NamedTuple):
    name: str
    closer: re.Pattern[str]
    phrases: re.Pattern[str] | None
    enough: int
    max_paragraphs: int
    signature: re.Pattern[str] | None


SIGNATURE_REACH = 6
# A signature's name: two to four capitalised words.
_SIGNATURE_NAME = re.compile(r"(?:[A-Z][\w’'.-]+ ){1,3}[A-Z][\w’'.-]+")
# The first or second person, as an appeal speaks.
_PERSON = re.compile(r"\b(?:I|me|my|we|us|our|you|your)\b", re.I)


# What a match of the rules' alternation found, by the kind of rule.
_LINE, _OPENER, _PHRASE, _PREFIX = "line", "opener", "phrase", "prefix"


class Boilerplate:
    """A site's furniture rules, compiled once for the whole run: its blocks, lines,
    prefixes, caption rule, headline suffixes, and the furniture lines (a rule's name and
    the line) whose start ends a copy cut short (``cut_short``)."""

    def __init__(
        self,
        blocks: Sequence[BlockRule],
        lines: Sequence[LineRule],
        prefixes: Sequence[PrefixRule] = (),
        captions: CaptionRule | None = None,
        headline_suffixes: Sequence[HeadlineSuffix] = (),
        cut_short: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.cut_short = list(cut_short)
        self.headline_suffixes = [
            (rule.name, re.compile(rf"\s*(?:{rule.suffix})\Z", re.I)) for rule in headline_suffixes
        ]
        self.blocks = [
            _Block(
                rule.name,
                re.compile(rule.closer, re.I),
                re.compile("|".join(rule.phrases), re.I) if rule.phrases else None,
                rule.enough,
                rule.max_paragraphs,
                re.compile(rf"(?:{rule.signature})\Z") if rule.signature else None,
            )
            for rule in blocks
        ]
        self.lines = list(lines)
        # Every rule in one alternation anchored at the paragraph's start, a group per rule
        # (rules may share a name): a single match says whether a paragraph is furniture,
        # and by which rule (lastgroup). Lines must fill the paragraph; openers, phrases and
        # prefixes start it.
        # Each rule's alternatives are groups of their own, to be cut down below.
        alternatives: list[tuple[tuple[str, int], str]] = []
        for number, rule in enumerate(blocks):
            alternatives += [((_OPENER, number), p) for p in _alternatives(rule.opener)]
            alternatives += [((_PHRASE, number), p) for p in rule.phrases]
        for number, rule in enumerate(lines):
            alternatives += [((_LINE, number), f"(?:{p})\\Z") for p in _alternatives(rule.lines)]
        self.prefixes = [rule.name for rule in prefixes]
        for number, rule in enumerate(prefixes):
            alternatives += [((_PREFIX, number), p) for p in _alternatives(rule.prefix)]
        self.groups = {f"g{n}": found for n, (found, _) in enumerate(alternatives)}
        # The alternation is cut down by the paragraph's first character (in lower case) and
        # its length, to the rules that can start with that character and, for a long
        # paragraph, fill that much: most paragraphs are the article's, and an alternation
        # fails faster the fewer rules it tries. (Openers, phrases and prefixes only start
        # a paragraph, so any length will do for them.) Each cut is compiled when first
        # needed.
        self.rules = [
            (n, p, _literal_start(p), _first_characters(p), _longest(p) if kind == _LINE else None)
            for n, ((kind, _), p) in enumerate(alternatives)
        ]
        self.cuts: tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]] = ({}, {})
        self.followers = [re.compile(r.followers, re.I) if r.followers else None for r in lines]
        self.then = [re.compile(r.then, re.I) if r.then else None for r in lines]
        self.leaders = [re.compile(r.leaders, re.I) if r.leaders else None for r in lines]
        self.captions = captions
        if captions is not None:
            self.credit = re.compile(rf"\s*(?:{captions.credit})\Z", re.I)
            self.agency_credit = re.compile(rf"\s*\(\s*(?:{captions.agencies})\s*\)\Z", re.I)
            # An agency's credit with text glued after it: a caption that lost its line
            # break before the next paragraph ("... in Kyiv (Getty Images)The minister said").
            # Capitals as the agency writes them; a capital or an opening quote after it
            # (not "(AP)'s", "(Reuters)said").
            self.glued_credit = re.compile(rf"\(\s*(?:{captions.agencies})\s*\)(?=[“‘\"]?[A-Z])")

    def _cut(self, start: str, long: bool) -> re.Pattern[str]:
        """The rules a paragraph starting with ``start`` (its first two characters) and
        ``long`` may match: by their literal start where they have one, else by the
        characters they can start with."""
        key = start.lower()
        cut = self.cuts[long][start] = _alternation(
            [
                (n, p)
                for n, p, literal, chars, longest in self.rules
                if (key.startswith(literal[:2]) if literal else chars is None or key[:1] in chars)
                and not (long and longest is not None and longest <= _SHORT)
            ]
        )
        return cut

    def _found(self, paragraph: str) -> tuple[str, int, re.Match[str]] | None:
        """Which rule the paragraph starts or fills: its kind, number and match."""
        if not paragraph:
            return None
        long = len(paragraph) > _SHORT
        start = paragraph[:2]
        cut = self.cuts[long].get(start) or self._cut(start, long)
        match = cut.match(paragraph)
        return self._resolve(paragraph, match) if match else None

    def _resolve(
        self, paragraph: str, match: re.Match[str]
    ) -> tuple[str, int, re.Match[str]] | None:
        group = match.lastgroup
        assert group is not None  # every alternative is a named group
        kind, number = self.groups[group]
        if kind == _PHRASE and not _enough(self.blocks[number], paragraph):
            return None
        return kind, number, match

    def rule_for(self, paragraph: str) -> str | None:
        """The rule under which the whole paragraph is furniture on its own, or None.

        Followers, leaders and block endings are furniture only in context, so they are not
        asked; a paragraph that a prefix only starts is not furniture as a whole.
        """
        found = self._found(paragraph)
        if found is None:
            return None
        kind, number, match = found
        if kind == _LINE:
            return self.lines[number].name
        if kind == _PREFIX:
            return self.prefixes[number] if match.end() == len(paragraph) else None
        block = self.blocks[number]
        if kind == _OPENER and not _opens(block, paragraph, match):
            return None
        return block.name

    def clean_headline(self, headline: str) -> tuple[str, list[Removal]]:
        """The headline without the furniture glued to its start (the prefix rules) or end
        (the headline suffixes), and what went."""
        removed = []
        while headline:
            found = self._found(headline)
            if found is None or found[0] != _PREFIX:
                break
            _, number, match = found
            removed.append(Removal(self.prefixes[number], match.group().strip()))
            headline = headline[match.end() :].strip()
        for name, suffix in self.headline_suffixes:
            end = suffix.search(headline)
            if end is not None and end.start() > 0:
                removed.append(Removal(name, end.group().strip()))
                headline = headline[: end.start()]
        return headline, removed

    def follower_of(self, previous: str, paragraph: str) -> str | None:
        """The rule under which ``paragraph`` is furniture for following ``previous`` (a
        button after its prompt), or None."""
        found = self._found(previous)
        if found is None or found[0] != _LINE:
            return None
        followers = self.followers[found[1]]
        if followers is None or not followers.fullmatch(paragraph):
            return None
        return self.lines[found[1]].name

    def leader_of(self, paragraph: str) -> str | None:
        """The rule whose line the paragraph has the shape of a leader of (an author's name,
        before a byline's dateline), or None."""
        for number, leaders in enumerate(self.leaders):
            if leaders is not None and leaders.fullmatch(paragraph):
                return self.lines[number].name
        return None

    def is_furniture(self, paragraph: str) -> bool:
        """True if the paragraph is furniture on its own (a line, or a block's opening)."""
        return self.rule_for(paragraph) is not None

    def remove(
        self,
        paragraphs: Sequence[str],
        recurring: Recurring | None = None,
        headline: str | None = None,
    ) -> tuple[list[str], list[Removal]]:
        """Split paragraphs into the article's and the removed furniture, keeping order:
        what the rules match, then what ``recurring`` has learned is furniture (but for a
        paragraph naming what the article's ``headline`` names)."""
        kept: list[str] = []
        removed: list[Removal] = []
        pending = list(reversed(paragraphs))  # a stack, so a rule can push back a tail
        # The number of the line rule that removed the paragraph before, if it has followers,
        # and how many followers it may still have.
        context: int | None = None
        room = 0
        cuts = self.cuts
        lines = recurring.lines if recurring is not None else {}
        while pending:
            paragraph = pending.pop()
            if context is not None:
                number = context
                name = self.lines[number].name
                followers = self.followers[number]
                assert followers is not None
                if room and followers.fullmatch(paragraph):
                    removed.append(Removal(name, paragraph))
                    room -= 1
                    continue
                context = None
                then = self.then[number]
                if then is not None and then.fullmatch(paragraph):
                    removed.append(Removal(name, paragraph))
                    continue
            # _found, written out: this runs for every paragraph of every article.
            long = len(paragraph) > _SHORT
            start = paragraph[:2]
            cut = cuts[long].get(start) or self._cut(start, long)
            match = cut.match(paragraph)
            found = self._resolve(paragraph, match) if match else None
            if found is not None:
                kind, number, match = found
                block = self.blocks[number] if kind in (_OPENER, _PHRASE) else None
                if block is not None and (kind == _PHRASE or _opens(block, paragraph, match)):
                    removed.append(self._remove_block(block, paragraph, pending))
                    continue
                if block is not None:  # an opener's words starting a sentence of the text
                    found = None
            if found is not None:
                if kind == _PREFIX:
                    removed.append(Removal(self.prefixes[number], match.group().strip()))
                    tail = paragraph[match.end() :].strip()
                    if tail:
                        pending.append(tail)
                    continue
                rule = self.lines[number].name
                leaders = self.leaders[number]
                if leaders is not None:
                    removed.extend(self._remove_leaders(rule, leaders, kept))
                removed.append(Removal(rule, paragraph))
                if self.followers[number] is not None:
                    context = number
                    room = self.lines[number].max_followers or len(pending)
                continue
            if self.captions is not None and ")" in paragraph:
                glued = self.glued_credit.search(paragraph, 0, _CAPTION_MAX)
                if glued is not None:  # the caption goes, the text glued after it is read again
                    # The caption starts after the last sentence glued before it, if any.
                    ends = list(_SENTENCE_GLUED.finditer(paragraph, 0, glued.start()))
                    start = ends[-1].end() if ends else 0
                    removed.append(Removal(self.captions.name, paragraph[start : glued.end()]))
                    pending.append(paragraph[glued.end() :])
                    if start:  # the text before it too, read first
                        pending.append(paragraph[:start].strip())
                    continue
            if self.captions is not None and paragraph[-1] == ")":
                caption = self._caption(paragraph, kept, removed)
                if caption:
                    removed.extend(caption)
                    continue
            if lines and recurring is not None and folded(paragraph) in lines:
                articles = recurring.articles(paragraph, headline)
                if articles is not None:
                    removed.append(Removal(RECURRING, paragraph, articles))
                    continue
            if kept and kept[-1] == paragraph:
                if self.captions is not None and len(kept) > 1 and _reads_as_caption(paragraph):
                    # A caption printed twice (an image's caption, then the same as its
                    # lightbox prints it): both go. Not the text's first paragraph (a
                    # standfirst printed twice keeps its first).
                    removed.append(Removal(self.captions.name, kept.pop()))
                    removed.append(Removal(self.captions.name, paragraph))
                else:
                    removed.append(Removal(REPEATED_PARAGRAPH, paragraph))
                continue
            kept.append(paragraph)
        if kept and self.cut_short:
            rule = self._cut_short(kept[-1])
            if rule is not None:
                removed.append(Removal(rule, kept.pop()))
        return kept, removed

    def _cut_short(self, paragraph: str) -> str | None:
        """The rule of the furniture line that ``paragraph`` is the start of, cut short where
        a copy ends ("Join our commenti"), or None."""
        if len(paragraph) < CUT_SHORT_MIN:
            return None
        for name, line in self.cut_short:
            if line.startswith(paragraph) and line != paragraph:
                return name
        return None

    @staticmethod
    def _remove_block(block: _Block, first: str, pending: list[str]) -> Removal:
        """Remove the block that ``first`` starts, with ``pending``: up to its closer if one
        is in reach, else ``first`` alone."""
        end = block.closer.search(first)
        if end is not None:
            tail = first[end.end() :].strip()
            if tail:
                pending.append(tail)
            return Removal(block.name, first[: end.end()])
        # pending is reversed: the next paragraph is pending[-1].
        ahead = pending[: -block.max_paragraphs : -1] if block.max_paragraphs > 1 else []
        for offset, paragraph in enumerate(ahead):
            end = block.closer.search(paragraph) or _signed(block, ahead, offset)
            if end is None:
                continue
            del pending[len(pending) - offset - 1 :]
            tail = paragraph[end.end() :].strip()
            if tail:
                pending.append(tail)
            body = [*ahead[:offset], paragraph[: end.end()]]
            return Removal(block.name, "\n\n".join([first, *body]))
        return Removal(block.name, first)

    @staticmethod
    def _remove_leaders(rule: str, leaders: re.Pattern[str], kept: list[str]) -> list[Removal]:
        """The paragraphs at the end of ``kept`` that lead into a ``rule`` line, taken out."""
        count = 0
        while count < min(MAX_LEADERS, len(kept)) and leaders.fullmatch(kept[-1 - count]):
            count += 1
        if not count:
            return []
        taken = kept[-count:]
        del kept[-count:]
        return [Removal(rule, paragraph) for paragraph in taken]

    def _caption(self, paragraph: str, kept: list[str], removed: list[Removal]) -> list[Removal]:
        """The removals when ``paragraph`` is a caption's credit, a caption with an agency's
        credit, or the second copy of the caption before it; else none."""
        assert self.captions is not None
        credit = self.credit.search(paragraph)
        if credit is None:
            return []
        name = self.captions.name
        caption = paragraph[: credit.start()].rstrip()
        if not caption:
            return [Removal(name, paragraph)]
        if kept and kept[-1] == caption:
            kept.pop()
            return [Removal(name, caption), Removal(name, paragraph)]
        if removed and removed[-1].text == caption:  # the bare one went by another rule
            return [Removal(name, paragraph)]
        if self.agency_credit.search(paragraph):
            return [Removal(name, paragraph)]
        return []


def _signed(block: _Block, ahead: list[str], offset: int) -> re.Match[str] | None:
    """The match of ``block``'s signature when ``ahead[offset]`` ends the block as one: a
    job title under a name, close enough to the opener, the block's text before the name
    in the first or second person."""
    signature = block.signature
    if signature is None or offset == 0 or offset >= SIGNATURE_REACH:
        return None
    found = signature.match(ahead[offset])
    if found is None or not _SIGNATURE_NAME.fullmatch(ahead[offset - 1]):
        return None
    spoken = ahead[: offset - 1]  # between the opener and the name
    return found if all(_PERSON.search(paragraph) for paragraph in spoken) else None


def _reads_as_caption(paragraph: str) -> bool:
    """Three to forty words that end no sentence: what a caption reads as (a paragraph of
    the text ends with a stop)."""
    return 2 <= paragraph.count(" ") < 40 and not paragraph.rstrip(CLOSING).endswith(SENTENCE_ENDS)


def _opens(block: _Block, paragraph: str, opener: re.Match[str]) -> bool:
    """True when the opener that starts ``paragraph`` opens ``block``: it fills the
    paragraph, or the block's closer or enough of its sentences follow it there (the block
    flattened onto one line). An opener's words that start a sentence of the text do not."""
    if opener.end() == len(paragraph) or block.closer.search(paragraph, opener.end()):
        return True
    return block.phrases is not None and _enough(block, paragraph)


def _enough(block: _Block, paragraph: str) -> bool:
    """True when the paragraph holds enough of the block's known sentences."""
    assert block.phrases is not None
    return len(set(block.phrases.findall(paragraph))) >= block.enough


def _alternation(patterns: list[tuple[int, str]]) -> re.Pattern[str]:
    """One pattern of numbered alternatives, each a group ``g<number>``, ignoring case."""
    return re.compile("|".join(f"(?P<g{n}>{p})" for n, p in patterns) or "(?!)", re.I)


# A paragraph longer than this is tried only against the rules that can match more.
_SHORT = 120


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern: ``a|(b|c)|d`` is ``a``, ``(b|c)``, ``d``."""
    parts, depth, start, at, in_class = [], 0, 0, 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[at + 1 : at + 2] == "]":  # "[]...]": the bracket is a member
                at += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:at])
            start = at + 1
        at += 1
    parts.append(pattern[start:])
    return parts


def _longest(pattern: str) -> int | None:
    """The most characters ``pattern`` can match, or None when there is no bound (or it
    cannot be read)."""
    try:
        longest = re_parser.parse(pattern, re.I).getwidth()[1]
    except Exception:  # an optimisation only
        return None
    return longest if longest < re_parser.MAXREPEAT else None


def _literal_start(pattern: str) -> str:
    """The plain text a pattern starts with, in lower case (``Sign up (?:to|for)`` starts
    with ``sign up ``), or "" when its first character is not plain text."""
    literal = []
    for at, char in enumerate(pattern):
        if not (char.isalnum() or char in " ,'’:"):
            if char in "?*{" and literal:  # the character before is optional
                literal.pop()
            break
        if pattern[at + 1 : at + 2] in ("?", "*", "{"):
            break
        literal.append(char)
    return "".join(literal).lower()


def _first_characters(pattern: str) -> frozenset[str] | None:
    """The characters (in lower case) a match of ``pattern`` can start with, or None when
    it can start with almost any. Read from the parsed pattern (Python's own parser, as the
    re module parses it); a pattern it cannot read is taken as starting with any."""
    try:
        found = _firsts(re_parser.parse(pattern, re.I).data)
    except Exception:  # an optimisation only: without it every rule is tried
        return None
    return frozenset(found) if found is not None and len(found) <= 64 else None


def _firsts(items: list[Any]) -> set[str] | None:
    """The first characters of a parsed sequence, or None for any."""
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return chars | {chr(av).lower()}
        if name == "IN":
            inside = _class(av)
            return None if inside is None else chars | inside
        if name == "BRANCH":
            branches = [_firsts(list(branch)) for branch in av[1]]
            if any(b is None for b in branches):
                return None
            return chars.union(*branches)  # type: ignore[arg-type]
        if name == "SUBPATTERN":
            inner = list(av[-1])
            found = _firsts(inner)
            if found is None:
                return None
            chars |= found
            if re_parser.SubPattern(re_parser.State(), inner).getwidth()[0] > 0:
                return chars
            continue
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, _, inner = av
            found = _firsts(list(inner))
            if found is None:
                return None
            chars |= found
            if low > 0:
                return chars
            continue
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # consumes nothing: what follows starts the match
        return None
    return None  # the pattern can match nothing at all: any start


def _class(items: list[Any]) -> set[str] | None:
    """The characters of a parsed character class, or None when they are many or a
    category (``\\s``, ``\\d``: digits are the one category spelt out)."""
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av).lower())
        elif name == "RANGE" and av[1] - av[0] < 64:
            chars.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        elif name == "CATEGORY" and str(av) == "CATEGORY_DIGIT":
            chars.update("0123456789")
        else:
            return None
    return chars


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
    headline: str,
    description: str | None,
    body: str,
    boilerplate: Boilerplate,
    recurring: Recurring | None = None,
    standfirst: Callable[[str, bool], bool] | None = None,
    learn_as: str | None = None,
    article_id: str | None = None,
) -> CleanText:
    """An article's headline, standfirst and body with whitespace normalised, furniture gone.

    With ``standfirst`` (and no ``description``), the standfirst is in the body: the first
    paragraph left, when ``standfirst(paragraph, furniture_after)`` says it is one, told
    whether furniture came right after it (the text layout: a site prints its appeal or
    its byline between the standfirst and the text).

    With ``learn_as`` (the article's key: its URL), the paragraphs that no rule removed are
    counted in ``recurring`` afterwards (those it removed included): the rules' furniture
    needs no counting, and an article is cleaned with what the articles before it show.
    ``article_id``, the headline and the top tell copies of one article apart
    (newsbot.recurring.story_keys).

    Learned furniture never takes all of an article's text: when it would, the article is
    cleaned by the rules alone (a text that is nothing but recurring lines is a text that
    recurs, such as a copy of a copy, not furniture).
    """
    raw, whitespace = split_paragraphs(body)
    paragraphs, removed = boilerplate.remove(raw, recurring, headline)
    if not paragraphs and recurring is not None and any(r.rule == RECURRING for r in removed):
        paragraphs, removed = boilerplate.remove(raw)
    counted = None  # what this article adds to the count, once it is cleaned
    if recurring is not None and learn_as is not None and not recurring.counted_ahead(learn_as):
        learned = [r.text for r in removed if r.rule == RECURRING]
        counted = [*paragraphs, *learned]
    headline = normalise_whitespace(headline)
    while paragraphs and paragraphs[0] == headline:  # a copy that prints it twice
        removed.append(Removal(REPEATED_PARAGRAPH, paragraphs.pop(0)))
    if description is not None:
        description = normalise_whitespace(description)
        rule = boilerplate.rule_for(description)
        articles = recurring.articles(description, headline) if recurring and not rule else None
        if rule is not None or articles is not None:
            removed.insert(0, Removal(rule or RECURRING, description, articles))
            description = None
    elif (
        standfirst is not None
        and len(paragraphs) > 1  # a standfirst never takes the whole text
        and standfirst(paragraphs[0], _furniture_after(paragraphs, raw))
    ):
        description = paragraphs.pop(0)
    if counted is not None:
        assert recurring is not None
        top = top_of(description, paragraphs)
        recurring.learn(counted, story=story_keys(headline, article_id, top))
    if whitespace:
        removed.append(Removal(WHITESPACE, describe_whitespace(whitespace)))
    return CleanText(headline, description or None, paragraphs, removed)


def _furniture_after(paragraphs: list[str], raw: list[str]) -> bool:
    """True when the first paragraph left was followed by furniture: the paragraph after it
    in ``raw`` (the text before cleaning) is not the next one left."""
    try:
        at = raw.index(paragraphs[0])
    except ValueError:  # the tail of a paragraph that furniture started
        return False
    if at + 1 >= len(raw):
        return False
    return len(paragraphs) < 2 or raw[at + 1] != paragraphs[1]


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
