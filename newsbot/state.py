"""What earlier runs emitted, so that a run emits only what is new or changed.

A small SQLite database (standard library) with one row per article. A run reads it to
decide, and writes to it only once its feed file is published: a run killed at any point
leaves the state as it was, and the next run emits what the killed one had not published.
No Scrapy objects here.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# Version of the table layout, kept in the database (PRAGMA user_version); each step in
# _MIGRATIONS brings a database from one version to the next.
_MIGRATIONS = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        canonical_url TEXT,
        content_hash TEXT NOT NULL,
        date_modified TEXT,
        revision INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_emitted TEXT NOT NULL
    );
    CREATE TABLE pending (
        id TEXT PRIMARY KEY,
        canonical_url TEXT,
        content_hash TEXT NOT NULL,
        date_modified TEXT,
        revision INTEGER NOT NULL
    );
    """,
)


def state_path(template: str, spider: str) -> Path:
    """The state database of a spider: the NEWSBOT_STATE_PATH template filled in."""
    return Path(template % {"spider": spider})


class AlreadyRunning(Exception):
    """Another run holds the state's lock."""


@dataclass(frozen=True, slots=True)
class Emitted:
    """What the state knows of an article's last emitted record."""

    content_hash: str
    date_modified: str | None
    revision: int


@dataclass(frozen=True, slots=True)
class Pending:
    """A record of this run, to be written to the state once its feed is published."""

    id: str
    canonical_url: str | None
    content_hash: str
    date_modified: str | None
    revision: int


class State:
    """The state database at ``path``, created (and upgraded) on first use.

    Opening it takes a lock (``path`` + ``.lock``) that the operating system releases when
    the process ends, however it ends: one run at a time, and a killed run blocks nobody.
    Raises AlreadyRunning when another process holds it.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.lock_file = open(f"{path}.lock", "a+")  # noqa: SIM115 (held for the run)
        try:
            fcntl.flock(self.lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.lock_file.seek(0)
            holder = self.lock_file.read().strip() or "another process"
            self.lock_file.close()
            raise AlreadyRunning(f"{path} is in use by {holder}") from None
        self.lock_file.truncate(0)
        self.lock_file.write(f"process {os.getpid()}\n")
        self.lock_file.flush()
        try:
            self.connection = sqlite3.connect(path, timeout=30)
            self.connection.execute("PRAGMA journal_mode=WAL")
            self._migrate()
        except Exception:
            self.lock_file.close()
            raise
        # What a killed run had not published is forgotten: the next run emits it again.
        with self.connection:
            self.connection.execute("DELETE FROM pending")

    def _migrate(self) -> None:
        (version,) = self.connection.execute("PRAGMA user_version").fetchone()
        if version > len(_MIGRATIONS):
            raise RuntimeError(
                f"the state database is version {version}, newer than this newsbot knows"
            )
        with self.connection:
            for number, step in enumerate(_MIGRATIONS[version:], start=version + 1):
                for statement in step.split(";"):
                    if statement.strip():
                        self.connection.execute(statement)
                self.connection.execute(f"PRAGMA user_version = {number}")

    def emitted(self, article_id: str) -> Emitted | None:
        row = self.connection.execute(
            "SELECT content_hash, date_modified, revision FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return Emitted(*row) if row else None

    def add(self, record: Pending) -> bool:
        """Keep a record of this run, to be published with the run's feed.

        False (and nothing kept) when the run already has a record of the article. The
        records stay in one transaction that ``publish`` commits: none is committed before
        (a killed run's are rolled back), and SQLite keeps them in its cache of 2 MB,
        spilling the rest to disk. (Commits in batches cost twice the time per record.)
        """
        try:
            self.connection.execute(
                "INSERT INTO pending VALUES (?, ?, ?, ?, ?)",
                (record.id, record.canonical_url, record.content_hash, record.date_modified,
                 record.revision),
            )  # fmt: skip
        except sqlite3.IntegrityError:  # the primary key: the id is there already
            return False
        return True

    def publish(self, when: datetime | None = None) -> int:
        """Record this run's records as emitted, all at once; returns how many."""
        stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
        with self.connection:
            published = self.connection.execute(
                """
                INSERT INTO articles (id, canonical_url, content_hash, date_modified, revision,
                                      first_seen, last_emitted)
                SELECT id, canonical_url, content_hash, date_modified, revision, ?, ?
                FROM pending WHERE true
                ON CONFLICT (id) DO UPDATE SET
                    canonical_url = excluded.canonical_url,
                    content_hash = excluded.content_hash,
                    date_modified = excluded.date_modified,
                    revision = excluded.revision,
                    last_emitted = excluded.last_emitted
                """,
                (stamp, stamp),
            ).rowcount
            self.connection.execute("DELETE FROM pending")
        return published

    def close(self) -> None:
        """Close the database and release the lock; what was not published is dropped."""
        self.connection.close()
        self.lock_file.close()  # closing the file releases the lock


def decide(previous: Emitted | None, content_hash: str, date_modified: str | None) -> int | None:
    """The revision to emit a record under, or None when it is unchanged.

    New: revision 1. Changed text or dateModified: one more than the last. Else unchanged.
    """
    if previous is None:
        return 1
    if previous.content_hash == content_hash and previous.date_modified == date_modified:
        return None
    return previous.revision + 1


class Known:
    """A read-only look at the state, for discovery: when was an article last emitted?"""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)

    def last_emitted(self, article_id: str) -> datetime | None:
        row = self.connection.execute(
            "SELECT last_emitted FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row else None
