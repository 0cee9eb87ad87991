"""The manifest of runs: one JSON line per run beside the feeds, so that a reader can tell
which feed files are complete and what each run did; and the deletion of old feeds.

Pure file-system code; newsbot.run.coordinator decides when each of these happens.
"""

from __future__ import annotations

import errno
import itertools
import json
import logging
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

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
            "failed": count(outcomes.ITEMS_FAILED),
            "skippedFiles": total(outcomes.FIXTURES_SKIPPED),
            "fetchErrors": count(outcomes.PAGES_FAILED),
            "fallback": count(outcomes.FALLBACK),
        },
        **(shared or {}),
        "schemaVersion": SCHEMA_VERSION,
    }
    return json.dumps(record, ensure_ascii=False)


def open_manifest(path: Path) -> int:
    """The manifest opened for appending (a descriptor), made if missing. It must be a
    regular file of its own: a symlink planted in a folder others can write (``/tmp``)
    would have the line appended to its target, so it is refused, as are a folder, a FIFO
    or a device. Raises OSError, saying which."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return _open_regular(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)


def _open_regular(path: Path, flags: int) -> int:
    """``path`` opened with ``flags`` if it is a regular file of its own (see above)."""
    flags |= os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OSError(error.errno, "it is a symbolic link, not a file", str(path)) from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # a FIFO opens (O_NONBLOCK) as one
        os.close(descriptor)
        raise OSError(errno.EINVAL, "it is not a regular file", str(path))
    os.set_blocking(descriptor, True)
    return descriptor


def _read_manifest(path: Path) -> BinaryIO:
    """The manifest opened for reading, refused as ``open_manifest`` refuses it (a FIFO
    would block the run). Raises OSError; FileNotFoundError when there is none."""
    return os.fdopen(_open_regular(path, os.O_RDONLY), "rb")


def check_manifest(path: Path) -> None:
    """Raises OSError when the manifest cannot be appended to (before a run publishes)."""
    os.close(open_manifest(path))


def append_line(path: Path, line: str) -> None:
    """Append one line in one write, so that the lines of two runs never interleave; a line
    that cannot be written whole (a full disk) is taken back. A last line left without its
    line end (a crash long ago, an editor) stays a line of its own. Raises OSError."""
    descriptor = open_manifest(path)
    try:
        size = os.fstat(descriptor).st_size
        data = (line + "\n").encode()
        if size and os.pread(descriptor, 1, size - 1) != b"\n":
            data = b"\n" + data
        try:
            if os.write(descriptor, data) != len(data):
                raise OSError(28, "No space left on device")
            os.fsync(descriptor)
        except OSError:
            os.ftruncate(descriptor, size)
            raise
    finally:
        os.close(descriptor)


def has_run_line(path: Path, line: str) -> bool:
    """True when the manifest has a line of the run (and worker) ``line`` is of: read when
    a run is recovered, whose line the state kept, and which may have been written with
    another outcome than the state's copy says."""
    wanted = json.loads(line)
    key = (wanted.get("runId"), wanted.get("worker"))
    marker = json.dumps(wanted.get("runId")).encode()
    try:
        with _read_manifest(path) as manifest:
            for found in manifest:
                if marker not in found:
                    continue
                try:
                    record = json.loads(found)
                except ValueError:  # a line cut short by a full disk long ago
                    continue
                if (record.get("runId"), record.get("worker")) == key:
                    return True
    except FileNotFoundError:
        return False
    return False


def last_run_id(path: Path | None) -> str | None:
    """The run id of the manifest's last line (None if there is none it can read): run ids
    go on after it, though the state was moved aside, so that feed names keep their order."""
    if path is None:
        return None
    try:
        with _read_manifest(path) as manifest:
            size = manifest.seek(0, os.SEEK_END)
            manifest.seek(max(0, size - 65536))
            tail = manifest.read()
    except OSError:
        return None
    for raw in reversed(tail.splitlines()):
        try:
            run_id = json.loads(raw).get("runId")
        except (ValueError, AttributeError):
            continue
        if isinstance(run_id, str):
            return run_id.split("/")[0]
    return None


def max_id(*ids: str | None) -> str | None:
    """The latest of run ids (they sort in time order)."""
    return max((i for i in ids if i), default=None)


def delete_old_feeds(folder: Path, manifest: Path, days: float) -> None:
    """Delete the feeds in ``folder`` of the runs more than ``days`` old, as the manifest
    tells their age, never by the clock alone.

    A run's age is the time its later runs took, gap by gap, in the manifest's order, up to
    now. A gap is counted only when it is between nothing and ``days``: a clock that jumped
    ahead (or back) makes a gap that cannot be told from a long pause, and counting it
    would delete every feed at once; so it counts nothing, and feeds are kept longer rather
    than lost. Only the feeds the manifest names are deleted (files it does not know, the
    feeds of ``-O`` elsewhere, are never touched), and never those of the last run, nor a
    file that a run kept names too (``-O`` or ``-o`` to one file in the folder, run after
    run)."""
    runs = _published_runs(manifest, folder)
    limit = days * 86400
    # The gaps between runs, oldest first, the last up to now; a gap that goes back in time
    # (a clock put right) tells that the gaps beside it are the clock's too, not pauses.
    starts = [start for start, _ in runs] + [datetime.now(UTC)]
    gaps = [(later - start).total_seconds() for start, later in itertools.pairwise(starts)]
    trusted = [
        0 <= gap <= limit and all(g >= 0 for g in gaps[max(0, number - 1) : number + 2])
        for number, gap in enumerate(gaps)
    ]
    untrusted = trusted.count(False)
    age = 0.0  # seconds: the counted time after the run in hand
    kept: set[str] = set()  # the names of the runs kept
    for number in range(len(runs) - 1, -1, -1):
        if trusted[number]:
            age += gaps[number]
        names = runs[number][1]
        if age <= limit or number == len(runs) - 1:  # the last run's feeds are kept
            kept.update(names)
            continue
        for name in names:
            if name in kept:
                continue
            feed = folder / name
            try:
                feed.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                logger.warning("Cannot delete %s, older than %s days: %s", feed, days, error)
                continue
            logger.info("Deleted %s, older than %s days", feed, days)
    if untrusted:
        logger.warning(
            "The manifest %s has %d gaps between runs longer than %s days or going back in "
            "time (a clock put wrong, or a long pause): they do not count towards the age "
            "of a feed (NEWSBOT_FEED_RETENTION_DAYS)",
            manifest, untrusted, days,
        )  # fmt: skip


def _published_runs(manifest: Path, folder: Path) -> list[tuple[datetime, list[str]]]:
    """Each run of the manifest, in its order: its start, and the names of the feeds it
    published in ``folder``."""
    runs = []
    try:
        with _read_manifest(manifest) as lines:
            for raw in lines:
                try:
                    record = json.loads(raw)
                    start = datetime.fromisoformat(record["start"])
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a full disk, or not one of ours
                if start.tzinfo is None:
                    continue
                feed = record.get("feed")
                feeds = [feed] if isinstance(feed, str) else feed if isinstance(feed, list) else []
                names = [f for f in feeds if isinstance(f, str) and "/" not in f]
                runs.append((start, [f for f in names if f.endswith(".jsonl") and f != MANIFEST]))
    except FileNotFoundError:
        pass
    except OSError as error:  # a folder, a FIFO: told when the run checked it
        logger.warning("Cannot read the manifest %s, so no feed is deleted: %s", manifest, error)
        return []
    return runs
