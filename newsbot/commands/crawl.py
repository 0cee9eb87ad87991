"""`scrapy crawl`, with an exit status that says whether the run did its job.

| status | meaning |
|---|---|
| 0 | the run finished |
| 1 | the run failed: the spider did not start, or closed for another reason than finishing |
| 2 | the arguments were wrong (a fixtures path that does not exist, for one) |
"""

from __future__ import annotations

import argparse

from scrapy.commands import crawl
from scrapy.exceptions import UsageError

from newsbot.spiders.independent import BAD_ARGUMENT

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_ARGUMENT = 2


class Command(crawl.Command):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give the name of one spider, e.g. `scrapy crawl independent`")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        if self.crawler_process.bootstrap_failed or reason is None:
            self.exitcode = EXIT_FAILED
        elif reason == "finished":
            self.exitcode = EXIT_OK
        elif reason == BAD_ARGUMENT:
            self.exitcode = EXIT_BAD_ARGUMENT
        else:
            self.exitcode = EXIT_FAILED
