"""Byline normalisation, by table: bylines as pages print them, and what they must yield."""

from __future__ import annotations

import time

import pytest

from newsbot.bylines import MAX_AUTHORS, Byline, normalise_authors, normalise_byline
from newsbot.items import Article, Author, Metadata
from newsbot.pipelines.bylines import BylinesPipeline
from newsbot.sites import site
from tests.helpers import project_crawler

# The Independent's own credits, with which the table's bylines are read.
HOUSE = site("independent").house_credits


def B(
    authors: list[str],
    agencies: list[str] | None = None,
    location: str | None = None,
    datelines: list[str | None] | None = None,
) -> Byline:
    """The Byline expected: ``datelines`` gives each author's, ``location`` every author's."""
    if datelines is None:
        datelines = [location] * len(authors)
    return Byline(authors=authors, agencies=agencies or [], datelines=datelines)


CASES = {
    # --- one person, as the pages print them (the corpus) ---------------------------------
    "Angus Thompson": B(["Angus Thompson"]),
    "Jamie Braidwood in Sydney": B(["Jamie Braidwood"], location="Sydney"),
    "Andrew Woodcock Political Editor @andywoodcock": B(["Andrew Woodcock"]),
    "Adam Sherwin Media Correspondent @adamsherwin10": B(["Adam Sherwin"]),
    "By Julian Linden in Sydney": B(["Julian Linden"], location="Sydney"),
    "Matt Dathan Online political reporter @matt_dathan": B(["Matt Dathan"]),
    "Fernande van Tets": B(["Fernande van Tets"]),
    "Hazel Sheffield": B(["Hazel Sheffield"]),
    # --- "By" and spacing ----------------------------------------------------------------
    "By Jane Doe": B(["Jane Doe"]),
    "by jane doe": B(["Jane Doe"]),
    "BY JANE DOE": B(["Jane Doe"]),
    "By:  Jane   Doe ": B(["Jane Doe"]),
    "  Written by Jane Doe": B(["Jane Doe"]),
    # --- several people ------------------------------------------------------------------
    "Jane Doe and Sam Roe": B(["Jane Doe", "Sam Roe"]),
    "Jane Doe, Sam Roe and Kit Poe": B(["Jane Doe", "Sam Roe", "Kit Poe"]),
    "Jane Doe & Sam Roe": B(["Jane Doe", "Sam Roe"]),
    "Jane Doe; Sam Roe": B(["Jane Doe", "Sam Roe"]),
    "By Jane Doe and Sam Roe in New York": B(["Jane Doe", "Sam Roe"], location="New York"),
    "Jane Doe and Jane Doe": B(["Jane Doe"]),
    "Jane Doe and JANE DOE": B(["Jane Doe"]),
    "Jane Doe, with additional reporting by Sam Roe": B(["Jane Doe", "Sam Roe"]),
    # --- datelines -----------------------------------------------------------------------
    "Jane Doe in New York": B(["Jane Doe"], location="New York"),
    "Jane Doe in Washington, DC": B(["Jane Doe"], location="Washington, DC"),
    "Jane Doe in Los Angeles": B(["Jane Doe"], location="Los Angeles"),
    "Jane Doe at Wembley Stadium": B(["Jane Doe"], location="Wembley Stadium"),
    "Jane Doe at the Old Bailey": B(["Jane Doe"], location="the Old Bailey"),
    "Jane Doe in Brooklyn, New York": B(["Jane Doe"], location="Brooklyn, New York"),
    "Jane Doe in Raleigh, North Carolina and Sam Roe": B(
        ["Jane Doe", "Sam Roe"], datelines=["Raleigh, North Carolina", None]
    ),
    "Jane Doe in Kyiv, Ukraine": B(["Jane Doe"], location="Kyiv, Ukraine"),
    "Jane Doe in Sydney, Sports Correspondent": B(["Jane Doe"], location="Sydney"),
    "Jane Doe, US Correspondent, in Washington": B(["Jane Doe"], location="Washington"),
    "Jane Doe US Correspondent in Washington": B(["Jane Doe"], location="Washington"),
    # --- several people, each with their own dateline (or none) ----------------------------
    "Alex Woodward in New York and Gustaf Kilander in Washington, DC": B(
        ["Alex Woodward", "Gustaf Kilander"], datelines=["New York", "Washington, DC"]
    ),
    "Oliver O'Connell in New York and Martha McHardy": B(
        ["Oliver O'Connell", "Martha McHardy"], datelines=["New York", None]
    ),
    "Jane Doe in New York, Sam Roe in Washington": B(
        ["Jane Doe", "Sam Roe"], datelines=["New York", "Washington"]
    ),
    "By Jane Doe in London and Sam Roe": B(["Jane Doe", "Sam Roe"], datelines=["London", None]),
    "Jane Doe and Sam Roe in Paris": B(["Jane Doe", "Sam Roe"], location="Paris"),
    "Jane Doe in Kyiv, Ukraine and Sam Roe in Moscow": B(
        ["Jane Doe", "Sam Roe"], datelines=["Kyiv, Ukraine", "Moscow"]
    ),
    "Jane Doe, US Editor, in New York and Sam Roe in Washington, DC": B(
        ["Jane Doe", "Sam Roe"], datelines=["New York", "Washington, DC"]
    ),
    "Jane Doe in London, Sam Roe and Kit Poe in Paris": B(
        ["Jane Doe", "Sam Roe", "Kit Poe"], datelines=["London", "Paris", "Paris"]
    ),
    "Jane Doe and Sam Roe in Beirut, Associated Press": B(
        ["Jane Doe", "Sam Roe"], ["AP"], location="Beirut"
    ),
    # --- roles and job titles --------------------------------------------------------------
    "Jane Doe, Political Editor": B(["Jane Doe"]),
    "Jane Doe Political Editor": B(["Jane Doe"]),
    "Jane Doe US Correspondent": B(["Jane Doe"]),
    "Jane Doe, Chief Political Commentator": B(["Jane Doe"]),
    "Jane Doe Home Affairs and Security Editor": B(["Jane Doe"]),
    "Jane Doe, Home Affairs and Security Editor, and Sam Roe": B(["Jane Doe", "Sam Roe"]),
    "Jane Doe online political reporter": B(["Jane Doe"]),
    "JANE DOE POLITICAL EDITOR": B(["Jane Doe"]),
    "Jane Doe, Editor in Chief": B(["Jane Doe"]),
    "Jane Doe Deputy Political Editor and Sam Roe Political Correspondent": B(
        ["Jane Doe", "Sam Roe"]
    ),
    "Jane Doe, Science Correspondent, and Sam Roe, Health Editor": B(["Jane Doe", "Sam Roe"]),
    "Jane Doe Senior Reporter": B(["Jane Doe"]),
    "Jane Doe, Environment Correspondent": B(["Jane Doe"]),
    "Jane Doe Arts and Culture Writer": B(["Jane Doe"]),
    "Jane Doe Sketch Writer": B(["Jane Doe"]),
    # --- handles, addresses, links, the site's name ---------------------------------------------
    "Jane Doe @janedoe": B(["Jane Doe"]),
    "Jane Doe (jane.doe@independent.co.uk)": B(["Jane Doe"]),
    "Jane Doe jane.doe@independent.co.uk": B(["Jane Doe"]),
    "Jane Doe [jane.doe@example.org]": B(["Jane Doe"]),
    "Jane Doe https://twitter.com/janedoe": B(["Jane Doe"]),
    "Jane Doe www.janedoe.com": B(["Jane Doe"]),
    "Jane Doe | The Independent": B(["Jane Doe"]),
    "Jane Doe Follow her on Twitter @janedoe": B(["Jane Doe"]),
    "Jane Doe Twitter: @janedoe": B(["Jane Doe"]),
    # --- wire agencies ---------------------------------------------------------------------
    "Reuters": B([], ["Reuters"]),
    "AP": B([], ["AP"]),
    "Associated Press": B([], ["AP"]),
    "The Associated Press": B([], ["AP"]),
    "PA": B([], ["PA"]),
    "PA Media": B([], ["PA"]),
    "Press Association": B([], ["PA"]),
    "AFP": B([], ["AFP"]),
    "Bloomberg": B([], ["Bloomberg"]),
    "Jane Doe, Reuters": B(["Jane Doe"], ["Reuters"]),
    "Jane Doe (AP)": B(["Jane Doe"], ["AP"]),
    "Jane Doe and agencies": B(["Jane Doe"]),
    "Jane Doe and Agencies": B(["Jane Doe"]),
    "Reuters and AFP": B([], ["Reuters", "AFP"]),
    "Jane Doe, PA Media and Reuters": B(["Jane Doe"], ["PA", "Reuters"]),
    "Jane Doe in Beirut, Associated Press": B(["Jane Doe"], ["AP"], location="Beirut"),
    "Agencies": B([]),
    # --- name case -----------------------------------------------------------------------
    "JOHN MCDONALD": B(["John McDonald"]),
    "mary o'brien": B(["Mary O'Brien"]),
    "SEAN O’CONNOR": B(["Sean O’Connor"]),
    "ANNE-MARIE SMITH-JONES": B(["Anne-Marie Smith-Jones"]),
    "ludwig van beethoven": B(["Ludwig van Beethoven"]),
    "ANDREW MACLEOD": B(["Andrew MacLeod"]),
    # --- mixed case stays exactly as written -------------------------------------------------
    "Fernande van Tets and Robert de Castella": B(["Fernande van Tets", "Robert de Castella"]),
    "Seán Ó Súilleabháin": B(["Seán Ó Súilleabháin"]),
    "Zoë d’Amato": B(["Zoë d’Amato"]),
    "John MacHale": B(["John MacHale"]),
    "bell hooks and Jane Doe": B(["Bell Hooks", "Jane Doe"]),
    "Kim Sengupta": B(["Kim Sengupta"]),
    # --- nobody in particular ----------------------------------------------------------------
    "Staff": B([]),
    "Staff Reporter": B([]),
    "Our Foreign Staff": B([]),
    "Reuters in London": B([], ["Reuters"]),
    "": B([]),
    "   ": B([]),
    "@janedoe": B([]),
}


# Bylines that credit The Independent itself: nobody, but only with its house credits.
HOUSE_CASES = {
    "Independent Staff": B([]),
    "The Independent": B([]),
    "THE INDEPENDENT": B([]),
    "Independent Staff Reporter": B([]),
    "The Independent Staff in London": B([]),
    "Jane Doe, The Independent": B(["Jane Doe"]),
    "Jane Doe and Independent Staff in Paris": B(["Jane Doe"], location="Paris"),
}


@pytest.mark.parametrize("raw, expected", CASES.items(), ids=list(CASES))
def test_normalise_byline(raw: str, expected: Byline) -> None:
    assert normalise_byline(raw, house=HOUSE) == expected
    assert normalise_byline(raw) == expected  # the table needs no site's knowledge


@pytest.mark.parametrize("raw, expected", HOUSE_CASES.items(), ids=list(HOUSE_CASES))
def test_the_sites_own_credits_credit_nobody(raw: str, expected: Byline) -> None:
    assert normalise_byline(raw, house=HOUSE) == expected


def test_without_the_house_credits_the_site_is_not_dropped_silently() -> None:
    # bylines.py knows no site: without its credits, the site's name is taken for a person.
    assert normalise_byline("The Independent") == B(["The Independent"])
    assert normalise_byline("Jane Doe, The Independent") == B(["Jane Doe", "The Independent"])
    assert normalise_byline("The Independent", house=frozenset({"the guardian"})) == B(
        ["The Independent"]
    )


def test_house_credits_are_the_sites_casefolded() -> None:
    assert {"the independent", "independent staff", "independent"} <= HOUSE
    assert all(credit == credit.casefold() for credit in HOUSE)


@pytest.mark.parametrize("raw", [*CASES, *HOUSE_CASES])
def test_no_empty_name_role_or_place_is_a_person(raw: str) -> None:
    byline = normalise_byline(raw, house=HOUSE)
    assert len(byline.datelines) == len(byline.authors)
    for name in byline.authors:
        assert name.strip() == name and name
        assert name.casefold() not in {
            "staff", "editor", "reporter", "sydney", "new york", "ukraine", "dc", "independent",
            "the independent",
        }  # fmt: skip


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 60


def test_normalise_authors_keeps_urls_and_expands_shared_bylines() -> None:
    raw = [
        Author(name="Jane Doe", nameRaw="Jane Doe Political Editor", url="https://x/author/jane"),
        Author(name="By Sam Roe and Kit Poe in Paris", nameRaw="By Sam Roe and Kit Poe in Paris"),
        Author(name="Reuters", nameRaw="Reuters"),
        Author(name="Jane Doe", nameRaw="JANE DOE"),
    ]
    authors, agencies = normalise_authors(raw, ["Press Association", "Some Company Ltd"])
    assert authors == [
        Author(name="Jane Doe", nameRaw="Jane Doe Political Editor", url="https://x/author/jane"),
        Author(name="Sam Roe", nameRaw="By Sam Roe and Kit Poe in Paris", dateline="Paris"),
        Author(name="Kit Poe", nameRaw="By Sam Roe and Kit Poe in Paris", dateline="Paris"),
    ]
    assert agencies == ["Reuters", "PA"]


def test_normalise_authors_gives_each_person_their_dateline() -> None:
    raw = "Alex Woodward in New York and Gustaf Kilander in Washington, DC"
    url = "https://x/author/oliver"
    authors, _ = normalise_authors(
        [
            Author(name=raw, nameRaw=raw),
            Author(name="x", nameRaw="Oliver O'Connell in Los Angeles", url=url),
            Author(name="x", nameRaw="The Independent"),
            Author(name="x", nameRaw="Martha McHardy, The Independent"),
        ],
        [],
        house=HOUSE,
    )
    assert authors == [
        Author(name="Alex Woodward", nameRaw=raw, dateline="New York"),
        Author(name="Gustaf Kilander", nameRaw=raw, dateline="Washington, DC"),
        Author("Oliver O'Connell", "Oliver O'Connell in Los Angeles", url, "Los Angeles"),
        Author(name="Martha McHardy", nameRaw="Martha McHardy, The Independent"),
    ]


def test_the_pipeline_reads_bylines_with_the_spiders_house_credits() -> None:
    def record() -> Article:
        metadata = Metadata(spider="independent", source="fixture", dateDownloaded="", extractor="")
        authors = [
            Author(name="x", nameRaw="Jane Doe in Paris"),
            Author(name="x", nameRaw="The Independent"),
        ]
        return Article(
            id="independent:1",
            url="file:///a.txt",
            headline="Headline",
            articleBody="Text.",
            authors=authors,
            metadata=metadata,
        )

    crawler = project_crawler()
    item = BylinesPipeline.from_crawler(crawler).process_item(record())
    assert item.authors == [Author(name="Jane Doe", nameRaw="Jane Doe in Paris", dateline="Paris")]
    assert crawler.stats.get_value("newsbot/bylines/authors") == 1
    # Without a crawler, nor the site's credits, the site's name is a person.
    without = BylinesPipeline(crawler.stats).process_item(record())
    assert [a.name for a in without.authors] == ["Jane Doe", "The Independent"]


def surname(n: int) -> str:
    """A different surname for every n: "Aaaa", "Baaa", … (names hold no digits)."""
    letters = ""
    for _ in range(4):
        n, letter = divmod(n, 26)
        letters += chr(ord("a") + letter)
    return letters.capitalize()


def test_thousands_of_authors_cost_little_and_credit_max_authors() -> None:
    distinct = [Author(name="x", nameRaw=f"Jane {surname(n)}") for n in range(100_000)]
    copies = [Author(name="x", nameRaw="By JOHN SMITH")] * 100_000
    # One byline naming thousands: its cost grows with its length, its names are capped.
    long_byline = ", ".join(f"JANE {surname(n).upper()}" for n in range(10_000))
    repeated_byline = " and ".join(["JOHN SMITH"] * 10_000)
    start = time.monotonic()
    authors, _ = normalise_authors(distinct, [])
    assert [a.name for a in authors] == [f"Jane {surname(n)}" for n in range(MAX_AUTHORS)]
    assert normalise_authors(copies, []) == ([Author("John Smith", "By JOHN SMITH")], [])
    long_authors = normalise_byline(long_byline).authors
    assert len(long_authors) == MAX_AUTHORS and long_authors[:2] == ["Jane Aaaa", "Jane Baaa"]
    assert normalise_byline(repeated_byline).authors == ["John Smith"]
    # Only a guard against the quadratic de-duplication, which took minutes: this takes
    # well under a second.
    assert time.monotonic() - start < 10


def test_the_people_after_max_authors_are_ignored() -> None:
    names = [f"Jane {surname(n)}" for n in range(MAX_AUTHORS + 20)]
    half = len(names) // 2
    shared = [", ".join(names[:half]), ", ".join(names[half:])]  # two bylines, 60 names each
    credited, _ = normalise_authors([Author(name="x", nameRaw=raw) for raw in shared], [])
    assert [a.name for a in credited] == names[:MAX_AUTHORS]
    one_byline = ", ".join(names)
    assert normalise_byline(one_byline).authors == names[:MAX_AUTHORS]


def test_only_the_first_max_authors_bylines_are_read() -> None:
    nobody = [Author(name="Staff", nameRaw="Staff")] * MAX_AUTHORS
    authors = [*nobody, Author(name="Jane Doe", nameRaw="Jane Doe")]
    agencies = ["Staff"] * MAX_AUTHORS + ["Reuters"]
    assert normalise_authors(authors, agencies) == ([], [])
