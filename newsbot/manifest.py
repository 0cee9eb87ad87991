"""The manifest of runs: one JSON line per run beside the feeds, so that a reader can tell
which feed files are complete and what each run did. Also deletes old feeds, if asked."""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsbot.items import SCHEMA_VERSION
from newsbot.outcomes import exit_status

logger = logging.getLogger(__name__)

MANIFEST = "manifest.jsonl"


class RunManifest:
    """Extension: appends the run's line to ``<NEWSBOT_FEED_DIR>/<spider>/manifest.jsonl``
    once its feeds are stored, and deletes feed files there older than
    ``NEWSBOT_FEED_RETENTION_DAYS`` (0, the default, keeps them all).

    Off with ``NEWSBOT_MANIFEST_ENABLED = False``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.retention_days = crawler.settings.getfloat("NEWSBOT_FEED_RETENTION_DAYS")
        crawler.signals.connect(self.write, signal=signals.feed_exporter_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunManifest:
        if not crawler.settings.getbool("NEWSBOT_MANIFEST_ENABLED", True):
            raise NotConfigured("NEWSBOT_MANIFEST_ENABLED is off")
        return cls(crawler)

    def write(self) -> None:
        spider, stats = self.crawler.spider, self.crawler.stats
        assert spider is not None and stats is not None
        folder = Path(self.crawler.settings.get("NEWSBOT_FEED_DIR")) / spider.name
        folder.mkdir(parents=True, exist_ok=True)
        record = run_record(spider.run_id, stats.get_stats(), self.crawler.settings, folder)
        line = json.dumps(record, ensure_ascii=False)
        # One write of one line, appended: lines of two runs never interleave.
        descriptor = os.open(folder / MANIFEST, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, (line + "\n").encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if self.retention_days > 0:
            delete_old_feeds(folder, self.retention_days)


def run_record(run_id: str, stats: dict[str, Any], settings: Any, folder: Path) -> dict[str, Any]:
    """The manifest line of a run, from its crawl stats."""

    def count(key: str) -> int:
        return int(stats.get(key, 0))

    def total(prefix: str) -> int:
        return sum(int(v) for k, v in stats.items() if k.startswith(prefix))

    def iso(value: Any) -> str | None:
        return value.astimezone(UTC).isoformat(timespec="seconds") if value else None

    # A feed beside the manifest is named by its file name; one elsewhere (-O) by its path.
    feeds = [
        Path(feed).name if Path(feed).parent == folder else feed
        for feed in stats.get("newsbot/feeds", [])
    ]
    return {
        "runId": run_id,
        "start": iso(stats.get("start_time")),
        "end": iso(stats.get("finish_time") or datetime.now(UTC)),
        "finishReason": stats.get("finish_reason"),
        "exitStatus": exit_status(stats, settings),
        "feed": feeds[0] if len(feeds) == 1 else feeds or None,
        "counts": {
            "emitted": count("item_scraped_count"),
            "new": count("newsbot/emitted/new"),
            "changed": count("newsbot/emitted/changed"),
            "unchanged": count("newsbot/skipped/unchanged"),
            "notFetched": count("newsbot/discovery/known"),
            "duplicate": count("newsbot/skipped/duplicate"),
            "dropped": total("newsbot/dropped/"),
            "skippedFiles": total("newsbot/fixtures/skipped/"),
            "fetchErrors": count("downloader/exception_count")
            + total("downloader/response_status_count/4")
            + total("downloader/response_status_count/5"),
            "fallback": count("newsbot/extractor/fallback"),
        },
        "schemaVersion": SCHEMA_VERSION,
    }


def delete_old_feeds(folder: Path, days: float) -> None:
    cutoff = time.time() - days * 86400
    for feed in folder.glob("*.jsonl"):
        if feed.name != MANIFEST and feed.stat().st_mtime < cutoff:
            feed.unlink()
            logger.info("Deleted %s, older than %s days", feed, days)
