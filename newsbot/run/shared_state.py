"""The state of distributed mode, in PostgreSQL: what earlier runs emitted, each worker's
progress through publishing, the run lock, and the per-run claims that keep two workers
from emitting one article twice.

The same promises as the local state (newsbot.run.state), kept by several processes on
several machines:

- ``articles``: one row per article ever emitted, as locally;
- ``texts``: every text each article was emitted with, as locally;
- ``claims``: the records of the run going on, one per article and text, committed as soon
  as a worker makes one. A worker claims an article's text under the article's lock: a
  text another worker claimed in this run is a duplicate, a new text is the next revision.
  A worker's claims become emitted (``articles``) when its feed is published; a killed
  worker's never do, so the next run emits those articles;
- ``workers``: one row per worker and run, where its publishing stands (``running``,
  ``publishing``, ``published``, ``done``, ``failed``), with its feed files and manifest
  line, so that the next worker on the same machine can finish or undo it;
- ``runs``: one row per run, made by its seeder;
- ``checks``: each worker's fetches (when a page was seen, its validators), applied when it
  publishes.

The run lock is a PostgreSQL advisory lock, held by the seeder's connection for its run:
the server lets it go when the seeder ends, however it ends. Each spider's tables are in a
schema of their own, ``newsbot_<spider>``.

The ids the coordinator passes name a worker's part of a run: this worker's when it is a
run id, another's (a killed worker's, from ``unfinished_runs``) when it is ``run/worker``.

Every call into PostgreSQL, connecting included, is bounded (``timeout``,
NEWSBOT_STATE_TIMEOUT): a server that is stopped (SIGSTOP), overloaded or cut off by a
network that drops packets still has its kernel acknowledge what is sent, so no keepalive
or TCP timeout ends the wait, and a server-side statement_timeout cannot run on a server
that does not run. psycopg's calls here are synchronous and block the crawl's thread, so
the bound is kept by a watchdog thread (``_Watchdog``), which shuts the connection's socket
down when a call outlasts it: the blocked wait then fails at once, and the run stops.
"""

from __future__ import annotations

import json
import math
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg

from newsbot.run.state import (
    AlreadyRunning,
    Check,
    Claim,
    Emitted,
    FeedFile,
    Known,
    Pending,
    RunRecord,
    StateError,
    _feeds_json,
    _known,
    decide,
)

_TABLES = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    canonical_url TEXT,
    content_hash TEXT NOT NULL,
    date_modified TEXT,
    revision INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_emitted TEXT NOT NULL,
    date_published TEXT,
    last_checked TEXT,
    etag TEXT,
    last_modified TEXT
);
CREATE TABLE IF NOT EXISTS texts (
    id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (id, content_hash)
);
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS workers (
    run TEXT NOT NULL,
    worker TEXT NOT NULL,
    host TEXT NOT NULL,
    folder TEXT NOT NULL,
    status TEXT NOT NULL,
    feeds TEXT NOT NULL,
    manifest TEXT,
    line TEXT,
    PRIMARY KEY (run, worker)
);
CREATE TABLE IF NOT EXISTS claims (
    run TEXT NOT NULL,
    id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    worker TEXT NOT NULL,
    canonical_url TEXT,
    date_modified TEXT,
    revision INTEGER NOT NULL,
    date_published TEXT,
    captured TEXT,
    PRIMARY KEY (run, id, content_hash)
);
CREATE INDEX IF NOT EXISTS claims_by_text ON claims (id, content_hash);
CREATE TABLE IF NOT EXISTS checks (
    run TEXT NOT NULL,
    worker TEXT NOT NULL,
    id TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    PRIMARY KEY (run, worker, id)
)
"""


# Read under the article's lock: its last emitted record, the latest revision claimed in this
# run, whether this run claimed this text, whether it was ever emitted, whether a part of an
# earlier run that ended while publishing holds it (its feed may be in place on its machine).
_CLAIM_FACTS = """
SELECT a.content_hash, a.date_modified, a.revision,
    (SELECT max(revision) FROM claims WHERE run = %(run)s AND id = %(id)s),
    (SELECT max(captured) FROM claims WHERE run = %(run)s AND id = %(id)s),
    EXISTS (SELECT 1 FROM claims WHERE run = %(run)s AND id = %(id)s AND content_hash = %(hash)s),
    EXISTS (SELECT 1 FROM texts WHERE id = %(id)s AND content_hash = %(hash)s),
    EXISTS (SELECT 1 FROM claims c JOIN workers w ON w.run = c.run AND w.worker = c.worker
        WHERE c.id = %(id)s AND c.content_hash = %(hash)s AND c.run <> %(run)s
        AND w.status = 'publishing')
FROM (SELECT 1) AS one LEFT JOIN articles a ON a.id = %(id)s
"""


@dataclass(frozen=True, slots=True)
class WorkerPart:
    """A worker's part of a run, as the shared state has it."""

    worker: str
    host: str
    status: str
    feeds: list[str]


class _Watchdog:
    """Shuts down the socket given by ``fileno`` when a call armed with ``call`` has lasted
    more than ``seconds``: a blocked wait on a server that does not answer then fails.
    Looked at a few times a bound, so that arming costs two assignments, not a wake-up of
    this thread per statement: a call is cut at most a quarter of its bound (a second at
    most) after the bound."""

    def __init__(self, seconds: float, fileno: Callable[[], int]) -> None:
        self.seconds = seconds
        self.fileno = fileno
        self.fired = False
        self._started: float | None = None  # when the call under way began
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="newsbot-state-bound", daemon=True)
        self._thread.start()

    @contextmanager
    def call(self) -> Iterator[None]:
        self._started = time.monotonic()
        try:
            yield
        finally:
            self._started = None

    def _watch(self) -> None:
        interval = min(1.0, self.seconds / 4)
        woke = resumed = time.monotonic()
        while not self._stopped.wait(interval):
            now = time.monotonic()
            if now - woke > interval + self.seconds:
                # This process, not the server, was stopped (SIGSTOP) or starved meanwhile:
                # a call under way is given its whole bound from now.
                resumed = now
            woke = now
            started = self._started
            if started is not None and now - max(started, resumed) > self.seconds:
                self.fired = True
                self._stopped.set()
                try:  # a duplicate of the descriptor: shutting it down reaches the socket
                    with socket.socket(fileno=os.dup(self.fileno())) as connection:
                        connection.shutdown(socket.SHUT_RDWR)
                except (OSError, psycopg.Error):
                    pass  # closed meanwhile: nothing is waiting on it

    def stop(self) -> None:
        self._stopped.set()


def _feed_files(feeds: str) -> list[FeedFile]:
    return [FeedFile(**feed) for feed in json.loads(feeds)]


def redacted(url: str) -> str:
    """A connection URL (or a PostgreSQL key=value string) without its password, for
    messages: ``user:***@``, ``password=***``."""
    url = re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)
    return re.sub(r"(?i)(\bpassword=)('(?:[^'\\]|\\.)*'|[^&\s]*)", r"\1***", url)


class SharedState:
    """The shared state of ``spider`` on the PostgreSQL server at ``url``, for ``worker``,
    whose feeds are in ``folder`` on this machine. Every method raises StateError, naming
    the server, when PostgreSQL cannot do its part, or does not answer within ``timeout``
    seconds (then this object cannot be used any more)."""

    def __init__(
        self, url: str, spider: str, worker: str, folder: str, timeout: float = 60
    ) -> None:
        self.where = redacted(url)
        self.spider = spider
        self.worker = worker
        self.host = socket.gethostname()
        self.folder = folder
        self.timeout = timeout
        self.run_id: str | None = None  # this worker's run, from begin_run
        self._watchdog: _Watchdog | None = None  # from the connection on
        with self._guard():
            self.connection = psycopg.connect(
                url,
                autocommit=True,
                connect_timeout=max(2, math.ceil(timeout)),  # libpq's: whole seconds, 2 at least
                application_name=f"newsbot {worker}",
            )
            self._watchdog = _Watchdog(timeout, self.connection.fileno)
            schema = f"newsbot_{spider}"
            with self.connection.transaction():
                # One process at a time makes the tables (PostgreSQL's CREATE ... IF NOT
                # EXISTS is not safe against another doing the same at the same instant).
                self.connection.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (schema,))
                self.connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                self.connection.execute(f'SET search_path TO "{schema}"')
                for statement in _TABLES.split(";"):
                    self.connection.execute(statement)
                added = self.connection.execute(  # a column newer than the tables
                    "SELECT 1 FROM information_schema.columns WHERE table_schema = %s"
                    " AND table_name = 'claims' AND column_name = 'captured'",
                    (schema,),
                ).fetchone()
                if added is None:
                    self.connection.execute("ALTER TABLE claims ADD COLUMN captured TEXT")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """One call into PostgreSQL (a statement, or a transaction's): bounded, and its
        errors told as StateError."""
        try:
            if self._watchdog is None:
                yield
            else:
                with self._watchdog.call():
                    yield
        except psycopg.Error as error:
            if isinstance(error, psycopg.errors.ConnectionTimeout) or (
                self._watchdog is not None and self._watchdog.fired
            ):
                raise StateError(
                    f"the shared state at {self.where} did not answer within {self.timeout:g} s "
                    "(NEWSBOT_STATE_TIMEOUT): the server is stopped, overloaded or cut off"
                ) from error
            text = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise StateError(
                f"the shared state at {self.where} cannot be used: {text or type(error).__name__}"
            ) from error

    def _unit(self, run: str) -> tuple[str, str]:
        """The (run, worker) an id names: this worker's part, or ``run/worker``."""
        found, _, worker = run.partition("/")
        return found, worker or self.worker

    def _execute(self, query: str, params: Any = ()) -> psycopg.Cursor[Any]:
        with self._guard():
            return self.connection.execute(query, params)

    # --- the run lock and the run (the seeder) --------------------------------------------

    def lock(self) -> None:
        """Take the run lock for this connection's life; AlreadyRunning if another holds it."""
        (taken,) = self._execute(
            "SELECT pg_try_advisory_lock(hashtext(%s))", (f"newsbot run {self.spider}",)
        ).fetchone()
        if not taken:
            raise AlreadyRunning(f"another seeder holds the run lock at {self.where}")

    def last_run_id(self) -> str | None:
        (found,) = self._execute("SELECT max(id) FROM runs").fetchone()
        return found

    def open_run(self, run_id: str) -> None:
        """The seeder: record its run. Earlier runs are over; their workers that are done
        or failed, and their claims, are no longer needed (those left unfinished wait for
        their machine's next worker)."""
        with self._guard(), self.connection.transaction():
            self.connection.execute("UPDATE runs SET status = 'ended' WHERE status = 'running'")
            self.connection.execute("INSERT INTO runs VALUES (%s, 'running')", (run_id,))
            self.connection.execute(
                "DELETE FROM claims USING workers WHERE claims.run = workers.run"
                " AND claims.worker = workers.worker AND workers.status IN ('done', 'failed')"
            )
            self.connection.execute("DELETE FROM workers WHERE status IN ('done', 'failed')")

    def end_run(self, run_id: str) -> None:
        self._execute("UPDATE runs SET status = 'done' WHERE id = %s", (run_id,))

    def run_ended(self, run_id: str) -> bool:
        """Whether the seeder of a run ended it (``end_run``)."""
        found = self._execute("SELECT status FROM runs WHERE id = %s", (run_id,)).fetchone()
        return found == ("done",)

    def parts(self, run_id: str) -> list[WorkerPart]:
        """Every worker's part of a run, by worker."""
        rows = self._execute(
            "SELECT worker, host, status, feeds FROM workers WHERE run = %s ORDER BY worker",
            (run_id,),
        ).fetchall()
        return [
            WorkerPart(worker, host, status, [feed["final"] for feed in json.loads(feeds)])
            for worker, host, status, feeds in rows
        ]

    # --- a worker's part of a run, as the local state's run ---------------------------------

    @contextmanager
    def recovering(self) -> Iterator[None]:
        """While this worker finishes or undoes what dead workers of its machine and folder
        left (step 2 of newsbot.run.coordinator): one worker at a time, or two starting at
        once would both publish a dead worker's feed and write its manifest line. (The
        lock goes with the connection of a worker killed meanwhile.)"""
        key = (f"newsbot recovery {self.spider} {self.host} {self.folder}",)
        self._execute("SELECT pg_advisory_lock(hashtext(%s))", key)
        try:
            yield
        finally:
            self._execute("SELECT pg_advisory_unlock(hashtext(%s))", key)

    def unfinished_runs(self) -> list[RunRecord]:
        """Parts of runs that workers of this machine, writing to this folder, left
        unfinished, oldest first; named ``run/worker``."""
        rows = self._execute(
            "SELECT run, worker, status, feeds, manifest, line FROM workers"
            " WHERE host = %s AND folder = %s AND worker <> %s"
            " AND status IN ('running', 'publishing', 'published') ORDER BY run, worker",
            (self.host, self.folder, self.worker),
        ).fetchall()
        return [
            RunRecord(f"{run}/{worker}", status, _feed_files(feeds), manifest, line)
            for run, worker, status, feeds, manifest, line in rows
        ]

    def begin_run(self, run_id: str, feeds: list[FeedFile], manifest: str | None) -> None:
        self.run_id = run_id
        self._execute(
            "INSERT INTO workers VALUES (%s, %s, %s, %s, 'running', %s, %s, NULL)",
            (run_id, self.worker, self.host, self.folder, _feeds_json(feeds), manifest),
        )

    def prepare_publish(
        self, run_id: str, feeds: list[FeedFile], line: str, recurring: Any = None
    ) -> None:
        """Where the worker's feeds go and its manifest line, before any is moved into
        place. (Recurring paragraphs are not counted in distributed mode.)"""
        run, worker = self._unit(run_id)
        self._execute(
            "UPDATE workers SET status = 'publishing', feeds = %s, line = %s"
            " WHERE run = %s AND worker = %s",
            (_feeds_json(feeds), line, run, worker),
        )

    def set_line(self, run_id: str, line: str) -> None:
        """The worker's manifest line, as its outcome is decided after publishing."""
        run, worker = self._unit(run_id)
        self._execute(
            "UPDATE workers SET line = %s WHERE run = %s AND worker = %s", (line, run, worker)
        )

    def finish_publish(self, run_id: str, when: Any = None) -> int:
        """The worker's feeds are in place: its claims become emitted. Returns how many.
        A later revision another worker published first is kept."""
        run, worker = self._unit(run_id)
        with self._guard(), self.connection.transaction():
            stamp = self.connection.execute(
                "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS+00:00')"
            ).fetchone()[0]
            published = self.connection.execute(
                """
                INSERT INTO articles AS a (id, canonical_url, content_hash, date_modified,
                    revision, first_seen, last_emitted, date_published, last_checked)
                SELECT DISTINCT ON (id) id, canonical_url, content_hash, date_modified,
                    revision, %(stamp)s, %(stamp)s, date_published, %(stamp)s
                FROM claims WHERE run = %(run)s AND worker = %(worker)s
                ORDER BY id, revision DESC
                ON CONFLICT (id) DO UPDATE SET
                    canonical_url = excluded.canonical_url,
                    content_hash = excluded.content_hash,
                    date_modified = excluded.date_modified,
                    revision = excluded.revision,
                    last_emitted = excluded.last_emitted,
                    date_published = coalesce(excluded.date_published, a.date_published),
                    last_checked = excluded.last_checked
                WHERE excluded.revision >= a.revision
                """,
                {"stamp": stamp, "run": run, "worker": worker},
            ).rowcount
            self.connection.execute(
                "UPDATE articles SET last_checked = c.checked_at, etag = c.etag,"
                " last_modified = c.last_modified FROM checks c"
                " WHERE articles.id = c.id AND c.run = %s AND c.worker = %s",
                (run, worker),
            )
            self.connection.execute(
                "INSERT INTO texts SELECT id, content_hash FROM claims"
                " WHERE run = %s AND worker = %s ON CONFLICT DO NOTHING",
                (run, worker),
            )
            self.connection.execute(
                "DELETE FROM checks WHERE run = %s AND worker = %s", (run, worker)
            )
            self._set_status(run, worker, "published")
        return published

    def abandon(self, run_id: str) -> None:
        """The worker's part publishes nothing: its claims and fetches are forgotten (the
        articles are emitted by whoever meets them next)."""
        run, worker = self._unit(run_id)
        with self._guard(), self.connection.transaction():
            self.connection.execute(
                "DELETE FROM claims WHERE run = %s AND worker = %s", (run, worker)
            )
            self.connection.execute(
                "DELETE FROM checks WHERE run = %s AND worker = %s", (run, worker)
            )
            self._set_status(run, worker, "failed")

    def finish_run(self, run_id: str) -> None:
        run, worker = self._unit(run_id)
        with self._guard():
            self._set_status(run, worker, "done")

    def _set_status(self, run: str, worker: str, status: str) -> None:
        self.connection.execute(
            "UPDATE workers SET status = %s WHERE run = %s AND worker = %s", (status, run, worker)
        )

    # --- articles ----------------------------------------------------------------------------

    def has_emitted(self) -> bool:
        return self._execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None

    def emitted(self, article_id: str) -> Emitted | None:
        row = self._execute(
            "SELECT content_hash, date_modified, revision FROM articles WHERE id = %s",
            (article_id,),
        ).fetchone()
        return Emitted(*row) if row else None

    def known(self, article_id: str) -> Known | None:
        row = self._execute(
            "SELECT coalesce(last_checked, last_emitted), coalesce(date_published, first_seen),"
            " etag, last_modified FROM articles WHERE id = %s",
            (article_id,),
        ).fetchone()
        return _known(row)

    def claim(self, record: Pending, reemit: bool = False, replay: bool = False) -> Claim:
        """Claim an article's text for this worker in this run, under the article's lock:
        its revision (one more than the latest emitted or claimed), or why it is not
        emitted: unchanged since the last emitted revision (for a record that ``replay``s
        history, a web archive's capture: its text was ever emitted), a text of this run
        already, or one that a worker of an earlier run holds, which ended while publishing
        it: its feed may be in place on its machine, whose next process finishes that."""
        assert self.run_id is not None
        key = {"run": self.run_id, "id": record.id, "hash": record.content_hash}
        with self._guard(), self.connection.transaction():
            # The lock first, in a statement of its own: a statement reads what was
            # committed when it began, so the facts must be read after the lock is held.
            # Both go in one round trip (each costs ~0.2 ms).
            with self.connection.pipeline():
                self.connection.execute("SELECT pg_advisory_xact_lock(hashtext(%(id)s))", key)
                facts = self.connection.execute(_CLAIM_FACTS, key)
            (*emitted, claimed, latest, duplicate, known, held) = facts.fetchone()
            previous = Emitted(*emitted) if emitted[0] is not None else None
            if duplicate:
                return Claim(None, Claim.DUPLICATE)
            if held and not reemit:
                return Claim(None, Claim.HELD)
            if replay and record.captured and latest and record.captured < latest:
                # Workers read an archive's parts side by side: a capture met after a later
                # one of the article is not its next revision (the later text stays the last).
                return Claim(None, Claim.DUPLICATE)
            if replay and not reemit and previous is not None and known:
                return Claim(None, Claim.UNCHANGED, previous.revision)
            if claimed is not None:  # another text of this run: the next revision
                revision = max(claimed, previous.revision if previous else 0) + 1
            else:
                revision = decide(previous, record.content_hash, record.date_modified)
                if revision is None:
                    assert previous is not None
                    if not reemit:
                        return Claim(None, Claim.UNCHANGED, previous.revision)
                    revision = previous.revision
            self.connection.execute(
                "INSERT INTO claims VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (self.run_id, record.id, record.content_hash, self.worker,
                 record.canonical_url, record.date_modified, revision,
                 record.date_published, record.captured),
            )  # fmt: skip
        return Claim(revision)

    def note_check(self, check: Check) -> None:
        assert self.run_id is not None
        self._execute(
            "INSERT INTO checks VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (run, worker, id)"
            " DO UPDATE SET checked_at = excluded.checked_at, etag = excluded.etag,"
            " last_modified = excluded.last_modified",
            (self.run_id, self.worker, check.id, check.checked_at, check.etag, check.last_modified),
        )

    def close(self) -> None:
        """Close the connection: the run lock, if held, goes with it."""
        if self._watchdog is not None:
            self._watchdog.stop()
        self.connection.close()
