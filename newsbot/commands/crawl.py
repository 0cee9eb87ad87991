"""`scrapy crawl`, with an exit status that says whether the run did its job (see
newsbot.outcomes)."""

from __future__ import annotations

import argparse

from scrapy.commands import crawl
from scrapy.exceptions import UsageError

from newsbot.outcomes import EXIT_FAILED, exit_status


class Command(crawl.Command):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give the name of one spider, e.g. `scrapy crawl independent`")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            self.exitcode = EXIT_FAILED
        else:
            self.exitcode = exit_status(crawler.stats.get_stats(), crawler.settings)
