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

from newsbot.fixtures import TEXT_SUFFIXES, FixturesNotFound, UnreadableFile, find_files, read_text
from newsbot.items import Article, Metadata
from newsbot.parsers import text
from newsbot.sites import independent

logger = logging.getLogger(__name__)

# The finish reason for a run whose arguments are wrong; `scrapy crawl` exits with 2 for it.
BAD_ARGUMENT = "bad_argument"


class IndependentSpider(scrapy.Spider):
    """Articles of The Independent. ``-a fixtures=PATH`` reads local copies instead of the site.

    PATH is a file, a directory (searched recursively for ``.txt`` and ``.html`` files) or a
    glob pattern.
    """

    name = independent.NAME
    boilerplate = independent.BOILERPLATE

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
        stats = self.crawler.stats
        assert stats is not None
        try:
            if path.suffix.lower() not in TEXT_SUFFIXES:
                raise UnreadableFile("unsupported", "not a .txt file")
            content = read_text(path, max_bytes)
        except UnreadableFile as error:
            logger.warning("Skipped %s: %s", path, error.reason)
            stats.inc_value(f"newsbot/fixtures/skipped/{error.code}")
            return None
        stats.inc_value("newsbot/fixtures/read")
        url = Path(os.path.abspath(path)).as_uri()
        return text.parse_text(
            content,
            url=url,
            article_id=independent.article_id(url),
            metadata=self.metadata(source="fixture", extractor=text.EXTRACTOR),
            boilerplate=self.boilerplate,
        )

    def metadata(self, *, source: str, extractor: str) -> Metadata:
        return Metadata(
            spider=self.name,
            source=source,
            extractor=extractor,
            dateDownloaded=datetime.now(UTC).isoformat(timespec="seconds"),
        )
