"""`scrapy crawl`, with an exit status that says whether the run did its job (the run's
coordinator decides it: see newsbot.run)."""

from __future__ import annotations

import argparse
from typing import Any

from scrapy.commands import crawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from newsbot.run.coordinator import Run
from newsbot.run.outcomes import EXIT_FAILED


class Command(crawl.Command):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give the name of one spider, e.g. `scrapy crawl independent`")
        assert self.crawler_process is not None
        # Not _create_crawler(), whose warning that Scrapy's FeedExporter is off does not
        # know that the run's coordinator drives the feeds in its place.
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        _stop_gently_on_signals(self.crawler_process, crawler)
        self.crawler_process.start()
        status = None
        if not self.crawler_process.bootstrap_failed:
            try:
                status = Run.of(crawler).exit_status
            except RuntimeError:  # the crawler never built its extensions
                status = None
        self.exitcode = EXIT_FAILED if status is None else status


def _stop_gently_on_signals(process: Any, crawler: Crawler) -> None:
    """On a first SIGTERM or Ctrl-C, the run stops as it does for a fault (Run.shut_down):
    Scrapy's own graceful stop closes the engine at once, which hangs Scrapy 2.19 while it
    sends the spider's start items through the pipelines (scrapy/scrapy#7029). Scrapy's
    handler calls its process's ``_graceful_stop_reactor`` (not public); a second signal
    still stops it at once."""
    scrapy_stop = process._graceful_stop_reactor

    def stop() -> Any:
        try:
            run = Run.of(crawler)
        except RuntimeError:  # before the crawler built its extensions
            return scrapy_stop()
        if not crawler.crawling or run.stopped:
            return scrapy_stop()
        run.shut_down()
        return None

    process._graceful_stop_reactor = stop
