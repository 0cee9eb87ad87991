"""Cleans each article's text with its site's furniture rules; see newsbot.cleaning."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newsbot.cleaning import Boilerplate, clean_text, normalise_whitespace, split_paragraphs
from newsbot.items import Article
from newsbot.parsers import text
from newsbot.posts import kept_in_posts
from newsbot.recurring import Recurring
from newsbot.run import outcomes
from newsbot.run.coordinator import Run
from newsbot.run.state import StateError
from newsbot.sites import site


class CleanTextPipeline:
    """Normalises whitespace and removes furniture; records and counts every removal.

    The rules are the site's (``newsbot/sites/<site>/furniture.py``, the site being the
    spider's name); then the paragraphs the run's count of recurring paragraphs calls
    furniture (newsbot.recurring), which the spider keeps up to date. With
    ``NEWSBOT_CLEANING_ENABLED = False`` no furniture is removed and nothing is recorded,
    but the text is still laid out as the feed's schema says: one paragraph a line,
    separated by blank lines, whitespace normalised (a text copy's standfirst taken from
    its text as the text layout says). A live blog's posts keep what cleaning kept of
    their part of the text (newsbot.posts).
    """

    def __init__(
        self, boilerplate: Boilerplate | None, stats: StatsCollector, crawler: Crawler | None = None
    ) -> None:
        self.boilerplate = boilerplate
        self.stats = stats
        self.crawler = crawler
        self.run: Run | None = None
        self.recurring: Recurring | None = None
        self.known = False  # whether earlier runs emitted anything, to ask the state about

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanTextPipeline:
        assert crawler.spider is not None and crawler.stats is not None
        if not crawler.settings.getbool("NEWSBOT_CLEANING_ENABLED", True):
            return cls(None, crawler.stats)
        return cls(site(crawler.spider.name).furniture, crawler.stats, crawler)

    def open_spider(self) -> None:
        if self.boilerplate is None or self.crawler is None:
            return
        self.run = Run.of(self.crawler)
        self.recurring = self.run.recurring
        if self.recurring is not None and self.run.state is not None:
            try:
                self.known = self.run.state.has_emitted()
            except StateError as error:
                self.run.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)

    def process_item(self, item: Article) -> Article:
        # A text copy's standfirst is in its text until the furniture is gone.
        standfirst = text.reads_as_standfirst if item.metadata.extractor == text.EXTRACTOR else None
        if self.boilerplate is None:
            item.headline = normalise_whitespace(item.headline)
            item.description = normalise_whitespace(item.description or "") or None
            paragraphs = split_paragraphs(item.articleBody)[0]
            if (
                standfirst
                and item.description is None
                and len(paragraphs) > 1
                and standfirst(paragraphs[0], False)
            ):
                item.description = paragraphs.pop(0)
            if item.liveBlogUpdate:
                kept_in_posts(
                    item.liveBlogUpdate, split_paragraphs(item.articleBody)[0], paragraphs
                )
            item.articleBody = "\n\n".join(paragraphs)
            return item
        cleaned = clean_text(
            item.headline,
            item.description,
            item.articleBody,
            self.boilerplate,
            self.recurring,
            standfirst,
            learn_as=item.url if self.recurring is not None and self._new(item) else None,
            article_id=item.id,
        )
        item.headline = cleaned.headline
        item.description = cleaned.description
        if item.liveBlogUpdate:
            raw = split_paragraphs(item.articleBody)[0]
            kept_in_posts(item.liveBlogUpdate, raw, cleaned.paragraphs)
        item.articleBody = "\n\n".join(cleaned.paragraphs)
        item.metadata.removed.extend(cleaned.removed)
        for rule in {removal.rule for removal in cleaned.removed}:
            count = sum(removal.rule == rule for removal in cleaned.removed)
            self.stats.inc_value(f"newsbot/removed/{rule}", count)
        return item

    def _new(self, item: Article) -> bool:
        """True when no earlier run emitted the article: its paragraphs are counted as
        recurring furniture's evidence once, when first met."""
        if not self.known:
            return True
        assert self.run is not None and self.run.state is not None
        try:
            return self.run.state.emitted(item.id) is None
        except StateError as error:
            self.run.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
            return False
