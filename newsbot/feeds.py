"""Where a run's feed goes when the command line does not say."""

from __future__ import annotations

from scrapy.settings import Settings

# One file per run; Scrapy fills in the spider's name and the run's start time (UTC).
FEED_NAME = "%(name)s/%(time)s.jsonl"


class DefaultFeed:
    """Add-on: writes ``<NEWSBOT_FEED_DIR>/<spider>/<start time>.jsonl`` unless feeds are named.

    Feeds named with ``-o``/``-O`` or in ``FEEDS`` replace this one rather than add to it,
    so ``scrapy crawl independent -O out.jsonl`` writes ``out.jsonl`` only.
    """

    def update_settings(self, settings: Settings) -> None:
        if settings.getdict("FEEDS"):
            return
        feed_dir = settings.get("NEWSBOT_FEED_DIR").rstrip("/")
        settings.set(
            "FEEDS",
            {f"{feed_dir}/{FEED_NAME}": {"format": "jsonlines", "encoding": "utf-8"}},
            priority="addon",
        )
