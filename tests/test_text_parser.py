"""The text layout: headline, standfirst unless it is furniture, then the text."""

from __future__ import annotations

import random

from newsbot.cleaning import normalise_whitespace
from newsbot.items import Article, Metadata
from newsbot.parsers.text import parse_text
from newsbot.sites.independent.furniture import BOILERPLATE


def parse(text: str) -> Article:
    metadata = Metadata(spider="t", source="fixture", dateDownloaded="x", extractor="text")
    return parse_text(
        text, url="file:///a.txt", article_id="t:1", metadata=metadata, boilerplate=BOILERPLATE
    )


def test_headline_standfirst_and_text() -> None:
    article = parse("Headline\nStandfirst\nOne.\nTwo.\n")
    assert (article.headline, article.description) == ("Headline", "Standfirst")
    assert article.articleBody == "One.\nTwo.\n"
    assert (article.id, article.url) == ("t:1", "file:///a.txt")


def test_line_two_that_is_furniture_is_no_standfirst_and_stays_in_the_text() -> None:
    article = parse("Headline\nYour support helps us to tell the story\nAppeal.\nText.")
    assert article.description is None
    assert article.articleBody == "Your support helps us to tell the story\nAppeal.\nText."


def test_windows_and_old_mac_line_breaks() -> None:
    article = parse("Headline\r\nStandfirst\r\nOne.\r\n")
    assert (article.headline, article.description) == ("Headline", "Standfirst")
    assert article.articleBody == "One.\r\n"
    assert parse("Headline\rStandfirst\rOne.").articleBody == "One."


def test_blank_lines_do_not_count_as_lines() -> None:
    article = parse("\n\nHeadline\n\nStandfirst\n\nOne.\n\nTwo.")
    assert (article.headline, article.description) == ("Headline", "Standfirst")
    assert article.articleBody.split() == ["One.", "Two."]


def test_a_headline_alone_has_no_text() -> None:
    article = parse("Headline only\n")
    assert (article.headline, article.description, article.articleBody) == (
        "Headline only",
        None,
        "",
    )


def test_a_standfirst_with_odd_spacing_is_still_recognised_as_furniture() -> None:
    article = parse("Headline\nSign up to our free\u00a0breaking news  emails\nText.")
    assert article.description is None


def test_lines_are_those_of_splitlines_with_any_line_break() -> None:
    breaks = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"]
    breaks += ["\u2028", "\u2029"]
    rng = random.Random(3)
    for _ in range(2000):
        parts = [rng.choice(["Word", " ", "\u00a0", "", "Join our commenting forum", *breaks])]
        parts += [rng.choice(["Word", " ", "Two", *breaks]) for _ in range(rng.randint(0, 12))]
        text = "".join(parts)
        filled = [line for line in text.splitlines() if normalise_whitespace(line)]
        article = parse(text)
        assert article.headline == (normalise_whitespace(filled[0]) if filled else "")
        rest = [normalise_whitespace(line) for line in article.articleBody.splitlines()]
        if article.description is None:  # the standfirst was furniture, or missing
            assert [line for line in rest if line] == [normalise_whitespace(f) for f in filled[1:]]
        else:
            assert article.description == normalise_whitespace(filled[1])
            assert [line for line in rest if line] == [normalise_whitespace(f) for f in filled[2:]]
