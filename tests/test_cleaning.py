"""Each cleaning rule, by table: what it removes, and look-alike text that it must keep."""

from __future__ import annotations

import random
import sys

import pytest

from newsbot.cleaning import (
    BlockRule,
    Boilerplate,
    LineRule,
    clean_text,
    normalise_whitespace,
    split_paragraphs,
    word_count,
)
from newsbot.sites.independent.furniture import BOILERPLATE

OPENER = "Your support helps us to tell the story"
CLOSER = "Your support makes all the difference."

# (paragraphs in, paragraphs kept, rules of the removals in order)
CASES = {
    # --- donation_appeal ---------------------------------------------------------------
    "appeal glued to the first sentence (seed 000)": (
        [OPENER, "From reproductive rights to Big Tech.", f"{CLOSER}US President Trump said."],
        ["US President Trump said."],
        ["donation_appeal"],
    ),
    "appeal closing a paragraph of its own wording (seed 004)": (
        [OPENER, "This election is a dead heat.", f"Help us keep going. {CLOSER}", "The text."],
        ["The text."],
        ["donation_appeal"],
    ),
    "appeal in wording never seen before": (
        [OPENER, "A brand new sentence.", "Another one.", "And a third.", CLOSER, "Text."],
        ["Text."],
        ["donation_appeal"],
    ),
    "appeal glued to a quote": (
        [OPENER, "Middle.", f"{CLOSER}“We will go,” he said."],
        ["“We will go,” he said."],
        ["donation_appeal"],
    ),
    "appeal opener with a full stop, in other case": (
        ["YOUR SUPPORT HELPS US TO TELL THE STORY.", "Middle.", CLOSER, "Text."],
        ["Text."],
        ["donation_appeal"],
    ),
    "appeal without its closing sentence loses only its opener": (
        [OPENER, "First paragraph.", "Second paragraph."],
        ["First paragraph.", "Second paragraph."],
        ["donation_appeal"],
    ),
    "appeal whose closer is out of reach loses only its opener": (
        [OPENER, *[f"Paragraph {n}." for n in range(12)], CLOSER],
        [*[f"Paragraph {n}." for n in range(12)], CLOSER],
        ["donation_appeal"],
    ),
    "appeal in the middle of the text": (
        ["Before.", OPENER, "Middle.", CLOSER, "After."],
        ["Before.", "After."],
        ["donation_appeal"],
    ),
    "look-alike: the closing words in a quote": (
        ["“Your support makes all the difference, and we thank you,” she said."],
        ["“Your support makes all the difference, and we thank you,” she said."],
        [],
    ),
    "look-alike: the closing sentence with no opening": (
        ["The charity's letter ended:", CLOSER, "Then it listed donors."],
        ["The charity's letter ended:", CLOSER, "Then it listed donors."],
        [],
    ),
    "look-alike: a sentence that starts with the opening words": (
        ["Your support helps us to tell the story of our son, his mother said.", "More."],
        ["Your support helps us to tell the story of our son, his mother said.", "More."],
        [],
    ),
    "look-alike: the opening words inside a sentence": (
        ["“Your support helps us to tell the story of our son,” his mother said.", "More."],
        ["“Your support helps us to tell the story of our son,” his mother said.", "More."],
        [],
    ),
    # --- comment_prompt ----------------------------------------------------------------
    "comment prompt with its button": (
        [
            "Text.",
            "Join our commenting forum",
            "Join thought-provoking conversations, follow other Independent readers and see "
            "their replies",
            "Comments",
        ],
        ["Text."],
        ["comment_prompt"] * 3,
    ),
    "comment prompt with a count on the button": (
        ["Text.", "join our commenting forum", "12 comments"],
        ["Text."],
        ["comment_prompt"] * 2,
    ),
    "look-alike: a paragraph starting with Comments": (
        ["Comments made by the minister were criticised by the opposition."],
        ["Comments made by the minister were criticised by the opposition."],
        [],
    ),
    "look-alike: a lone Comments away from the prompt": (
        ["Text.", "Comments", "More text."],
        ["Text.", "Comments", "More text."],
        [],
    ),
    "look-alike: a forum named in a sentence": (
        ["Residents can join our commenting forum at the town hall, the mayor said."],
        ["Residents can join our commenting forum at the town hall, the mayor said."],
        [],
    ),
    # --- premium_prompt ----------------------------------------------------------------
    "bookmark prompt for non-members (seed 004)": (
        [
            "Text.",
            "Subscribe to Independent Premium to bookmark this article",
            "Want to bookmark your favourite articles and stories to read or reference later? "
            "Start your Independent Premium subscription today.",
            "Subscribe",
            "Already subscribed?",
            "Log in",
        ],
        ["Text."],
        ["premium_prompt"] * 5,
    ),
    "bookmark notice for members, curly apostrophe": (
        [
            "Article bookmarked",
            "Find your bookmarks in your Independent Premium section, under my profile",
            "Don’t show me this message again",
            "✕",
            "Text.",
        ],
        ["Text."],
        ["premium_prompt"] * 4,
    ),
    "bookmark notice, straight apostrophe": (
        ["Article bookmarked", "Don't show me this message again", "Text."],
        ["Text."],
        ["premium_prompt"] * 2,
    ),
    "app promotion over three lines": (
        [
            "Text.",
            "Download the new Independent Premium app",
            "Sharing the full story, not just the headlines",
            "Download now",
            "More.",
        ],
        ["Text.", "More."],
        ["premium_prompt"] * 3,
    ),
    "app promotion on one line, misspelt as on the site": (
        [
            "Download the new Indpendent Premium app Sharing the full story, not just the "
            "headlines Download now",
            "Text.",
        ],
        ["Text."],
        ["premium_prompt"],
    ),
    "look-alike: Premium in a sentence": (
        ["Subscribers to Independent Premium were told on Monday that prices would rise."],
        ["Subscribers to Independent Premium were told on Monday that prices would rise."],
        [],
    ),
    "look-alike: a lone Log in away from the prompt": (
        ["Text.", "Log in", "More."],
        ["Text.", "Log in", "More."],
        [],
    ),
    # --- newsletter_signup -------------------------------------------------------------
    "breaking news sign-up box (fundus 2024)": (
        [
            "For free real time breaking news alerts sent straight to your inbox sign up to "
            "our breaking news emails",
            "Sign up to our free breaking news emails",
            "SIGN UP",
            "I would like to be emailed about offers, events and updates from The Independent. "
            "Read our privacy policy",
            "Text.",
        ],
        ["Text."],
        ["newsletter_signup"] * 4,
    ),
    "a topic newsletter with its pitch": (
        [
            "Sign up to our free Brexit and beyond email for the latest headlines on what "
            "Brexit is meaning for the UK",
            "Text.",
        ],
        ["Text."],
        ["newsletter_signup"],
    ),
    "look-alike: signing up in a sentence": (
        ["Voters who sign up to the scheme will receive a card in the post."],
        ["Voters who sign up to the scheme will receive a card in the post."],
        [],
    ),
    "look-alike: sign up to a register": (
        ["Sign up to the electoral register closes on Friday, the council said."],
        ["Sign up to the electoral register closes on Friday, the council said."],
        [],
    ),
    # --- image_credit ------------------------------------------------------------------
    "credit split over three lines": (
        ["Text.", "(", "Getty Images", ")", "More."],
        ["Text.", "More."],
        ["image_credit"] * 3,
    ),
    "credit on one line with two agencies": (
        ["Text.", "(AFP/Getty)", "AFP via Getty Images", "PA Wire", "More."],
        ["Text.", "More."],
        ["image_credit"] * 3,
    ),
    "look-alike: an agency named in a sentence": (
        ["Getty Images, the photo agency, said it would appeal."],
        ["Getty Images, the photo agency, said it would appeal."],
        [],
    ),
    "look-alike: a paragraph in brackets": (
        ["(This article was first published in 2018.)"],
        ["(This article was first published in 2018.)"],
        [],
    ),
    # --- repeated_paragraph ------------------------------------------------------------
    "first paragraph repeated (archived pages)": (
        ["First.", "First.", "Second."],
        ["First.", "Second."],
        ["repeated_paragraph"],
    ),
    "a repeat with furniture in between": (
        ["First.", "(", "Getty Images", ")", "First.", "Second."],
        ["First.", "Second."],
        ["image_credit", "image_credit", "image_credit", "repeated_paragraph"],
    ),
    # --- syndication_promo: Quora's wordings (as on Forbes and TIME, 2016-17) ---------------
    "Quora's closing promo and the questions it lists": (
        [
            "The answer.",
            "This question originally appeared on Quora. Ask a question, get a "
            "great answer. Learn from experts and access insider knowledge. You can follow Quora "
            "on Twitter, Facebook, and Google+. More questions:",
            "Startups: What are some interesting startups?",
            "Venture Capital: How does venture capital work?",
        ],
        ["The answer."],
        ["syndication_promo"] * 3,
    ),
    "Quora's list of questions alone, and its follow line": (
        [
            "The answer.",
            "More questions on Money:",
            "Can money buy happiness?",
            "Follow Quora on Twitter: www.twitter.com/Quora",
        ],
        ["The answer."],
        ["syndication_promo"] * 3,
    ),
    "look-alike: a question in the text, and Quora named in a sentence": (
        ["Can money buy happiness?", "The post originally appeared on Quora last year, she said."],
        ["Can money buy happiness?", "The post originally appeared on Quora last year, she said."],
        [],
    ),
    "look-alike: the same paragraph later on": (
        ["Chorus.", "Verse.", "Chorus."],
        ["Chorus.", "Verse.", "Chorus."],
        [],
    ),
}


@pytest.mark.parametrize("paragraphs, kept, rules", CASES.values(), ids=CASES.keys())
def test_rule(paragraphs: list[str], kept: list[str], rules: list[str]) -> None:
    result, removed = BOILERPLATE.remove(paragraphs)
    assert result == kept
    assert [removal.rule for removal in removed] == rules


def test_removal_records_the_text_taken_out() -> None:
    _, removed = BOILERPLATE.remove([OPENER, "Middle.", f"{CLOSER}Text."])
    assert removed[0].text == f"{OPENER}\n\nMiddle.\n\n{CLOSER}"


def test_a_block_rule_reaches_exactly_max_paragraphs() -> None:
    rules = Boilerplate(blocks=[BlockRule("box", "Open", "Close", max_paragraphs=3)], lines=[])
    assert rules.remove(["Open", "a", "Close", "b"])[0] == ["b"]
    assert rules.remove(["Open", "a", "b", "Close"])[0] == ["a", "b", "Close"]


def test_line_rules_may_use_groups_of_their_own() -> None:
    rules = Boilerplate(
        blocks=[],
        lines=[LineRule("first", r"(a|b)x"), LineRule("second", r"(c)(d)")],
    )
    _, removed = rules.remove(["ax", "cd", "keep"])
    assert [r.rule for r in removed] == ["first", "second"]


@pytest.mark.parametrize(
    "line, furniture",
    [
        (OPENER, True),
        ("Join our commenting forum", True),
        ("Sign up to our free breaking news emails", True),
        ("Preparations for meeting delayed over expulsion of diplomats", False),
        ("Comments", False),
    ],
)
def test_is_furniture(line: str, furniture: bool) -> None:
    assert BOILERPLATE.is_furniture(line) is furniture


# --- whitespace -------------------------------------------------------------------------

WHITESPACE = {
    "plain text is left alone": ("A sentence.", "A sentence."),
    "runs of spaces": ("A  sentence   here.", "A sentence here."),
    "no-break spaces": ("A\u00a0sentence\u00a0 here.", "A sentence here."),
    "byte-order mark and zero-width space": ("\ufeffA sen\u200btence.", "A sentence."),
    "tabs and ends": ("\t A sentence. \t", "A sentence."),
    "only spaces": (" \u00a0 ", ""),
}


@pytest.mark.parametrize("raw, clean", WHITESPACE.values(), ids=WHITESPACE.keys())
def test_normalise_whitespace(raw: str, clean: str) -> None:
    assert normalise_whitespace(raw) == clean


def test_split_paragraphs_takes_any_line_break_and_counts_what_it_removed() -> None:
    paragraphs, counts = split_paragraphs("One.\r\n\r\nTwo\u00a0two.\rThree.\u2028\ufeffFour.\n \n")
    assert paragraphs == ["One.", "Two two.", "Three.", "Four."]
    assert counts == {
        "byte-order marks": 1,
        "no-break spaces": 1,
        "carriage returns": 3,
        "blank lines": 2,
        "lines re-spaced": 2,
    }


def test_split_paragraphs_reports_nothing_for_clean_text() -> None:
    assert split_paragraphs("One.\nTwo.") == (["One.", "Two."], {})


def split_paragraphs_by_definition(text: str) -> tuple[list[str], int]:
    """The paragraphs and blank lines that split_paragraphs must find, the slow way."""
    lines = [normalise_whitespace(line) for line in text.splitlines()]
    return [line for line in lines if line], lines.count("")


def test_split_paragraphs_matches_its_definition_on_any_spacing() -> None:
    # Texts made of words and every kind of whitespace, line break and invisible character,
    # so that the shortcut for evenly spaced text is taken and declined in turn.
    spacing = [" ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u2028", "\x1c", "\ufeff"]
    spacing += [char for char in map(chr, range(sys.maxunicode + 1)) if char.isspace()]
    rng = random.Random(7)
    shortcuts = 0
    for _ in range(3000):
        parts = [rng.choice(["word", "Wörd", "ok.", rng.choice(spacing)]) for _ in range(12)]
        if rng.random() < 0.5:  # evenly spaced: words, single spaces and \n only
            parts = [part if part.strip() else rng.choice([" ", "\n"]) for part in parts]
        text = "".join(parts)
        paragraphs, counts = split_paragraphs(text)
        assert (paragraphs, counts.get("blank lines", 0)) == split_paragraphs_by_definition(text)
        assert word_count("\n\n".join(paragraphs)) == len(" ".join(paragraphs).split())
        shortcuts += not counts.keys() - {"blank lines"}
    assert 500 < shortcuts < 2500  # both ways were taken, many times


def test_clean_text_records_whitespace_once_per_article() -> None:
    cleaned = clean_text("A  headline", " A\u00a0standfirst ", "One.\n\n\nTwo.", BOILERPLATE)
    assert (cleaned.headline, cleaned.description) == ("A headline", "A standfirst")
    assert cleaned.paragraphs == ["One.", "Two."]
    assert [(r.rule, r.text) for r in cleaned.removed] == [("whitespace", "blank lines: 2")]


def test_clean_text_drops_a_standfirst_that_is_furniture() -> None:
    cleaned = clean_text(
        "Headline", "Sign up to our free breaking news emails", "Text.", BOILERPLATE
    )
    assert cleaned.description is None
    assert [r.rule for r in cleaned.removed] == ["newsletter_signup"]


def test_a_caption_glued_on_both_sides_goes_and_both_paragraphs_stay() -> None:
    glued = (
        "The minister announced her resignation on Tuesday evening after a week of pressure."
        "The minister leaving Downing Street on Tuesday (PA)She said she had done nothing wrong."
    )
    kept, removed = BOILERPLATE.remove([glued, "Her deputy will take over."])
    assert kept == [
        "The minister announced her resignation on Tuesday evening after a week of pressure.",
        "She said she had done nothing wrong.",
        "Her deputy will take over.",
    ]
    assert [(r.rule, r.text) for r in removed] == [
        ("image_caption", "The minister leaving Downing Street on Tuesday (PA)")
    ]
