"""How a run ends: the finish reasons newsbot's spiders close with, and the exit status of
`scrapy crawl` for each (documented in the README's Exit status section)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Finish reasons, besides Scrapy's own ("finished", "shutdown", ...).
BAD_ARGUMENT = "bad_argument"  # a spider argument is wrong; the log says which
SITE_UNREACHABLE = "site_unreachable"  # no discovery document could be read
ALREADY_RUNNING = "already_running"  # another run holds the state's lock

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_ARGUMENT = 2
EXIT_ALREADY_RUNNING = 3
EXIT_NO_ARTICLE = 4
EXIT_LAYOUT_CHANGED = 5


def exit_status(stats: Mapping[str, Any], settings: Any) -> int:
    """The exit status of a run, from its crawl stats."""
    reason = stats.get("finish_reason")
    if reason == BAD_ARGUMENT:
        return EXIT_BAD_ARGUMENT
    if reason == ALREADY_RUNNING:
        return EXIT_ALREADY_RUNNING
    if reason != "finished":
        return EXIT_FAILED
    # Articles it tried to read, and what became of them.
    tried = stats.get("newsbot/discovery/articles", 0) + stats.get("newsbot/fixtures/read", 0)
    read = (
        stats.get("item_scraped_count", 0)
        + stats.get("newsbot/skipped/unchanged", 0)
        + stats.get("newsbot/skipped/duplicate", 0)
    )
    if tried and not read:
        return EXIT_NO_ARTICLE
    pages = stats.get("newsbot/pages/parsed", 0)
    fallback = stats.get("newsbot/extractor/fallback", 0)
    if pages >= settings.getint("NEWSBOT_FALLBACK_MIN_PAGES") and fallback > pages * (
        settings.getfloat("NEWSBOT_FALLBACK_MAX_SHARE")
    ):
        return EXIT_LAYOUT_CHANGED
    return EXIT_OK
