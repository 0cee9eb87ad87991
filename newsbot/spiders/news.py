"""The news spider of any site: finds and fetches articles, or reads local copies of them.

It only finds and reads; what it knows of the site is the site's description
(newsbot.sites.Site, its ``site``), parsers make the Article, item pipelines clean it, feed
exports write it, and the run (newsbot.run) keeps the state it consults. A site's spider is
this one with its ``name`` and ``site`` (newsbot/spiders/independent.py).
"""

from __future__ import annotations

import asyncio
import difflib
import logging
import re
import sys
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import scrapy
from parsel import Selector
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from newsbot import freshness
from newsbot.cleaning import Boilerplate, clean_text
from newsbot.dates import format_datetime, has_time, most_precise
from newsbot.fixtures import (
    ARCHIVE_SUFFIXES,
    PAGE_SUFFIXES,
    TEXT_SUFFIXES,
    FixturesNotFound,
    UnreadableFile,
    file_uri,
    find_files,
    read_bytes,
    read_text,
    suffix_of,
)
from newsbot.hosts import SiteHosts
from newsbot.items import Article, Metadata
from newsbot.logformatter import describe, printable
from newsbot.parsers import fallback, text
from newsbot.parsers.html import page_selector, page_text
from newsbot.parsers.sitemaps import Link, parse_rss, parse_sitemap
from newsbot.posts import merge_pages
from newsbot.recurring import story_keys, top_of
from newsbot.run import outcomes
from newsbot.run.coordinator import Run
from newsbot.run.distributed import LOCAL
from newsbot.run.state import Check, Known, State, StateError
from newsbot.sites import Site
from newsbot.warc import Capture, Skipped, parts, read_warc

if TYPE_CHECKING:  # imported by a distributed run only
    from newsbot.run.shared_state import SharedState

logger = logging.getLogger(__name__)


SOURCES = ("news", "sitemap", "rss")
ARGUMENTS = ("fixtures", "source", "since", "until")
_DOCUMENT = "newsbot_document"  # a discovery request's number, in its meta
_FIRST = "newsbot_first"  # if one of the run's first documents, how many those are; else 0
_BLOG = "newsbot_blog"  # a live blog's later page: the blog read so far (a _Blog), in its meta

T = TypeVar("T")


class _Blog:
    """A live blog being read page after page: its record so far (the first page's, with
    the posts of the pages read since), the pages read, and the first page's validators,
    told to the state once every page is read. It travels in the requests' meta (in
    distributed mode, pickled into the run's queue): plain values only."""

    def __init__(self, article: Article, article_id: str, first: Response) -> None:
        self.article = article
        self.article_id = article_id
        self.read = {1}
        self.pages: dict[int, str] = {}  # every page any of its pagers linked
        self.etag = _header(first, b"ETag")
        self.last_modified = _header(first, b"Last-Modified")


class NewsSpider(scrapy.Spider):
    """Articles of a site (``site``), from the live site or from local copies.

    Arguments (``-a NAME=VALUE``; any other name is a wrong argument):

    - ``source``: where to find articles: ``news`` (the news sitemap, the default),
      ``sitemap`` (the monthly archive sitemaps, with ``since``) or ``rss`` (the RSS feeds);
    - ``since``, ``until``: ``YYYY-MM-DD``, the first and last day of publication to fetch;
    - ``fixtures``: a file, a directory (searched recursively for ``.txt``, ``.html`` and
      ``.warc`` files) or a glob pattern, read instead of the site.
    """

    site: Site  # set by each site's spider, with ``name`` (newsbot/spiders/<site>.py)
    # Set from the settings in from_crawler.
    base_url: str
    hosts: SiteHosts
    archive_hosts: SiteHosts
    skip_paths: re.Pattern[str]
    rss_feeds: list[str]
    schedule: freshness.Schedule
    reemit: bool
    window: int
    furniture: Boilerplate

    def __init__(
        self,
        *args: Any,
        fixtures: str | None = None,
        source: str = "news",
        since: str | None = None,
        until: str | None = None,
        **kwargs: Any,
    ) -> None:
        # Names Scrapy tools pass (scrapyd's _job) start with "_"; any other is a mistake.
        unknown = [name for name in kwargs if not name.startswith("_") and name != "name"]
        super().__init__(*args, **{k: v for k, v in kwargs.items() if k not in unknown})
        given = {"fixtures": fixtures, "source": source, "since": since, "until": until}
        self.argument_errors = [_unknown(name) for name in unknown] + [
            f"{name} must not be empty"
            for name, value in given.items()
            if value is not None and not value.strip()
        ]
        self.fixtures = fixtures
        self.source = source
        self.since_argument = since
        self.until_argument = until
        self.since: date | None = None
        self.until: date | None = None
        self.run: Run | None = None  # the crawl's run, from start() on
        self.state: State | SharedState | None = None  # the run's state
        self.shared = False  # distributed mode: requests go to the run's shared queue
        # Discovery documents: the run's first ones, how many of those failed, and those
        # requested and not yet answered (number: URL, and _FIRST's value).
        self.first_documents = self.first_failures = self.answered = 0
        self.unanswered: dict[int, tuple[str, int]] = {}
        # Article links found and not yet requested, with what the state knows of each.
        # Requests are made from them a window at a time, so that the scheduler holds a few
        # dozen requests (about 2 KB each), not a whole archive's: memory stays flat however
        # many links the sitemaps list.
        self.waiting: deque[tuple[Link, str, Known | None]] = deque()
        self.in_flight = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The site's settings, <PREFIX>_BASE_URL, _SKIP_PATHS and _RSS_FEEDS: by default its
        # first host, no path skipped, no feed.
        site, settings = spider.site, crawler.settings
        base_url = settings.get(f"{site.settings}_BASE_URL") or f"https://{site.hosts[0]}"
        spider.base_url = base_url.rstrip("/")
        # The site's hosts and the base URL's (a mirror, or the test server), nothing else;
        # in web archives, the hosts of its older pages too (newsbot.hosts).
        spider.hosts = SiteHosts(site.hosts, spider.base_url)
        spider.archive_hosts = SiteHosts((*site.hosts, *site.archive_hosts), spider.base_url)
        spider.skip_paths = re.compile(settings.get(f"{site.settings}_SKIP_PATHS") or "(?!)")
        spider.rss_feeds = settings.getlist(f"{site.settings}_RSS_FEEDS")
        spider.schedule = freshness.Schedule.from_settings(crawler.settings)
        spider.reemit = crawler.settings.getbool("NEWSBOT_REEMIT")
        spider.furniture = site.furniture
        spider.window = max(2, 2 * crawler.settings.getint("CONCURRENT_REQUESTS"))
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        if settings.get("NEWSBOT_REDIS_URL") and settings.get("NEWSBOT_ROLE") == "worker":
            own = (spider.fixtures, spider.source, spider.since_argument, spider.until_argument)
            if own != (None, "news", None, None):
                spider.argument_errors.append(
                    "a worker takes its run's arguments, from the seeder: give it none"
                )
        return spider

    async def start(self) -> AsyncIterator[Article | Request]:
        try:
            self._check_arguments()
        except ValueError as error:
            logger.error("Wrong argument: %s", error)
            raise CloseSpider(outcomes.BAD_ARGUMENT) from error
        self.run = Run.of(self.crawler)
        self.state = self.run.state
        self.shared = self.run.cluster is not None
        if self.shared:
            async for request in self._start_shared():
                yield request
            return
        if self.fixtures is not None:
            for article in self.read_fixtures(self.fixtures):
                yield article
                if self.run.stopped:  # a feed or the state failed: nothing more is read
                    return
            return
        for request in self.discovery_requests():
            yield request

    async def _start_shared(self) -> AsyncIterator[Request]:
        """Distributed mode. The seeder shares the run's arguments and queues the run's
        first requests: the discovery documents, or one request per local copy (a file,
        or a page of a web archive), read by whichever worker takes it. A worker takes the
        arguments of its run, and requests from the queue."""
        assert self.run is not None
        self.window = sys.maxsize  # every link queued at once, for every worker to take
        if not self.run.seeder:  # its own arguments are wrong (from_crawler): none given
            arguments = self.run.arguments or {}
            self.fixtures = arguments.get("fixtures")
            self.source = arguments.get("source") or "news"
            self.since_argument = arguments.get("since")
            self.until_argument = arguments.get("until")
            self._check_arguments()
            return
        self.run.share(
            {
                "fixtures": self.fixtures and str(Path(self.fixtures).absolute()),
                "source": self.source,
                "since": self.since_argument,
                "until": self.until_argument,
            }
        )
        requests = (
            self.local_requests(self.fixtures)
            if self.fixtures is not None
            else self.discovery_requests()
        )
        # Queued straight away, not yielded one by one: Scrapy takes a start request only
        # when the last is processed, so the seeder would read each copy as it queued it,
        # and the queue would stay empty for the workers.
        for number, request in enumerate(requests):
            self.crawler.engine.crawl(request)
            if self.run.stopped:
                return
            if number % 100 == 99:
                await asyncio.sleep(0)  # let the engine and the heartbeat run between
        return
        yield  # an async generator, as start() is

    def _check_arguments(self) -> None:
        """Raises ValueError, saying what is wrong, when an argument is."""
        if self.argument_errors:
            raise ValueError("; ".join(self.argument_errors))
        self.since = _day(self.since_argument, "since")
        self.until = _day(self.until_argument, "until")
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {self.source!r}")
        if self.fixtures is None and self.source == "sitemap" and self.since is None:
            raise ValueError("source=sitemap reads the archive: give -a since=YYYY-MM-DD")

    # --- the live site --------------------------------------------------------------------

    def discovery_requests(self) -> list[Request]:
        """The first requests of a live run."""
        if self.source == "rss":
            starts = [(path, self.parse_rss) for path in self.rss_feeds]
        else:
            path = self.site.news_sitemap if self.source == "news" else self.site.sitemap_index
            starts = [(path, self.parse_sitemap)]
        self.first_documents = len(starts)
        return [self._document(self.base_url + path, callback, True) for path, callback in starts]

    def _document(self, url: str, callback: Callable[..., Any], first: bool) -> Request:
        """A request for a discovery document, remembered until it is answered: one that
        never is (dropped on the way) is a document that could not be read."""
        number = len(self.unanswered) + self.answered
        of = self.first_documents if first else 0
        if not self.shared:  # in distributed mode, another worker may be the one to answer
            self.unanswered[number] = (url, of)
        return Request(
            url,
            callback=callback,
            errback=self.discovery_failed,
            meta={_DOCUMENT: number, _FIRST: of, **({"max_retry_times": 1} if first else {})},
            priority=10 if first else 0,
        )

    def _answer(self, meta: dict[str, Any]) -> int:
        """A discovery document is answered (read or failed): if it was one of the run's
        first documents, how many those are; else 0."""
        self.answered += 1
        _, first = self.unanswered.pop(meta.get(_DOCUMENT, -1), ("", meta.get(_FIRST, 0)))
        return first

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """Pages of a sitemap, or the monthly sitemaps of an index, within since and until."""
        sitemap = self._read_discovery(response, parse_sitemap)
        if sitemap is None:
            return
        self._count_bad_entries(response.url, sitemap.bad_entries, sitemap.bad_dates)
        for link in sitemap.links:
            if self._stopped():
                return
            if sitemap.is_index:
                if self._month_wanted(link):
                    yield self._document(link.url, self.parse_sitemap, False)
            else:
                self._wait(link)
        yield from self._release()

    def parse_rss(self, response: Response) -> Iterator[Request]:
        feed = self._read_discovery(response, parse_rss)
        if feed is None:
            return
        self._count_bad_entries(response.url, feed.bad_entries, feed.bad_dates)
        for link in feed.links:
            self._wait(link)
        yield from self._release()

    def _read_discovery(self, response: Response, parse: Callable[[bytes], T]) -> T | None:
        """A discovery document read with ``parse``, or None (logged) if it is not one."""
        first = self._answer(response.meta)
        try:
            document = parse(_body(response))
        except Exception as error:  # not a sitemap, a corrupt gzip body, too deep to read
            self._discovery_failed(response.url, describe(error), first)
            return None
        self.stats.inc_value("newsbot/discovery/documents")
        return document

    def _count_bad_entries(self, url: str, entries: int, dates: int) -> None:
        """Entries of a document passed over, logged once for the document."""
        if entries:
            logger.warning("Skipped %d entries of %s: no URL, or not an http(s) URL", entries, url)
            self.stats.inc_value("newsbot/discovery/bad_entries", entries)
        if dates:
            logger.warning("Ignored %d impossible or unreadable dates in %s", dates, url)
            self.stats.inc_value("newsbot/discovery/bad_dates", dates)

    def parse_page(
        self, response: Response, article_id: str, published: str | None = None
    ) -> Iterator[Article | Request]:
        self.in_flight -= 1
        try:
            yield from self._read_page(response, article_id, published)
        except StateError as error:
            self.run.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
        yield from self._release()

    def _read_page(
        self, response: Response, article_id: str, published: str | None
    ) -> Iterator[Article]:
        if response.status == 304:  # a conditional request: the page has not changed
            self.stats.inc_value(outcomes.NOT_MODIFIED)
            self._note_check(article_id, response)
            return
        if not isinstance(response, HtmlResponse):
            logger.warning("Skipped %s: not an HTML page", response.url)
            self.stats.inc_value(f"{outcomes.PAGES_SKIPPED}not_html")
            return
        try:
            selector = page_selector(response)
            article = self.parse_article(response, source="web", selector=selector)
            current, pages = (1, {})
            if article.liveBlogUpdate:
                current, pages = self.site.blog_pages(selector.root, response.url)
        except Exception as error:  # a page that breaks a parser: this page only
            logger.error("Cannot read %s: %s", response.url, describe(error))
            self.stats.inc_value(f"{outcomes.PAGES_SKIPPED}unreadable")
            return
        if current != 1:  # a later page of a live blog, listed on its own
            logger.info(
                "Skipped %s: page %d of a live blog, read from its first", response.url, current
            )
            self.stats.inc_value(f"{outcomes.PAGES_SKIPPED}live_blog_page")
            return
        article.datePublished = most_precise(article.datePublished, published)
        if article.liveBlogUpdate and pages:
            yield from self._next_blog_page(_Blog(article, article_id, response), pages)
            return
        self._note_check(article_id, response)
        yield article

    def _next_blog_page(self, blog: _Blog, pages: dict[int, str]) -> Iterator[Article | Request]:
        """The request for the next page of a live blog not read yet; the blog's record
        when there is none (or NEWSBOT_LIVE_BLOG_MAX_PAGES are read)."""
        for number, url in pages.items():
            blog.pages.setdefault(number, url)
        unread = sorted(number for number in blog.pages if number not in blog.read)
        if unread and len(blog.read) >= self.settings.getint("NEWSBOT_LIVE_BLOG_MAX_PAGES"):
            logger.warning(
                "Read %d pages of the live blog %s and left %d (NEWSBOT_LIVE_BLOG_MAX_PAGES)",
                len(blog.read), blog.article.url, len(unread),
            )  # fmt: skip
            self.stats.inc_value(outcomes.BLOG_PAGES_NOT_READ, len(unread))
            unread = []
        if unread and self._stopped():  # the pages read go out; the next look reads them all
            yield blog.article
            return
        if unread:
            self.in_flight += 1
            yield Request(
                blog.pages[unread[0]],
                callback=self.parse_blog_page,
                errback=self.blog_page_failed,
                cb_kwargs={"number": unread[0]},
                meta={_BLOG: blog},
                dont_filter=True,  # a page of each re-check, however often it is asked for
            )
            return
        self._note_validators(blog.article_id, blog.etag, blog.last_modified)
        yield blog.article

    def parse_blog_page(self, response: Response, number: int) -> Iterator[Article | Request]:
        """A later page of a live blog: its posts join the blog's record, then the next page
        is asked for, or the record goes on to the pipelines."""
        self.in_flight -= 1
        try:
            yield from self._read_blog_page(response, number, response.meta[_BLOG])
        except StateError as error:
            self.run.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
        yield from self._release()

    def _read_blog_page(
        self, response: Response, number: int, blog: _Blog
    ) -> Iterator[Article | Request]:
        try:
            if not isinstance(response, HtmlResponse):
                raise ValueError("not an HTML page")
            selector = page_selector(response)
            page = self.parse_article(response, source="web", selector=selector)
            current, pages = self.site.blog_pages(selector.root, response.url)
        except Exception as error:  # this page only: the record keeps the others
            yield from self._blog_page_lost(blog, _asked(response), describe(error))
            return
        if page.id != blog.article.id or current != number:  # redirected elsewhere
            reason = f"it is no page {number} of the blog but {response.url}"
            yield from self._blog_page_lost(blog, _asked(response), reason)
            return
        blog.read.add(number)
        self.stats.inc_value(outcomes.BLOG_PAGES)
        merge_pages(blog.article, page)
        yield from self._next_blog_page(blog, pages)

    def blog_page_failed(self, failure: Failure) -> Iterator[Article | Request]:
        self.in_flight -= 1
        request = failure.request  # type: ignore[attr-defined]
        blog: _Blog = request.meta[_BLOG]
        yield from self._blog_page_lost(blog, request.url, failure.getErrorMessage())
        yield from self._release()

    def _blog_page_lost(self, blog: _Blog, url: str, reason: str) -> Iterator[Article]:
        """A later page of a live blog that could not be read: the record goes on with the
        pages read, and the state is not told the blog was seen, so that its next look
        downloads it whole again."""
        logger.warning(
            "Cannot read %s: %s; the live blog's record goes out with the pages read before "
            "it (%d)",
            url, reason, len(blog.read),
        )  # fmt: skip
        self.stats.inc_value(outcomes.BLOG_PAGES_FAILED)
        yield blog.article

    def _note_check(self, article_id: str, response: Response) -> None:
        """Tell the state when the page was seen, and its validators for the next look."""
        etag, last_modified = _header(response, b"ETag"), _header(response, b"Last-Modified")
        self._note_validators(article_id, etag, last_modified)

    def _note_validators(self, article_id: str, etag: str | None, modified: str | None) -> None:
        if self.state is None:
            return
        now = datetime.now(UTC)
        self.state.note_check(
            Check(
                id=article_id,
                checked_at=format_datetime(now),
                etag=etag,
                # One from the future would have the server answer 304 to every change.
                last_modified=freshness.last_modified_to_keep(modified, now),
            )
        )

    def page_failed(self, failure: Failure) -> Iterator[Request]:
        """An article page that could not be had: logged, and the next one requested.

        A page that is not there (4xx) or that robots.txt forbids was never an article to
        read; a download that failed (a timeout, 5xx after the retries) is counted as one
        that could not be read.
        """
        self.in_flight -= 1
        if failure.check(HttpError):
            status = failure.value.response.status  # type: ignore[union-attr]
            if status >= 500 or status in (408, 429):
                self.stats.inc_value(outcomes.PAGES_FAILED)
        elif failure.check(IgnoreRequest):
            self.stats.inc_value("newsbot/pages/not_allowed")  # robots.txt, off-site
        else:
            request = failure.request  # type: ignore[attr-defined]
            logger.error("Cannot fetch %s: %s", request.url, failure.getErrorMessage())
            self.stats.inc_value(outcomes.PAGES_FAILED)
        yield from self._release()

    def idle(self) -> None:
        """When nothing is left in flight: a discovery document still unanswered was
        dropped on the way; then the next window of waiting links is requested."""
        for number, (url, _) in list(self.unanswered.items()):
            reason = "no answer: the request was dropped (redirected off the site, or in a loop)"
            self._discovery_failed(url, reason, self._answer({_DOCUMENT: number}))
        if not self.waiting or self._stopped():
            return
        self.in_flight = 0  # requests dropped on the way (duplicates) count no more
        for request in self._release():
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def discovery_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self._discovery_failed(request.url, failure.getErrorMessage(), self._answer(request.meta))

    def _discovery_failed(self, url: str, reason: str, first: int) -> None:
        """Log a discovery document that could not be read; when it was the last of the
        run's ``first`` first documents, the run's site is unreachable: a local run closes,
        a shared one is marked so, for its seeder to end it so (newsbot.run.coordinator)."""
        logger.error("Cannot read %s: %s", url, reason)
        self.stats.inc_value("newsbot/discovery/failed")
        if not first:
            return
        if self.shared:  # another worker may have failed on the others
            assert self.run is not None and self.run.cluster is not None
            try:
                unreachable = self.run.cluster.first_failed(first)
            except StateError as error:  # the Redis (ClusterError)
                self.run.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
                return
        else:
            self.first_failures += 1
            unreachable = self.first_failures == first
        if unreachable:
            logger.error("No discovery document of %s could be read", self.base_url)
            if not self.shared:
                raise CloseSpider(outcomes.SITE_UNREACHABLE)

    def _wait(self, link: Link) -> None:
        """Keep an article link for a request, if it is an article wanted and can be new or
        changed (newsbot.freshness)."""
        if not self.hosts.allows(link.url):
            self.stats.inc_value("newsbot/discovery/other_site")
            return
        if not self.site.is_article(link.url, self.skip_paths):
            self.stats.inc_value("newsbot/discovery/not_article")
            return
        day = _date_of(link.published or link.modified)
        if day is not None and not self._day_wanted(day):
            self.stats.inc_value("newsbot/discovery/out_of_range")
            return
        article_id = self.site.article_id(link.url)
        try:
            # What earlier runs emitted, unless this run is to emit everything again.
            known = self.state.known(article_id) if self.state and not self.reemit else None
        except StateError as error:
            self.run.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)
            return
        why = freshness.why_fetch(known, link.modified or link.published, self.schedule)
        if why is None:
            self.stats.inc_value("newsbot/discovery/known")
            return
        if why == freshness.RECHECK:
            self.stats.inc_value("newsbot/recheck/requested")
        self.stats.inc_value("newsbot/discovery/articles")
        self.waiting.append((link, article_id, known))

    def _release(self) -> Iterator[Request]:
        """Requests for waiting links, as many as the window has room for; conditional
        where the state has the page's validators, so that an unchanged page costs a 304."""
        while self.waiting and self.in_flight < self.window and not self._stopped():
            link, article_id, known = self.waiting.popleft()
            self.in_flight += 1
            headers = freshness.conditional_headers(known)
            yield Request(
                link.url,
                callback=self.parse_page,
                errback=self.page_failed,
                headers=headers or None,
                cb_kwargs={"article_id": article_id, "published": link.published},
                meta={"handle_httpstatus_list": [304]} if headers else {},
            )

    def _stopped(self) -> bool:
        """True once the run has stopped early: then the spider asks for nothing more."""
        return self.run is not None and self.run.stopped is not None

    def _day_wanted(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def _month_wanted(self, link: Link) -> bool:
        """A monthly sitemap is read when its month overlaps since..until."""
        month = self.site.sitemap_month(link.url)
        if month is None:  # then its last change tells whether it can hold anything recent
            changed = _date_of(link.modified)
            return changed is None or self.since is None or changed >= self.since
        next_month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return (self.since is None or next_month > self.since) and (
            self.until is None or month <= self.until
        )

    # --- local copies ---------------------------------------------------------------------

    def read_fixtures(self, spec: str) -> Iterator[Article]:
        """The articles of the files ``spec`` names; what the search passes over (a folder it
        cannot list, a symlink loop) is logged and counted like a file that is skipped."""
        paths = self._fixture_paths(spec)
        max_bytes = self.settings.getint("NEWSBOT_FIXTURES_MAX_BYTES")
        if self.run is not None and self.run.recurring is not None:
            self._learn_text_copies(spec, max_bytes)
        for path in paths:
            if suffix_of(path.name) in ARCHIVE_SUFFIXES:
                found: Iterable[Article | None] = self.read_archive(path, max_bytes)
            else:
                found = (self.read_fixture(path, max_bytes),)
            for article in found:
                if article is not None and self._in_range(article):
                    yield article

    def _fixture_paths(self, spec: str) -> Iterator[Path]:
        """The files ``spec`` names, found as they are read; the run stops (a wrong argument)
        when it names none."""
        try:
            return find_files(spec, on_error=self._passed_over)
        except FixturesNotFound as error:
            logger.error("Cannot read fixtures: %s", printable(error))
            raise CloseSpider(outcomes.BAD_ARGUMENT) from error

    def _in_range(self, article: Article) -> bool:
        """Whether a local copy is within ``since``…``until``: by its publication date, else
        (a web archive's page) the day it was captured. One with no date is kept, as a link
        without one is fetched; one outside is counted in ``newsbot/fixtures/out_of_range``."""
        if self.since is None and self.until is None:
            return True
        captured = article.metadata.dateDownloaded if article.metadata.source == "archive" else None
        day = _date_of(article.datePublished or captured)
        if day is None or self._day_wanted(day):
            return True
        self.stats.inc_value(outcomes.OUT_OF_RANGE)
        return False

    def _learn_text_copies(self, spec: str, max_bytes: int) -> None:
        """Count the recurring paragraphs of the first text copies in ``spec`` (the sample
        that newsbot.recurring asks for: all of a folder of up to a thousand) before any is
        cleaned, so that the first is cleaned with what they all show; the rest are counted
        as they come, by cleaning. What cannot be read here is skipped in silence: the
        reading that follows reports it."""
        recurring = self.run.recurring
        assert recurring is not None
        try:
            paths = find_files(spec)
        except FixturesNotFound:  # gone since it was found: the reading says so
            return
        wanted = recurring.sample
        try:
            known = self.state is not None and self.state.has_emitted()
            for path in paths:
                if wanted == 0:
                    return
                if path.suffix.lower() not in TEXT_SUFFIXES:
                    continue
                wanted -= 1
                try:
                    url = file_uri(path)
                    article_id = self.site.article_id(url)
                    if known and self.state.emitted(article_id) is not None:
                        continue  # counted when it was first emitted
                    # As cleaning will see it: its text after the rules, its standfirst.
                    article = text.parse_text(
                        read_text(path, max_bytes),
                        url=url,
                        article_id=article_id,
                        metadata=self.metadata(source="fixture", extractor=text.EXTRACTOR),
                        boilerplate=self.furniture,
                    )
                    cleaned = clean_text(
                        article.headline,
                        None,
                        article.articleBody,
                        self.furniture,
                        standfirst=text.reads_as_standfirst,
                    )
                except StateError:
                    raise
                except Exception:  # anything the reading reports
                    continue
                first = [cleaned.description] if cleaned.description else []
                paragraphs = [*first, *cleaned.paragraphs]
                story = story_keys(
                    cleaned.headline, article_id, top_of(cleaned.description, cleaned.paragraphs)
                )
                recurring.learn(paragraphs, url, ahead=True, story=story)
        except StateError as error:
            self.run.stop(outcomes.STATE_FAILED, "Cannot use the state: %s", error)

    def read_archive(
        self, path: Path, max_bytes: int, part: tuple[int, int | None] = (0, None)
    ) -> Iterator[Article]:
        """The articles of a web archive (newsbot.warc): each HTML page of an article URL of
        the site, parsed like a fetched one, its capture's date as ``dateDownloaded``.

        What else the archive holds is counted under ``newsbot/archive/skipped/<code>``; a
        corrupt or truncated record is logged too, and the rest of the file is read. A page
        that breaks a parser skips that page only. ``max_bytes`` bounds each page, not the
        file. ``part`` is the part of the file to read (see newsbot.warc.parts).
        """
        # A live blog's captures wait for the end of the part: its later pages' posts join
        # each capture of its first page, and no page is an article of its own.
        firsts: dict[str, list[Article]] = {}
        later: dict[str, list[Article]] = {}
        for capture in self._captures(path, max_bytes, part):
            found = self._archived_page(capture)
            if found is None:
                continue
            article, page = found
            if page == 1 and not article.liveBlogUpdate:
                yield article
            else:
                (firsts if page == 1 else later).setdefault(article.id, []).append(article)
        for article_id, pages in later.items():
            if article_id not in firsts:
                logger.warning(
                    "Skipped %d captures of later pages of the live blog %s in %s: its first "
                    "page is not in this %s",
                    len(pages), pages[0].url, printable(path), "part" if part[1] else "file",
                )  # fmt: skip
                self.stats.inc_value(f"{outcomes.ARCHIVE_SKIPPED}live_blog_page", len(pages))
        for article_id, captures in firsts.items():
            for article in captures:
                for page in later.get(article_id, ()):
                    merge_pages(article, page)
                    self.stats.inc_value(outcomes.BLOG_PAGES)
                yield article

    def _captures(
        self, path: Path, max_bytes: int, part: tuple[int, int | None]
    ) -> Iterator[Capture]:
        """The captures of article pages of the site in a part of a web archive; the rest
        counted, and logged where a record is corrupt or truncated."""
        try:
            for found in read_warc(path, max_bytes, *part):
                if self._is_article_capture(path, found):
                    assert isinstance(found, Capture)
                    yield found
        except UnreadableFile as error:
            self._skip_file(path, error.code, error.reason)
            return
        except OSError as error:  # the file system, part of the way through
            self._skip_file(path, "unreadable", describe(error))
            return
        except Exception as error:  # what no archive should make a reader do: this file only
            self._skip_file(path, "failed", describe(error))
            return
        if part[0] == 0:  # a file is counted once, by its first part's reader
            self.stats.inc_value(outcomes.FIXTURES_READ)

    def _is_article_capture(self, path: Path, found: Capture | Skipped) -> bool:
        """Whether a record is a capture of an article page of the site; what else it is
        counted under ``newsbot/archive/skipped/<code>``, and logged where it is corrupt,
        truncated or too large."""
        if isinstance(found, Skipped):
            self.stats.inc_value(f"{outcomes.ARCHIVE_SKIPPED}{found.code}")
            if found.code in ("corrupt", "truncated", "too_large"):
                logger.warning(
                    "Skipped the record at %s of %s: %s", found.where, printable(path), found.reason
                )
        elif not self.archive_hosts.allows(found.url):  # an archive of many sites (CC-NEWS)
            self.stats.inc_value(f"{outcomes.ARCHIVE_SKIPPED}other_site")
        elif not self.site.is_article(found.url, self.skip_paths):
            self.stats.inc_value(f"{outcomes.ARCHIVE_SKIPPED}not_article")
        else:
            return True
        return False

    def local_requests(self, spec: str) -> Iterator[Request]:
        """Distributed mode's seeder: a request for each local copy ``spec`` names, for a
        worker to read (``parse_local``): a text or HTML file, or a part of a web archive
        of about NEWSBOT_ARCHIVE_PART_BYTES (newsbot.warc.parts). The files must be at the
        same path on every machine."""
        paths = self._fixture_paths(spec)
        size = self.settings.getint("NEWSBOT_ARCHIVE_PART_BYTES")
        for path in paths:
            found: list[tuple[int, int] | None] = [None]
            if suffix_of(path.name) in ARCHIVE_SUFFIXES:
                try:
                    found = list(parts(path, size))
                except UnreadableFile as error:
                    self._skip_file(path, error.code, error.reason)
                    continue
                except OSError as error:
                    self._skip_file(path, "unreadable", describe(error))
                    continue
            for part in found:
                where = "" if part is None else f"#bytes={part[0]}-{part[1]}"
                yield Request(
                    file_uri(path) + where,
                    callback=self.parse_local,
                    cb_kwargs={"path": str(path), "part": part},
                    meta={LOCAL: True},
                    dont_filter=True,  # the seeder queues each copy once
                )

    def parse_local(
        self, response: Response, path: str, part: tuple[int, int] | None
    ) -> Iterator[Article]:
        """Distributed mode: read the local copy a seeder queued (the response is empty).
        Until it is read, this worker takes no other request (newsbot.run.cluster)."""
        max_bytes = self.settings.getint("NEWSBOT_FIXTURES_MAX_BYTES")
        try:
            if part is None:
                found: Iterable[Article | None] = (self.read_fixture(Path(path), max_bytes),)
            else:
                found = self.read_archive(Path(path), max_bytes, part)
            for article in found:
                if article is not None and self._in_range(article):
                    yield article
        finally:
            assert self.run is not None and self.run.cluster is not None
            self.run.cluster.reading -= 1

    def _archived_page(self, capture: Capture) -> tuple[Article, int] | None:
        """The raw Article of a capture, and which page of a live blog it is (1 for any
        other article); None, logged, for a page that cannot be read."""
        try:
            response = HtmlResponse(url=capture.url, body=capture.body, headers=capture.headers)
            selector = page_selector(response)
            article = self.parse_article(response, source="archive", selector=selector)
            page = self._blog_page(article, selector, capture.url)
        except Exception as error:  # a page that breaks a parser, a URL that is none
            logger.error("Cannot read %s: %s", printable(capture.url), describe(error))
            self.stats.inc_value(f"{outcomes.PAGES_SKIPPED}unreadable")
            return None
        if has_time(capture.captured):  # a date-time, as a WARC-Date should be
            article.metadata.dateDownloaded = capture.captured
        return article, page

    def _blog_page(self, article: Article, selector: Selector, url: str) -> int:
        """Which page of a live blog a page is: 1 for any other article."""
        if not article.liveBlogUpdate:
            return 1
        return self.site.blog_pages(selector.root, url)[0]

    def _passed_over(self, path: Path, error: UnreadableFile) -> None:
        self._skip_file(path, error.code, error.reason)

    def read_fixture(self, path: Path, max_bytes: int) -> Article | None:
        """The raw Article in a local file, or None (with a warning) when it holds none.

        Whatever goes wrong with one file (it cannot be read, or it breaks a parser) skips
        that file only, with the reason; the run goes on with the next.
        """
        suffix = suffix_of(path.name)
        try:
            url = file_uri(path)
            if suffix in TEXT_SUFFIXES:
                article = text.parse_text(
                    read_text(path, max_bytes),
                    url=url,
                    article_id=self.site.article_id(url),
                    metadata=self.metadata(source="fixture", extractor=text.EXTRACTOR),
                    boilerplate=self.furniture,
                    recurring=self.run.recurring if self.run is not None else None,
                )
            elif suffix in PAGE_SUFFIXES:
                response = HtmlResponse(url=url, body=read_bytes(path, max_bytes))
                selector = page_selector(response)
                article = self.parse_article(response, source="fixture", selector=selector)
                page = self._blog_page(article, selector, url)
                if page != 1:
                    raise UnreadableFile(
                        "live_blog_page",
                        f"page {page} of a live blog, read with its first, not as an article",
                    )
            else:
                raise UnreadableFile("unsupported", "not a .txt, .html or .warc file")
        except UnreadableFile as error:
            self._skip_file(path, error.code, error.reason)
            return None
        except Exception as error:  # a file that breaks a parser, or the file system
            self._skip_file(path, "failed", describe(error))
            return None
        self.stats.inc_value(outcomes.FIXTURES_READ)
        return article

    def _skip_file(self, path: Path | str, code: str, reason: str) -> None:
        logger.warning("Skipped %s: %s", printable(path), printable(reason))
        self.stats.inc_value(f"{outcomes.FIXTURES_SKIPPED}{code}")

    def parse_article(
        self, response: HtmlResponse, source: str, selector: Selector | None = None
    ) -> Article:
        """The raw Article of a page; trafilatura reads the text where the site parser finds none.

        A page where both find nothing goes on with an empty text, for validation to drop.
        ``selector`` is the page's, where the caller has it.
        """
        self.stats.inc_value(outcomes.PAGES_PARSED)
        article = self.site.parse_page(
            selector or page_selector(response),
            url=response.url,
            metadata=self.metadata(source=source, extractor=self.site.extractor),
        )
        article.id = self.site.article_id(article.canonicalUrl or response.url)
        if not article.articleBody:
            found = fallback.fallback_paragraphs(page_text(response), response.url)
            if found and found[0] == article.headline:
                del found[0]
            article.articleBody = "\n".join(found)
            article.metadata.extractor = fallback.EXTRACTOR
            article.metadata.layout = None
            self.stats.inc_value(outcomes.FALLBACK)
        else:
            self.stats.inc_value(f"{outcomes.LAYOUT}{article.metadata.layout}")
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
            dateDownloaded=format_datetime(datetime.now(UTC)),
        )


def _unknown(name: str) -> str:
    close = difflib.get_close_matches(name, ARGUMENTS, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown argument {name!r}{hint}; the arguments are {', '.join(ARGUMENTS)}"


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} must be a date, YYYY-MM-DD, not {value!r}") from None


def _date_of(value: str | None) -> date | None:
    """The day of an ISO 8601 date or date-time; None when there is none to read."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _asked(response: Response) -> str:
    """The URL a response was asked for, before any redirect."""
    return response.meta.get("redirect_urls", [response.url])[0]


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _body(response: Response) -> bytes:
    """A discovery document's bytes; sitemaps are often served gzipped as files (.xml.gz)."""
    if response.body[:2] == b"\x1f\x8b":
        return gunzip(response.body, max_size=50 * 1024 * 1024)
    return response.body
