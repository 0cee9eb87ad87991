"""The text layout: the headline (the first line that is not furniture), then the text, in
which cleaning finds the standfirst."""

from __future__ import annotations

import random

from newsbot.cleaning import clean_text, normalise_whitespace
from newsbot.items import Article, Metadata
from newsbot.parsers.text import parse_text, reads_as_standfirst
from newsbot.sites.independent.furniture import BOILERPLATE


def parse(text: str) -> Article:
    metadata = Metadata(spider="t", source="fixture", dateDownloaded="x", extractor="text")
    return parse_text(
        text, url="file:///a.txt", article_id="t:1", metadata=metadata, boilerplate=BOILERPLATE
    )


def read(text: str) -> tuple[str, str | None, list[str]]:
    """Headline, standfirst and paragraphs, as the feed has them."""
    article = parse(text)
    cleaned = clean_text(
        article.headline, None, article.articleBody, BOILERPLATE, standfirst=reads_as_standfirst
    )
    return cleaned.headline, cleaned.description, cleaned.paragraphs


def test_headline_then_the_rest_as_text() -> None:
    article = parse("Headline\nA standfirst of some words\nOne.\nTwo.\n")
    assert (article.headline, article.description) == ("Headline", None)
    assert article.articleBody == "A standfirst of some words\nOne.\nTwo.\n"
    assert (article.id, article.url) == ("t:1", "file:///a.txt")


def test_line_two_reads_as_a_standfirst_without_a_stop_at_its_end() -> None:
    assert read("Headline\nA standfirst of some words\nOne.\nTwo.") == (
        "Headline",
        "A standfirst of some words",
        ["One.", "Two."],
    )
    # A first paragraph ends with a stop, and a standfirst never takes the whole text.
    assert read("Headline\nThe text starts here, at once.\nTwo.")[1] is None
    assert read("Headline\nA standfirst of some words")[1] is None
    assert read("Headline\nToo short\nText.")[1] is None


def test_a_standfirst_with_a_stop_is_one_when_furniture_follows_it() -> None:
    text = (
        "Headline\nA standfirst that ends with a stop.\n"
        "Your support helps us to tell the story\nText."
    )
    assert read(text) == ("Headline", "A standfirst that ends with a stop.", ["Text."])


def test_line_two_that_is_furniture_is_no_standfirst_and_the_real_one_follows() -> None:
    text = (
        "Headline\nYour support helps us to tell the story\nAppeal.\n"
        "Your support makes all the difference.\nThe real standfirst comes next\nText."
    )
    assert read(text) == ("Headline", "The real standfirst comes next", ["Text."])
    text = "Headline\nSign up to our free\u00a0breaking news  emails\nThe text, with a stop.\nMore."
    assert read(text) == ("Headline", None, ["The text, with a stop.", "More."])


def test_furniture_above_the_headline_is_passed_over_and_recorded() -> None:
    text = (
        "Stay up to date with notifications from The Independent\n"
        "Notifications can be managed in browser preferences.\nNot now\nYes please\n"
        " date 2024-10-15 The headline\nText."
    )
    article = parse(text)
    assert (article.headline, article.articleBody) == ("The headline", "Text.")
    assert [removal.rule for removal in article.metadata.removed] == [
        "notification_prompt",
        "notification_prompt",
        "notification_prompt",
        "notification_prompt",
        "mirror_chrome",
    ]


def test_a_byline_above_the_headline_goes_only_below_other_furniture() -> None:
    # A reader copy's chrome, its section and its authors, then the headline.
    article = parse(
        "Start reading\nSport\nKieran Jackson and Flo Clifford\nRaducanu wins in two sets\nText."
    )
    assert article.headline == "Raducanu wins in two sets"
    # A first line of capitalised words is a headline ("Wolf Hall, By Hilary Mantel").
    assert parse("Wolf Hall, By Hilary Mantel\nText.").headline == "Wolf Hall, By Hilary Mantel"


def test_windows_and_old_mac_line_breaks() -> None:
    article = parse("Headline\r\nStandfirst\r\nOne.\r\n")
    assert (article.headline, article.articleBody) == ("Headline", "Standfirst\r\nOne.\r\n")
    assert parse("Headline\rOne.").articleBody == "One."


def test_blank_lines_do_not_count_as_lines() -> None:
    assert read("\n\nHeadline\n\nA standfirst of some words\n\nOne.\n\nTwo.") == (
        "Headline",
        "A standfirst of some words",
        ["One.", "Two."],
    )


def test_a_headline_alone_has_no_text() -> None:
    article = parse("Headline only\n")
    assert (article.headline, article.description, article.articleBody) == (
        "Headline only",
        None,
        "",
    )


def test_lines_are_those_of_splitlines_with_any_line_break() -> None:
    breaks = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"]
    breaks += ["\u2028", "\u2029"]
    rng = random.Random(3)
    for _ in range(2000):
        parts = [rng.choice(["word", " ", "\u00a0", "", "Join our commenting forum", *breaks])]
        parts += [rng.choice(["word", " ", "two", *breaks]) for _ in range(rng.randint(0, 12))]
        text = "".join(parts)
        filled = [normalise_whitespace(line) for line in text.splitlines()]
        filled = [line for line in filled if line]
        article = parse(text)
        # The first line that is not furniture is the headline; the rest is the text.
        while filled and BOILERPLATE.is_furniture(filled[0]):
            filled.pop(0)
        assert article.headline == (filled[0] if filled else "")
        rest = [normalise_whitespace(line) for line in article.articleBody.splitlines()]
        assert [line for line in rest if line] == filled[1:]
