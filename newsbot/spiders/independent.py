"""The Independent's spider: finds and fetches articles, or reads local copies of them.

It only finds and reads; parsers make the Article, item pipelines clean it, feed exports
write it.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from newsbot.fixtures import (
    PAGE_SUFFIXES,
    TEXT_SUFFIXES,
    FixturesNotFound,
    UnreadableFile,
    file_uri,
    find_files,
    read_bytes,
    read_text,
)
from newsbot.items import Article, Metadata
from newsbot.outcomes import BAD_ARGUMENT, SITE_UNREACHABLE
from newsbot.parsers import fallback, text
from newsbot.parsers.html import page_selector
from newsbot.parsers.sitemaps import Link, parse_rss, parse_sitemap
from newsbot.sites import independent
from newsbot.sites.independent import furniture, page, urls
from newsbot.state import Known, state_path

logger = logging.getLogger(__name__)


SOURCES = ("news", "sitemap", "rss")

T = TypeVar("T")


class IndependentSpider(scrapy.Spider):
    """Articles of The Independent, from the live site or from local copies.

    Arguments (``-a NAME=VALUE``):

    - ``source``: where to find articles: ``news`` (the news sitemap, the default),
      ``sitemap`` (the monthly archive sitemaps, with ``since``) or ``rss`` (the RSS feeds);
    - ``since``, ``until``: ``YYYY-MM-DD``, the first and last day of publication to fetch;
    - ``fixtures``: a file, a directory (searched recursively for ``.txt`` and ``.html``
      files) or a glob pattern, read instead of the site.
    """

    name = independent.NAME
    boilerplate = furniture.BOILERPLATE
    # Set from the settings in from_crawler.
    base_url: str
    skip_paths: re.Pattern[str]
    rss_feeds: list[str]
    overlap: timedelta
    known: Known | None
    window: int

    def __init__(
        self,
        *args: Any,
        fixtures: str | None = None,
        source: str = "news",
        since: str | None = None,
        until: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The run's name: its start time, UTC, in ISO 8601 basic format (sorts by time).
        self.run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        self.fixtures = fixtures
        self.source = source
        self.since_argument = since
        self.until_argument = until
        self.since: date | None = None
        self.until: date | None = None
        self.discovery_documents = self.discovery_failures = 0
        # Article links found and not yet requested. Requests are made from them a window at
        # a time, so that the scheduler holds a few dozen requests (about 2 KB each), not a
        # whole archive's: memory stays flat however many links the sitemaps list.
        self.waiting: deque[Link] = deque()
        self.in_flight = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> IndependentSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.base_url = crawler.settings.get("INDEPENDENT_BASE_URL").rstrip("/")
        # The site's hosts and the base URL's (a mirror, or the test server), nothing else.
        spider.allowed_domains = [*urls.HOSTS, urlsplit(spider.base_url).hostname or ""]
        spider.skip_paths = re.compile(crawler.settings.get("INDEPENDENT_SKIP_PATHS"))
        spider.rss_feeds = crawler.settings.getlist("INDEPENDENT_RSS_FEEDS")
        spider.overlap = timedelta(minutes=crawler.settings.getfloat("NEWSBOT_OVERLAP_MINUTES"))
        state = state_path(crawler.settings.get("NEWSBOT_STATE_PATH"), spider.name)
        use_state = crawler.settings.getbool("NEWSBOT_STATE_ENABLED", True) and not (
            crawler.settings.getbool("NEWSBOT_REEMIT")
        )
        spider.known = Known(state) if use_state and state.exists() else None
        spider.window = max(2, 2 * crawler.settings.getint("CONCURRENT_REQUESTS"))
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[Article | Request]:
        if self.fixtures is not None:
            for article in self.read_fixtures(self.fixtures):
                yield article
            return
        for request in self.discovery_requests():
            yield request

    # --- the live site --------------------------------------------------------------------

    def discovery_requests(self) -> list[Request]:
        """The first requests of a live run; closes the spider when the arguments are wrong."""
        try:
            self.since = _day(self.since_argument, "since")
            self.until = _day(self.until_argument, "until")
            if self.source not in SOURCES:
                raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {self.source!r}")
            if self.source == "sitemap" and self.since is None:
                raise ValueError("source=sitemap reads the archive: give -a since=YYYY-MM-DD")
        except ValueError as error:
            logger.error("Wrong argument: %s", error)
            raise CloseSpider(BAD_ARGUMENT) from error
        if self.source == "rss":
            starts = [(path, self.parse_rss) for path in self.rss_feeds]
        else:
            path = urls.NEWS_SITEMAP if self.source == "news" else urls.SITEMAP_INDEX
            starts = [(path, self.parse_sitemap)]
        self.discovery_documents = len(starts)
        return [
            Request(
                self.base_url + path,
                callback=callback,
                errback=self.discovery_failed,
                cb_kwargs={"first": True},
                meta={"max_retry_times": 1},
                priority=10,
            )
            for path, callback in starts
        ]

    def parse_sitemap(self, response: Response, first: bool = False) -> Iterator[Request]:
        """Pages of a sitemap, or the monthly sitemaps of an index, within since and until."""
        sitemap = self._read_discovery(response, parse_sitemap, first)
        if sitemap is None:
            return
        for link in sitemap.links:
            if sitemap.is_index:
                if self._month_wanted(link):
                    yield Request(
                        link.url, callback=self.parse_sitemap, errback=self.discovery_failed
                    )
            else:
                self._wait(link)
        yield from self._release()

    def parse_rss(self, response: Response, first: bool = False) -> Iterator[Request]:
        for link in self._read_discovery(response, parse_rss, first) or []:
            self._wait(link)
        yield from self._release()

    def _read_discovery(
        self, response: Response, parse: Callable[[bytes], T], first: bool
    ) -> T | None:
        """A discovery document read with ``parse``, or None (logged) if it is not one."""
        try:
            document = parse(_body(response))
        except ValueError as error:
            self._discovery_failed(response.url, str(error), first)
            return None
        self.stats.inc_value("newsbot/discovery/documents")
        return document

    def parse_page(
        self, response: Response, published: str | None = None
    ) -> Iterator[Article | Request]:
        self.in_flight -= 1
        if isinstance(response, HtmlResponse):
            article = self.parse_article(response, source="web")
            article.datePublished = article.datePublished or published
            yield article
        else:
            logger.warning("Skipped %s: not an HTML page", response.url)
            self.stats.inc_value("newsbot/pages/skipped/not_html")
        yield from self._release()

    def page_failed(self, failure: Failure) -> Iterator[Request]:
        """An article page that could not be had: logged, and the next one requested."""
        self.in_flight -= 1
        # Pages with an error status and requests that robots.txt forbids are logged on
        # their way here; a download that failed is not.
        if not failure.check(HttpError, IgnoreRequest):
            request = failure.request  # type: ignore[attr-defined]
            logger.error("Cannot fetch %s: %s", request.url, failure.getErrorMessage())
        yield from self._release()

    def idle(self) -> None:
        """When nothing is left in flight, request the next window of waiting links."""
        if not self.waiting:
            return
        self.in_flight = 0  # requests dropped on the way (duplicates) count no more
        for request in self._release():
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def discovery_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        first = request.cb_kwargs.get("first", False)
        self._discovery_failed(request.url, failure.getErrorMessage(), first)

    def _discovery_failed(self, url: str, reason: str, first: bool) -> None:
        """Log a discovery document that could not be read; when it was the last of the
        run's first documents, close the run as unreachable."""
        logger.error("Cannot read %s: %s", url, reason)
        self.stats.inc_value("newsbot/discovery/failed")
        if first:
            self.discovery_failures += 1
            if self.discovery_failures == self.discovery_documents:
                logger.error("No discovery document of %s could be read", self.base_url)
                raise CloseSpider(SITE_UNREACHABLE)

    def _wait(self, link: Link) -> None:
        """Keep an article link for a request, if it is an article wanted and not known."""
        if not urls.is_article(link.url, self.skip_paths):
            self.stats.inc_value("newsbot/discovery/not_article")
            return
        day = (link.published or link.modified or "")[:10]
        if day and not self._day_wanted(date.fromisoformat(day)):
            self.stats.inc_value("newsbot/discovery/out_of_range")
            return
        if self._emitted_since(link):
            self.stats.inc_value("newsbot/discovery/known")
            return
        self.stats.inc_value("newsbot/discovery/articles")
        self.waiting.append(link)

    def _release(self) -> Iterator[Request]:
        """Requests for waiting links, as many as the window has room for."""
        while self.waiting and self.in_flight < self.window:
            link = self.waiting.popleft()
            self.in_flight += 1
            yield Request(
                link.url,
                callback=self.parse_page,
                errback=self.page_failed,
                cb_kwargs={"published": link.published},
            )

    def _emitted_since(self, link: Link) -> bool:
        """True when the state emitted the article after the link's last change (less the
        overlap against clock skew): then it cannot be new or changed, and is not fetched.
        A link with no date, or a date without a time, is always fetched."""
        changed = link.modified or link.published
        if self.known is None or not changed or len(changed) <= 10:
            return False
        emitted = self.known.last_emitted(independent.article_id(link.url))
        return emitted is not None and datetime.fromisoformat(changed) < emitted - self.overlap

    def _day_wanted(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def _month_wanted(self, link: Link) -> bool:
        """A monthly sitemap is read when its month overlaps since..until."""
        month = urls.sitemap_month(link.url)
        if month is None:  # then its last change tells whether it can hold anything recent
            return (
                link.modified is None
                or self.since is None
                or date.fromisoformat(link.modified[:10]) >= self.since
            )
        next_month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return (self.since is None or next_month > self.since) and (
            self.until is None or month <= self.until
        )

    # --- local copies ---------------------------------------------------------------------

    def read_fixtures(self, spec: str) -> Iterator[Article]:
        try:
            paths = find_files(spec)
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
        url = file_uri(path)
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
        self.stats.inc_value("newsbot/pages/parsed")
        article = page.parse_page(
            page_selector(response),
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


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} must be a date, YYYY-MM-DD, not {value!r}") from None


def _body(response: Response) -> bytes:
    """A discovery document's bytes; sitemaps are often served gzipped as files (.xml.gz)."""
    if response.body[:2] == b"\x1f\x8b":
        return gunzip(response.body, max_size=50 * 1024 * 1024)
    return response.body
