"""Scrapy's log lines for pages and items, made only when the run's log level shows them.

Scrapy builds a DEBUG record for every page crawled and every item scraped, and its handler
throws them away at the INFO level newsbot runs at: about 13 µs of each local copy's 270.
Lines for dropped items name the record without printing its text.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import logformatter
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.spiders import Spider
from twisted.python.failure import Failure


class LogFormatter(logformatter.LogFormatter):
    def __init__(self, level: int = logging.DEBUG) -> None:
        self.level = level

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(log_level(crawler.settings.get("LOG_LEVEL")))

    def crawled(
        self, request: Request, response: Response, spider: Spider
    ) -> logformatter.LogFormatterResult | None:
        return self._shown(super().crawled(request, response, spider))

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> logformatter.LogFormatterResult | None:
        return self._shown(super().scraped(item, response, spider))

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> logformatter.LogFormatterResult | None:
        result = super().dropped(item, exception, response, spider)
        result["msg"] = "Dropped: %(exception)s"
        return self._shown(result)

    def _shown(
        self, result: logformatter.LogFormatterResult
    ) -> logformatter.LogFormatterResult | None:
        """The line, or None (Scrapy then logs nothing) when it is below the run's level."""
        return result if result.get("level", logging.INFO) >= self.level else None


def log_level(value: str | int | None) -> int:
    """A LOG_LEVEL setting as a number; DEBUG (everything) when it is not a known level."""
    if isinstance(value, int):
        return value
    return logging.getLevelNamesMapping().get(str(value).upper(), logging.DEBUG)


# Control characters and what else some readers break lines at (NEL, LS, PS).
_CONTROL = {code: f"\\x{code:02x}" for code in (*range(32), 127)} | {
    10: "\\n",
    13: "\\r",
    9: "\\t",
    0x85: "\\x85",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def printable(text: object) -> str:
    """Text from the outside world (a file name, a URL) as one line of the log: line breaks
    and other control characters are shown escaped, so that no name can forge a log line."""
    return str(text).translate(_CONTROL)


def describe(error: BaseException) -> str:
    """An error in a few words for the log: the operating system's own, with the file it
    names, where it gave them."""
    if isinstance(error, OSError) and error.strerror:
        named = f": {printable(error.filename)}" if error.filename else ""
        return f"{error.strerror}{named}"
    text = printable(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
