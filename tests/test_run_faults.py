"""The run's guarantees under faults, met as a user meets them: the real `scrapy crawl` in a
subprocess, the fault made real (tests/faults.py). Whatever happens, no article is lost or
emitted twice, the run ends, and its exit status says what happened.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.faults import error_at, fill, make_read_only, signal_at, small_disk
from tests.helpers import (
    SAMPLES,
    crawl,
    crawl_command,
    read_feed,
    read_manifest,
    records_of,
    wait_until,
)
from tests.site_server import site_server

FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")

SAMPLE_IDS = 4


class Place:
    """Where a test's runs keep their state and write their feeds."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.state = root / "state" / "independent.sqlite"
        self.output = root / "output"
        self.folder = self.output / "independent"

    def settings(self, output: Path | None = None) -> list[str]:
        return [
            "-s", f"NEWSBOT_STATE_PATH={self.state}",
            "-s", f"NEWSBOT_FEED_DIR={output or self.output}",
        ]  # fmt: skip

    def feeds(self) -> list[Path]:
        return sorted(self.folder.glob("2*.jsonl"))

    def manifest(self) -> list[dict]:
        path = self.folder / "manifest.jsonl"
        return read_manifest(path) if path.exists() else []

    def hidden(self) -> list[Path]:
        return sorted(self.root.rglob(".*.part"))

    def emitted_ids(self) -> list[str]:
        """Every id of every published feed, repeats included."""
        return sorted(record["id"] for feed in self.feeds() for record in read_feed(feed))


@pytest.fixture
def place(tmp_path: Path) -> Place:
    return Place(tmp_path)


def fixtures_run(place: Place, *args: str, prefix: list[str] | None = None, source=SAMPLES):
    return crawl("-a", f"fixtures={source}", *place.settings(), *args, prefix=prefix or ())


def errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if "] ERROR:" in line]


def assert_all_emitted_once(place: Place) -> None:
    assert len(place.emitted_ids()) == SAMPLE_IDS
    assert len(set(place.emitted_ids())) == SAMPLE_IDS
    named = [run["feed"] for run in place.manifest() if run["feed"]]
    assert sorted(named) == [feed.name for feed in place.feeds()]  # each feed named once
    assert place.hidden() == []


# --- A feed that cannot be written ---------------------------------------------------------


def test_a_feed_folder_that_is_a_file(place: Place) -> None:
    place.root.joinpath("a-file").write_text("not a folder")
    failed = crawl(
        "-a", f"fixtures={SAMPLES}", *place.settings(output=place.root / "a-file")
    )  # fmt: skip
    assert failed.returncode == 6, failed.stderr
    assert "Cannot write the feed" in failed.stderr and "Not a directory" in failed.stderr
    assert "Traceback" not in failed.stderr
    # Nothing was marked as emitted: the next run, with a folder, emits everything.
    again = fixtures_run(place)
    assert again.returncode == 0, again.stderr
    assert_all_emitted_once(place)


def test_a_read_only_feed_folder(place: Place) -> None:
    with small_disk(place.output) as disk:
        make_read_only(disk)
        failed = fixtures_run(place)
    assert failed.returncode == 6, failed.stderr
    assert "Read-only file system" in failed.stderr
    assert "Traceback" not in failed.stderr
    again = fixtures_run(place)
    assert again.returncode == 0, again.stderr
    assert_all_emitted_once(place)


def test_dash_capital_o_into_a_read_only_folder(place: Place) -> None:
    with small_disk(place.root / "ro") as disk:
        make_read_only(disk)
        failed = fixtures_run(place, "-O", str(disk / "out.jsonl"))
    assert failed.returncode == 6, failed.stderr
    assert "Traceback" not in failed.stderr
    again = fixtures_run(place, "-O", str(place.root / "out.jsonl"))
    assert again.returncode == 0, again.stderr
    assert len(read_feed(place.root / "out.jsonl")) == SAMPLE_IDS


def test_a_full_disk(place: Place) -> None:
    # 40 articles of 30 KB each do not fit on 256 KB.
    folder = place.root / "in"
    folder.mkdir()
    for n in range(40):
        paragraph = f"Paragraph {n} of a long article. " * 40
        (folder / f"{n:03}.txt").write_text(f"Headline {n}\nStandfirst\n" + f"{paragraph}\n" * 20)
    with small_disk(place.output, size="256k"):
        failed = fixtures_run(place, source=folder)
        left_on_disk = sorted(p.name for p in place.folder.iterdir())
        runs = place.manifest()
    assert failed.returncode == 6, failed.stderr
    assert len(errors(failed.stderr)) == 1, errors(failed.stderr)  # one line, not one per item
    assert "No space left on device" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert left_on_disk == ["manifest.jsonl"]  # the hidden feed file is gone with its space
    assert [(run["exitStatus"], run["feed"], run["counts"]["emitted"]) for run in runs] == [
        (6, None, 0)
    ]
    # Nothing was marked as emitted: with room enough, the next run emits all 40.
    again = fixtures_run(place, source=folder)
    assert again.returncode == 0, again.stderr
    assert len(set(place.emitted_ids())) == 40


# --- Killed at the wrong instant --------------------------------------------------------------


RENAMES = ["rename", "renameat", "renameat2"]


@pytest.mark.parametrize(
    "moment, syscalls, paths, when",
    [
        # Its records committed as publishing, its feed not yet renamed into place.
        ("at the rename", RENAMES, [], 1),
        # Renamed, before the state records the articles as emitted (the folder's fsync).
        ("after the rename", ["openat"], ["folder"], 1),
        # Published and recorded, before its manifest line (the manifest is opened first
        # for the last run id, then to check, before publishing, that it can be written).
        ("before the manifest line", ["openat"], ["manifest"], 3),
    ],
)
def test_a_run_killed_while_publishing_is_finished_by_the_next(
    place: Place, moment: str, syscalls: list[str], paths: list[str], when: int
) -> None:
    where = {"folder": place.folder, "manifest": place.folder / "manifest.jsonl"}
    place.folder.mkdir(parents=True)
    prefix = signal_at(syscalls, paths=[where[p] for p in paths], when=when)
    killed = fixtures_run(place, prefix=prefix)
    assert killed.returncode != 0
    again = fixtures_run(place)
    assert again.returncode == 0, again.stderr
    assert "ended while publishing" in again.stderr or "before its manifest line" in again.stderr
    assert_all_emitted_once(place)
    assert [run["counts"]["emitted"] for run in place.manifest()] == [SAMPLE_IDS, 0]
    # And the run after that emits nothing: every article is recorded as emitted.
    third = fixtures_run(place)
    assert third.returncode == 0, third.stderr
    assert len(place.emitted_ids()) == SAMPLE_IDS


def test_a_run_killed_before_it_publishes_leaves_nothing(place: Place) -> None:
    # Killed as it flushes its hidden feed file to disk, every record written to it.
    killed = fixtures_run(place, prefix=signal_at(["fsync"], when=1))
    assert killed.returncode != 0
    assert place.feeds() == []
    assert len(place.hidden()) == 1
    # The next run deletes the dead run's hidden file and emits everything itself.
    again = fixtures_run(place)
    assert again.returncode == 0, again.stderr
    assert "ended before it published" in again.stderr
    assert_all_emitted_once(place)
    assert [run["counts"]["emitted"] for run in place.manifest()] == [SAMPLE_IDS]


def test_dash_o_appends_each_article_once_across_killed_runs(place: Place) -> None:
    out = place.root / "appended.jsonl"
    out.write_text('{"id": "earlier"}\n')
    # Killed while appending: after copying its records, before they are on disk.
    killed = fixtures_run(place, "-o", str(out), prefix=signal_at(["fsync"], paths=[out]))
    assert killed.returncode != 0
    again = fixtures_run(place, "-o", str(out))
    assert again.returncode == 0, again.stderr
    third = fixtures_run(place, "-o", str(out))
    assert third.returncode == 0, third.stderr
    earlier, *appended = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert earlier == '{"id": "earlier"}\n'  # the user's line, not a record of ours
    ids = [record["id"] for record in records_of("".join(appended))]
    assert len(ids) == SAMPLE_IDS and len(set(ids)) == SAMPLE_IDS
    assert place.hidden() == []


# --- The state database ----------------------------------------------------------------------


def _not_a_database(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\0" + b"garbage" * 1000)


def _missing_table(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE articles")


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")


@pytest.mark.parametrize(
    "damage, says",
    [
        (_not_a_database, "is damaged"),
        (_missing_table, "is damaged"),
        (_newer, "made by a newer newsbot"),
    ],
    ids=["not a database", "a table missing", "a newer layout"],
)
def test_a_state_that_cannot_be_used_is_named_once(place: Place, damage, says: str) -> None:
    first = fixtures_run(place)
    assert first.returncode == 0, first.stderr
    for leftover in place.state.parent.glob("*-wal"):
        leftover.unlink()
    damage(place.state)
    failed = fixtures_run(place, "-s", "NEWSBOT_REEMIT=True")
    assert failed.returncode == 7, failed.stderr
    [line] = errors(failed.stderr)
    assert says in line and str(place.state) in line
    assert "Traceback" not in failed.stderr
    assert len(place.feeds()) == 1  # nothing published by the failed run


def test_a_read_only_state(place: Place) -> None:
    with small_disk(place.state.parent):
        assert fixtures_run(place).returncode == 0
        make_read_only(place.state.parent)
        failed = fixtures_run(place, "-s", "NEWSBOT_REEMIT=True")
    assert failed.returncode == 7, failed.stderr
    [line] = errors(failed.stderr)
    assert str(place.state) in line or "lock" in line
    assert "Traceback" not in failed.stderr


def test_a_full_disk_at_the_state_commit_emits_nothing_twice(place: Place) -> None:
    place.folder.mkdir(parents=True)
    with small_disk(place.state.parent, size="512k"):
        # Stopped right after its feed is renamed into place (as it opens the folder to make
        # the rename durable), while the disk of its state fills up.
        stopped = signal_at(["openat"], paths=[place.folder], signal="STOP")
        run = subprocess.Popen(
            [*stopped, *crawl_command("-a", f"fixtures={SAMPLES}", *place.settings())],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        wait_until(place.feeds, run, "its feed was renamed into place")
        fill(place.state.parent)
        subprocess.run(["pkill", "-CONT", "-f", f"NEWSBOT_STATE_PATH={place.state}"], check=False)
        _, log = run.communicate(timeout=60)
        (place.state.parent / "filler").unlink()
        assert run.returncode == 7, log
        assert "The next run records it" in log
        assert len(place.feeds()) == 1  # published, not recorded
        again = fixtures_run(place)
    assert again.returncode == 0, again.stderr
    assert_all_emitted_once(place)


# --- One run at a time --------------------------------------------------------------------------


def test_a_refused_run_leaves_the_other_runs_dash_capital_o_file_alone(place: Place) -> None:
    out = place.root / "out.jsonl"
    out.write_text('{"id": "the last run\'s"}\n')
    # The first run is held in the middle of its crawl, its hidden feed file open.
    with site_server() as site:
        site.pages_open.clear()
        first = subprocess.Popen(
            crawl_command(
                *place.settings(), "-O", str(out), "-s", f"INDEPENDENT_BASE_URL={site.base}",
                *FAST,
            ),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        wait_until(lambda: any(p.endswith(".html") for p in site.requested), first, "the pages")
        second = fixtures_run(place, "-O", str(out))
        assert second.returncode == 3, second.stderr
        assert out.read_text() == '{"id": "the last run\'s"}\n'  # untouched by the refused run
        site.pages_open.set()
        _, log = first.communicate(timeout=120)
    assert second.returncode == 3, second.stderr
    assert "Another run is going on" in second.stderr
    assert first.returncode == 0, log
    assert "\0" not in out.read_text()
    assert len(read_feed(out)) == 4  # the first run's records, whole
    assert sorted(run["finishReason"] for run in place.manifest()) == [
        "already_running", "finished"
    ]  # fmt: skip


# --- Wrong arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argument, says",
    [
        ("fixtures=", "fixtures must not be empty"),
        ("fixture=samples/", "unknown argument 'fixture' (did you mean fixtures?)"),
        ("sorce=rss", "unknown argument 'sorce' (did you mean source?)"),
        ("source=", "source must not be empty"),
    ],
)
def test_wrong_arguments_are_reported_and_touch_nothing(
    place: Place, argument: str, says: str
) -> None:
    out = place.root / "out.jsonl"
    out.write_text('{"id": "kept"}\n')
    base = "http://127.0.0.1:9"  # nothing listens: a live crawl would fail, not stop at once
    result = crawl(
        "-a", argument, *place.settings(), "-O", str(out), "-s", f"INDEPENDENT_BASE_URL={base}"
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert says in result.stderr
    assert "Cannot read http" not in result.stderr  # no live crawl was started
    assert out.read_text() == '{"id": "kept"}\n'
    assert [json.dumps(run["exitStatus"]) for run in place.manifest()] == ["2"]


def test_a_feed_folder_deleted_under_a_run_loses_nothing(place: Place) -> None:
    with site_server() as site:
        site.pages_open.clear()  # the run is held in the middle of its crawl
        run = subprocess.Popen(
            crawl_command(*place.settings(), "-s", f"INDEPENDENT_BASE_URL={site.base}", *FAST),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        wait_until(place.hidden, run, "its hidden feed file was made")
        shutil.rmtree(place.output)  # someone tidies up
        site.pages_open.set()
        _, log = run.communicate(timeout=120)
        assert run.returncode == 6, log
        assert "Nothing of this run is published" in log
        again = crawl(*place.settings(), "-s", f"INDEPENDENT_BASE_URL={site.base}", *FAST)
    assert again.returncode == 0, again.stderr
    assert len(place.emitted_ids()) == 4  # what the first run had read is emitted after all


# --- The outcome, decided once: the process and its manifest line agree -----------------------


def test_a_manifest_that_cannot_be_written_publishes_nothing(place: Place) -> None:
    (place.folder / "manifest.jsonl").mkdir(parents=True)  # a folder where the file goes
    failed = fixtures_run(place)
    assert failed.returncode == 6, failed.stderr
    assert "Cannot write the manifest" in failed.stderr and "Is a directory" in failed.stderr
    assert "Nothing of this run is published" in failed.stderr
    assert place.feeds() == [] and place.hidden() == []
    (place.folder / "manifest.jsonl").rmdir()
    again = fixtures_run(place)
    assert again.returncode == 0, again.stderr
    assert_all_emitted_once(place)


def test_a_manifest_line_lost_after_publishing_says_so_when_written(place: Place) -> None:
    """The disk fills as the line is written, after the feed is in place: the run exits 6,
    and the line the next run writes for it says 6 too, naming its feed."""
    place.folder.mkdir(parents=True)
    manifest = place.folder / "manifest.jsonl"
    failed = fixtures_run(place, prefix=error_at(["write"], "ENOSPC", paths=[manifest]))
    assert failed.returncode == 6, failed.stderr
    assert "Cannot write the manifest" in failed.stderr
    [feed] = place.feeds()  # published: it is not taken back
    assert manifest.read_text() == ""  # the half line was taken back
    again = fixtures_run(place)
    assert again.returncode == 0, again.stderr
    first, second = place.manifest()
    assert (first["exitStatus"], first["finishReason"], first["feed"]) == (
        6,
        "feed_failed",
        feed.name,
    )
    assert (second["exitStatus"], second["counts"]["emitted"]) == (0, 0)
    assert_all_emitted_once(place)


# --- What others can plant in a folder they can write -----------------------------------------


def _victim(place: Place) -> Path:
    victim = place.root / "victim.txt"
    victim.write_text("precious\n")
    return victim


def test_a_symlinked_lock_file_is_refused(place: Place) -> None:
    victim = _victim(place)
    place.state.parent.mkdir(parents=True)
    Path(f"{place.state}.lock").symlink_to(victim)
    failed = fixtures_run(place)
    assert failed.returncode == 7, failed.stderr
    assert "is a symbolic link" in failed.stderr
    assert victim.read_text() == "precious\n"


def test_a_symlinked_manifest_is_refused(place: Place) -> None:
    victim = _victim(place)
    place.folder.mkdir(parents=True)
    (place.folder / "manifest.jsonl").symlink_to(victim)
    failed = fixtures_run(place)
    assert failed.returncode == 6, failed.stderr
    assert "symbolic link" in failed.stderr
    assert victim.read_text() == "precious\n"
    assert place.feeds() == []


def test_a_hidden_feed_file_planted_as_a_symlink_is_not_written_through(place: Place) -> None:
    """Someone who can write the folder plants ``.out.jsonl.<pid>.part`` for the pid the run
    will have (the shell's, which `exec` keeps)."""
    victim = _victim(place)
    out = place.root / "out.jsonl"
    command = crawl_command("-a", f"fixtures={SAMPLES}", *place.settings(), "-O", str(out))
    plant = f"ln -s {shlex.quote(str(victim))} {shlex.quote(str(place.root))}/.out.jsonl.$$.part"
    result = subprocess.run(
        ["sh", "-c", f'{plant} && exec "$@"', "sh", *command],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert victim.read_text() == "precious\n"
    assert result.returncode == 0, result.stderr
    assert len(read_feed(out)) == SAMPLE_IDS


# --- An article a pipeline fails on -------------------------------------------------------


def test_an_article_a_pipeline_fails_on_is_counted_and_emitted_by_the_next_run(
    place: Place,
) -> None:
    from newsbot import settings

    broken = {**settings.ITEM_PIPELINES, "tests.broken_pipeline.BrokenPipeline": 950}
    first = fixtures_run(place, "-s", f"ITEM_PIPELINES={json.dumps(broken)}")
    assert first.returncode == 0, first.stderr  # the other articles are the run's job done
    assert "'newsbot/items/failed': 1" in first.stderr
    assert "Cannot process independent:" in first.stderr
    assert "the next run tries it again" in first.stderr
    assert len(place.emitted_ids()) == SAMPLE_IDS - 1
    assert place.manifest()[-1]["counts"]["failed"] == 1
    # The failed article was not marked emitted: the next run emits it, and only it.
    second = fixtures_run(place)
    assert second.returncode == 0, second.stderr
    assert_all_emitted_once(place)
    assert place.manifest()[-1]["counts"] == {**place.manifest()[-1]["counts"], "emitted": 1}


# --- Killed while the state is made ----------------------------------------------------------


@pytest.mark.parametrize("when", [1, 2, 3, 5])
def test_a_first_run_killed_while_it_makes_the_state_leaves_one_the_next_can_use(
    place: Place, when: int
) -> None:
    """The state's tables are made in one transaction: a kill at any of its writes to disk
    leaves none of them, or all."""
    wal = place.state.with_name(place.state.name + "-wal")
    killed = fixtures_run(place, prefix=signal_at(["fdatasync", "fsync"], paths=[wal], when=when))
    assert killed.returncode != 0
    again = fixtures_run(place)
    assert again.returncode == 0, again.stderr
    assert_all_emitted_once(place)


# --- The manifest and -o, left broken by what came before ---------------------------------


def test_a_manifest_whose_last_line_was_cut_short_keeps_each_run_s_line_whole(
    place: Place,
) -> None:
    """A crash long ago (or an editor) left the last line without its line end: the next
    run's line is a line of its own, and readers find it."""
    assert fixtures_run(place).returncode == 0
    manifest = place.folder / "manifest.jsonl"
    manifest.write_bytes(manifest.read_bytes() + b'{"runId": "20200101T00')
    second = fixtures_run(place, "-s", "NEWSBOT_REEMIT=True")
    assert second.returncode == 0, second.stderr
    last = manifest.read_text().splitlines()[-1]
    assert json.loads(last)["feed"] == place.feeds()[-1].name


def test_dash_o_that_fails_on_a_full_disk_leaves_the_file_as_it_was(place: Place) -> None:
    out = place.root / "appended.jsonl"
    out.write_text('{"id": "earlier"}\n')
    failed = fixtures_run(place, "-o", str(out), prefix=error_at(["fsync"], "ENOSPC", paths=[out]))
    assert failed.returncode == 6, failed.stderr
    assert out.read_text() == '{"id": "earlier"}\n'  # until the next run finishes the move
    again = fixtures_run(place, "-o", str(out))
    assert again.returncode == 0, again.stderr
    ids = [record["id"] for record in records_of(out.read_text().split("\n", 1)[1])]
    assert len(ids) == SAMPLE_IDS and len(set(ids)) == SAMPLE_IDS


def test_a_fifo_where_the_manifest_goes_is_refused_without_waiting(place: Place) -> None:
    place.folder.mkdir(parents=True)
    os.mkfifo(place.folder / "manifest.jsonl")
    failed = fixtures_run(place, "-s", "NEWSBOT_FEED_RETENTION_DAYS=1")  # crawl's timeout: 120 s
    assert failed.returncode == 6, failed.stderr
    assert "not a regular file" in failed.stderr


def test_dash_o_on_a_disk_that_takes_only_part_of_the_append_leaves_the_file_as_it_was(
    place: Place, tmp_path: Path
) -> None:
    """Room for the run's hidden file, not for the append: the disk takes part of it and
    refuses the rest. Nothing of the run stays in FILE, and the next run appends it."""
    with small_disk(tmp_path / "disk", "64k") as disk:
        out = disk / "all.jsonl"
        assert fixtures_run(place, "-o", str(out)).returncode == 0
        before = out.read_bytes()
        pages = -(-len(before) // 4096)  # the file's, and the hidden file's, in tmpfs pages
        (disk / "filler").write_bytes(b"\0" * ((16 - 2 * pages - 2) * 4096))  # 2 pages left
        failed = fixtures_run(place, "-o", str(out), "-s", "NEWSBOT_REEMIT=True")
        assert failed.returncode == 6, failed.stderr
        assert out.read_bytes() == before
        (disk / "filler").unlink()
        again = fixtures_run(place, "-o", str(out))
        assert again.returncode == 0, again.stderr
        assert len(records_of(out.read_text())) == 2 * SAMPLE_IDS
