"""The manifest of runs: one JSON line per run beside the feeds, so that a reader can tell
which feed files are complete and what each run did; and the deletion of old feeds.

Pure file-system code; newsbot.run.coordinator decides when each of these happens.
"""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsbot.items import SCHEMA_VERSION
from newsbot.run import outcomes

logger = logging.getLogger(__name__)

MANIFEST = "manifest.jsonl"


def manifest_path(feed_dir: str, spider: str) -> Path:
    """``<NEWSBOT_FEED_DIR>/<spider>/manifest.jsonl``."""
    return Path(feed_dir) / spider / MANIFEST


def run_line(
    run_id: str,
    *,
    start: datetime,
    reason: str | None,
    exit_status: int,
    feeds: list[str],
    stats: dict[str, Any],
    folder: Path,
    shared: dict[str, Any] | None = None,
) -> str:
    """The manifest line of a run (no line break), from its crawl stats. In distributed
    mode, ``shared`` adds the worker that writes it (``worker``) and, on the seeder's line,
    every worker's feeds (``runFeeds``)."""

    def count(key: str) -> int:
        return int(stats.get(key, 0))

    def total(prefix: str) -> int:
        return sum(int(v) for k, v in stats.items() if k.startswith(prefix))

    # A feed beside the manifest is named by its file name; one elsewhere (-O) by its path.
    names = [Path(feed).name if Path(feed).parent == folder else feed for feed in feeds]
    record = {
        "runId": run_id,
        "start": start.astimezone(UTC).isoformat(timespec="seconds"),
        "end": datetime.now(UTC).isoformat(timespec="seconds"),
        "finishReason": reason,
        "exitStatus": exit_status,
        "feed": names[0] if len(names) == 1 else names or None,
        "counts": {
            "emitted": count("item_scraped_count"),
            "new": count("newsbot/emitted/new"),
            "changed": count("newsbot/emitted/changed"),
            "unchanged": count(outcomes.UNCHANGED),
            "notFetched": count("newsbot/discovery/known"),
            "rechecked": count("newsbot/recheck/requested"),
            "notModified": count(outcomes.NOT_MODIFIED),
            "duplicate": count(outcomes.DUPLICATE),
            "dropped": total("newsbot/dropped/"),
            "skippedFiles": total(outcomes.FIXTURES_SKIPPED),
            "fetchErrors": count(outcomes.PAGES_FAILED),
            "fallback": count(outcomes.FALLBACK),
        },
        **(shared or {}),
        "schemaVersion": SCHEMA_VERSION,
    }
    return json.dumps(record, ensure_ascii=False)


def append_line(path: Path, line: str) -> None:
    """Append one line in one write, so that the lines of two runs never interleave; a line
    that cannot be written whole (a full disk) is taken back. Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(descriptor).st_size
        data = (line + "\n").encode()
        try:
            if os.write(descriptor, data) != len(data):
                raise OSError(28, "No space left on device")
            os.fsync(descriptor)
        except OSError:
            os.ftruncate(descriptor, size)
            raise
    finally:
        os.close(descriptor)


def has_line(path: Path, line: str) -> bool:
    """True when the manifest has ``line`` (read when a run is recovered: its line is the
    one the state kept)."""
    wanted = (line + "\n").encode()
    try:
        with open(path, "rb") as manifest:
            return any(found == wanted for found in manifest)
    except FileNotFoundError:
        return False


def delete_old_feeds(folder: Path, days: float) -> None:
    cutoff = time.time() - days * 86400
    for feed in folder.glob("*.jsonl"):
        if feed.name != MANIFEST and feed.stat().st_mtime < cutoff:
            feed.unlink()
            logger.info("Deleted %s, older than %s days", feed, days)
