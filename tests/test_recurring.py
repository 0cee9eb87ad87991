"""Furniture learned from the data: paragraphs that recur verbatim across many articles.

Unit tests of the count (newsbot.recurring), then real crawls: a folder of articles that
share an appeal nobody wrote a rule for, the guards that keep article text, the counts kept
in the state between runs, and `scrapy furniture` to audit them.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsbot.recurring import MIN_WORDS, Recurring, story_keys
from tests.helpers import REPO, SHARED, crawl, read_feed

INVENTED_APPEAL = (
    "Keeping this newsroom open takes readers like you: chip in today and keep it free."
)
PLACES = "river council budget winter school harbour festival bridge station library market".split()


def article(n: int, extra: str = "") -> str:
    """An article of our own in the seeds' layout, different from every other ``n``."""
    rng = random.Random(n)
    a, b, c = rng.sample(PLACES, 3)
    return (
        f"Story {n} headline about the {a}\n"
        f"A standfirst on the {b} for story {n}\n"
        f"The first paragraph of story {n} tells of the {c} in town, officials said.\n"
        f"{extra}\n"
        f"The last paragraph of story {n} ends here, {n * 7} days later.\n"
    )


def folder_of(path: Path, count: int, extra: str = INVENTED_APPEAL, start: int = 0) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (path / f"story{n:03}.txt").write_text(article(n, extra), encoding="utf-8")
    return path


# --- the count ------------------------------------------------------------------------------


def test_a_paragraph_is_furniture_once_in_enough_articles_and_a_large_enough_share() -> None:
    recurring = Recurring(min_articles=3, min_share=0.5)
    line = "A line that every article of this run carries along."
    for n in range(2):
        recurring.learn([line, f"Unique paragraph number {n} of its own article."])
    assert recurring.articles(line) is None  # in two articles: not yet
    recurring.learn([line, line, line])  # an article that repeats it counts once
    assert recurring.articles(line) == 3
    for n in range(4):  # in 3 of the 7 articles learned since it was first seen
        recurring.learn([f"Some other article's own paragraph number {n} here."])
    assert recurring.articles(line) is None


def test_short_paragraphs_and_quotes_are_never_learned() -> None:
    recurring = Recurring(min_articles=2, min_share=0)
    short = " ".join(["word"] * (MIN_WORDS - 1))
    quote = "“We will rebuild the bridge,” the mayor said on the day it fell."
    straight = 'He said "we will rebuild the bridge" on the day it fell down.'
    for _ in range(5):
        recurring.learn([short, quote, straight])
    assert [recurring.articles(p) for p in (short, quote, straight)] == [None, None, None]


def test_memory_stays_flat_and_frequent_lines_survive_the_pruning() -> None:
    recurring = Recurring(min_articles=10, min_share=0.05, bucket=100)
    appeal = "An appeal that is on one page in five of the whole stream here."
    for n in range(20_000):
        paragraphs = [f"Paragraph {k} of article number {n}, its own words." for k in range(20)]
        if n % 5 == 0:
            paragraphs.append(appeal)
        recurring.learn(paragraphs)
        assert len(recurring.lines) <= 100 * 21 + 50  # about one bucket's new lines
    assert recurring.articles(appeal) is not None
    assert recurring.articles(appeal) <= 4000  # a lower bound of the truth


def test_a_forgotten_line_is_never_furniture_again() -> None:
    recurring = Recurring(min_articles=2, min_share=0)
    line = "A line a user says is the article's own text, after all."
    for _ in range(3):
        recurring.learn([line])
    assert recurring.articles(line) == 3
    assert recurring.forget(line) is True
    recurring.learn([line])
    assert recurring.articles(line) is None
    assert [learned.forgotten for learned in recurring.listing()] == [True]


def test_copies_of_one_article_count_once() -> None:
    """By headline, standfirst or id; or, when all three differ (a live blog captured at
    another hour), by sharing most of their text with one earlier article."""
    recurring = Recurring(min_articles=2, min_share=0)
    text = [f"Paragraph number {n} of the one article that is copied here." for n in range(4)]
    recurring.learn(text, story=story_keys("A headline", "id:1", "A standfirst"))
    recurring.learn(text, story=story_keys("a headline!", "id:2", None))
    recurring.learn(text, story=story_keys("Voices: another", "id:3", "A standfirst"))
    recurring.learn(text, story=story_keys("Other", "id:1", None))
    recurring.learn(
        [*text[:3], "A paragraph the copy has of its own"], story=story_keys("X", "id:4")
    )
    assert recurring.learned == 1 and recurring.copies == 4
    assert all(recurring.articles(p) is None for p in text)
    # Sharing little of its text (an appeal of three paragraphs, and a text of its own):
    # another article, and the shared lines count.
    appeal = text[:3]
    own = [f"Another article's own paragraph, number {n}, is here." for n in range(2)]
    recurring.learn([*appeal, *own], story=story_keys("Y", "id:5"))
    assert recurring.learned == 2 and recurring.articles(appeal[0]) == 2


@pytest.mark.parametrize(("articles", "share"), [(1, 0.05), (10, -0.1), (10, 1.5)])
def test_impossible_thresholds_are_refused(articles: int, share: float) -> None:
    with pytest.raises(ValueError):
        Recurring(min_articles=articles, min_share=share)


# --- in a run ---------------------------------------------------------------------------------


def removals(record: dict, rule: str) -> list[dict]:
    return [r for r in record["metadata"]["removed"] if r["rule"] == rule]


def test_an_appeal_no_rule_knows_goes_from_every_article_of_the_folder(tmp_path: Path) -> None:
    copies = folder_of(tmp_path / "in", 12)
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={copies}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    records = read_feed(out)
    assert len(records) == 12
    for record in records:  # the first file too: the whole folder is counted first
        assert INVENTED_APPEAL not in record["articleBody"]
        assert removals(record, "recurring") == [
            {"rule": "recurring", "text": INVENTED_APPEAL, "articles": 12}
        ]
        assert record["articleBody"].count("\n\n") == 1  # first and last paragraphs kept
    assert "'newsbot/removed/recurring': 12" in result.stderr


def test_below_the_threshold_or_switched_off_nothing_is_removed(tmp_path: Path) -> None:
    copies = folder_of(tmp_path / "in", 9)
    out = tmp_path / "out.jsonl"
    assert crawl("-a", f"fixtures={copies}", "-O", str(out)).returncode == 0
    assert all(INVENTED_APPEAL in record["articleBody"] for record in read_feed(out))
    copies = folder_of(tmp_path / "more", 12)
    result = crawl(
        "-a", f"fixtures={copies}", "-O", str(out), "-s", "NEWSBOT_RECURRING_ENABLED=False"
    )
    assert result.returncode == 0, result.stderr
    assert all(INVENTED_APPEAL in record["articleBody"] for record in read_feed(out))


def test_a_quote_in_three_follow_up_stories_stays(tmp_path: Path) -> None:
    # Three follow-ups repeat a sentence, with and without quotation marks, among
    # forty other stories: the sentences are the articles' own, and stay.
    quote = "“We will not rest until the bridge is open again,” the council leader said."
    sentence = "The bridge has been closed since a barge struck one of its piers in March."
    copies = folder_of(tmp_path / "in", 40, extra="")
    for n in range(3):
        (copies / f"follow{n}.txt").write_text(
            article(100 + n, f"{quote}\n{sentence}"), encoding="utf-8"
        )
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={copies}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    follow_ups = [r for r in read_feed(out) if Path(r["url"]).name.startswith("follow")]
    assert len(follow_ups) == 3
    for record in follow_ups:
        assert quote in record["articleBody"] and sentence in record["articleBody"]
        assert removals(record, "recurring") == []


def test_a_quote_in_single_quotation_marks_in_a_dozen_follow_ups_stays(tmp_path: Path) -> None:
    """Twelve different follow-ups repeat a quote (curly and straight single quotation
    marks): quotes are never learned, however many articles repeat them."""
    curly = (
        "The council leader called the closure \u2018a scandal that shames the whole city\u2019."
    )
    straight = "The council leader called the closure 'a scandal that shames the whole city'."
    copies = folder_of(tmp_path / "in", 12, extra=f"{curly}\n{straight}")
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={copies}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    for record in read_feed(out):
        assert curly in record["articleBody"] and straight in record["articleBody"]
        assert removals(record, "recurring") == []


def test_the_background_that_follow_ups_of_one_story_repeat_stays(tmp_path: Path) -> None:
    """Twelve follow-ups of one trial, among forty other stories, repeat its background
    word for word (agencies do), with no quotation mark: it names what their headlines
    name, so it is the story's own, and stays in them and in a later article on the
    story. The appeal no rule knows, in every article, still goes."""
    background = "Hartley, 44, denies starting the fire that gutted the old mill in March."
    state = tmp_path / "state.sqlite"
    settings = ["-s", f"NEWSBOT_STATE_PATH={state}", "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'feeds'}"]
    copies = folder_of(tmp_path / "in", 40)
    for n in range(12):
        text = article(100 + n, f"{INVENTED_APPEAL}\n{background}").split("\n", 1)[1]
        (copies / f"trial{n}.txt").write_text(
            f"Hartley trial, day {n + 1}: the jury hears of the night of the fire\n{text}",
            encoding="utf-8",
        )
    out = tmp_path / "out.jsonl"
    assert crawl("-a", f"fixtures={copies}", "-O", str(out), *settings).returncode == 0
    records = read_feed(out)
    assert len(records) == 52
    for record in records:
        assert [r["text"] for r in removals(record, "recurring")] == [INVENTED_APPEAL]
    trial = [r for r in records if Path(r["url"]).name.startswith("trial")]
    assert len(trial) == 12 and all(background in r["articleBody"] for r in trial)
    # A later article on the story, in a run of its own, keeps it too.
    later = tmp_path / "later"
    later.mkdir()
    text = article(200, f"{INVENTED_APPEAL}\n{background}").split("\n", 1)[1]
    (later / "verdict.txt").write_text(f"Hartley found guilty of arson\n{text}", encoding="utf-8")
    assert crawl("-a", f"fixtures={later}", "-O", str(out), *settings).returncode == 0
    (record,) = read_feed(out)
    assert background in record["articleBody"]
    assert INVENTED_APPEAL not in record["articleBody"]


def test_quotes_opened_by_a_backtick_or_after_a_colon_are_never_learned() -> None:
    recurring = Recurring(min_articles=2, min_share=0)
    quotes = [
        "The judge called it ``a wicked act of cruelty'' as he passed the sentence.",
        "The judge called it `a wicked act of cruelty' as he passed the sentence.",
        "The judge told the jury:'It was a wicked act of cruelty' before the sentence.",
    ]
    for n in range(5):
        own = [f"Paragraph {k} of article number {n}, its own words." for k in range(3)]
        recurring.learn([*quotes, INVENTED_APPEAL, *own])
    assert [recurring.articles(p) for p in quotes] == [None, None, None]
    assert recurring.articles(INVENTED_APPEAL) == 5  # the same articles, counted


# --- copies of one article are one article -----------------------------------------------------

CORPUS_TRUTH = SHARED / "corpus" / "truth"
# What a reader site or mirror does to a copy, as real copies show (the search tool's stored
# pages: AOL's "Voices: " before a headline, a blog dropping a live blog's prefix, platface's
# " – The Independent" after it; straight quotes for curly ones; a standfirst left out; a copy
# cut off mid-sentence after about 2,000 characters) and a line of its own chrome.
MIRRORS = 12


def _real_articles() -> list[dict]:
    """The corpus pages whose whole text is known: real articles of 2012-2017."""
    if not CORPUS_TRUTH.is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    found = []
    for path in sorted(CORPUS_TRUTH.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(truth, dict) and truth.get("paragraphs") and truth.get("title"):
            found.append(truth)
    assert len(found) >= 6, "the corpus has fewer whole texts than this test needs"
    return found


def _mirror_copy(truth: dict, mirror: int) -> tuple[str, list[str]]:
    """A copy of a real article as mirror number ``mirror`` prints it, and the article's
    lines in it (its paragraphs as the copy has them, the one cut short included)."""
    headline = truth["title"]
    headline = [
        headline,
        f"Voices: {headline}",
        f"{headline} \u2013 The Independent",
        headline.split(" ", 1)[-1],
    ][mirror % 4]
    paragraphs = list(truth["paragraphs"])
    if mirror % 2:
        paragraphs = [
            p.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")) for p in paragraphs
        ]
    if mirror % 3 == 1:  # cut off after about 2,000 characters, mid-sentence
        kept, size = [], 0
        for paragraph in paragraphs:
            if size + len(paragraph) > 2000:
                kept.append(paragraph[: max(40, 2000 - size)].rsplit(" ", 1)[0])
                break
            kept.append(paragraph)
            size += len(paragraph)
        paragraphs = kept
    standfirst = truth.get("description") if mirror % 3 != 2 else None
    chrome = f"Read this story and thousands more on Reader {mirror}, free for a month"
    lines = [headline, *([standfirst] if standfirst else []), INVENTED_APPEAL, *paragraphs, chrome]
    return "\n".join(lines) + "\n", [*([standfirst] if standfirst else []), *paragraphs]


def test_copies_of_real_articles_mirrored_a_dozen_times_lose_nothing(tmp_path: Path) -> None:
    """Real articles (../shared/corpus), each copied by twelve mirrors, in one folder: every
    paragraph of each recurs in twelve files, and none is furniture. What recurs across the
    different articles (an appeal no rule knows) is, and goes."""
    articles = _real_articles()
    folder = tmp_path / "copies"
    folder.mkdir()
    expected = {}
    rng = random.Random(7)
    for number, truth in enumerate(articles):
        for mirror in range(MIRRORS):
            text, own = _mirror_copy(truth, mirror)
            name = f"{rng.randrange(10**6):06}-{number}-{mirror}.txt"  # mirrors interleaved
            (folder / name).write_text(text, encoding="utf-8")
            expected[name] = own
    state = tmp_path / "state.sqlite"
    settings = ["-s", f"NEWSBOT_STATE_PATH={state}", "-s", "NEWSBOT_RECURRING_MIN_ARTICLES=5"]
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={folder}", "-O", str(out), *settings)
    assert result.returncode == 0, result.stderr
    records = {Path(r["url"]).name: r for r in read_feed(out)}
    assert sorted(records) == sorted(expected)  # none dropped
    for name, record in records.items():
        text = [record["description"], *record["articleBody"].split("\n\n")]
        lost = [p for p in expected[name] if p not in text]
        assert lost == [], f"{name} lost {lost[:2]}"
        # The appeal is on every article; a mirror's chrome is learned from the articles
        # first seen on it (a copy of an article counted already counts nothing).
        learned = {r["text"] for r in removals(record, "recurring")}
        mirror = int(name.rsplit("-", 1)[1].removesuffix(".txt"))
        chrome = f"Read this story and thousands more on Reader {mirror}, free for a month"
        assert INVENTED_APPEAL in learned and learned <= {INVENTED_APPEAL, chrome}, name
    # A later run meets one more copy of each: nothing of them was learned either.
    later = tmp_path / "later"
    later.mkdir()
    for number, truth in enumerate(articles):
        text, own = _mirror_copy(truth, 0)
        (later / f"again-{number}.txt").write_text(text, encoding="utf-8")
        expected[f"again-{number}.txt"] = own
    again = crawl("-a", f"fixtures={later}", "-O", str(out), *settings)
    assert again.returncode == 0, again.stderr
    for record in read_feed(out):
        name = Path(record["url"]).name
        text = [record["description"], *record["articleBody"].split("\n\n")]
        assert [p for p in expected[name] if p not in text] == [], name


def test_learned_lines_never_take_all_of_an_article(tmp_path: Path) -> None:
    """Twelve different articles whose whole text is the same two paragraphs, but for their
    headlines and leads (a folder of one press release): nothing is left of the text once
    its recurring lines go, so they stay."""
    folder = tmp_path / "in"
    folder.mkdir()
    release = [
        "The company said that its results for the year were in line with what it expected.",
        "Its shares rose by a tenth in early trading after the figures were published today.",
    ]
    for n in range(12):
        (folder / f"release{n}.txt").write_text(
            f"Results headline number {n} for the company\n" + "\n".join(release) + "\n",
            encoding="utf-8",
        )
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={folder}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    records = read_feed(out)
    assert len(records) == 12
    for record in records:
        assert (record["description"], record["articleBody"]) in (
            (None, "\n\n".join(release)),
            (release[0], release[1]),
        )
        assert removals(record, "recurring") == []


def test_saved_pages_are_counted_as_they_are_cleaned(tmp_path: Path) -> None:
    # Pages are counted one by one, each after its cleaning: once ten pages have shown the
    # appeal, it goes from the pages after them; the state keeps the count of all of them.
    page = (REPO / "tests/site/news/world/harbour-bridge-reopens-b1000001.html").read_text()
    first = "The harbour bridge reopened to traffic on Wednesday morning"
    assert first in page
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(14):
        text = page.replace(first, f"Bridge number {n} reopened to traffic on day {n} of the month")
        text = text.replace("b1000001", f"b20000{n:02}")  # an article of its own
        text = text.replace("Harbour bridge reopens", f"Bridge {n} reopens")
        text = text.replace("Engineers replaced every cable", f"Engineers replaced cable {n}")
        text = text.replace("Crowds lined both banks", f"Crowds lined {n} banks")
        text = text.replace("The work cost £48m", f"The work on bridge {n} cost £{n}m")
        text = text.replace("<p>Crowds lined", f"<p>{INVENTED_APPEAL}</p><p>Crowds lined")
        (pages / f"page{n:02}.html").write_text(text, encoding="utf-8")
    state = tmp_path / "state.sqlite"
    out = tmp_path / "out.jsonl"
    result = crawl(
        "-a", f"fixtures={pages}", "-O", str(out), "-s", f"NEWSBOT_STATE_PATH={state}"
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = sorted(read_feed(out), key=lambda record: record["url"])
    kept = [INVENTED_APPEAL in record["articleBody"] for record in records]
    assert kept == [True] * 10 + [False] * 4
    assert removals(records[-1], "recurring")[0]["articles"] == 13
    count = f"SELECT articles FROM recurring WHERE line = '{INVENTED_APPEAL}'"
    assert state_rows(state, count) == [(14,)]


def state_rows(state: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(state) as connection:
        return connection.execute(sql).fetchall()


def test_the_counts_survive_between_runs_and_no_article_is_counted_twice(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    settings = ["-s", f"NEWSBOT_STATE_PATH={state}", "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'feeds'}"]
    copies = folder_of(tmp_path / "in", 12)
    assert crawl("-a", f"fixtures={copies}", *settings).returncode == 0
    count = f"SELECT articles FROM recurring WHERE line = '{INVENTED_APPEAL}'"
    assert state_rows(state, count) == [(12,)]
    # The same folder again: its articles were counted when they were emitted.
    assert crawl("-a", f"fixtures={copies}", *settings).returncode == 0
    assert state_rows(state, count) == [(12,)]
    # A run of one new article is cleaned with what earlier runs learned.
    one = folder_of(tmp_path / "one", 1, start=50)
    out = tmp_path / "out.jsonl"
    assert crawl("-a", f"fixtures={one}", "-O", str(out), *settings).returncode == 0
    (record,) = read_feed(out)
    assert removals(record, "recurring") == [
        {"rule": "recurring", "text": INVENTED_APPEAL, "articles": 13}
    ]


def test_a_run_that_publishes_nothing_keeps_no_counts(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    (tmp_path / "a-file").write_text("not a folder")
    copies = folder_of(tmp_path / "in", 12)
    failed = crawl(
        "-a", f"fixtures={copies}", "-s", f"NEWSBOT_STATE_PATH={state}",
        "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'a-file'}",
    )  # fmt: skip
    assert failed.returncode == 6, failed.stderr
    assert state_rows(state, "SELECT count(*) FROM recurring") == [(0,)]
    settings = ["-s", f"NEWSBOT_STATE_PATH={state}", "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'ok'}"]
    assert crawl("-a", f"fixtures={copies}", *settings).returncode == 0
    count = f"SELECT articles FROM recurring WHERE line = '{INVENTED_APPEAL}'"
    assert state_rows(state, count) == [(12,)]


def furniture_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "furniture", "independent", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_user_lists_what_was_learned_and_forgets_a_line(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    settings = ["-s", f"NEWSBOT_STATE_PATH={state}", "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'feeds'}"]
    assert crawl("-a", f"fixtures={folder_of(tmp_path / 'in', 12)}", *settings).returncode == 0
    listed = furniture_command(*settings)
    assert listed.returncode == 0, listed.stderr
    assert "12 articles counted" in listed.stdout
    assert f"     12 100.0%  removed    {INVENTED_APPEAL}" in listed.stdout
    forgot = furniture_command("--forget", f"  {INVENTED_APPEAL} ", *settings)
    assert forgot.returncode == 0, forgot.stderr
    assert f"forgotten: {INVENTED_APPEAL}" in forgot.stdout
    assert "forgotten" in furniture_command(*settings).stdout
    out = tmp_path / "out.jsonl"
    more = folder_of(tmp_path / "more", 3, start=60)
    assert crawl("-a", f"fixtures={more}", "-O", str(out), *settings).returncode == 0
    assert all(INVENTED_APPEAL in record["articleBody"] for record in read_feed(out))


def test_a_forgotten_line_gives_back_what_it_took(tmp_path: Path) -> None:
    """The articles emitted without the line are emitted again by the next run over them,
    with it, as their next revision; the others are not."""
    state = tmp_path / "state.sqlite"
    settings = ["-s", f"NEWSBOT_STATE_PATH={state}", "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'feeds'}"]
    copies = folder_of(tmp_path / "in", 12)
    folder_of(copies, 3, extra="", start=40)  # three articles without the line
    out = tmp_path / "out.jsonl"
    assert crawl("-a", f"fixtures={copies}", "-O", str(out), *settings).returncode == 0
    assert sum(INVENTED_APPEAL not in r["articleBody"] for r in read_feed(out)) == 15
    forgot = furniture_command("--forget", INVENTED_APPEAL, *settings)
    assert forgot.returncode == 0, forgot.stderr
    assert "12 articles were emitted without it" in forgot.stdout
    again = crawl("-a", f"fixtures={copies}", "-O", str(out), *settings)
    assert again.returncode == 0, again.stderr
    records = read_feed(out)
    assert len(records) == 12
    for record in records:
        assert INVENTED_APPEAL in record["articleBody"]
        assert record["metadata"]["revision"] == 2
    third = crawl("-a", f"fixtures={copies}", "-O", str(out), *settings)
    assert third.returncode == 0 and out.read_text() == ""  # given back once
    assert (
        "no article emitted so far lost it"
        in furniture_command("--forget", INVENTED_APPEAL, *settings).stdout
    )


def test_a_forgotten_article_is_fetched_again_from_the_site(tmp_path: Path) -> None:
    """Discovery asks again for a page whose learned line was forgotten, unconditionally."""
    from newsbot.recurring import line_key
    from newsbot.run.state import Pending, State

    state = State(tmp_path / "state.sqlite")
    state.begin_run("r1", [], None)
    line = "A line learned as furniture from many articles of a run."
    state.claim(Pending("independent:b1", None, "h1", None, 0, learned=(line_key(line),)))
    state.claim(Pending("independent:b2", None, "h2", None, 0))
    state.prepare_publish("r1", [], "{}")
    state.finish_publish("r1")
    assert state.known("independent:b1").last_checked is not None
    assert state.forget(Recurring(), [line_key(line)]) == [("independent:b1", None)]
    assert state.known("independent:b1").last_checked is None  # fetched as if new
    assert state.known("independent:b2").last_checked is not None
    assert state.emitted("independent:b1").content_hash != "h1"  # its next record: revision 2
    state.close()


def test_the_command_says_when_there_is_nothing_to_list(tmp_path: Path) -> None:
    result = furniture_command("-s", f"NEWSBOT_STATE_PATH={tmp_path / 'none.sqlite'}")
    assert result.returncode == 1
    assert "no state at" in result.stderr


def test_the_command_changes_nothing_while_a_run_holds_the_lock(tmp_path: Path) -> None:
    from newsbot.run.state import RunLock, State

    path = tmp_path / "state.sqlite"
    State(path).close()
    lock = RunLock(path)  # as a run going on holds it
    try:
        result = furniture_command("--forget", "Some line", "-s", f"NEWSBOT_STATE_PATH={path}")
    finally:
        lock.release()
    assert result.returncode == 1
    assert "a run is going on" in result.stderr
    assert state_rows(path, "SELECT count(*) FROM recurring") == [(0,)]
