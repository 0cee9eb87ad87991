"""Normalises each record's bylines into people and wire agencies; see newsbot.bylines."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newsbot.bylines import normalise_authors
from newsbot.items import Article
from newsbot.sites import site


class BylinesPipeline:
    """Fills ``authors`` (people, names normalised, each with their dateline) and
    ``agencies`` from the raw bylines.

    The site's own credits (``HOUSE_CREDITS`` of ``newsbot/sites/<site>/``, the site being
    the spider's name) credit nobody. Counts ``newsbot/bylines/authors``,
    ``newsbot/bylines/agencies`` and ``newsbot/bylines/no_author`` (records that credit no
    person).
    """

    def __init__(self, stats: StatsCollector, house: frozenset[str] = frozenset()) -> None:
        self.stats = stats
        self.house = house

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BylinesPipeline:
        assert crawler.spider is not None and crawler.stats is not None
        return cls(crawler.stats, site(crawler.spider.name).house_credits)

    def process_item(self, item: Article) -> Article:
        item.authors, item.agencies = normalise_authors(item.authors, item.agencies, self.house)
        for post in item.liveBlogUpdate:  # a live blog's posts: who signed each
            post.authors = normalise_authors(post.authors, [], self.house)[0]
        if item.authors:
            self.stats.inc_value("newsbot/bylines/authors", len(item.authors))
        else:
            self.stats.inc_value("newsbot/bylines/no_author")
        if item.agencies:
            self.stats.inc_value("newsbot/bylines/agencies", len(item.agencies))
        return item
