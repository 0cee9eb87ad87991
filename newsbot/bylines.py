"""Bylines as printed ("By ANDREW WOODCOCK, Political Editor @andywoodcock") into people's
names, wire agencies and a dateline.

A pure function over a string, with the vocabulary it needs as named tables below. Roles are
recognised by their words (a run of role words with a head such as "Editor" or "reporter"),
so that a role is never taken for a name nor split into extra people.

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
# Bylines that credit no one in particular.
NOBODY = frozenset(
    """staff agencies agency independent the-independent reporters newsroom
    editorial""".split()
)

_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_HANDLE = re.compile(r"(?<![\w.])@\w+")
_SITE_SUFFIX = re.compile(r"\s+\|\s+.*$")  # "Jane Doe | The Independent"
_BY = re.compile(r"^(?:written\s+)?by\b[\s:]*", re.I)
_CONTACT = re.compile(
    r"\b(?:follow\s+(?:her|him|them|me|us)\s+on\s+(?:twitter|x)|twitter|e-?mail)\b\s*:?", re.I
)
_ADDITIONAL = re.compile(r"\b(?:with\s+)?additional\s+reporting\s+(?:by|from)\b", re.I)
# A dateline at the end: "in New York", "in Washington, DC", "at Wembley" (not "Editor
# in Chief").
_DATELINE = re.compile(
    r"\s+(?:in|at)\s+(?!chief\b)(?P<place>(?:the\s+)?[A-Z][\w.'’-]*"
    r"(?:[ ,]+(?:[A-Z][\w.'’-]*|DC|D\.C\.))*)\s*$"
)
_SEPARATOR = re.compile(r"\s*(?:;|,|&|\band\b|\bwith\b)\s*", re.I)
_WORD = re.compile(r"[\w'’.-]+")


@dataclass(slots=True)
class Byline:
    """What a byline says: who wrote it, which agencies it credits, where it was filed."""

    authors: list[str] = field(default_factory=list)
    """People, in byline order, without duplicates, in name case."""
    agencies: list[str] = field(default_factory=list)
    """Wire agencies by the names of AGENCIES' values, in byline order."""
    location: str | None = None
    """The dateline's place ("Sydney" for "in Sydney"), when the byline has one."""


def normalise_byline(raw: str) -> Byline:
    """The people, agencies and dateline in a byline as printed."""
    result = Byline()
    text = _SITE_SUFFIX.sub("", " ".join(raw.split()))
    for bracketed in _BRACKETS.finditer(text):
        inside = (bracketed[1] or bracketed[2] or "").strip()
        _add(result.agencies, AGENCIES.get(inside.casefold()))
    text = _BRACKETS.sub(" ", text)
    text = _HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))
    text = _ADDITIONAL.sub(",", _CONTACT.sub(" ", text))
    text = _BY.sub("", " ".join(text.split())).strip(" ,;:-–|")
    dateline = _DATELINE.search(text)
    if dateline:
        result.location = _place(dateline["place"], result.agencies)
        text = text[: dateline.start()]
    people: list[list[str]] = []
    for segment in _SEPARATOR.split(text):
        words = _WORD.findall(segment)
        if not words:
            continue
        agency = AGENCIES.get(" ".join(words).casefold())
        if agency:
            _add(result.agencies, agency)
        elif _is_role(words):
            # The rest of a role split at its own "and" or comma ("Home Affairs and
            # Security Editor"): the words before it that are role words belong to it.
            if people:
                people[-1] = _without_role(people[-1], head_needed=False)
        else:
            people.append(_without_role(words, head_needed=True))
    seen: set[str] = set()  # the authors' names, casefolded
    for words in people:
        if len(result.authors) == MAX_AUTHORS:
            break
        if words and not _is_nobody(words):
            name = _name_case(" ".join(words))
            if name.casefold() not in seen:
                seen.add(name.casefold())
                result.authors.append(name)
    return result


def _place(place: str, agencies: list[str]) -> str | None:
    """A dateline's place without what followed it: a role ("Sydney, Sports Correspondent")
    or an agency ("Beirut, Associated Press", which goes to ``agencies``)."""
    parts = [part.strip() for part in place.split(",")]
    while parts:
        agency = AGENCIES.get(parts[-1].casefold())
        if agency:
            _add(agencies, agency)
        elif parts[-1] and not _is_role(_WORD.findall(parts[-1])):
            break
        parts.pop()
    return ", ".join(parts) or None


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


def _add(values: list[str], value: str | None) -> None:
    """Append ``value`` unless ``values`` has it in any case. For agencies only: there are
    a handful of them, so the scan is short."""
    if value and value.casefold() not in (v.casefold() for v in values):
        values.append(value)


def normalise_authors(authors: list[Author], agencies: list[str]) -> tuple[list[Author], list[str]]:
    """A record's raw authors and agencies, normalised.

    Each author's printed byline (``nameRaw``) may name several people, agencies and a
    dateline; every person becomes an Author with that ``nameRaw``, keeping the author page
    URL when the byline names one person. Raw agencies not known as wire agencies go.
    Only the first MAX_AUTHORS raw authors and raw agencies are read, and once MAX_AUTHORS
    people are credited, the people of the rest are ignored.
    """
    people: list[Author] = []
    seen: set[str] = set()  # the people's names, casefolded
    found: list[str] = []
    for author in authors[:MAX_AUTHORS]:
        byline = normalise_byline(author.nameRaw)
        for agency in byline.agencies:
            _add(found, agency)
        url = author.url if len(byline.authors) == 1 else None
        for name in byline.authors:
            if len(people) == MAX_AUTHORS:
                break
            if name.casefold() not in seen:
                seen.add(name.casefold())
                people.append(Author(name=name, nameRaw=author.nameRaw, url=url))
    for raw in agencies[:MAX_AUTHORS]:
        for agency in normalise_byline(raw).agencies:
            _add(found, agency)
    return people, found
