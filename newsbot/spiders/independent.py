"""The Independent's spider: finds and fetches articles, or reads local copies of them.

It only finds and reads; parsers make the Article, item pipelines clean it, feed exports
write it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse
from scrapy.statscollectors import StatsCollector

from newsbot.fixtures import (
    PAGE_SUFFIXES,
    TEXT_SUFFIXES,
    FixturesNotFound,
    UnreadableFile,
    find_files,
    read_bytes,
    read_text,
)
from newsbot.items import Article, Metadata
from newsbot.parsers import fallback, text
from newsbot.sites import independent
from newsbot.sites.independent import furniture, page

logger = logging.getLogger(__name__)

# The finish reason for a run whose arguments are wrong; `scrapy crawl` exits with 2 for it.
BAD_ARGUMENT = "bad_argument"


class IndependentSpider(scrapy.Spider):
    """Articles of The Independent. ``-a fixtures=PATH`` reads local copies instead of the site.

    PATH is a file, a directory (searched recursively for ``.txt`` and ``.html`` files) or a
    glob pattern.
    """

    name = independent.NAME
    boilerplate = furniture.BOILERPLATE

    def __init__(self, *args: Any, fixtures: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixtures = fixtures

    async def start(self) -> AsyncIterator[Article]:
        if self.fixtures is None:
            logger.error("The live crawl is not built yet: read local copies with -a fixtures=PATH")
            raise CloseSpider(BAD_ARGUMENT)
        try:
            paths = find_files(self.fixtures)
        except FixturesNotFound as error:
            logger.error("Cannot read fixtures: %s", error)
            raise CloseSpider(BAD_ARGUMENT) from error
        max_bytes = self.settings.getint("NEWSBOT_FIXTURES_MAX_BYTES")
        for path in paths:
            article = self.read_fixture(path, max_bytes)
            if article is not None:
                yield article

    def read_fixture(self, path: Path, max_bytes: int) -> Article | None:
        """The raw Article in a local file, or None (with a warning) when it holds none."""
        suffix = path.suffix.lower()
        url = Path(os.path.abspath(path)).as_uri()
        try:
            if suffix in TEXT_SUFFIXES:
                article = text.parse_text(
                    read_text(path, max_bytes),
                    url=url,
                    article_id=independent.article_id(url),
                    metadata=self.metadata(source="fixture", extractor=text.EXTRACTOR),
                    boilerplate=self.boilerplate,
                )
            elif suffix in PAGE_SUFFIXES:
                response = HtmlResponse(url=url, body=read_bytes(path, max_bytes))
                article = self.parse_article(response, source="fixture")
            else:
                raise UnreadableFile("unsupported", "not a .txt or .html file")
        except UnreadableFile as error:
            logger.warning("Skipped %s: %s", path, error.reason)
            self.stats.inc_value(f"newsbot/fixtures/skipped/{error.code}")
            return None
        self.stats.inc_value("newsbot/fixtures/read")
        return article

    def parse_article(self, response: HtmlResponse, source: str) -> Article:
        """The raw Article of a page; trafilatura reads the text where the site parser finds none.

        A page where both find nothing goes on with an empty text, for validation to drop.
        """
        article = page.parse_page(
            response.selector,
            url=response.url,
            metadata=self.metadata(source=source, extractor=page.EXTRACTOR),
        )
        if not article.articleBody:
            found = fallback.fallback_paragraphs(response.text, response.url)
            if found and found[0] == article.headline:
                del found[0]
            article.articleBody = "\n".join(found)
            article.metadata.extractor = fallback.EXTRACTOR
            self.stats.inc_value("newsbot/extractor/fallback")
        return article

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def metadata(self, *, source: str, extractor: str) -> Metadata:
        return Metadata(
            spider=self.name,
            source=source,
            extractor=extractor,
            dateDownloaded=datetime.now(UTC).isoformat(timespec="seconds"),
        )
