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
  6. Finish the feeds: every record written out and flushed to disk, each feed checked.
  7. Commit the run's records to the state with where its feeds go (``publishing``), and
     the recurring paragraphs counted in the run's new articles.
  8. Move each feed into place: a rename, or an append for ``-o``.
  9. Commit: the records are emitted (``published``).
  10. Write the run's manifest line, with its exit status; mark the run ``done``.
  11. Delete feeds older than NEWSBOT_FEED_RETENTION_DAYS; close the state; release the lock.

A kill at any instant leaves the state and the files in a shape that step 2 of the next
run puts right: before 7, nothing of the run is published and its articles are emitted
again; from 7 on, the next run finishes the publishing, and each article is published once.
The exit status (newsbot.run.outcomes) is ``Run.of(crawler).exit_status``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.settings import Settings
from scrapy.spiders import Spider

from newsbot.logformatter import describe
from newsbot.recurring import Recurring
from newsbot.run import outcomes
from newsbot.run.feeds import (
    AtomicFileFeedStorage,
    FeedLost,
    RunFeeds,
    delete_part,
    move_into_place,
)
from newsbot.run.manifest import append_line, delete_old_feeds, has_line, manifest_path, run_line
from newsbot.run.state import (
    AlreadyRunning,
    FeedFile,
    RunLock,
    State,
    StateError,
    next_run_id,
    state_path,
)

logger = logging.getLogger(__name__)


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
        self.lock: RunLock | None = None
        self.state: State | None = None
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
        if settings.getbool("NEWSBOT_STATE_ENABLED", True) and not self.stopped:
            self._open_state(state_path(settings.get("NEWSBOT_STATE_PATH"), crawler.spidercls.name))
        last = None
        if self.state is not None:
            try:
                last = self.state.last_run_id()
            except StateError as error:
                self.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
        self.run_id = next_run_id(self.started, last)
        self.recurring = self._open_recurring(settings) if not self.stopped else None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
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

    def _open_state(self, path: Path) -> None:
        try:
            self.lock = RunLock(path)
        except AlreadyRunning as error:
            self.stop(
                outcomes.ALREADY_RUNNING, "Another run is going on: %s. This one stops.", error
            )
            return
        except StateError as error:
            self.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
            return
        try:
            self.state = State(path)
            self._recover(self.state)
        except StateError as error:
            self.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
        except OSError as error:
            self.stop(
                outcomes.FEED_FAILED,
                "Cannot finish publishing an earlier run: %s. This run stops; the next one "
                "tries again.",
                describe(error),
            )

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

    def _recover(self, state: State) -> None:
        """Step 2: finish or undo what runs that ended without finishing left behind."""
        for run in state.unfinished_runs():
            if run.status == "running":
                for feed in run.feeds:
                    delete_part(feed.part)
                state.abandon(run.id)
                logger.warning(
                    "Run %s ended before it published: nothing of it was published, and its "
                    "unfinished feed files are deleted. This run emits its articles again.",
                    run.id,
                )
                continue
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
                    continue
                state.finish_publish(run.id)
                logger.warning("Run %s ended while publishing: its publishing is finished", run.id)
            if run.manifest and run.line and not has_line(Path(run.manifest), run.id):
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

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if self.feeds is None or self.stopped:
            return
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

    # --- 6-11: when the spider closes --------------------------------------------------------

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        line = None
        try:
            if (self.stopped or reason) in outcomes.NOT_PUBLISHED:
                self._publish_nothing()
            else:
                line = await self._publish(reason)
        finally:
            if line is None and self.manifest is not None:
                # A run that publishes nothing says so; one that did wrote its line already,
                # or left it to the next run with its publishing.
                self._append_manifest(self._line(self.stopped or reason, feeds=[], published=False))
            final = self.stopped or reason
            self.exit_status = outcomes.exit_status(
                final, self.stats.get_stats(), self.crawler.settings
            )
            if self.exit_status == outcomes.EXIT_LAYOUT_CHANGED:
                logger.error(
                    "The site's layout may have changed: %s",
                    outcomes.layout_report(self.stats.get_stats()),
                )
            if self.retention_days > 0 and self.folder.is_dir():
                delete_old_feeds(self.folder, self.retention_days)
            if self.state is not None:
                self.state.close()
            if self.lock is not None:
                self.lock.release()

    def _publish_nothing(self) -> None:
        if self.feeds is not None:
            self.feeds.discard()
        if self.state is not None and self.stopped != outcomes.STATE_FAILED:
            try:
                self.state.abandon(self.run_id)
            except StateError as error:
                logger.error("Cannot use the state: %s", error)

    async def _publish(self, reason: str) -> str | None:
        """Steps 6 to 10. Returns the run's manifest line, written or left to the next run
        with the rest of its publishing; None when the run published nothing."""
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
        line = self._line(reason, feeds=feeds, published=True)
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
            return line
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
                return line
            self.stats.set_value("newsbot/state/published", published)
        if self.manifest is not None and not self._append_manifest(line):
            return line  # the state says the line is missing: the next run writes it
        if self.state is not None:
            try:
                self.state.finish_run(self.run_id)
            except StateError as error:
                logger.error("Cannot use the state: %s", error)
        return line

    def _stored_feeds(self) -> list[str]:
        """The feeds this run stores, as paths (local files) or URIs."""
        if self.feeds is None:
            return []
        return [
            slot.storage.path if isinstance(slot.storage, AtomicFileFeedStorage) else slot.uri
            for slot in self.feeds.stored or []
        ]

    def _line(self, reason: str, *, feeds: list[str], published: bool) -> str:
        stats = dict(self.stats.get_stats())
        if not published:
            stats["item_scraped_count"] = 0  # nothing emitted, whatever was scraped
        return run_line(
            self.run_id,
            start=self.started,
            reason=reason,
            exit_status=outcomes.exit_status(reason, stats, self.crawler.settings),
            feeds=feeds,
            stats=stats,
            folder=self.folder,
        )

    def _append_manifest(self, line: str) -> bool:
        assert self.manifest is not None
        try:
            append_line(self.manifest, line)
        except OSError as error:
            self.stopped = self.stopped or outcomes.FEED_FAILED
            logger.error("Cannot write the manifest %s: %s", self.manifest, describe(error))
            return False
        return True
