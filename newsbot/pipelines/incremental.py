"""Emits only what is new or changed since earlier runs; see newsbot.run.state.

The last pipeline: a record reaches it only when it is a valid article. It keeps the run's
records in the state's open transaction; the run (newsbot.run.coordinator) commits them when
its feed is published, never before, so that a run killed at any point is followed by one
that emits what it had not published.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from newsbot.items import Article
from newsbot.posts import added_since
from newsbot.recurring import RULE as RECURRING
from newsbot.recurring import line_key
from newsbot.run import outcomes
from newsbot.run.coordinator import Run
from newsbot.run.state import Claim, Emitted, Pending, State, StateError, decide

logger = logging.getLogger(__name__)

if TYPE_CHECKING:  # imported by a distributed run only
    from newsbot.run.shared_state import SharedState


class IncrementalPipeline:
    """Drops records already emitted unchanged; gives the others their revision.

    The state is the run's (``NEWSBOT_STATE_ENABLED``, ``NEWSBOT_STATE_PATH``); without
    one, everything is emitted. ``NEWSBOT_REEMIT = True`` emits everything once more and
    keeps the state up to date. A run emits an article once, unless it meets it again with
    its text changed (a later capture in a web archive): that is its next revision. A live
    blog's next revision counts the posts it adds, those published after the last
    revision's dateModified, in ``newsbot/liveblog/posts_added``.
    """

    def __init__(self, crawler: Crawler, reemit: bool) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.reemit = reemit
        self.run: Run | None = None
        self.state: State | SharedState | None = None
        # This run's last record of each article, when there is no state to ask.
        self.seen: dict[str, Emitted] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        return cls(crawler, crawler.settings.getbool("NEWSBOT_REEMIT"))

    def open_spider(self) -> None:
        self.run = Run.of(self.crawler)
        self.state = self.run.state

    def process_item(self, item: Article) -> Article:
        try:
            state = self.state
            # A live blog's last revision, to count the posts this one adds.
            before = None
            if item.liveBlogUpdate:
                before = state.emitted(item.id) if state is not None else self.seen.get(item.id)
            revision = self._revision(state, item) if state is not None else self._in_run(item)
        except StateError as error:
            assert self.run is not None
            self.run.stop(outcomes.STATE_FAILED, "Cannot use the state: %s. The run stops.", error)
            raise DropItem(f"the state cannot be used: {item.url}", log_level="DEBUG") from None
        item.metadata.revision = revision
        self.stats.inc_value("newsbot/emitted/new" if revision == 1 else "newsbot/emitted/changed")
        if before is not None and revision > 1:
            self.stats.inc_value(outcomes.POSTS_ADDED, added_since(item, before.date_modified))
        return item

    def _in_run(self, item: Article) -> int:
        """The record's revision without a state: 1, or one more than this run's last
        record of the article if its text changed; drops it when it did not."""
        content_hash = item.metadata.contentHash or ""
        revision = decide(self.seen.get(item.id), content_hash, item.dateModified)
        if revision is None:
            self._skip(outcomes.DUPLICATE, f"already in this run: {item.url}")
        self.seen[item.id] = Emitted(content_hash, item.dateModified, revision)
        return revision

    def _revision(self, state: State | SharedState, item: Article) -> int:
        """The record's revision, once the state keeps it for the run; drops it when it is
        unchanged, or the run has its text already."""
        archived = item.metadata.source == "archive"  # a capture: history replayed
        claim = state.claim(
            Pending(
                id=item.id,
                canonical_url=item.canonicalUrl,
                content_hash=item.metadata.contentHash or "",
                date_modified=item.dateModified,
                revision=0,  # the state decides
                date_published=item.datePublished,
                learned=tuple(
                    line_key(removal.text)
                    for removal in item.metadata.removed
                    if removal.rule == RECURRING
                ),
                captured=item.metadata.dateDownloaded if archived else None,
            ),
            reemit=self.reemit,
            replay=archived,
        )
        if claim.skipped == Claim.UNCHANGED:
            self._skip(outcomes.UNCHANGED, f"unchanged since revision {claim.previous}: {item.url}")
        if claim.skipped == Claim.DUPLICATE:
            self._skip(outcomes.DUPLICATE, f"already in this run: {item.url}")
        if claim.skipped == Claim.HELD:
            if not self.stats.get_value(outcomes.HELD):
                logger.warning(
                    "Skipped %s and the texts like it (newsbot/skipped/held): a worker of an "
                    "earlier run ended while publishing them, and its feed may be in place on "
                    "its machine; the next process there, with that feed folder, finishes its "
                    "publishing (see the README)",
                    item.url,
                )
            self._skip(outcomes.HELD, f"held by an earlier run's unfinished part: {item.url}")
        assert claim.revision is not None
        return claim.revision

    def _skip(self, stat: str, reason: str) -> None:
        self.stats.inc_value(stat)
        raise DropItem(reason, log_level="DEBUG")
