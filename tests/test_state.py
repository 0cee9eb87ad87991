"""The state database: decisions, publishing in two commits, what a killed run leaves,
upgrades, damage, run ids and the lock."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsbot.run.state import (
    AlreadyRunning,
    Check,
    Claim,
    Emitted,
    FeedFile,
    Pending,
    RunLock,
    State,
    StateError,
    decide,
    next_run_id,
)


@pytest.mark.parametrize(
    "previous, content_hash, modified, revision",
    [
        (None, "h1", None, 1),
        (Emitted("h1", None, 1), "h1", None, None),
        (Emitted("h1", "2024-01-01T00:00:00+00:00", 3), "h1", "2024-01-01T00:00:00+00:00", None),
        (Emitted("h1", None, 1), "h2", None, 2),
        (Emitted("h1", "2024-01-01T00:00:00+00:00", 3), "h1", "2024-01-02T00:00:00+00:00", 4),
    ],
    ids=["new", "unchanged", "unchanged with a date", "text changed", "dateModified changed"],
)
def test_decide(previous: Emitted | None, content_hash: str, modified: str | None, revision):
    assert decide(previous, content_hash, modified) == revision


def pending(article_id: str, content_hash: str = "h", revision: int = 1) -> Pending:
    return Pending(article_id, f"https://x/{article_id}", content_hash, None, revision)


def publish(state: State, run_id: str = "r1") -> int:
    state.begin_run(run_id, [], None)
    state.prepare_publish(run_id, [], "{}")
    return state.finish_publish(run_id)


def test_records_count_only_once_published(tmp_path: Path) -> None:
    state = State(tmp_path / "state.sqlite")
    state.begin_run("r1", [], None)
    assert state.claim(pending("a")) == Claim(1)
    assert state.claim(pending("a")) == Claim(None, Claim.DUPLICATE)  # once per run
    assert state.claim(pending("a", "other")) == Claim(2)  # a later sighting, changed
    assert state.emitted("a") is None  # not published yet
    state.prepare_publish("r1", [], "{}")
    assert state.emitted("a") is None  # committed, but its feed is not in place yet
    assert state.finish_publish("r1") == 1
    assert state.emitted("a") == Emitted("other", None, 2)
    state.begin_run("r2", [], None)
    assert state.claim(pending("a", "other")) == Claim(None, Claim.UNCHANGED, 2)
    assert state.claim(pending("a", "other"), reemit=True) == Claim(2)
    state.close()


def test_what_a_killed_run_added_is_forgotten(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    state = State(path)
    state.begin_run("r1", [FeedFile("/x/.f.part", "/x/f")], None)
    for n in range(600):
        state.claim(pending(f"a{n}"))
    state.close()  # as a killed process would: without publishing
    again = State(path)
    assert again.emitted("a1") is None
    [killed] = again.unfinished_runs()
    assert (killed.id, killed.status, killed.feeds) == (
        "r1",
        "running",
        [FeedFile("/x/.f.part", "/x/f")],
    )
    again.abandon("r1")
    assert again.unfinished_runs() == []
    assert publish(again, "r2") == 0  # nothing of the killed run is left
    again.close()


def test_a_run_killed_while_publishing_can_be_finished_by_the_next(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    state = State(path)
    state.begin_run("r1", [], "/out/manifest.jsonl")
    state.claim(pending("a"))
    feeds = [FeedFile("/out/.f.part", "/out/f", append_at=12)]
    state.prepare_publish("r1", feeds, '{"runId": "r1"}')
    state.close()  # killed before its feed was moved into place
    again = State(path)
    [run] = again.unfinished_runs()
    assert (run.status, run.feeds, run.manifest, run.line) == (
        "publishing", feeds, "/out/manifest.jsonl", '{"runId": "r1"}'
    )  # fmt: skip
    assert again.finish_publish("r1") == 1
    assert again.emitted("a") == Emitted("h", None, 1)
    assert [r.status for r in again.unfinished_runs()] == ["published"]  # the manifest line
    again.finish_run("r1")
    assert again.unfinished_runs() == []
    again.close()


def test_fetches_tell_when_an_article_was_last_seen(tmp_path: Path) -> None:
    state = State(tmp_path / "state.sqlite")
    state.begin_run("r1", [], None)
    state.claim(Pending("a", None, "h", None, 1, date_published="2026-11-30T10:00:00+00:00"))
    state.note_check(Check("a", "2026-12-01T08:00:00+00:00", etag='"v1"', last_modified="Tue"))
    state.note_check(Check("never-emitted", "2026-12-01T08:00:00+00:00"))
    state.prepare_publish("r1", [], "{}")
    state.finish_publish("r1", when=datetime(2026, 12, 1, 9, tzinfo=UTC))
    known = state.known("a")
    assert known is not None
    assert known.last_checked == datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert known.published == datetime(2026, 11, 30, 10, tzinfo=UTC)
    assert (known.etag, known.last_modified) == ('"v1"', "Tue")
    assert state.known("never-emitted") is None
    state.close()


def test_one_holder_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    first = RunLock(path)
    with pytest.raises(AlreadyRunning, match="in use by process"):
        RunLock(path)
    first.release()
    RunLock(path).release()  # released


def test_a_database_from_a_newer_newsbot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    State(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(StateError, match=r"made by a newer newsbot \(layout version 99"):
        State(path)


def test_a_database_of_the_first_layout_is_upgraded_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with sqlite3.connect(path) as connection:
        connection.executescript(
            """
            CREATE TABLE articles (id TEXT PRIMARY KEY, canonical_url TEXT,
                content_hash TEXT NOT NULL, date_modified TEXT, revision INTEGER NOT NULL,
                first_seen TEXT NOT NULL, last_emitted TEXT NOT NULL);
            CREATE TABLE pending (id TEXT PRIMARY KEY, canonical_url TEXT,
                content_hash TEXT NOT NULL, date_modified TEXT, revision INTEGER NOT NULL);
            INSERT INTO articles VALUES ('a', NULL, 'h', NULL, 2,
                '2026-11-01T00:00:00+00:00', '2026-11-02T00:00:00+00:00');
            PRAGMA user_version = 1;
            """
        )
    state = State(path)
    assert state.emitted("a") == Emitted("h", None, 2)
    known = state.known("a")
    assert known is not None and known.last_checked == datetime(2026, 11, 2, tzinfo=UTC)
    state.close()


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda path: path.write_bytes(b"this is not a database" * 100), "is damaged"),
        (lambda path: _drop(path, "articles"), "is damaged"),
        (lambda path: _drop(path, "runs"), "is damaged"),
    ],
    ids=["not a database", "a table missing", "another table missing"],
)
def test_a_damaged_database_is_named_with_what_to_do(tmp_path: Path, damage, message) -> None:
    path = tmp_path / "state.sqlite"
    State(path).close()
    damage(path)
    with pytest.raises(StateError) as raised:
        State(path)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)
    assert "Move it aside" in str(raised.value)


def _drop(path: Path, table: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(f"DROP TABLE {table}")


def test_run_ids_sort_in_time_order_even_when_the_clock_goes_back() -> None:
    now = datetime(2026, 12, 1, 8, 0, 0, tzinfo=UTC)
    assert next_run_id(now, None) == "20261201T080000.000000Z"
    later = next_run_id(now, "20261201T075959.000000Z")
    assert later == "20261201T080000.000000Z"
    back = next_run_id(now - timedelta(hours=2), "20261201T080000.000000Z")
    assert back == "20261201T080000.000001Z"
    assert sorted([later, back]) == [later, back]
