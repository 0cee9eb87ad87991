"""Log lines for dropped items that name the record, without printing all of its text."""

from __future__ import annotations

from typing import Any

from scrapy import logformatter
from scrapy.http import Response
from scrapy.spiders import Spider
from twisted.python.failure import Failure


class LogFormatter(logformatter.LogFormatter):
    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> logformatter.LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        result["msg"] = "Dropped: %(exception)s"
        return result
