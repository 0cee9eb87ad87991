"""The state: what earlier runs emitted and saw, the run lock, and each run's progress
through publishing, so that a run killed at any instant leaves nothing half done.

A small SQLite database (standard library), no Scrapy objects. Its tables:

- ``articles``: one row per article ever emitted: its hash, revision and dates, when the
  state last saw its current text (``last_checked``), and the page's HTTP validators;
- ``pending``: this run's records, and ``checks``: this run's fetches. Both are written in
  one transaction that nothing commits before the run publishes;
- ``runs``: one row per run and where it stands: ``running``; ``publishing`` (its records
  committed, its feed files still to be moved into place); ``published`` (its records
  emitted, its manifest line still to be written); ``done``; ``failed``;
- ``texts``: every text each article was emitted with (its hashes), and ``pending_texts``:
  this run's, so that a web archive read again emits none of its captures again;
- ``recurring``, ``recurring_stories`` and ``counters``: the paragraphs that recur across
  articles, with the number of articles each was seen in, and the stories counted
  (newsbot.recurring), committed with the run's records;
- ``removals``: which articles were emitted without which learned line (by the line's
  key), and ``pending_removals``: this run's, so that a line a user forgets gives back
  what it took.

A run's order of events is in ``newsbot.run.coordinator``; this module only stores.
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsbot.recurring import Line, Recurring

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
    """
    ALTER TABLE articles ADD COLUMN date_published TEXT;
    ALTER TABLE articles ADD COLUMN last_checked TEXT;
    ALTER TABLE articles ADD COLUMN etag TEXT;
    ALTER TABLE articles ADD COLUMN last_modified TEXT;
    UPDATE articles SET last_checked = last_emitted;
    ALTER TABLE pending ADD COLUMN date_published TEXT;
    CREATE TABLE checks (
        id TEXT PRIMARY KEY,
        checked_at TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT
    );
    CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        feeds TEXT NOT NULL,
        manifest TEXT,
        line TEXT
    )
    """,
    """
    CREATE TABLE recurring (
        line TEXT PRIMARY KEY,
        articles INTEGER NOT NULL,
        since INTEGER NOT NULL,
        forgotten INTEGER NOT NULL
    );
    CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE texts (
        id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        PRIMARY KEY (id, content_hash)
    ) WITHOUT ROWID;
    INSERT INTO texts SELECT id, content_hash FROM articles;
    CREATE TABLE pending_texts (
        id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        PRIMARY KEY (id, content_hash)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE recurring_stories (
        story INTEGER PRIMARY KEY,
        since INTEGER NOT NULL
    );
    CREATE TABLE removals (
        line TEXT NOT NULL,
        id TEXT NOT NULL,
        PRIMARY KEY (line, id)
    ) WITHOUT ROWID;
    CREATE TABLE pending_removals (
        line TEXT NOT NULL,
        id TEXT NOT NULL,
        PRIMARY KEY (line, id)
    ) WITHOUT ROWID
    """,
)
# What each table must have; a database without it is damaged.
_COLUMNS = {
    "articles": "id, canonical_url, content_hash, date_modified, revision, first_seen, "
    "last_emitted, date_published, last_checked, etag, last_modified",
    "pending": "id, canonical_url, content_hash, date_modified, revision, date_published",
    "checks": "id, checked_at, etag, last_modified",
    "runs": "id, status, feeds, manifest, line",
    "recurring": "line, articles, since, forgotten",
    "counters": "name, value",
    "texts": "id, content_hash",
    "pending_texts": "id, content_hash",
    "recurring_stories": "story, since",
    "removals": "line, id",
    "pending_removals": "line, id",
}
# An article's content hash once a line removed from it was forgotten (`scrapy furniture
# --forget`): no text has it, so the next record of the article is its next revision, and
# discovery fetches it again as if new.
FORGOTTEN = ""


def state_path(template: str, spider: str) -> Path:
    """The state database of a spider: the NEWSBOT_STATE_PATH template filled in."""
    return Path(template % {"spider": spider})


class AlreadyRunning(Exception):
    """Another run holds the state's lock."""


class StateError(Exception):
    """The state database cannot be used; the message names the file and what to do."""


class RunLock:
    """One run at a time: an exclusive lock on ``<state path>.lock``.

    The operating system releases it when the process ends, however it ends, so a killed
    run blocks nobody. Raises AlreadyRunning when another process holds it, StateError when
    the lock file cannot be made.
    """

    def __init__(self, state: Path) -> None:
        self.path = Path(f"{state}.lock")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Never through a symlink (one planted in a folder others can write would have
            # its target truncated below), nor a FIFO (which would block the open).
            flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
            descriptor = os.open(self.path, flags, 0o644)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise StateError(
                    f"the lock file {self.path} is a symbolic link: newsbot makes its lock "
                    "file itself and takes no other. Delete the link, or set "
                    "NEWSBOT_STATE_PATH to a folder of your own"
                ) from error
            raise StateError(
                f"cannot make the lock file {self.path}: {error.strerror or error}. "
                "Make its folder writable, or set NEWSBOT_STATE_PATH to another place"
            ) from error
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            raise StateError(
                f"the lock file {self.path} is not a regular file: delete it, or set "
                "NEWSBOT_STATE_PATH to another place"
            )
        os.set_blocking(descriptor, True)
        self.file = os.fdopen(descriptor, "r+")
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.seek(0)
            holder = self.file.read().strip() or "another process"
            self.file.close()
            raise AlreadyRunning(f"{state} is in use by {holder}") from None
        self.file.truncate(0)
        self.file.write(f"process {os.getpid()}\n")
        self.file.flush()

    def release(self) -> None:
        self.file.close()  # closing the file releases the lock


@dataclass(frozen=True, slots=True)
class Emitted:
    """What the state knows of an article's last emitted record."""

    content_hash: str
    date_modified: str | None
    revision: int


@dataclass(frozen=True, slots=True)
class Known:
    """What discovery needs of an article the state knows, to tell whether to fetch it."""

    last_checked: datetime | None
    """When the state last saw the article's current text: emitted, or fetched unchanged."""
    published: datetime | None
    """Its datePublished, else when it was first emitted: its age."""
    etag: str | None
    last_modified: str | None
    """The page's ETag and Last-Modified headers as last sent, for a conditional request."""


@dataclass(frozen=True, slots=True)
class Pending:
    """A record of this run, to be written to the state once its feed is published."""

    id: str
    canonical_url: str | None
    content_hash: str
    date_modified: str | None
    revision: int
    date_published: str | None = None
    learned: tuple[str, ...] = ()
    """The keys of the learned lines cleaning removed from it (newsbot.recurring.line_key)."""
    captured: str | None = None
    """When a web archive's crawler captured it (its ``dateDownloaded``, in UTC)."""


@dataclass(frozen=True, slots=True)
class Claim:
    """What the state made of a record of this run: the revision to emit it under, or why
    it is not emitted (``skipped``): unchanged since the last emitted revision
    (``previous``), or a text this run has already."""

    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    HELD = "held"  # distributed mode: see SharedState.claim

    revision: int | None
    skipped: str | None = None
    previous: int | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """A page of this run fetched (or answered 304 Not Modified), and its HTTP validators."""

    id: str
    checked_at: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FeedFile:
    """A feed file a run writes under a hidden name and moves into place when it publishes:
    by a rename, or appended to ``final`` at ``append_at`` (``-o``)."""

    part: str
    final: str
    append_at: int | None = None
    size: int | None = None
    """The finished file's size, once the run publishes: how a move is known to be done."""


@dataclass(frozen=True, slots=True)
class RunRecord:
    """A run as the state has it."""

    id: str
    status: str
    feeds: list[FeedFile]
    manifest: str | None
    line: str | None
    """The run's manifest line, once the run publishes."""


def _problem(path: Path, error: sqlite3.Error) -> str:
    """One sentence on what is wrong with the state database and what to do about it."""
    text = str(error)
    if isinstance(error, sqlite3.DatabaseError) and any(
        sign in text for sign in ("not a database", "malformed", "no such table", "no such column")
    ):
        return (
            f"the state database {path} is damaged ({text}). Move it aside to start afresh "
            "(the next run then emits every article it finds once more), or restore a copy"
        )
    if "readonly" in text or "read-only" in text:
        return (
            f"the state database {path} cannot be written ({text}): make it and its folder writable"
        )
    if "full" in text or "I/O" in text:
        return f"the state database {path} cannot be written ({text}): free some space"
    if "unable to open" in text:
        return (
            f"the state database {path} cannot be opened ({text}): check that its folder "
            "exists and can be written"
        )
    return f"the state database {path} cannot be used ({text})"


class State:
    """The state database at ``path``, created (and upgraded) on first use.

    Take the run's lock (RunLock) first: a State assumes it is the only one open. Every
    method raises StateError, naming the file and what to do, when SQLite cannot do its part.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending_removals = False  # whether this run kept a record's learned lines
        with self._guard():
            path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(path, timeout=30)
            try:
                self.connection.execute("PRAGMA journal_mode=WAL")
                self._migrate()
                for table, columns in _COLUMNS.items():
                    self.connection.execute(f"SELECT {columns} FROM {table} LIMIT 0")
            except BaseException:
                self.connection.close()
                raise

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise StateError(_problem(self.path, error)) from error
        except OSError as error:
            raise StateError(
                f"the state database {self.path} cannot be made: {error.strerror or error}"
            ) from error

    def _migrate(self) -> None:
        (version,) = self.connection.execute("PRAGMA user_version").fetchone()
        if version > len(_MIGRATIONS):
            raise StateError(
                f"the state database {self.path} was made by a newer newsbot (layout version "
                f"{version}; this one knows up to {len(_MIGRATIONS)}): run that newsbot, or "
                "set NEWSBOT_STATE_PATH to another file"
            )
        if version == len(_MIGRATIONS):
            return
        with self.connection:  # one transaction: a kill leaves the layout before or after
            self.connection.execute("BEGIN IMMEDIATE")  # (the module commits each CREATE)
            for number, step in enumerate(_MIGRATIONS[version:], start=version + 1):
                for statement in step.split(";"):
                    if statement.strip():
                        self.connection.execute(statement)
                self.connection.execute(f"PRAGMA user_version = {number}")

    # --- runs ------------------------------------------------------------------------------

    def last_run_id(self) -> str | None:
        with self._guard():
            (found,) = self.connection.execute("SELECT max(id) FROM runs").fetchone()
        return found

    def recovering(self) -> AbstractContextManager[None]:
        """While a run finishes what earlier ones left: its run lock keeps others out."""
        return nullcontext()

    def unfinished_runs(self) -> list[RunRecord]:
        """Runs that ended without finishing: killed, or stopped by a fault, oldest first."""
        with self._guard():
            rows = self.connection.execute(
                "SELECT id, status, feeds, manifest, line FROM runs"
                " WHERE status IN ('running', 'publishing', 'published') ORDER BY id"
            ).fetchall()
        return [
            RunRecord(id, status, [FeedFile(**f) for f in json.loads(feeds)], manifest, line)
            for id, status, feeds, manifest, line in rows
        ]

    def begin_run(self, run_id: str, feeds: list[FeedFile], manifest: str | None) -> None:
        """Record the run and the hidden feed files it is about to make, before it makes them:
        whatever becomes of the run, the next one knows what it left."""
        with self._guard(), self.connection:
            self.connection.execute(
                "INSERT INTO runs VALUES (?, 'running', ?, ?, NULL)",
                (run_id, _feeds_json(feeds), manifest),
            )

    def prepare_publish(
        self, run_id: str, feeds: list[FeedFile], line: str, recurring: Recurring | None = None
    ) -> None:
        """Commit the run's records with where its feeds go, before any feed is moved into
        place: from here on, the next run can finish publishing if this one cannot.

        The recurring paragraphs counted in this run are committed with them: an article is
        counted once, in the run whose records say it was emitted.
        """
        with self._guard(), self.connection:
            self.connection.execute(
                "UPDATE runs SET status = 'publishing', feeds = ?, line = ? WHERE id = ?",
                (_feeds_json(feeds), line, run_id),
            )
            if recurring is not None:
                self._save_recurring(recurring)

    def set_line(self, run_id: str, line: str) -> None:
        """The run's manifest line, as its outcome is decided after publishing (the line
        the next run writes, if this one cannot)."""
        with self._guard(), self.connection:
            self.connection.execute("UPDATE runs SET line = ? WHERE id = ?", (line, run_id))

    # --- recurring paragraphs --------------------------------------------------------------

    def recurring(self, **settings: Any) -> Recurring:
        """The recurring paragraphs counted by earlier runs; ``settings`` as Recurring takes."""
        with self._guard():
            rows = self.connection.execute(
                "SELECT line, articles, since, forgotten FROM recurring"
            ).fetchall()
            found = self.connection.execute(
                "SELECT value FROM counters WHERE name = 'recurring_learned'"
            ).fetchone()
            stories = dict(
                self.connection.execute("SELECT story, since FROM recurring_stories").fetchall()
            )
        lines = {
            text: Line(articles, since, bool(forgotten))
            for text, articles, since, forgotten in rows
        }
        return Recurring(lines=lines, learned=found[0] if found else 0, stories=stories, **settings)

    def _save_recurring(self, recurring: Recurring) -> None:
        self.connection.execute("DELETE FROM recurring")
        self.connection.executemany(
            "INSERT INTO recurring VALUES (?, ?, ?, ?)",
            (
                (text, line.articles, line.since, int(line.forgotten))
                for text, line in recurring.all_lines()
            ),
        )
        self.connection.execute(
            "INSERT OR REPLACE INTO counters VALUES ('recurring_learned', ?)",
            (recurring.learned,),
        )
        self.connection.execute("DELETE FROM recurring_stories")
        self.connection.executemany(
            "INSERT INTO recurring_stories VALUES (?, ?)", recurring.stories.items()
        )

    def forget(self, recurring: Recurring, lines: list[str]) -> list[tuple[str, str | None]]:
        """Commit the counts after a user forgot ``lines`` (newsbot.recurring.line_key of
        each), and make the articles emitted without them to be emitted again, in one
        transaction: their next record is their next revision, and discovery fetches them
        as new. Returns each such article's id and date of publication, oldest first."""
        marks = ", ".join("?" * len(lines))
        with self._guard(), self.connection:
            self._save_recurring(recurring)
            rows = self.connection.execute(
                "SELECT id, date_published FROM articles WHERE id IN"
                f" (SELECT id FROM removals WHERE line IN ({marks})) ORDER BY date_published",
                lines,
            ).fetchall()
            self.connection.execute(
                "UPDATE articles SET content_hash = ?, last_checked = NULL, etag = NULL,"
                " last_modified = NULL WHERE id IN"
                f" (SELECT id FROM removals WHERE line IN ({marks}))",
                (FORGOTTEN, *lines),
            )
            self.connection.execute(f"DELETE FROM removals WHERE line IN ({marks})", lines)
        return rows

    def finish_publish(self, run_id: str, when: datetime | None = None) -> int:
        """The run's feeds are in place: its records become emitted. Returns how many."""
        stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
        with self._guard(), self.connection:
            published = self.connection.execute(
                """
                INSERT INTO articles (id, canonical_url, content_hash, date_modified, revision,
                                      first_seen, last_emitted, date_published, last_checked)
                SELECT id, canonical_url, content_hash, date_modified, revision, ?, ?,
                       date_published, ?
                FROM pending WHERE true
                ON CONFLICT (id) DO UPDATE SET
                    canonical_url = excluded.canonical_url,
                    content_hash = excluded.content_hash,
                    date_modified = excluded.date_modified,
                    revision = excluded.revision,
                    last_emitted = excluded.last_emitted,
                    date_published = coalesce(excluded.date_published, date_published),
                    last_checked = excluded.last_checked
                """,
                (stamp, stamp, stamp),
            ).rowcount
            # A fetch tells when the text was last seen, and the page's validators.
            self.connection.execute(
                """
                UPDATE articles SET last_checked = checks.checked_at,
                                    etag = checks.etag, last_modified = checks.last_modified
                FROM checks WHERE articles.id = checks.id
                """
            )
            self.connection.execute("INSERT OR IGNORE INTO texts SELECT * FROM pending_texts")
            # What learned lines each emitted article lost: its last record's, and no more.
            self.connection.execute("DELETE FROM removals WHERE id IN (SELECT id FROM pending)")
            self.connection.execute("INSERT OR IGNORE INTO removals SELECT * FROM pending_removals")
            self.connection.execute("DELETE FROM pending")
            self.connection.execute("DELETE FROM pending_texts")
            self.connection.execute("DELETE FROM pending_removals")
            self.connection.execute("DELETE FROM checks")
            self.connection.execute("UPDATE runs SET status = 'published' WHERE id = ?", (run_id,))
        return published

    def abandon(self, run_id: str) -> None:
        """The run publishes nothing: its records and fetches are forgotten."""
        with self._guard():
            self.connection.rollback()
            with self.connection:
                self.connection.execute("DELETE FROM pending")
                self.connection.execute("DELETE FROM pending_texts")
                self.connection.execute("DELETE FROM pending_removals")
                self.connection.execute("DELETE FROM checks")
                self.connection.execute("UPDATE runs SET status = 'failed' WHERE id = ?", (run_id,))

    def finish_run(self, run_id: str) -> None:
        """The run's manifest line is written: it is done. Earlier finished runs are
        forgotten; the latest run id is kept, so that run ids keep increasing."""
        with self._guard(), self.connection:
            self.connection.execute("UPDATE runs SET status = 'done' WHERE id = ?", (run_id,))
            self.connection.execute(
                "DELETE FROM runs WHERE status IN ('done', 'failed') AND id < ?", (run_id,)
            )

    # --- articles --------------------------------------------------------------------------

    def has_emitted(self) -> bool:
        """True when any run emitted an article."""
        with self._guard():
            return self.connection.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None

    def emitted(self, article_id: str) -> Emitted | None:
        """What earlier runs emitted of an article: its last record."""
        return self._record("articles", article_id)

    def _record(self, table: str, article_id: str) -> Emitted | None:
        with self._guard():
            row = self.connection.execute(
                f"SELECT content_hash, date_modified, revision FROM {table} WHERE id = ?",
                (article_id,),
            ).fetchone()
        return Emitted(*row) if row else None

    def known(self, article_id: str) -> Known | None:
        with self._guard():
            row = self.connection.execute(
                "SELECT CASE WHEN content_hash = ? THEN NULL"
                " ELSE coalesce(last_checked, last_emitted) END,"
                " coalesce(date_published, first_seen), etag, last_modified"
                " FROM articles WHERE id = ?",
                (FORGOTTEN, article_id),
            ).fetchone()
        return _known(row)

    def claim(self, record: Pending, reemit: bool = False, replay: bool = False) -> Claim:
        """Keep a record of this run (its ``revision`` is decided here), to be published
        with the run's feed.

        New: revision 1; changed since the last emitted record: the next; unchanged: not
        kept, unless ``reemit``, then kept under its revision. A record of an article the
        run has already is a later sighting (a later capture in a web archive): the next
        revision if its text changed, else a duplicate. A record that ``replay``s history
        (a web archive's capture) is unchanged when its text was ever emitted, and a
        duplicate when the run has that text already: reading an archive again emits
        nothing, whatever order its captures come in.

        The records stay in one transaction that ``prepare_publish`` commits: none is
        committed before (a killed run's are rolled back), and SQLite keeps them in its
        cache of 2 MB, spilling the rest to disk. (Commits in batches cost twice the time
        per record.)
        """
        with self._guard():
            previous = self.emitted(record.id)
            if replay and not reemit:
                key = (record.id, record.content_hash)
                if self._has("pending_texts", key):
                    return Claim(None, Claim.DUPLICATE)
                if previous is not None and self._has("texts", key):
                    return Claim(None, Claim.UNCHANGED, previous.revision)
            revision = decide(previous, record.content_hash, record.date_modified)
            if revision is None:
                assert previous is not None
                if not reemit:
                    return Claim(None, Claim.UNCHANGED, previous.revision)
                revision = previous.revision
            try:
                self.connection.execute(
                    "INSERT INTO pending VALUES (?, ?, ?, ?, ?, ?)",
                    _row(dataclasses.replace(record, revision=revision)),
                )
            except sqlite3.IntegrityError:  # the run has the id: a later sighting in this run
                earlier = self._record("pending", record.id)
                assert earlier is not None
                revision = decide(earlier, record.content_hash, record.date_modified)
                if revision is None:
                    return Claim(None, Claim.DUPLICATE)
                self.connection.execute(
                    "INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?, ?, ?)",
                    _row(dataclasses.replace(record, revision=revision)),
                )
            self.connection.execute(
                "INSERT OR IGNORE INTO pending_texts VALUES (?, ?)",
                (record.id, record.content_hash),
            )
            if record.learned or self._pending_removals:
                # The record kept is this one: what an earlier sighting lost goes.
                self.connection.execute("DELETE FROM pending_removals WHERE id = ?", (record.id,))
                self.connection.executemany(
                    "INSERT OR IGNORE INTO pending_removals VALUES (?, ?)",
                    ((line, record.id) for line in record.learned),
                )
                self._pending_removals = True
        return Claim(revision)

    def _has(self, table: str, key: tuple[str, str]) -> bool:
        found = self.connection.execute(
            f"SELECT 1 FROM {table} WHERE id = ? AND content_hash = ?", key
        ).fetchone()
        return found is not None

    def note_check(self, check: Check) -> None:
        """Keep this run's fetch of a page, to be published with the run."""
        with self._guard():
            self.connection.execute(
                "INSERT OR REPLACE INTO checks VALUES (?, ?, ?, ?)",
                (check.id, check.checked_at, check.etag, check.last_modified),
            )

    def close(self) -> None:
        """Close the database; what was not committed is dropped."""
        self.connection.close()


def _row(record: Pending) -> tuple[str | int | None, ...]:
    """A record of this run as the pending table holds it."""
    return (record.id, record.canonical_url, record.content_hash, record.date_modified,
            record.revision, record.date_published)  # fmt: skip


def decide(previous: Emitted | None, content_hash: str, date_modified: str | None) -> int | None:
    """The revision to emit a record under, or None when it is unchanged.

    New: revision 1. Changed text or dateModified: one more than the last. Else unchanged.
    """
    if previous is None:
        return 1
    if previous.content_hash == content_hash and previous.date_modified == date_modified:
        return None
    return previous.revision + 1


RUN_ID_FORMAT = "%Y%m%dT%H%M%S.%fZ"


def next_run_id(now: datetime, last: str | None) -> str:
    """A run's id: its start time in UTC, ISO 8601 basic format, so that ids sort in time
    order; later than ``last`` (the state's latest) even if the clock went back."""
    stamp = now.astimezone(UTC)
    try:
        previous = datetime.strptime(last, RUN_ID_FORMAT).replace(tzinfo=UTC) if last else None
    except ValueError:  # not an id this newsbot made
        previous = None
    if previous is not None:
        stamp = max(stamp, previous + timedelta(microseconds=1))
    return stamp.strftime(RUN_ID_FORMAT)


def _known(row: tuple[Any, ...] | None) -> Known | None:
    """What the state knows of an article, from a row of its ``known`` query: when its
    text was last seen, its age, its validators."""
    if row is None:
        return None
    checked, published, etag, last_modified = row
    return Known(_aware(checked), _aware(published), etag, last_modified)


def _feeds_json(feeds: list[FeedFile]) -> str:
    return json.dumps([dataclasses.asdict(feed) for feed in feeds])


def _aware(value: str | None) -> datetime | None:
    """A stored ISO 8601 time as an aware datetime (a bare date as midnight UTC)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
