"""The state database: decisions, publishing, what a killed run leaves, upgrades and the lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsbot.state import AlreadyRunning, Emitted, Pending, State, decide


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


def test_records_count_only_once_published(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    state = State(path)
    assert state.add(pending("a"))
    assert not state.add(pending("a", "other"))  # one record of an article per run
    assert state.emitted("a") is None  # not published yet
    assert state.publish() == 1
    assert state.emitted("a") == Emitted("h", None, 1)
    assert state.add(pending("a", "changed", 2))  # the next run's
    state.close()


def test_what_a_killed_run_added_is_forgotten(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    state = State(path)
    for n in range(600):
        state.add(pending(f"a{n}"))
    state.connection.commit()  # even rows that reached the disk
    state.close()  # as a killed process would: without publishing
    again = State(path)
    assert again.emitted("a1") is None
    assert again.publish() == 0  # nothing of the killed run is left
    again.close()


def test_one_holder_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    first = State(path)
    with pytest.raises(AlreadyRunning, match="in use by process"):
        State(path)
    first.close()
    State(path).close()  # released


def test_a_database_from_a_newer_newsbot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    State(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(RuntimeError, match="version 99"):
        State(path)
