"""Text copies in every shape of the site's furniture that real copies show, each a file in
tests/copies/ with its truth (what a perfect cleaner makes of it, by line number: see
bench/text_cleaning.py). The furniture is the site's wording, verbatim; the articles around
it are our own. A real crawl reads the folder; every copy must come out perfect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.text_cleaning import Truth, read_truth, score
from tests.helpers import bench, crawl, read_feed

COPIES = Path(__file__).resolve().parent / "copies"
SHAPES = sorted(path.stem for path in COPIES.glob("*.txt"))


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("copies") / "out.jsonl"
    result = crawl("-a", f"fixtures={COPIES}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    return {Path(record["url"]).stem: record for record in read_feed(out)}


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_comes_out_perfect(shape: str, records: dict[str, dict]) -> None:
    truth = read_truth(COPIES / f"{shape}.txt")
    result = score(shape, truth, records.get(shape))
    assert (result.problems, result.left, result.lost) == ([], [], [])


def test_every_removal_is_recorded_with_its_rule(records: dict[str, dict]) -> None:
    rules = {r["rule"] for record in records.values() for r in record["metadata"]["removed"]}
    assert {
        "donation_appeal",
        "notification_prompt",
        "live_blog_chrome",
        "byline",
        "comment_prompt",
        "newsletter_signup",
        "image_caption",
        "mirror_chrome",
    } <= rules
    glued = records["appeal_glued_to_whole_article"]
    assert glued["articleBody"].startswith("The central library will open")


def test_an_article_about_an_appeal_loses_nothing(records: dict[str, dict]) -> None:
    record = records["about_an_appeal"]
    assert [r["rule"] for r in record["metadata"]["removed"]] == []


def test_the_scorer_sees_furniture_left_text_lost_and_a_wrong_standfirst() -> None:
    truth = Truth("Headline", "A standfirst here", ["One.", "Two."])
    perfect = {
        "headline": "Headline",
        "description": "A standfirst here",
        "articleBody": "One.\n\nTwo.",
    }
    assert score("x", truth, perfect).perfect
    left = score("x", truth, {**perfect, "articleBody": "One.\n\nComments\n\nTwo."})
    assert left.left == ["Comments"] and not left.lost
    lost = score("x", truth, {**perfect, "articleBody": "One."})
    assert lost.lost == ["Two."] and not lost.left
    assert score("x", truth, {**perfect, "description": None}).problems
    assert score("x", truth, None).problems == ["dropped: no record"]


def test_a_truth_that_does_not_fit_its_copy_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\nText.\n", encoding="utf-8")
    (tmp_path / "a.truth.json").write_text(
        json.dumps({"headline": 1, "furniture": [{"line": 2, "text": "Nope"}]}), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="does not hold"):
        read_truth(tmp_path / "a.txt")


def test_the_cleaning_benchmark_scores_a_folder() -> None:
    result = bench("text_cleaning.py", str(COPIES))
    assert result.returncode == 0, result.stderr
    assert f"newsbot: {len(SHAPES)} of {len(SHAPES)} copies perfect (100%)" in result.stdout
