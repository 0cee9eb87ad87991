"""End to end: the real `scrapy crawl independent -a fixtures=...` in a subprocess, feed read back.

The bundled samples are checked against golden records in tests/golden/ (regenerate them with
``pytest tests/test_crawl_fixtures.py --update-golden`` after a deliberate change, and read
the diff).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from stat import S_ISFIFO

import pytest

from newsbot.sites.independent import article_id
from tests.helpers import (
    GOLDEN,
    REPO,
    SAMPLES,
    crawl,
    crawl_command,
    read_feed,
    read_manifest,
    records_of,
)

SEED_000 = "000_5e1cc41f05608f8b"
SEED_004 = "004_df922c5b1cb01f15"
# Fields that depend on where and when the test runs; checked on their own below.
VOLATILE = ("id", "url")


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict], Path]:
    """One crawl over samples/ with the default feed location moved into a temporary folder."""
    feed_dir = tmp_path_factory.mktemp("feeds")
    result = crawl("-a", "fixtures=samples/", "-s", f"NEWSBOT_FEED_DIR={feed_dir}")
    assert result.returncode == 0, result.stderr
    feeds = list((feed_dir / "independent").glob("2*.jsonl"))  # not manifest.jsonl
    assert len(feeds) == 1, feeds
    records = {Path(r["url"]).stem: r for r in read_feed(feeds[0])}
    return records, feeds[0]


def without_volatile(record: dict) -> dict:
    record = {k: v for k, v in record.items() if k not in VOLATILE}
    record["metadata"] = {k: v for k, v in record["metadata"].items() if k != "dateDownloaded"}
    return record


@pytest.mark.parametrize("sample", sorted(p.stem for p in SAMPLES.glob("*.txt")))
def test_sample_matches_its_golden_record(
    sample: str, sample_run: tuple[dict[str, dict], Path], update_golden: bool
) -> None:
    record = sample_run[0][sample]
    golden = GOLDEN / f"{sample}.json"
    if update_golden:
        text = json.dumps(without_volatile(record), ensure_ascii=False, indent=2)
        golden.write_text(text + "\n", encoding="utf-8")
    assert without_volatile(record) == json.loads(golden.read_text(encoding="utf-8"))


def test_volatile_fields(sample_run: tuple[dict[str, dict], Path]) -> None:
    started = datetime.now(UTC) - timedelta(minutes=10)
    for stem, record in sample_run[0].items():
        assert record["url"] == (SAMPLES / f"{stem}.txt").as_uri()
        assert record["id"] == article_id(record["url"])
        downloaded = datetime.fromisoformat(record["metadata"]["dateDownloaded"])
        assert downloaded.utcoffset() == timedelta(0)
        assert started < downloaded <= datetime.now(UTC)


def paragraphs(record: dict) -> list[str]:
    return record["articleBody"].split("\n\n")


def test_seed_000(sample_run: tuple[dict[str, dict], Path]) -> None:
    record = sample_run[0][SEED_000]
    assert record["headline"] == "Donald Trump suggested meeting Vladimir Putin at the White House"
    assert record["description"] == (
        "Preparations for meeting delayed over expulsion of diplomats, Kremlin policy aide claims"
    )
    assert len(paragraphs(record)) == 12
    assert paragraphs(record)[0].startswith("US President Donald Trump proposed a meeting")
    assert paragraphs(record)[-1].endswith("“witch hunt”.")
    for furniture in ("Your support", "Join our commenting forum", "thought-provoking"):
        assert furniture not in record["articleBody"]


def test_seed_004(sample_run: tuple[dict[str, dict], Path]) -> None:
    record = sample_run[0][SEED_004]
    assert record["headline"].startswith("White House ‘fully expects’ Donald Trump’s meeting")
    assert record["description"].startswith("'North Korea made several promises")
    assert len(paragraphs(record)) == 12
    assert paragraphs(record)[0].startswith("The White House has said it fully expects")
    for furniture in ("Your support", "Independent Premium", "commenting forum"):
        assert furniture not in record["articleBody"]
    rules = [removal["rule"] for removal in record["metadata"]["removed"]]
    assert rules.count("donation_appeal") == 1
    assert rules.count("premium_prompt") == 2


def test_feed_is_utf8_without_escapes(sample_run: tuple[dict[str, dict], Path]) -> None:
    text = sample_run[1].read_text(encoding="utf-8")
    assert "\\u" not in text
    assert "’" in text


def test_ids_are_stable_across_runs_and_spellings_of_the_path(
    sample_run: tuple[dict[str, dict], Path], tmp_path: Path
) -> None:
    out = tmp_path / "again.jsonl"
    result = crawl("-a", f"fixtures={SAMPLES}/*.txt", "-O", str(out))
    assert result.returncode == 0, result.stderr
    assert {r["url"]: r["id"] for r in read_feed(out)} == {
        r["url"]: r["id"] for r in sample_run[0].values()
    }


def test_dash_capital_o_writes_there_instead_of_the_feed_folder(tmp_path: Path) -> None:
    out = tmp_path / "chosen.jsonl"
    feed_dir = tmp_path / "feeds"
    sample = SAMPLES / f"{SEED_000}.txt"
    result = crawl("-a", f"fixtures={sample}", "-O", str(out), "-s", f"NEWSBOT_FEED_DIR={feed_dir}")
    assert result.returncode == 0, result.stderr
    assert [r["headline"] for r in read_feed(out)] == [
        "Donald Trump suggested meeting Vladimir Putin at the White House"
    ]
    # The feed folder gets the manifest only, which names the file written instead.
    assert [p.name for p in (feed_dir / "independent").iterdir()] == ["manifest.jsonl"]
    assert read_manifest(feed_dir / "independent" / "manifest.jsonl")[0]["feed"] == str(out)


BAD_FILES = {
    "empty.txt": (b"", "the file is empty"),
    "blank.txt": (b"\n \r\n\t\n", "the file is empty"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), "binary data, not text"),
    "notes.pdf": (b"%PDF-1.7", "not a .txt, .html or .warc file"),
}


def test_bad_files_are_skipped_with_a_reason_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "nested").mkdir(parents=True)
    (folder / "good.txt").write_text("Good headline\nStandfirst\nThe text.\n", encoding="utf-8")
    (folder / "nested" / "windows.txt").write_bytes(
        "Caf\u00e9 headline\r\nA standfirst \u2013 in words\r\n\u201cQuoted\u201d text.\r\n".encode(
            "cp1252"
        )
    )
    (folder / "furniture.txt").write_text(
        "A headline\nYour support helps us to tell the story\nAppeal.\n"
        "Your support makes all the difference.\nJoin our commenting forum\nComments\n",
        encoding="utf-8",
    )
    (folder / "no-article.html").write_text(
        "<html><body><h1>Watch: a video</h1><nav>Home</nav></body></html>"
    )
    for name, (content, _) in BAD_FILES.items():
        (folder / name).write_bytes(content)
    out = tmp_path / "out.jsonl"

    # The PDF is named by a glob; a directory search would pass over it without a word.
    result = crawl("-a", f"fixtures={folder}/**", "-O", str(out))

    assert result.returncode == 0, result.stderr
    records = {Path(r["url"]).name: r for r in read_feed(out)}
    assert sorted(records) == ["good.txt", "windows.txt"]
    assert records["windows.txt"]["headline"] == "Café headline"
    assert records["windows.txt"]["articleBody"] == "“Quoted” text."
    for name, (_, reason) in BAD_FILES.items():
        assert f"Skipped {folder / name}: {reason}" in result.stderr
    assert (
        f"Dropped: no article text left after cleaning: {(folder / 'furniture.txt').as_uri()}"
        in (result.stderr)
    )
    for stat in (
        "'newsbot/fixtures/read': 4",
        "'newsbot/fixtures/skipped/empty': 2",
        "'newsbot/fixtures/skipped/binary': 1",
        "'newsbot/fixtures/skipped/unsupported': 1",
        "'newsbot/dropped/no_text': 2",
        "'newsbot/extractor/fallback': 1",
    ):
        assert stat in result.stderr


def test_a_path_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    result = crawl("-a", f"fixtures={missing}", "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'feeds'}")
    assert result.returncode == 2
    assert f"Cannot read fixtures: no such file or directory: '{missing}'" in result.stderr
    [run] = read_manifest(tmp_path / "feeds" / "independent" / "manifest.jsonl")
    assert (run["feed"], run["finishReason"], run["exitStatus"]) == (None, "bad_argument", 2)


def test_dash_capital_o_into_a_pipe_writes_in_place(tmp_path: Path) -> None:
    # Only regular files are written under a temporary name and renamed: a pipe (or
    # /dev/null, /dev/stdout) must stay what it is.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = crawl("-a", "fixtures=samples/", "-O", f"{pipe}:jsonlines")
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert S_ISFIFO(pipe.stat().st_mode)
    assert len(records_of(received[0].decode("utf-8"))) == 4


def test_a_file_name_cannot_forge_a_log_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Headline\nStandfirst\nText.\n", encoding="utf-8")
    (folder / "x\n2026-12-01 00:00:00 [newsbot] INFO: all is well.txt").write_bytes(b"")
    result = crawl("-a", f"fixtures={folder}", "-O", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    assert "x\\n2026-12-01 00:00:00 [newsbot] INFO: all is well.txt: the file is empty" in (
        result.stderr
    )
    assert not [line for line in result.stderr.splitlines() if line.startswith("2026-12-01 00")]


def test_a_lone_surrogate_costs_one_character_not_the_record(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle",'
        ' "headline": "Caf\\u00e9 \\ud800 opens"}</script></head>'
        "<body><div id='main'><p>It is the town’s first café.</p></div></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={page}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "\\u" not in text  # written as UTF-8, not escaped
    [record] = read_feed(out)
    assert record["headline"] == "Café \ufffd opens"
    assert record["articleBody"] == "It is the town’s first café."


# Run as `python -c`: scrapy's command line, then (at exit) the modules of distributed mode's
# libraries that the run imported.
_LOADED = """
import atexit, sys
from scrapy.cmdline import execute
libraries = ("redis", "scrapy_redis", "psycopg")
loaded = lambda: sorted(m for m in sys.modules if m.split(".")[0] in libraries)
atexit.register(lambda: print("loaded:", *loaded(), file=sys.stderr))
execute(["scrapy", *sys.argv[1:]])
"""


def test_a_local_run_loads_no_library_of_distributed_mode(tmp_path: Path) -> None:
    # Local mode stays as it was: no redis, scrapy-redis or psycopg in its memory or start-up.
    command = crawl_command("-a", "fixtures=samples/", scratch=tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, *command[3:]],  # after `python -m scrapy`
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "loaded:\n" in result.stderr, result.stderr[-2000:]
