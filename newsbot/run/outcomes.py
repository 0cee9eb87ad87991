"""How a run ends: newsbot's finish reasons, the stats a run's end is judged by, and the
exit status of `scrapy crawl` for each (the README's Exit status section).

The stat names below are the contract between what reads articles (spiders count under
them) and what judges the run (newsbot.run.coordinator); nothing else is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Finish reasons, besides Scrapy's own ("finished", "shutdown", ...).
BAD_ARGUMENT = "bad_argument"  # a spider argument is wrong; the log says which
SITE_UNREACHABLE = "site_unreachable"  # no discovery document could be read
ALREADY_RUNNING = "already_running"  # another run holds the state's lock
FEED_FAILED = "feed_failed"  # a feed file, or the manifest, could not be written
STATE_FAILED = "state_failed"  # the state database cannot be used or written
NO_RUN = "no_run"  # distributed mode: a worker found no run to join
SHUTDOWN = "shutdown"  # a signal (SIGTERM, Ctrl-C) stopped the run: what it collected is published

# Runs that end for one of these publish nothing: a feed named with -O keeps what it had.
NOT_PUBLISHED = frozenset(
    {BAD_ARGUMENT, SITE_UNREACHABLE, ALREADY_RUNNING, FEED_FAILED, STATE_FAILED, NO_RUN}
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_ARGUMENT = 2
EXIT_ALREADY_RUNNING = 3
EXIT_NO_ARTICLE = 4
EXIT_LAYOUT_CHANGED = 5
EXIT_FEED_FAILED = 6
EXIT_STATE_FAILED = 7

_BY_REASON = {
    BAD_ARGUMENT: EXIT_BAD_ARGUMENT,
    ALREADY_RUNNING: EXIT_ALREADY_RUNNING,
    FEED_FAILED: EXIT_FEED_FAILED,
    STATE_FAILED: EXIT_STATE_FAILED,
}

# --- The stats a run's end is judged by ---------------------------------------------------
# Inputs meant to be articles that the run got hold of, or tried to and failed on its side:
PAGES_PARSED = "newsbot/pages/parsed"  # HTML pages parsed, fetched or saved
PAGES_FAILED = "newsbot/pages/failed"  # fetches that failed: timeouts, refused, 5xx
PAGES_SKIPPED = "newsbot/pages/skipped/"  # fetched, but no page to read (not HTML, ...)
FIXTURES_READ = "newsbot/fixtures/read"  # local files read
FIXTURES_SKIPPED = "newsbot/fixtures/skipped/"  # local files that could not be read
ARCHIVE_SKIPPED = "newsbot/archive/skipped/"  # records of a web archive that are no article
# (Links that were never there to read, a 404 or a page robots.txt forbids, count as
# neither: a sitemap that lists one is no sign that the run failed.)
# What became of them, besides the records emitted (item_scraped_count):
UNCHANGED = "newsbot/skipped/unchanged"
DUPLICATE = "newsbot/skipped/duplicate"
HELD = "newsbot/skipped/held"  # distributed: a text an earlier run's unfinished part holds
NOT_MODIFIED = "newsbot/recheck/not_modified"  # a 304: unchanged, without a download
OUT_OF_RANGE = "newsbot/fixtures/out_of_range"  # local copies outside since..until
FALLBACK = "newsbot/extractor/fallback"  # pages whose text the fallback extractor read
ITEMS_FAILED = "newsbot/items/failed"  # articles a pipeline failed on (a bug, logged)
LAYOUT = "newsbot/extractor/layout/"  # pages the site's parser read, by layout generation
# Live blogs: pages read after the first, pages that could not be (the record holds the
# others), pages past NEWSBOT_LIVE_BLOG_MAX_PAGES; posts a new revision added.
BLOG_PAGES = "newsbot/liveblog/pages"
BLOG_PAGES_FAILED = "newsbot/liveblog/pages_failed"
BLOG_PAGES_NOT_READ = "newsbot/liveblog/pages_not_read"
POSTS_ADDED = "newsbot/liveblog/posts_added"


def exit_status(reason: str | None, stats: Mapping[str, Any], settings: Any) -> int:
    """The exit status of a run that ended for ``reason``, from its crawl stats."""
    if reason in _BY_REASON:
        return _BY_REASON[reason]
    if reason == NO_RUN:
        return EXIT_OK  # a worker with nothing to do
    if reason != "finished" and not str(reason).startswith("closespider_"):
        return EXIT_FAILED  # the site unreachable, an error, or stopped (shutdown)

    def total(prefix: str) -> int:
        return sum(v for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))

    tried = (
        stats.get(PAGES_PARSED, 0)
        + stats.get(PAGES_FAILED, 0)
        + total(PAGES_SKIPPED)
        + stats.get(FIXTURES_READ, 0)
        + total(FIXTURES_SKIPPED)
    )
    read = (
        stats.get("item_scraped_count", 0)
        + stats.get(UNCHANGED, 0)
        + stats.get(DUPLICATE, 0)
        + stats.get(HELD, 0)
        + stats.get(NOT_MODIFIED, 0)
        + stats.get(OUT_OF_RANGE, 0)
    )
    if tried and not read:
        return EXIT_NO_ARTICLE
    pages = stats.get(PAGES_PARSED, 0)
    fallback = stats.get(FALLBACK, 0)
    if pages >= settings.getint("NEWSBOT_FALLBACK_MIN_PAGES") and fallback > pages * (
        settings.getfloat("NEWSBOT_FALLBACK_MAX_SHARE")
    ):
        return EXIT_LAYOUT_CHANGED
    return EXIT_OK


def layout_report(stats: Mapping[str, Any]) -> str:
    """What a layout-change alert says: how many pages the fallback read, and how many the
    site's parser read by layout generation (the generation that stopped matching is the
    one missing, or fewer than usual)."""
    read = {
        key.removeprefix(LAYOUT): value
        for key, value in sorted(stats.items())
        if key.startswith(LAYOUT) and isinstance(value, int)
    }
    generations = ", ".join(f"{name} {count}" for name, count in read.items()) or "none"
    return (
        f"{stats.get(FALLBACK, 0)} of {stats.get(PAGES_PARSED, 0)} pages needed the fallback "
        f"extractor; the site's parser read, by layout generation: {generations}"
    )
