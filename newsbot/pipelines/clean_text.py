"""Cleans each article's text with its site's furniture rules; see newsbot.cleaning."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newsbot.cleaning import Boilerplate, clean_text, normalise_whitespace, split_paragraphs
from newsbot.items import Article
from newsbot.sites import furniture


class CleanTextPipeline:
    """Normalises whitespace and removes furniture; records and counts every removal.

    The rules are the site's (``newsbot/sites/<site>/furniture.py``, the site being the
    spider's name). With ``NEWSBOT_CLEANING_ENABLED = False`` no furniture is removed and
    nothing is recorded, but the text is still laid out as the feed's schema says: one
    paragraph a line, separated by blank lines, whitespace normalised.
    """

    def __init__(self, boilerplate: Boilerplate | None, stats: StatsCollector) -> None:
        self.boilerplate = boilerplate
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanTextPipeline:
        assert crawler.spider is not None and crawler.stats is not None
        enabled = crawler.settings.getbool("NEWSBOT_CLEANING_ENABLED", True)
        return cls(furniture(crawler.spider.name) if enabled else None, crawler.stats)

    def process_item(self, item: Article) -> Article:
        if self.boilerplate is None:
            item.headline = normalise_whitespace(item.headline)
            item.description = normalise_whitespace(item.description or "") or None
            item.articleBody = "\n\n".join(split_paragraphs(item.articleBody)[0])
            return item
        cleaned = clean_text(item.headline, item.description, item.articleBody, self.boilerplate)
        item.headline = cleaned.headline
        item.description = cleaned.description
        item.articleBody = "\n\n".join(cleaned.paragraphs)
        item.metadata.removed.extend(cleaned.removed)
        for rule in {removal.rule for removal in cleaned.removed}:
            count = sum(removal.rule == rule for removal in cleaned.removed)
            self.stats.inc_value(f"newsbot/removed/{rule}", count)
        return item
