"""The last step before the feed: drops records that are not articles, always with a reason."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from newsbot.items import Article


def find_problem(item: Article) -> tuple[str, str] | None:
    """Why the record is not an article (a stats code and a sentence), or None if it is."""
    if not item.headline:
        return "no_headline", "no headline"
    if not item.articleBody:
        if item.metadata.removed:
            return "no_text", "no article text left after cleaning"
        return "no_text", "no article text found"
    return None


class ValidatePipeline:
    """Drops what ``find_problem`` rejects and counts it under ``newsbot/dropped/<code>``."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Article) -> Article:
        problem = find_problem(item)
        if problem is None:
            return item
        code, reason = problem
        self.stats.inc_value(f"newsbot/dropped/{code}")
        raise DropItem(f"{reason}: {item.url}")
