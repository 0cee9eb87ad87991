"""Emits only what is new or changed since earlier runs; see newsbot.state.

The last pipeline: a record reaches it only when it is a valid article. The run's records
are written to the state when its feeds are stored, never before, so that a run killed at
any point is followed by one that emits what it had not published.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.statscollectors import StatsCollector

from newsbot.items import Article
from newsbot.outcomes import ALREADY_RUNNING
from newsbot.state import AlreadyRunning, Pending, State, decide, state_path

logger = logging.getLogger(__name__)


class IncrementalPipeline:
    """Drops records already emitted unchanged; gives the others their revision.

    ``NEWSBOT_STATE_PATH`` is the state database (``%(spider)s`` is the spider's name);
    ``NEWSBOT_STATE_ENABLED = False`` emits everything and keeps no state;
    ``NEWSBOT_REEMIT = True`` emits everything once more and keeps the state up to date.
    Records are unique by id within a run either way.
    """

    def __init__(self, crawler: Crawler, path: Path | None, reemit: bool) -> None:
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.path = path
        self.reemit = reemit
        self.state: State | None = None
        self.seen: set[str] = set()  # ids of this run, when there is no state to ask
        # Feeds are stored after the pipelines close: publish then, and close the state
        # when the engine stops.
        crawler.signals.connect(self.feeds_stored, signal=signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        settings = crawler.settings
        path = None
        if settings.getbool("NEWSBOT_STATE_ENABLED", True):
            assert crawler.spider is not None
            path = state_path(settings.get("NEWSBOT_STATE_PATH"), crawler.spider.name)
        return cls(crawler, path, settings.getbool("NEWSBOT_REEMIT"))

    def open_spider(self) -> None:
        if self.path is None:
            return
        try:
            self.state = State(self.path)
        except AlreadyRunning as error:
            logger.error("Another run is going on: %s. This one stops.", error)
            raise CloseSpider(ALREADY_RUNNING) from error

    def process_item(self, item: Article) -> Article:
        if self.state is None:
            if item.id in self.seen:
                self._skip("duplicate", f"already in this run: {item.url}")
            self.seen.add(item.id)
            self.stats.inc_value("newsbot/emitted/new")
            return item
        previous = self.state.emitted(item.id)
        revision = decide(previous, item.metadata.contentHash or "", item.dateModified)
        if revision is None:
            assert previous is not None
            if not self.reemit:
                self._skip("unchanged", f"unchanged since revision {previous.revision}: {item.url}")
            revision = previous.revision
        pending = Pending(
            id=item.id,
            canonical_url=item.canonicalUrl,
            content_hash=item.metadata.contentHash or "",
            date_modified=item.dateModified,
            revision=revision,
        )
        if not self.state.add(pending):
            self._skip("duplicate", f"already in this run: {item.url}")
        item.metadata.revision = revision
        self.stats.inc_value("newsbot/emitted/new" if revision == 1 else "newsbot/emitted/changed")
        return item

    def _skip(self, code: str, reason: str) -> None:
        self.stats.inc_value(f"newsbot/skipped/{code}")
        raise DropItem(reason, log_level="DEBUG")

    def feeds_stored(self) -> None:
        """Publish the run's records to the state, if every feed was stored."""
        if self.state is None:
            return
        failed = sum(
            value
            for key, value in self.stats.get_stats().items()
            if key.startswith("feedexport/failed_count/")
        )
        if failed:
            logger.error("A feed could not be stored: the next run emits these records again")
            return
        self.stats.set_value("newsbot/state/published", self.state.publish())

    def engine_stopped(self) -> None:
        if self.state is not None:
            self.state.close()
            self.state = None
