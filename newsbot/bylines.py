"""Bylines as printed ("By ANDREW WOODCOCK, Political Editor @andywoodcock") into people's
names, wire agencies and each person's dateline.

A pure function over a string, with the vocabulary it needs as named tables below. Roles are
recognised by their words (a run of role words with a head such as "Editor" or "reporter"),
so that a role is never taken for a name nor split into extra people. The site's own
credits ("The Independent") are the site's knowledge: callers pass them as ``house``.

A record credits at most MAX_AUTHORS people; the rest are ignored, so that a page listing
thousands of authors costs no more than one listing a hundred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from nameparser import HumanName

from newsbot.items import Author

# The most people a byline or a record credits, and the most raw bylines (authors, agencies)
# read from one record. The corpus's pages credit two people at most; a hundred leaves
# room for the longest shared byline or live blog. A page whose JSON-LD lists thousands is
# broken, and every name costs time (about 0.4 ms in nameparser for one in capitals).
MAX_AUTHORS = 100

# Wire agencies, by every name they go by, and the one name newsbot gives each.
AGENCIES = {
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "pa": "PA",
    "pa media": "PA",
    "pa wire": "PA",
    "press association": "PA",
    "the press association": "PA",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg",
    "dpa": "dpa",
    "efe": "EFE",
}

# Words that head a role: a run of role words is a role only if it has one of these.
ROLE_HEADS = frozenset(
    """editor editors correspondent correspondents reporter reporters writer writers
    commentator columnist critic contributor contributors journalist journalists producer
    presenter analyst staff desk team chief sketchwriter blogger photographer
    editor-at-large editor-in-chief""".split()
)
# Words a role is made of, besides its head.
ROLE_WORDS = ROLE_HEADS | frozenset(
    """a an the of and for in at on to our us uk eu senior deputy associate assistant
    executive managing acting contributing special principal lead digital online news
    political politics policy sketch home affairs security foreign world international
    economics economy business finance financial markets money consumer personal media
    arts culture film music books theatre tv television radio sport sports football
    cricket rugby tennis golf racing boxing science health medical social environment
    environmental climate technology tech education transport crime legal defence
    diplomatic europe european america americas american asia africa middle east
    washington whitehall westminster parliamentary lobby investigations investigative
    data fashion food drink travel property motoring games gaming royal obituaries
    opinion comment voices features feature general breaking live deputy-political
    large at-large freelance guest""".split()
)
# Words of bylines that credit no one in particular, whatever the site.
NOBODY = frozenset("staff agencies agency reporters newsroom editorial".split())

_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_HANDLE = re.compile(r"(?<![\w.])@\w+")
_SITE_SUFFIX = re.compile(r"\s+\|\s+.*$")  # "Jane Doe | Anything": the site's name
_BY = re.compile(r"^(?:written\s+)?by\b[\s:]*", re.I)
_CONTACT = re.compile(
    r"\b(?:follow\s+(?:her|him|them|me|us)\s+on\s+(?:twitter|x)|twitter|e-?mail)\b\s*:?", re.I
)
_ADDITIONAL = re.compile(r"\b(?:with\s+)?additional\s+reporting\s+(?:by|from)\b", re.I)
# Between people, roles and agencies; kept by split(), so that a comma is told from "and".
_SEPARATOR = re.compile(r"\s*(;|,|&|\band\b|\bwith\b)\s*", re.I)
_WORD = re.compile(r"[\w'’.-]+")
# The words that start a dateline: "in New York", "at Wembley".
_DATELINE_WORDS = frozenset({"in", "at"})
# After a dateline's place and a comma, one capitalised word is the rest of the place
# ("Kyiv, Ukraine", "Washington, DC"); so are these names of several words ("Brooklyn, New
# York"), which would otherwise be taken for a person.
REGIONS = frozenset(
    " ".join(region.split())
    for region in """new york|new jersey|new mexico|new hampshire|north carolina|south carolina
    |north dakota|south dakota|west virginia|rhode island|new south wales|northern ireland
    |united states
    |united kingdom|new zealand|south africa|saudi arabia|north korea|south korea|sri lanka
    |hong kong|costa rica|el salvador|puerto rico|the netherlands|united arab emirates
    |west bank|gaza strip""".split("|")
)


@dataclass(slots=True)
class Byline:
    """What a byline says: who wrote it, which agencies it credits, where it was filed."""

    authors: list[str] = field(default_factory=list)
    """People, in byline order, without duplicates, in name case."""
    agencies: list[str] = field(default_factory=list)
    """Wire agencies by the names of AGENCIES' values, in byline order."""
    datelines: list[str | None] = field(default_factory=list)
    """Where each of ``authors`` filed from ("Sydney" for "Jane Doe in Sydney"), or None."""


def normalise_byline(raw: str, house: frozenset[str] = frozenset()) -> Byline:
    """The people, agencies and datelines in a byline as printed.

    ``house`` holds the site's own credits, casefolded ("the independent"): a person by one
    of them, with or without a role, is nobody. A dateline is its person's; the last
    person's is also that of the people before them who have none ("Jane Doe and Sam Roe in
    Paris"), back to the one before with their own.
    """
    result = Byline()
    text = _SITE_SUFFIX.sub("", " ".join(raw.split()))
    for bracketed in _BRACKETS.finditer(text):
        inside = (bracketed[1] or bracketed[2] or "").strip()
        _add(result.agencies, AGENCIES.get(inside.casefold()))
    text = _BRACKETS.sub(" ", text)
    text = _HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))
    text = _ADDITIONAL.sub(",", _CONTACT.sub(" ", text))
    text = _BY.sub("", " ".join(text.split())).strip(" ,;:-–|")
    pieces = _SEPARATOR.split(text)  # segment, separator, segment, …
    people: list[list[str]] = []
    places: list[str | None] = []  # each person's dateline
    place_open = False  # the last segment gave people[-1] a place, which ", Ukraine" continues
    for index in range(0, len(pieces), 2):
        words = _WORD.findall(pieces[index])
        if not words:
            continue
        after_comma = index > 0 and pieces[index - 1] == ","
        name, place = _split_dateline(words)
        agency = AGENCIES.get(_credit(name))
        given = None  # the place this segment gives people[-1]
        if not name:
            # A dateline of its own, after a role: "Jane Doe, US Correspondent, in Washington".
            if people:
                places[-1] = given = place
        elif agency:
            _add(result.agencies, agency)
        elif _is_role(name):
            # The rest of a role split at its own "and" or comma ("Home Affairs and
            # Security Editor"): the words before it that are role words belong to it.
            if people:
                people[-1] = _without_role(people[-1], head_needed=False)
                if place:
                    places[-1] = given = place
        elif place_open and after_comma and not place and _continues_place(name):
            # The rest of the place: "Kyiv, Ukraine", "Washington, DC", "Brooklyn, New York".
            places[-1] = given = f"{places[-1]}, {' '.join(name)}"
        else:
            person = _without_role(name, head_needed=True)
            if _credit(name) in house or _credit(person) in house:
                person = []  # the site's own credit: "The Independent", "Independent Staff"
            people.append(person)
            places.append(place)
            given = place
        place_open = given is not None
    index = len(places) - 1  # the last person's dateline, back to the one before with one
    while index > 0 and places[index] and places[index - 1] is None:
        places[index - 1] = places[index]
        index -= 1
    seen: set[str] = set()  # the authors' names, casefolded
    for words, place in zip(people, places, strict=True):
        if len(result.authors) == MAX_AUTHORS:
            break
        if words and not _is_nobody(words):
            name = _name_case(" ".join(words))
            if name.casefold() not in seen:
                seen.add(name.casefold())
                result.authors.append(name)
                result.datelines.append(place)
    return result


def _split_dateline(words: list[str]) -> tuple[list[str], str | None]:
    """The words before the dateline that ends them and its place ("Jane Doe in New York":
    "Jane Doe", "New York"), else the words and None. A dateline is "in" or "at" and
    capitalised words, maybe after "the" ("at the Old Bailey"); a role is no place ("Editor
    in Chief")."""
    start = len(words)
    while start > 0 and words[start - 1][0].isupper():
        start -= 1
    if start == len(words):
        return words, None
    if start > 0 and words[start - 1] == "the":
        start -= 1
    if start == 0 or words[start - 1] not in _DATELINE_WORDS or _is_role(words[start:]):
        return words, None
    return words[: start - 1], " ".join(words[start:])


def _continues_place(words: list[str]) -> bool:
    """Whether a byline's words after a place and a comma are the rest of that place."""
    if len(words) == 1:
        return words[0][0].isupper()
    return _credit(words) in REGIONS


def _credit(words: list[str]) -> str:
    """Words as one credit, casefolded, to look up in AGENCIES or the house credits."""
    return " ".join(words).casefold()


def _is_role(words: list[str]) -> bool:
    folded = [w.casefold() for w in words]
    return all(w in ROLE_WORDS for w in folded) and any(w in ROLE_HEADS for w in folded)


def _without_role(words: list[str], head_needed: bool) -> list[str]:
    """The words before the role that ends them, if they end with one."""
    end = len(words)
    while end > 0 and words[end - 1].casefold() in ROLE_WORDS:
        end -= 1
    if end == len(words) or (head_needed and not _is_role(words[end:])):
        return words
    return words[:end]


def _is_nobody(words: list[str]) -> bool:
    folded = [w.casefold() for w in words]
    return all(w in NOBODY or w in ROLE_WORDS for w in folded)


# Names recur from record to record and within one (a byline repeated), and nameparser takes
# about 0.4 ms a name.
@lru_cache(maxsize=4096)
def _name_case(name: str) -> str:
    """A name in capitals or in lower case in name case; a mixed-case name as written."""
    if name != name.upper() and name != name.lower():
        return name
    human = HumanName(name)
    human.capitalize(force=True)
    return str(human)


def _known_name(byline: Byline, name: str) -> None:
    """Where the source gave the person's name apart from the printed byline and the byline
    names that person alone, run on into capitalised words ("Mythili Sampathkumar New
    York", a place printed beside the name): the name is the one given, the rest their
    dateline."""
    words = name.split()
    if len(byline.authors) != 1 or byline.datelines[0] is not None or not words:
        return
    printed = byline.authors[0].split()
    rest = printed[len(words) :]
    if (
        rest
        and [w.casefold() for w in printed[: len(words)]] == [w.casefold() for w in words]
        and all(w[0].isupper() for w in rest)
        and not _is_role(rest)
    ):
        byline.authors[0] = " ".join(printed[: len(words)])
        byline.datelines[0] = " ".join(rest)


def _add(values: list[str], value: str | None) -> None:
    """Append ``value`` unless ``values`` has it in any case. For agencies only: there are
    a handful of them, so the scan is short."""
    if value and value.casefold() not in (v.casefold() for v in values):
        values.append(value)


def normalise_authors(
    authors: list[Author], agencies: list[str], house: frozenset[str] = frozenset()
) -> tuple[list[Author], list[str]]:
    """A record's raw authors and agencies, normalised.

    Each author's printed byline (``nameRaw``) may name several people, agencies and
    datelines; every person becomes an Author with that ``nameRaw`` and their own dateline,
    keeping the author page URL when the byline names one person. ``house`` holds the site's
    own credits, casefolded, which name nobody (see normalise_byline). Raw agencies not known
    as wire agencies go. Only the first MAX_AUTHORS raw authors and raw agencies are read,
    and once MAX_AUTHORS people are credited, the people of the rest are ignored.
    """
    people: list[Author] = []
    seen: set[str] = set()  # the people's names, casefolded
    found: list[str] = []
    for author in authors[:MAX_AUTHORS]:
        byline = normalise_byline(author.nameRaw, house)
        _known_name(byline, author.name)
        for agency in byline.agencies:
            _add(found, agency)
        url = author.url if len(byline.authors) == 1 else None
        for name, dateline in zip(byline.authors, byline.datelines, strict=True):
            if len(people) == MAX_AUTHORS:
                break
            if name.casefold() not in seen:
                seen.add(name.casefold())
                people.append(Author(name, author.nameRaw, url, dateline))
    for raw in agencies[:MAX_AUTHORS]:
        for agency in normalise_byline(raw).agencies:
            _add(found, agency)
    return people, found
