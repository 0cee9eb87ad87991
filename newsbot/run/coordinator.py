"""A run, from its lock to its exit status: the one place that decides what happens when.

The order of events:

When Scrapy builds its extensions, before the engine opens anything:
  1. Take the state's lock. Another run holds it: this one stops (``already_running``),
     having opened nothing.
  2. Open the state. Finish what an earlier run left: a run killed while publishing has
     its feeds moved into place, its records emitted and its manifest line written; a run
     killed before has its hidden feed files deleted. The state cannot be used: the run
     stops (``state_failed``).
  3. Name the run: its start time, later than every earlier run's.
On spider_opened:
  4. Make the feeds' storages and record the run in the state, with the hidden files it is
     about to make; then make them. A feed that cannot be made stops the run
     (``feed_failed``) before it fetches anything.
While the spider runs:
  5. Each record goes to every feed. A feed that cannot take one (a full disk) stops the run
     (``feed_failed``). Pipelines and the spider stop it (``state_failed``) when the state
     cannot be read or written, and the spider when its arguments are wrong or the site
     cannot be reached.
On spider_closed, unless the run stopped for one of those reasons (then it publishes
nothing, and a feed named with -O keeps what it had):
  6. Check that the manifest can be appended to; finish the feeds: every record written
     out and flushed to disk, each feed checked.
  7. Commit the run's records to the state with where its feeds go (``publishing``), the
     manifest line it will have if all goes well, and the recurring paragraphs counted in
     the run's new articles.
  8. Move each feed into place: a rename, or an append for ``-o``.
  9. Commit: the records are emitted (``published``).
  10. Decide the outcome, once: finish reason, exit status and manifest line together;
     keep the line in the state and write it (a line that cannot be written makes the
     run's outcome ``feed_failed``, and the state keeps that line for the next run to
     write); mark the run ``done``.
  11. Delete feeds older than NEWSBOT_FEED_RETENTION_DAYS; close the state; release the lock.

A kill at any instant leaves the state and the files in a shape that step 2 of the next
run puts right: before 7, nothing of the run is published and its articles are emitted
again; from 7 on, the next run finishes the publishing, and each article is published once.
The exit status (newsbot.run.outcomes) is ``Run.of(crawler).exit_status``.

Distributed mode (NEWSBOT_REDIS_URL; newsbot.run.cluster, newsbot.run.shared_state) keeps
this order in every process, each publishing its own part of the run:
  1. The seeder takes the run lock, an advisory lock of PostgreSQL; a worker takes none.
  2. Each finishes or undoes what dead workers of its machine and feed folder left, one
     process at a time (a lock of PostgreSQL's per machine and folder).
  3. The seeder names the run and, once its spider has checked the arguments, shares it;
     a worker waits for a shared run and takes its id and arguments. Both join it.
  While the spider runs, each beats (NEWSBOT_HEARTBEAT_SECONDS), and one with nothing to do
  waits until the run is over: the queue empty, no live worker busy. The seeder of a run
  none of whose first discovery documents could be read, by any worker, stops
  (``site_unreachable``).
  A process that stops without publishing (its state or its feed failed) before the run is
  over tells the run, and every other process stops too; so does each when the run's
  queue is gone from Redis (newsbot.run.cluster).
  6-11 as above, per process. The seeder first waits for the other live workers to publish,
  and its manifest line names every feed of the run; then it ends the run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, NotConfigured
from scrapy.settings import Settings
from scrapy.spiders import Spider
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from newsbot.logformatter import describe
from newsbot.recurring import Recurring
from newsbot.run import outcomes
from newsbot.run.feeds import (
    AtomicFileFeedStorage,
    FeedLost,
    RunFeeds,
    delete_part,
    move_into_place,
    shared_by_processes,
)
from newsbot.run.manifest import (
    append_line,
    check_manifest,
    delete_old_feeds,
    has_run_line,
    last_run_id,
    manifest_path,
    max_id,
    run_line,
)
from newsbot.run.state import (
    AlreadyRunning,
    FeedFile,
    RunLock,
    RunRecord,
    State,
    StateError,
    next_run_id,
    state_path,
)

if TYPE_CHECKING:  # distributed mode's modules are imported only by a distributed run
    from newsbot.run.cluster import Cluster, SharedRun
    from newsbot.run.shared_state import SharedState, WorkerPart

logger = logging.getLogger(__name__)


# How long a seeder waits for a live worker to publish, at most (seconds).
PUBLISH_WAIT = 3600
# How long one step may hold the reactor before the heartbeat stops: a process stuck that
# long is taken for dead (seconds).
STEP_MAX = 900


class _Beating:
    """Distributed mode: this process's heartbeat, from a thread of its own, until ``stop``.
    A step that holds the reactor (listing an archive's parts, syncing a feed to a slow
    disk, waiting for PostgreSQL) must not have the process taken for dead, nor a frozen
    one (SIGSTOP) taken for alive; one stuck for STEP_MAX seconds is taken for dead. (The
    reactor beats too, every beat, and meets there what a beat finds: a run that failed,
    a queue that is gone.)"""

    def __init__(self, cluster: Cluster) -> None:
        self._cluster = cluster
        self.seen = time.monotonic()  # when the reactor last beat
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="newsbot-heartbeat", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stopped.wait(self._cluster.beat_seconds):
            if time.monotonic() - self.seen > STEP_MAX:
                continue
            try:
                self._cluster.beat()
            except StateError as error:  # the reactor's beat tells it
                logger.debug("No heartbeat: %s", error)

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()


class Run:
    """Extension: runs a run in the order above. Settings: NEWSBOT_STATE_ENABLED,
    NEWSBOT_STATE_PATH, NEWSBOT_FEED_DIR, NEWSBOT_MANIFEST_ENABLED,
    NEWSBOT_FEED_RETENTION_DAYS; the feeds are Scrapy's FEEDS.

    ``state`` is the open state (None without one): discovery and the incremental pipeline
    read and write it through this object. ``recurring`` is the count of paragraphs that
    recur across articles (newsbot.recurring; None when NEWSBOT_RECURRING_ENABLED is off):
    the spider adds to it, cleaning reads it, step 7 commits it. ``stop`` ends the run early
    for a reason, and ``stopped`` says whether it has: a spider asks for nothing more once
    it is set.
    """

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.started = datetime.now(UTC)
        self.stopped: str | None = None  # the reason this run stops early, if it does
        self.exit_status: int | None = None
        self.in_place = False  # the run's feeds are in place: its manifest line may be written
        self.manifest_failed = False  # the manifest cannot be written: no line is tried
        self.lock: RunLock | None = None
        self.state: State | SharedState | None = None
        self.feeds: RunFeeds | None = None
        feed_dir = settings.get("NEWSBOT_FEED_DIR")
        self.folder = Path(feed_dir) / crawler.spidercls.name
        self.manifest = (
            manifest_path(feed_dir, crawler.spidercls.name)
            if settings.getbool("NEWSBOT_MANIFEST_ENABLED", True)
            else None
        )
        self.retention_days = settings.getfloat("NEWSBOT_FEED_RETENTION_DAYS")
        try:
            self.feeds = RunFeeds(crawler)
        except NotConfigured:
            pass  # no feed at all: the run still keeps its state and its manifest
        except ValueError as error:
            self.stop(outcomes.BAD_ARGUMENT, "Wrong settings: %s", error)
        # Distributed mode (newsbot.run.cluster): this process is the run's seeder or one
        # of its workers; ``arguments`` are a worker's run's, as the seeder gave them.
        self.cluster: Cluster | None = None
        self.seeder = settings.get("NEWSBOT_ROLE", "seeder") == "seeder"
        self.arguments: dict[str, str | None] | None = None
        self.heartbeat: task.LoopingCall | None = None
        self.beating: _Beating | None = None
        self.run_feeds: list[dict[str, Any]] | None = None  # the seeder's: all workers' feeds
        self.run_id = next_run_id(self.started, None)
        if settings.get("NEWSBOT_REDIS_URL") and not self.stopped:
            self._open_shared(settings)
        elif settings.getbool("NEWSBOT_STATE_ENABLED", True) and not self.stopped:
            self._open_state(state_path(settings.get("NEWSBOT_STATE_PATH"), crawler.spidercls.name))
            if self.state is not None and not self.stopped:
                try:
                    last = max_id(self.state.last_run_id(), last_run_id(self.manifest))
                    self.run_id = next_run_id(self.started, last)
                except StateError as error:
                    self.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
        self.recurring = (
            self._open_recurring(settings) if not self.stopped and not self.cluster else None
        )
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Run:
        return cls(crawler)

    @staticmethod
    def of(crawler: Crawler) -> Run:
        """The run of a crawler (once Scrapy has built its extensions)."""
        run = crawler.get_extension(Run)
        if run is None:
            raise RuntimeError("newsbot.run.coordinator.Run is not among the EXTENSIONS")
        return run

    # --- 1-3: before the engine opens --------------------------------------------------------

    @contextmanager
    def _opening(self) -> Iterator[None]:
        """Steps 1-3: a fault stops the run, saying why (the rest of the step is not done)."""
        try:
            yield
        except AlreadyRunning as error:
            self.stop(
                outcomes.ALREADY_RUNNING, "Another run is going on: %s. This one stops.", error
            )
        except StateError as error:  # the Redis too (ClusterError)
            self.lose(error)
        except OSError as error:  # a feed an earlier run left, to move into place
            self.stop(
                outcomes.FEED_FAILED,
                "Cannot finish publishing an earlier run: %s. This run stops; the next one "
                "tries again.",
                describe(error),
            )

    def _open_state(self, path: Path) -> None:
        with self._opening():
            self.lock = RunLock(path)
            self.state = State(path)
            self._recover(self.state)

    def _open_shared(self, settings: Settings) -> None:
        """Steps 1-3 in distributed mode: the seeder takes the run lock (an advisory lock
        of PostgreSQL), names the run and joins it; a worker waits for the seeder's run
        (up to NEWSBOT_JOIN_TIMEOUT seconds) and joins it. Both first finish what workers
        of this machine left unfinished. A worker whose spider has wrong arguments
        (``argument_errors``, newsbot.spiders.news) waits for no run."""
        from newsbot.run.cluster import Cluster, NameTaken, worker_id
        from newsbot.run.shared_state import SharedState

        name = self.crawler.spidercls.name
        state_url = settings.get("NEWSBOT_STATE_URL")
        role = settings.get("NEWSBOT_ROLE", "seeder")
        if not state_url or role not in ("seeder", "worker"):
            self.stop(
                outcomes.BAD_ARGUMENT,
                "Wrong settings: distributed mode (NEWSBOT_REDIS_URL) needs NEWSBOT_STATE_URL, "
                "a PostgreSQL database, and NEWSBOT_ROLE seeder or worker (not %r)",
                role,
            )
            return
        redis_url = settings.get("NEWSBOT_REDIS_URL")
        if not redis_url.startswith(("redis://", "rediss://", "unix://")):
            self.stop(
                outcomes.BAD_ARGUMENT,
                "Wrong settings: NEWSBOT_REDIS_URL must be a redis://, rediss:// or unix:// URL",
            )
            return
        timeout = settings.getfloat("NEWSBOT_STATE_TIMEOUT")
        if timeout <= 0:
            self.stop(
                outcomes.BAD_ARGUMENT,
                "Wrong settings: NEWSBOT_STATE_TIMEOUT must be a number of seconds above 0, not %r",
                settings.get("NEWSBOT_STATE_TIMEOUT"),
            )
            return
        feeds = self.feeds.feeds if self.feeds is not None else {}
        shared = [uri for uri in feeds if shared_by_processes(uri)]
        if shared:
            # Before anything is joined or claimed: two processes writing one file (or one
            # remote object) would each replace or mix with the other's records, while the
            # state marks them all emitted.
            self.stop(
                outcomes.BAD_ARGUMENT,
                "Wrong argument: in distributed mode every process writes a feed of its own, "
                "and %s would be written by every process of the run: %s",
                ", ".join(shared),
                "put %(worker)s in the feed's name (-O 'out-%(worker)s.jsonl'), or give no "
                "-o/-O for the default <run id>-<worker>.jsonl",
            )
            return
        worker = worker_id(settings)
        with self._opening():
            self.cluster = Cluster(
                settings.get("NEWSBOT_REDIS_URL"),
                name,
                worker,
                settings.getfloat("NEWSBOT_HEARTBEAT_SECONDS"),
                timeout=timeout,
            )
            state = SharedState(state_url, name, worker, str(self.folder.absolute()), timeout)
            self.state = state
            self.cluster.ended = state.run_ended
            if self.seeder:
                state.lock()
                self._check_no_run_goes_on()
            self._recover(state)
            if self.seeder:
                last = max_id(state.last_run_id(), last_run_id(self.manifest))
                self.run_id = next_run_id(self.started, last)
                state.open_run(self.run_id)
            elif getattr(self.crawler.spider, "argument_errors", None):
                return  # the spider stops at its start, saying why: no run to wait for
            else:
                shared = self._wait_for_run(settings.getfloat("NEWSBOT_JOIN_TIMEOUT"))
                if shared is None:
                    self.stop(outcomes.NO_RUN, "No run to join: no seeder shared one. Start one.")
                    return
                self.run_id, self.arguments = shared.id, shared.arguments
            try:
                self.cluster.join(self.run_id, opens=self.seeder)
            except NameTaken as error:  # the run is left as it was: nothing of it is failed
                self.stop(outcomes.BAD_ARGUMENT, "Wrong settings: %s", error)

    def _check_no_run_goes_on(self) -> None:
        """The seeder, its run lock taken: an earlier run whose seeder is gone still goes on
        while its workers work (its claims are its own: another run beside it could emit
        an article it has not yet published)."""
        assert self.cluster is not None
        earlier = self.cluster.current()
        if earlier is not None and (workers := self.cluster.live_workers(earlier.id)):
            raise AlreadyRunning(
                f"the workers of run {earlier.id} ({', '.join(workers)}) are still at work "
                "(its seeder gone, or using another shared state); start this one when they "
                "are done"
            )

    def _wait_for_run(self, timeout: float) -> SharedRun | None:
        """The run a seeder shared, once there is one whose seeder is alive (None after
        ``timeout`` seconds)."""
        assert self.cluster is not None
        deadline = time.monotonic() + timeout
        while (shared := self.cluster.joinable()) is None and time.monotonic() < deadline:
            time.sleep(0.2)  # before the engine starts: nothing else to do
        return shared

    def share(self, arguments: dict[str, str | None]) -> None:
        """The seeder, its arguments checked: workers may join its run now."""
        if self.cluster is None or not self.seeder:
            return
        try:
            self.cluster.share(self.run_id, arguments)
        except StateError as error:
            self.lose(error)

    def _open_recurring(self, settings: Settings) -> Recurring | None:
        """The recurring paragraphs earlier runs counted (a fresh count without a state);
        None when NEWSBOT_RECURRING_ENABLED is off."""
        if not settings.getbool("NEWSBOT_RECURRING_ENABLED", True):
            return None
        limits = {
            "min_articles": settings.getint("NEWSBOT_RECURRING_MIN_ARTICLES"),
            "min_share": settings.getfloat("NEWSBOT_RECURRING_MIN_SHARE"),
        }
        try:
            if self.state is not None:
                return self.state.recurring(**limits)
            return Recurring(**limits)
        except ValueError as error:
            self.stop(outcomes.BAD_ARGUMENT, "Wrong settings for recurring furniture: %s", error)
        except StateError as error:
            self.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
        return None

    def _recover(self, state: State | SharedState) -> None:
        """Step 2: finish or undo what runs that ended without finishing left behind."""
        with state.recovering():  # one process at a time
            for run in state.unfinished_runs():
                if self.cluster is not None and self.cluster.alive(*run.id.split("/")):
                    continue  # another worker of this machine, still at work
                self._finish(state, run)

    def _finish(self, state: State | SharedState, run: RunRecord) -> None:
        """Finish or undo one run that ended without finishing (step 2)."""
        if run.status == "running":
            for feed in run.feeds:
                delete_part(feed.part)
            state.abandon(run.id)
            logger.warning(
                "Run %s ended before it published: nothing of it was published, and its "
                "unfinished feed files are deleted. This run emits its articles again.",
                run.id,
            )
            return
        if run.status == "publishing":
            try:
                for feed in run.feeds:
                    move_into_place(feed)
            except FeedLost as error:
                state.abandon(run.id)
                logger.warning(
                    "Run %s ended while publishing, and its feed is gone (%s): nothing "
                    "of it is published. This run emits its articles again.",
                    run.id,
                    describe(error),
                )
                return
            state.finish_publish(run.id)
            logger.warning("Run %s ended while publishing: its publishing is finished", run.id)
        if run.manifest and run.line and not has_run_line(Path(run.manifest), run.line):
            append_line(Path(run.manifest), run.line)
            logger.warning("Run %s ended before its manifest line: the line is written", run.id)
        state.finish_run(run.id)

    # --- 4-5: while the spider runs ----------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        if self.stopped:
            raise CloseSpider(self.stopped)
        try:
            files: list[FeedFile] = []
            if self.feeds is not None:
                self.feeds.open(spider)
                files = self.feeds.files()
            if self.state is not None:
                self.state.begin_run(self.run_id, files, self.manifest and str(self.manifest))
            if self.feeds is not None:
                self.feeds.start()
        except StateError as error:
            self.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
        except Exception as error:  # a feed that cannot be made, whatever its storage
            self.stop(
                outcomes.FEED_FAILED,
                "Cannot write the feed %s: %s. This run stops.",
                self.feeds.names() if self.feeds else "",
                describe(error),
            )
        if self.stopped:
            raise CloseSpider(self.stopped)
        if self.cluster is not None:
            self.heartbeat = task.LoopingCall(self._beat)
            self.heartbeat.start(self.cluster.beat_seconds, now=False)
            self.beating = _Beating(self.cluster)

    def _beat(self) -> None:
        """Distributed mode, every NEWSBOT_HEARTBEAT_SECONDS: this worker is alive. An idle
        one wakes its engine too, to look at the shared queue and ask again whether the run
        is over (Scrapy itself looks every 5 seconds)."""
        assert self.cluster is not None
        if self.beating is not None:
            self.beating.seen = time.monotonic()
        try:
            self.cluster.beat()
        except StateError as error:  # the Redis, or this process left out of its run
            self.lose(error)
        slot = getattr(self.crawler.engine, "_slot", None)  # Scrapy's own, not public
        if not self.cluster.busy and slot is not None:
            slot.nextcall.schedule()

    def spider_idle(self, spider: Spider) -> None:
        """Distributed mode: a worker with nothing to do waits until the whole run is over:
        the queue empty and no live worker busy (newsbot.run.cluster). The seeder of a run
        none of whose first discovery documents could be read ends it as unreachable, as a
        local run ends (which worker met the failures does not matter)."""
        if self.cluster is None or self.stopped:
            return
        try:
            over = self.cluster.idle()
            unreachable = over and self.seeder and self.cluster.unreachable()
        except StateError as error:  # the Redis, or this process left out of its run
            self.lose(error)
            return
        if not over:
            raise DontCloseSpider
        if unreachable:
            self.stop(
                outcomes.SITE_UNREACHABLE,
                "The run's site could not be reached: none of its first discovery documents "
                "could be read (the log of the worker that tried each says why)",
            )

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if self.feeds is None or self.stopped in outcomes.NOT_PUBLISHED:
            return  # a run stopped for a fault publishes nothing (one shut down does)
        try:
            self.feeds.export(item, spider)
        except Exception as error:  # a full disk, a closed pipe
            self.stop(
                outcomes.FEED_FAILED,
                "Cannot write the feed %s: %s. The run stops; the next run emits its "
                "articles again.",
                self.feeds.names(),
                describe(error),
            )

    def item_error(self, item: Any, response: Any, spider: Spider, failure: Any) -> None:
        """An article that a pipeline failed on (a bug): counted and told in one line (Scrapy
        logs the traceback). It is not emitted nor marked so, and the next run tries it
        again; a run whose every article failed exits 4."""
        self.stats.inc_value(outcomes.ITEMS_FAILED)
        adapter = ItemAdapter(item)
        logger.error(
            "Cannot process %s (%s): %s; the next run tries it again",
            adapter.get("id"), adapter.get("url"), describe(failure.value),
        )  # fmt: skip

    def stop(self, reason: str, message: str, *args: Any) -> None:
        """End the run early for ``reason`` (one of newsbot.run.outcomes), logged once: the
        spider asks for nothing more once ``stopped`` is set, the engine closes when what is
        under way is done, and the run publishes nothing.

        (Closing the engine at once would hang Scrapy 2.19 while it sends the spider's start
        items through the pipelines: it does not look again whether it may close once they
        are through. scrapy/scrapy#7029.)
        """
        if self.stopped:
            return
        logger.error(message, *args)
        self.stopped = reason
        if self.cluster is not None and reason in (outcomes.STATE_FAILED, outcomes.FEED_FAILED):
            # What this process took from the queue is lost to the run: the others must not
            # end it as done (newsbot.run.cluster).
            self.cluster.fail(reason, message % args)

    def shut_down(self) -> None:
        """A signal (SIGTERM, Ctrl-C) stops the run: as ``stop`` does, the spider asks for
        nothing more and the engine closes once what is under way is done; what the run
        collected is published (finish reason ``shutdown``, exit status 1)."""
        if self.stopped:
            return
        logger.warning(
            "The run stops: what it has collected is published (a second signal stops it at "
            "once, and the next run emits what this one had not published)"
        )
        self.stopped = outcomes.SHUTDOWN

    def lose(self, error: StateError) -> None:
        """Stop for a state that cannot be used: the state, the Redis, or, in distributed
        mode, the run this process is no longer part of (newsbot.run.cluster.LeftOut: it
        stops for the reason its run failed)."""
        reason = getattr(error, "reason", outcomes.STATE_FAILED)
        if reason == outcomes.FEED_FAILED:
            self.stop(reason, "Cannot write the run's feeds: %s", error)
        else:
            self.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)

    # --- 6-11: when the spider closes --------------------------------------------------------

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        # Distributed mode: the thread beats on while this process waits for the others
        # and publishes (a slow disk must not have it taken for dead meanwhile).
        if self.beating is not None:
            self.beating.seen = time.monotonic()
        feeds = None
        try:
            if self.cluster is not None and self.seeder:
                if self._stopping(reason):  # its line still lists what the others did
                    self.run_feeds = self._parts_as_known()
                else:
                    self.run_feeds = await self._wait_for_workers()
            if self._stopping(reason):
                self._publish_nothing()
            else:
                feeds = await self._publish(reason)
        finally:
            if self.beating is not None:
                self.beating.stop()
            if self.cluster is not None:
                self._leave(reason)
            self._end(reason, feeds)

    def _stopping(self, reason: str) -> bool:
        """Whether the run ends for a reason that publishes nothing."""
        return (self.stopped or reason) in outcomes.NOT_PUBLISHED

    def _end(self, reason: str, feeds: list[str] | None) -> None:
        """Step 10 and 11: the run's outcome, decided once, after publishing: its finish
        reason, its exit status and its manifest line, which say the same. ``feeds`` are
        those the run published, or left to the next run to finish publishing; None when
        it published nothing."""
        final = self.stopped or reason
        status = outcomes.exit_status(final, self.stats.get_stats(), self.crawler.settings)
        if self.manifest is not None and final != outcomes.NO_RUN and not self.manifest_failed:
            line = self._line(final, status, feeds=feeds or [], published=feeds is not None)
            if feeds is not None:  # the state keeps the line the next run may have to write
                self._keep_line(line)
            # Written now, or by the next run with the rest of the publishing.
            left = feeds is not None and not self.in_place
            if not left and not self._append_manifest(line) and final == reason:
                # The run did its job but for its line: it failed, and the line the next
                # run writes for it says so.
                final, status = outcomes.FEED_FAILED, outcomes.EXIT_FEED_FAILED
                if feeds is not None:
                    self._keep_line(self._line(final, status, feeds=feeds, published=True))
        if feeds is not None and self.in_place and final == reason and self.state is not None:
            self._finish_run()  # published, and its line written (or no manifest kept)
        self.exit_status = status
        if status == outcomes.EXIT_LAYOUT_CHANGED:
            logger.error(
                "The site's layout may have changed: %s",
                outcomes.layout_report(self.stats.get_stats()),
            )
        # A run refused (a wrong argument, another run going on) touches no feed.
        refused = final in (outcomes.BAD_ARGUMENT, outcomes.ALREADY_RUNNING)
        if self.retention_days > 0 and self.folder.is_dir() and not refused:
            if self.manifest is None:
                logger.warning(
                    "NEWSBOT_FEED_RETENTION_DAYS needs the manifest (NEWSBOT_MANIFEST_ENABLED),"
                    " which tells each feed's age: no feed is deleted"
                )
            else:
                delete_old_feeds(self.folder, self.manifest, self.retention_days)
        if self.state is not None:
            self.state.close()
        if self.lock is not None:
            self.lock.release()

    def _keep_line(self, line: str) -> None:
        """Keep the run's manifest line in the state, for the next run to write if this one
        cannot (best effort: a state that fails now has said so already)."""
        if self.state is None or self.stopped == outcomes.STATE_FAILED:
            return
        try:
            self.state.set_line(self.run_id, line)
        except StateError as error:
            logger.error("Cannot use the state: %s", error)

    def _finish_run(self) -> None:
        assert self.state is not None
        try:
            self.state.finish_run(self.run_id)
        except StateError as error:
            logger.error("Cannot use the state: %s", error)

    async def _wait_for_workers(self) -> list[dict[str, Any]] | None:
        """The seeder, its run over: wait until every other live worker has published
        (a dead one's heartbeat is gone, and its part is not waited for), then the feeds
        that make up the run besides its own. A part a worker left unfinished is listed
        too, ``"published": false`` (its articles are published later, or emitted again:
        see the README). When the others cannot be told, or one still publishes after
        PUBLISH_WAIT seconds, the run stops (state_failed), and the parts are listed as
        PostgreSQL has them, if it can say."""
        assert self.cluster is not None
        deadline = time.monotonic() + max(PUBLISH_WAIT, self.cluster.dead_after * 2)
        try:
            while True:
                parts = self._other_parts()
                busy = [
                    p.worker
                    for p in parts
                    if p.status in ("running", "publishing")
                    and self.cluster.alive(self.run_id, p.worker)
                ]
                if not busy:
                    return _listed(parts, unfinished=("publishing",))
                if time.monotonic() > deadline:
                    self.stop(
                        outcomes.STATE_FAILED,
                        "Cannot end the run: %s still publishing after %d s",
                        ", ".join(busy), PUBLISH_WAIT,
                    )  # fmt: skip
                    break
                await _sleep(0.2)
        except StateError as error:
            self.stop(outcomes.STATE_FAILED, "Cannot tell which workers published: %s", error)
        return self._parts_as_known()

    def _parts_as_known(self) -> list[dict[str, Any]] | None:
        """The other workers' parts as PostgreSQL has them, for a seeder that stops without
        waiting for them: those not yet published may be, later. None if it cannot say."""
        try:
            return _listed(self._other_parts(), unfinished=("running", "publishing"))
        except StateError:
            return None

    def _other_parts(self) -> list[WorkerPart]:
        assert self.cluster is not None
        me = self.cluster.worker
        return [p for p in self._shared_state().parts(self.run_id) if p.worker != me]

    def _leave(self, reason: str) -> None:
        """Distributed mode, at the end: this worker leaves the run; the seeder of a run
        that ended well ends it, and its queue goes."""
        assert self.cluster is not None
        try:
            self.cluster.leave()
            if (
                self.seeder
                and self.stopped in (None, outcomes.SITE_UNREACHABLE)
                and reason == "finished"
            ):
                self._shared_state().end_run(self.run_id)
                self.cluster.end(self.run_id)
        except StateError as error:
            logger.error("Cannot end the run in the shared state: %s", error)

    def _shared_state(self) -> SharedState:
        assert self.cluster is not None and self.state is not None
        return cast("SharedState", self.state)

    def _publish_nothing(self) -> None:
        if self.feeds is not None:
            self.feeds.discard()
        if self.state is not None and self.stopped != outcomes.STATE_FAILED:
            try:
                self.state.abandon(self.run_id)
            except StateError as error:
                logger.error("Cannot use the state: %s", error)

    async def _publish(self, reason: str) -> list[str] | None:
        """Steps 6 to 9. Returns the feeds the run published (``in_place``), or left to the
        next run to finish publishing (the log says so); None when it published nothing."""
        if self.manifest is not None:
            try:
                check_manifest(self.manifest)
            except OSError as error:
                self.stopped = outcomes.FEED_FAILED
                self.manifest_failed = True
                logger.error(
                    "Cannot write the manifest %s: %s. Nothing of this run is published; the "
                    "next run emits its articles again.",
                    self.manifest,
                    describe(error),
                )
                self._publish_nothing()
                return None
        problems = await self.feeds.finish() if self.feeds is not None else []
        if problems:
            self.stopped = outcomes.FEED_FAILED
            logger.error(
                "Cannot write the feed %s. Nothing of this run is published; the next run "
                "emits its articles again.",
                "; ".join(problems),
            )
            self._publish_nothing()
            return None
        files = self.feeds.files() if self.feeds is not None else []
        feeds = self._stored_feeds()
        # The line if all goes well: the next run writes it if this one is killed.
        expected = outcomes.exit_status(reason, self.stats.get_stats(), self.crawler.settings)
        line = self._line(reason, expected, feeds=feeds, published=True)
        if self.state is not None:
            try:
                self.state.prepare_publish(self.run_id, files, line, self.recurring)
            except StateError as error:
                self.stopped = outcomes.STATE_FAILED
                logger.error("Cannot use the state: %s. Nothing of this run is published.", error)
                for feed in files:
                    delete_part(feed.part)
                self._publish_nothing()
                return None
        try:
            for feed in files:
                move_into_place(feed)
        except OSError as error:
            self.stopped = outcomes.FEED_FAILED
            if self.state is None or isinstance(error, FeedLost):
                logger.error(
                    "Cannot move the feed into place: %s. Nothing of this run is published.",
                    describe(error),
                )
                self._publish_nothing()
                for feed in files:
                    delete_part(feed.part)
                return None
            logger.error(
                "Cannot move the feed into place: %s. The next run finishes publishing this one.",
                describe(error),
            )
            return feeds
        self.in_place = True
        if self.state is not None:
            try:
                published = self.state.finish_publish(self.run_id)
            except StateError as error:
                self.stopped = outcomes.STATE_FAILED
                logger.error(
                    "The feed is published, but the state cannot record it: %s. The next run "
                    "records it.",
                    error,
                )
                return feeds
            self.stats.set_value("newsbot/state/published", published)
        return feeds

    def _stored_feeds(self) -> list[str]:
        """The feeds this run stores, as paths (local files) or URIs."""
        if self.feeds is None:
            return []
        return [
            slot.storage.path if isinstance(slot.storage, AtomicFileFeedStorage) else slot.uri
            for slot in self.feeds.stored or []
        ]

    def _line(self, reason: str, status: int, *, feeds: list[str], published: bool) -> str:
        stats = dict(self.stats.get_stats())
        if not published:
            stats["item_scraped_count"] = 0  # nothing emitted, whatever was scraped
        shared = {}
        if self.cluster is not None:
            shared["worker"] = self.cluster.worker
            if self.run_feeds is not None:  # the seeder's line: its feeds, then the others'
                host = self._shared_state().host
                mine = {"worker": self.cluster.worker, "host": host, "feeds": feeds}
                shared["runFeeds"] = [mine, *self.run_feeds]
        return run_line(
            self.run_id,
            shared=shared,
            start=self.started,
            reason=reason,
            exit_status=status,
            feeds=feeds,
            stats=stats,
            folder=self.folder,
        )

    def _append_manifest(self, line: str) -> bool:
        assert self.manifest is not None
        try:
            append_line(self.manifest, line)
        except OSError as error:
            logger.error("Cannot write the manifest %s: %s", self.manifest, describe(error))
            return False
        return True


def _listed(parts: list[WorkerPart], unfinished: tuple[str, ...]) -> list[dict[str, Any]]:
    """The seeder's ``runFeeds`` for the other workers' parts: the published ones, and
    those in ``unfinished`` states with ``"published": false``."""
    return [
        {"worker": p.worker, "host": p.host, "feeds": p.feeds}
        | ({} if p.status in ("published", "done") else {"published": False})
        for p in parts
        if p.status in ("published", "done", *unfinished)
    ]


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor  # the one Scrapy installed

    await maybe_deferred_to_future(task.deferLater(reactor, seconds))
