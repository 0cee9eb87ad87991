"""Normalises each record's bylines into people and wire agencies; see newsbot.bylines."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newsbot.bylines import normalise_authors
from newsbot.items import Article


class BylinesPipeline:
    """Fills ``authors`` (people, names normalised) and ``agencies`` from the raw bylines.

    Counts ``newsbot/bylines/authors``, ``newsbot/bylines/agencies`` and
    ``newsbot/bylines/no_author`` (records that credit no person).
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BylinesPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Article) -> Article:
        item.authors, item.agencies = normalise_authors(item.authors, item.agencies)
        if item.authors:
            self.stats.inc_value("newsbot/bylines/authors", len(item.authors))
        else:
            self.stats.inc_value("newsbot/bylines/no_author")
        if item.agencies:
            self.stats.inc_value("newsbot/bylines/agencies", len(item.agencies))
        return item
