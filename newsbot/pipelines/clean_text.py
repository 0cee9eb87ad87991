"""Cleans each article's text with its site's furniture rules; see newsbot.cleaning."""

from __future__ import annotations

import hashlib

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from newsbot.cleaning import Boilerplate, clean_text, word_count
from newsbot.items import Article


class CleanTextPipeline:
    """Normalises whitespace and removes furniture; records and counts every removal.

    The rules come from the spider's ``boilerplate`` attribute, so site knowledge stays with
    the site. Off with ``NEWSBOT_CLEANING_ENABLED = False`` (records then carry raw text).
    """

    def __init__(self, boilerplate: Boilerplate, stats: StatsCollector) -> None:
        self.boilerplate = boilerplate
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanTextPipeline:
        if not crawler.settings.getbool("NEWSBOT_CLEANING_ENABLED", True):
            raise NotConfigured("NEWSBOT_CLEANING_ENABLED is off")
        assert crawler.spider is not None and crawler.stats is not None
        return cls(crawler.spider.boilerplate, crawler.stats)

    def process_item(self, item: Article) -> Article:
        cleaned = clean_text(item.headline, item.description, item.articleBody, self.boilerplate)
        item.headline = cleaned.headline
        item.description = cleaned.description
        item.articleBody = "\n\n".join(cleaned.paragraphs)
        item.wordCount = word_count(item.articleBody)
        item.metadata.removed.extend(cleaned.removed)
        item.metadata.contentHash = content_hash(item)
        for rule in {removal.rule for removal in cleaned.removed}:
            count = sum(removal.rule == rule for removal in cleaned.removed)
            self.stats.inc_value(f"newsbot/removed/{rule}", count)
        return item


def content_hash(item: Article) -> str:
    """SHA-256 of what a reader sees of the text; the same text gives the same hash."""
    text = "\n".join((item.headline, item.description or "", item.articleBody))
    return hashlib.sha256(text.encode()).hexdigest()
