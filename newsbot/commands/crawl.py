"""`scrapy crawl`, with an exit status that says whether the run did its job (the run's
coordinator decides it: see newsbot.run)."""

from __future__ import annotations

import argparse

from scrapy.commands import crawl
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
        self.crawler_process.start()
        status = None
        if not self.crawler_process.bootstrap_failed:
            try:
                status = Run.of(crawler).exit_status
            except RuntimeError:  # the crawler never built its extensions
                status = None
        self.exitcode = EXIT_FAILED if status is None else status
