"""Score newsbot's cleaning on a folder of real text copies: clean, furniture left, text lost.

    .venv/bin/python bench/text_cleaning.py FOLDER [--against CHECKOUT] [--show N] [-s NAME=VALUE]

FOLDER holds text copies (``NAME.txt``, in the seeds' layout: headline, standfirst, text)
and, beside each, what a perfect cleaner makes of it, ``NAME.truth.json``, by line number
(1-based, every line of the file counted, blank ones too)::

    {"headline": 1, "standfirst": 2,
     "furniture": [{"line": 3}, {"line": 7, "text": "Your support makes all the difference."}]}

``standfirst`` is null when the copy has none. Each ``furniture`` entry is a whole line, or
with ``text`` the part of a line that is furniture (glued to the article's text at either
end: the rest of the line is text). Every other non-blank line is the article's text.
Truth files name furniture and line numbers only, so they can be shared without the text;
one may give the copy's ``sha256``, checked. ``bench/devset/`` holds the truth of the
development set newsbot's cleaning was measured on (see its README).

It runs ``scrapy crawl independent -a fixtures=FOLDER`` as a user does (a fresh state, so
recurring furniture is learned from the whole folder), reads the feed and compares each
record with its truth: a copy is perfect when its headline, standfirst and paragraphs are
exactly the truth's. It prints each copy that is not perfect (the paragraphs left in that
should not be, and those lost) and a summary. ``--against CHECKOUT`` scores another
checkout's newsbot on the same folder beside this one (``git worktree add /tmp/before
<commit>``). Exit status 0 whatever the score; 2 when a truth file does not fit its copy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Truth:
    headline: str
    standfirst: str | None
    paragraphs: list[str]


@dataclass
class Score:
    name: str
    problems: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # paragraphs that should have gone
    lost: list[str] = field(default_factory=list)  # article text that went

    @property
    def perfect(self) -> bool:
        return not (self.problems or self.left or self.lost)


def _normal(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").replace("\u200b", "").split())


def read_truth(copy: Path) -> Truth:
    """What a perfect cleaner makes of ``copy``, from its truth file. Raises ValueError when
    the truth does not fit the copy."""
    truth = json.loads(copy.with_suffix(".truth.json").read_text(encoding="utf-8"))
    data = copy.read_bytes()
    if "sha256" in truth and hashlib.sha256(data).hexdigest() != truth["sha256"]:
        raise ValueError(f"{copy.name} is not the copy its truth describes (sha256 differs)")
    lines = data.decode("utf-8").split("\n")
    furniture: dict[int, list[str]] = {}
    for entry in truth.get("furniture", []):
        number = entry["line"]
        if not 1 <= number <= len(lines):
            raise ValueError(f"{copy.name}: furniture line {number} is not in the copy")
        furniture.setdefault(number, []).append(entry.get("text"))
    text = {}  # each line's article text: the line without its furniture
    for number, line in enumerate(lines, start=1):
        parts = furniture.get(number, [])
        if None in parts:
            continue
        for part in parts:
            if part not in line:
                raise ValueError(f"{copy.name}: line {number} does not hold {part!r}")
            line = line.replace(part, " ", 1)
        if _normal(line):
            text[number] = _normal(line)
    headline, standfirst = truth.get("headline"), truth.get("standfirst")
    if not isinstance(headline, int):
        raise ValueError(f"{copy.name}: the truth names no headline line")
    for role, number in (("headline", headline), ("standfirst", standfirst)):
        if number is not None and number not in text:
            raise ValueError(f"{copy.name}: the {role}, line {number}, is blank or furniture")
    return Truth(
        text.pop(headline),
        text.pop(standfirst) if standfirst else None,
        list(text.values()),
    )


def crawl(checkout: Path, folder: Path, settings: list[str] = ()) -> dict[str, dict]:
    """newsbot's records of the copies in ``folder``, by file name."""
    with tempfile.TemporaryDirectory(prefix="newsbot-cleaning-") as scratch:
        feed = Path(scratch) / "feed.jsonl"
        python = sys.executable if checkout == REPO else str(checkout / ".venv" / "bin" / "python")
        command = [
            python, "-m", "scrapy", "crawl", "independent",
            "-a", f"fixtures={folder}", "-O", str(feed), "-L", "WARNING",
            "-s", f"NEWSBOT_STATE_PATH={scratch}/state.sqlite",
            "-s", f"NEWSBOT_FEED_DIR={scratch}/output",
            *(arg for setting in settings for arg in ("-s", setting)),
        ]  # fmt: skip
        done = subprocess.run(command, cwd=checkout, capture_output=True, text=True)
        if not feed.exists():
            sys.exit(f"newsbot at {checkout} wrote no feed:\n{done.stderr[-3000:]}")
        records = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    return {record["url"].rsplit("/", 1)[-1]: record for record in records}


def score(name: str, truth: Truth, record: dict | None) -> Score:
    result = Score(name)
    if record is None:
        result.problems.append("dropped: no record")
        result.lost = truth.paragraphs
        return result
    if record["headline"] != truth.headline:
        result.problems.append(f"headline: {record['headline'][:90]!r}")
    if record.get("description") != truth.standfirst:
        result.problems.append(f"standfirst: {str(record.get('description'))[:90]!r}")
    got = [p for p in record["articleBody"].split("\n\n") if p]
    expected = list(truth.paragraphs)
    remaining = list(expected)
    for paragraph in got:
        if paragraph in remaining:
            remaining.remove(paragraph)
        else:
            result.left.append(paragraph)
    result.lost = remaining
    if not result.left and not result.lost and got != expected:
        result.problems.append("paragraphs out of order")
    return result


def report(label: str, scores: list[Score], show: int) -> None:
    perfect = sum(s.perfect for s in scores)
    print(f"\n== {label}")
    for s in scores:
        if s.perfect or show == 0:
            continue
        print(f"-- {s.name}")
        for problem in s.problems:
            print(f"   {problem}")
        for paragraph in s.left[:show]:
            print(f"   left: {paragraph[:110]!r}")
        for paragraph in s.lost[:show]:
            print(f"   lost: {paragraph[:110]!r}")
    print(
        f"{label}: {perfect} of {len(scores)} copies perfect ({perfect / len(scores):.0%}); "
        f"furniture left in {sum(bool(s.left) for s in scores)}, text lost in "
        f"{sum(bool(s.lost) for s in scores)}, headline or standfirst wrong in "
        f"{sum(bool(s.problems) for s in scores)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--against", type=Path, help="another checkout to score beside")
    parser.add_argument("--show", type=int, default=3, help="paragraphs shown a copy")
    parser.add_argument(
        "-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
        help="a setting for newsbot's runs, as scrapy crawl takes it (may be repeated)",
    )  # fmt: skip
    args = parser.parse_args()
    folder = args.folder.resolve()
    copies = sorted(p for p in folder.glob("*.txt") if p.with_suffix(".truth.json").exists())
    if not copies:
        sys.exit(f"no NAME.txt with a NAME.truth.json in {folder}")
    try:
        truths = {copy.name: read_truth(copy) for copy in copies}
    except (ValueError, KeyError) as error:
        print(f"bad truth: {error}", file=sys.stderr)
        sys.exit(2)
    checkouts = [("newsbot", REPO)]
    if args.against:
        checkouts.append((f"newsbot at {args.against}", args.against.resolve()))
    for label, checkout in checkouts:
        records = crawl(checkout, folder, args.settings)
        report(label, [score(n, t, records.get(n)) for n, t in truths.items()], args.show)


if __name__ == "__main__":
    main()
