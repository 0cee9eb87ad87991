"""Our own small pages shaped like the site's layouts (tests/site/), through the page parser.

Each page has a golden record in tests/golden/pages/ (``--update-golden`` rewrites them);
the tests below also say in words what each page is there to show.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from itemadapter import ItemAdapter

from tests.helpers import GOLDEN, REPO, article_from_page, crawl, read_feed

SITE = REPO / "tests" / "site"
PAGES = sorted(SITE.rglob("*.html"))


def record(path: Path) -> dict:
    url = "https://www.independent.co.uk/" + path.relative_to(SITE).as_posix()
    data = ItemAdapter(article_from_page(path, url=url)).asdict()
    del data["metadata"]["dateDownloaded"]
    return data


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_page_matches_its_golden_record(path: Path, update_golden: bool) -> None:
    golden = GOLDEN / "pages" / f"{path.stem}.json"
    if update_golden:
        golden.write_text(json.dumps(record(path), ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert record(path) == json.loads(golden.read_text(encoding="utf-8"))


def page(stem: str) -> dict:
    return record(next(p for p in PAGES if p.stem == stem))


def test_2024_layout_keeps_the_text_and_nothing_around_it() -> None:
    article = page("harbour-bridge-reopens-b1000001")
    body = article["articleBody"]
    assert len(body.split("\n\n")) == 4
    for furniture in ("Sign up", "SIGN UP", "Read more", "Sponsored", "More about", "Comments"):
        assert furniture not in body
    assert [a["name"] for a in article["authors"]] == ["Jane Doe", "Sam Roe"]
    assert article["description"] == "Engineers replaced every cable on the 90-year-old crossing"
    assert article["keywords"] == ["Bridges", "Engineering"]
    assert article["mainImage"]["caption"] == "The bridge at dawn (Getty Images)"
    assert [r["rule"] for r in article["metadata"]["removed"]] == ["editorial_note"]


def test_2020_layout_reads_paragraphs_wrapped_in_divs() -> None:
    article = page("council-budget-vote-b1000002")
    assert len(article["articleBody"].split("\n\n")) == 4
    assert "UK news in pictures" not in article["articleBody"]
    assert "{{" not in article["articleBody"]
    assert article["description"] == "Opposition says cuts to libraries go too far"
    assert article["dateModified"] == "2020-10-05T16:20:00+00:00"


def test_live_blog_keeps_key_points_and_posts_with_their_titles() -> None:
    text = page("cup-final-live-b1000003")["articleBody"].split("\n\n")
    assert text == [
        "Welcome to our live coverage of the cup final.",
        "Kick-off at 3pm",
        "Both captains fit to start",
        "Kick-off",
        "We are under way at the national stadium.",
        "Team news",
        "Both sides are unchanged from their semi-finals.",
    ]


def test_an_unknown_layout_falls_back_to_trafilatura() -> None:
    article = page("unknown-layout-b1000005")
    assert article["metadata"]["extractor"] == "trafilatura"
    text = article["articleBody"].split("\n\n")
    assert len(text) == 4
    assert text[0].startswith("A bakery chain that began as a single market stall")
    assert article["id"] == "independent:b1000005"


def test_2015_widget_layout_leaves_out_galleries_link_lists_captions_and_promos() -> None:
    article = page("ferry-timetable-row-10500001")
    text = article["articleBody"].split("\n\n")
    assert len(text) == 4
    # The caption inside a paragraph goes; the text after it in the paragraph stays.
    assert (
        text[2]
        == "The local MP said she would raise the matter with the transport secretary this week."
    )
    # A link inside a sentence is text; a paragraph that is only a link to a story is not.
    assert text[3].endswith("and the islanders' council backs it.")
    for furniture in ("ferries in pictures", "Read more", "Harbour fees", "The ferry leaving",
                      "Island school", "Quora", "Independent Dating"):  # fmt: skip
        assert furniture not in article["articleBody"]
    assert [r["rule"] for r in article["metadata"]["removed"]] == ["syndication_promo"]
    assert article["description"] == (
        "Winter sailings cut without a word to the islanders who rely on them"
    )
    # "2015-09-16 00:00:01.0": the day, without the placeholder time nor an invented zone.
    assert article["datePublished"] == "2015-09-16"
    assert article["keywords"] == ["Ferries", "Transport"]  # not the section's keywords
    assert [(a["name"], a["url"]) for a in article["authors"]] == [
        ("Jane Doe", "http://www.independent.co.uk/biography/jane-doe"),
        ("Sam Roe", None),  # the page links a search, not an author page
    ]
    assert article["metadata"]["layout"] == "viziwyg-2012"


def test_of_two_description_tags_the_first_is_the_sections(tmp_path: Path) -> None:
    path = SITE / "news/uk/politics/ferry-timetable-row-10500001.html"
    html = path.read_text(encoding="utf-8")
    without_subtitle = tmp_path / path.name
    without_subtitle.write_text(
        html.replace(
            "<p>Winter sailings cut without a word to the islanders who rely on them</p>", ""
        ),
        encoding="utf-8",
    )
    article = article_from_page(without_subtitle, url="https://www.independent.co.uk/" + path.name)
    assert (
        article.description
        == "Islanders asked ministers to restore the winter sailings to the mainland."
    )


def test_2017_drupal_layout_leaves_out_the_read_more_card_and_the_gallery() -> None:
    article = page("phone-battery-test-a7000001")
    text = article["articleBody"].split("\n\n")
    assert len(text) == 3
    for furniture in (
        "Read more",
        "Chargers recalled",
        "in pictures",
        "robot",
        "Reuse",
        "More about",
    ):
        assert furniture not in article["articleBody"]
    assert (
        article["description"]
        == "Six of ten phones outlasted the makers' own figures in a week of tests"
    )
    assert article["authors"] == [
        {
            "name": "Kit Poe",
            "nameRaw": "Kit Poe @kitpoe",
            "url": "http://www.independent.co.uk/author/kit-poe",
            "dateline": None,
        }
    ]
    assert article["keywords"] == ["Smartphones", "Batteries"]
    assert article["metadata"]["layout"] == "drupal-2015"


def test_each_layout_generation_is_named_in_the_record() -> None:
    layouts = {path.stem: record(path)["metadata"]["layout"] for path in PAGES}
    assert layouts == {
        "harbour-bridge-reopens-b1000001": "react-2020",
        "council-budget-vote-b1000002": "react-2020",
        "cup-final-live-b1000003": "react-2020",
        "election-night-live-b1000010": "react-2020",
        "election-night-live-b1000010.page-2": "react-2020",
        "election-night-live-b1000010.page-3": "react-2020",
        "unknown-layout-b1000005": None,  # read by the fallback extractor
        "ferry-timetable-row-10500001": "viziwyg-2012",
        "phone-battery-test-a7000001": "drupal-2015",
    }


def test_saved_pages_are_read_by_the_crawl_command(tmp_path: Path) -> None:
    out = tmp_path / "pages.jsonl"
    # The folder also holds the stand-in site's robots.txt and sitemaps: name the pages.
    result = crawl("-a", f"fixtures={SITE}/**/*.html", "-O", str(out))
    assert result.returncode == 0, result.stderr
    records = read_feed(out)
    assert sorted(r["id"] for r in records) == [
        "independent:10500001",
        "independent:a7000001",
        "independent:b1000001",
        "independent:b1000002",
        "independent:b1000003",
        "independent:b1000005",
        "independent:b1000010",  # a live blog's first page: its later pages are skipped
    ]
    assert {r["metadata"]["source"] for r in records} == {"fixture"}
    assert all(r["url"].startswith("file://") for r in records)
    assert "'newsbot/extractor/fallback': 1" in result.stderr
    # The stats count the pages each layout generation read.
    assert "'newsbot/extractor/layout/react-2020': 6" in result.stderr
    assert "'newsbot/extractor/layout/viziwyg-2012': 1" in result.stderr


def test_a_saved_page_without_its_address_links_author_pages_on_the_site(tmp_path: Path) -> None:
    path = SITE / "life-style/gadgets-and-tech/phone-battery-test-a7000001.html"
    saved = tmp_path / path.name
    saved.write_text(
        re.sub(r'<link rel="canonical"[^>]*>', "", path.read_text(encoding="utf-8")), "utf-8"
    )
    article = article_from_page(saved)  # its URL is a file:// URI
    assert article.url.startswith("file://")
    assert [a.url for a in article.authors] == ["https://www.independent.co.uk/author/kit-poe"]


def test_an_author_page_from_the_article_author_tag(tmp_path: Path) -> None:
    # One person credited, whose byline links a search of the site, not an author page
    # (2012-14): the article:author tag gives the page.
    path = SITE / "news/uk/politics/ferry-timetable-row-10500001.html"
    html = path.read_text(encoding="utf-8")
    one = html[: html.index('<a href="http://www.independent.co.uk/biography/jane-doe"> <span')]
    one += html[html.index('<a href="http://www.independent.co.uk/search/') :]
    saved = tmp_path / path.name
    saved.write_text(one, encoding="utf-8")
    article = article_from_page(saved)
    assert [(a.name, a.url) for a in article.authors] == [
        ("Sam Roe", "http://www.independent.co.uk/biography/jane-doe")
    ]
