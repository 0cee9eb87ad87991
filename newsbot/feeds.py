"""Where a run's feed goes, and how it gets there whole."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.settings import Settings
from scrapy.spiders import Spider

# One file per run, named after the run (the spider's run_id: its UTC start time).
FEED_NAME = "%(name)s/%(run_id)s.jsonl"


class DefaultFeed:
    """Add-on: writes ``<NEWSBOT_FEED_DIR>/<spider>/<run id>.jsonl`` unless feeds are named.

    Feeds named with ``-o``/``-O`` or in ``FEEDS`` replace this one rather than add to it,
    so ``scrapy crawl independent -O out.jsonl`` writes ``out.jsonl`` only.
    """

    def update_settings(self, settings: Settings) -> None:
        if settings.getdict("FEEDS"):
            return
        feed_dir = settings.get("NEWSBOT_FEED_DIR").rstrip("/")
        settings.set(
            "FEEDS",
            {
                f"{feed_dir}/{FEED_NAME}": {
                    "format": "jsonlines",
                    "encoding": "utf-8",
                    "overwrite": True,
                    # A run that emits nothing leaves no file here, only its manifest line.
                    "store_empty": False,
                }
            },
            priority="addon",
        )


class AtomicFileFeedStorage(FileFeedStorage):
    """A local feed file written under a temporary name (``.NAME.part``) and renamed when
    complete, so that no reader ever sees part of a feed under its final name.

    ``-o`` (append) and anything that is not a regular file (``-O /dev/stdout``) are
    written in place, as Scrapy does. Each stored feed's path is added to the stat
    ``newsbot/feeds``.
    """

    def __init__(
        self, uri: str, *, feed_options: dict[str, Any] | None = None, crawler: Crawler
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler
        final = Path(self.path)
        self.partial = final.with_name(f".{final.name}.part")
        # Only a regular file is replaced by a rename: /dev/null, a pipe or a terminal is
        # written in place, as is a file -o appends to.
        self.in_place = self.write_mode == "ab" or (final.exists() and not final.is_file())

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> AtomicFileFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> IO[bytes]:
        if self.in_place:
            return super().open(spider)
        self.partial.parent.mkdir(parents=True, exist_ok=True)
        return self.partial.open("wb")

    def store(self, file: IO[bytes]) -> None:
        file.flush()
        if self.in_place:
            file.close()
        else:
            os.fsync(file.fileno())
            file.close()
            os.replace(self.partial, self.path)
            directory = os.open(self.partial.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        assert self.crawler.stats is not None
        stored = self.crawler.stats.get_value("newsbot/feeds", [])
        self.crawler.stats.set_value("newsbot/feeds", [*stored, str(self.path)])
