"""Text fixtures: `scrapy crawl independent -a fixtures=...` against a bare Scrapy spider that
only reads the same files and exports them unprocessed, in the same run.

    .venv/bin/python bench/fixtures_throughput.py [--files 10000 100000] [--runs 3] [--quick]
                                                  [--against CHECKOUT]

It writes the files itself (in the seeds' layout, with the furniture variants and varied
text) under a temporary folder (in memory where there is /dev/shm), runs each spider several
times, alternating, and prints articles per second and peak memory (medians) for both, and
the ratio. newsbot runs as a user runs it: state, manifest and feed (fresh ones each run).
It asserts nothing but that every file reached newsbot's feed.

``--against CHECKOUT`` also runs the newsbot of another checkout (``git worktree add
/tmp/before <commit>``) in the same alternation, and prints its figures and this one's
speed relative to it: how a change moved the figure, on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, Run, check_feed, median_run, scratch, timed

# Furniture as the site prints it in text copies, in the variants cleaning must handle.
APPEALS = [
    [
        "Your support helps us to tell the story",
        "From reproductive rights to climate change to Big Tech, The Independent is on the "
        "ground when the story is developing.",
        "Your support makes all the difference.",
    ],
    [
        "Your support helps us to tell the story",
        "This election is still a dead heat, according to most polls.",
        "Help us keep bring these critical stories to light. Your support makes all the "
        "difference.",
    ],
    [],
]
FOOTERS = [
    ["Join our commenting forum",
     "Join thought-provoking conversations, follow other Independent readers and see their "
     "replies", "Comments"],
    ["Subscribe to Independent Premium to bookmark this article",
     "Want to bookmark your favourite articles and stories to read or reference later? "
     "Start your Independent Premium subscription today."],
    ["Sign up to our free breaking news emails", "SIGN UP"],
]  # fmt: skip
WORDS = (
    "government minister said the report would council police week city people new plans "
    "after years company health school under public former told statement its country "
    "officials more than two also could would been being over first last year".split()
)

BARE_SPIDER = textwrap.dedent(
    """
    import os
    import scrapy

    class Bare(scrapy.Spider):
        name = "bare"
        custom_settings = {"LOG_LEVEL": "INFO", "TELNETCONSOLE_ENABLED": False,
                           "REMOTE_CONTROL_ENABLED": False, "FEED_EXPORT_ENCODING": "utf-8"}

        def __init__(self, folder, **kwargs):
            super().__init__(**kwargs)
            self.folder = folder

        async def start(self):
            for entry in sorted(os.scandir(self.folder), key=lambda e: e.name):
                with open(entry.path, encoding="utf-8") as file:
                    yield {"path": entry.path, "text": file.read()}
    """
)


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(12, 30))
    return " ".join(words).capitalize() + "."


def write_files(folder: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for n in range(count):
        body = [" ".join(sentence(rng) for _ in range(rng.randint(1, 3))) for _ in range(12)]
        appeal = rng.choice(APPEALS)
        if appeal:  # the first sentence glued to the appeal's closing sentence, as in seed 000
            appeal = [*appeal[:-1], appeal[-1] + body.pop(0)]
        lines = [sentence(rng)[:-1], sentence(rng), *appeal, *body, *rng.choice(FOOTERS)]
        (folder / f"{n:06d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="1,000 files, one run each")
    parser.add_argument("--against", type=Path, help="another newsbot checkout, run beside")
    options = parser.parse_args()
    sizes, runs = ([1_000], 1) if options.quick else (options.files, options.runs)
    scrapy = [sys.executable, "-m", "scrapy"]
    header = (f"{'files':>8} | {'newsbot art/s':>13} {'peak MB':>8} | {'bare art/s':>10} "
              f"{'peak MB':>8} | {'ratio':>5}")  # fmt: skip
    if options.against:
        header += f" | {'other art/s':>11} {'peak MB':>8} | {'vs other':>8}"
    print(header)

    def newsbot(checkout: Path, folder: Path, work: Path, size: int) -> Run:
        # The command as a user runs it, state, manifest and feed included: fresh ones in
        # the scratch folder each run, or every record would be "unchanged".
        run = timed([*scrapy, "crawl", "independent", "-a", f"fixtures={folder}",
                     "-s", f"NEWSBOT_STATE_PATH={work}/state/%(spider)s.sqlite",
                     "-s", f"NEWSBOT_FEED_DIR={work}/output"], cwd=checkout)  # fmt: skip
        check_feed(work / "output", size)
        shutil.rmtree(work)
        return run

    with scratch() as folder:
        root = Path(folder)
        bare = root / "bare.py"
        bare.write_text(BARE_SPIDER)
        for size in sizes:
            folder = root / f"files-{size}"
            folder.mkdir()
            write_files(folder, size)
            ours, theirs, other = [], [], []
            for run in range(runs):  # alternate, so that drift in the machine's speed is shared
                ours.append(newsbot(REPO, folder, root / f"run-{size}-{run}", size))
                theirs.append(timed([*scrapy, "runspider", str(bare), "-a", f"folder={folder}",
                                     "-O", str(root / "bare.jsonl")], cwd=root))  # fmt: skip
                if options.against:
                    other.append(
                        newsbot(options.against, folder, root / f"other-{size}-{run}", size)
                    )
            a, b = median_run(ours), median_run(theirs)
            line = (f"{size:>8} | {size / a.seconds:>13.0f} {a.peak_rss_mb:>8.0f} | "
                    f"{size / b.seconds:>10.0f} {b.peak_rss_mb:>8.0f} | "
                    f"{b.seconds / a.seconds:>5.2f}")  # fmt: skip
            if options.against:
                c = median_run(other)
                line += (f" | {size / c.seconds:>11.0f} {c.peak_rss_mb:>8.0f} | "
                         f"{c.seconds / a.seconds:>8.2f}")  # fmt: skip
            print(line)
    print("\nWhole-process figures (start-up included), medians of", runs, "run(s) each.")


if __name__ == "__main__":
    main()
