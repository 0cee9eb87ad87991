"""The run's feed files: where they go, and how each gets there whole.

Scrapy's feed exporter reads the FEEDS setting, picks the storages and exporters and writes
each record; newsbot.run.coordinator drives it (``RunFeeds``), so that feeds are opened only
once the run holds its lock, a feed that cannot be written stops the run at once, and a
feed file is moved into place only when the run publishes:

- a local file is written under a hidden name beside it (``.NAME.<pid>.part``), flushed to
  disk when the crawl ends, and moved into place by ``move_into_place``: renamed over NAME
  (the default feed, ``-O``), or appended to it (``-o``). Both can be redone from the
  state after a kill, and give the same file;
- anything else (a pipe, ``/dev/stdout``, a remote storage) is written in place, as Scrapy
  does.

In distributed mode every process writes its own feeds: a feed that all of them would
write to one place is refused (``shared_by_processes``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter, FeedSlot, FileFeedStorage
from scrapy.extensions.postprocessing import PostProcessingManager
from scrapy.settings import Settings
from scrapy.spiders import Spider
from scrapy.utils.defer import ensure_awaitable

from newsbot.logformatter import describe
from newsbot.run.state import FeedFile

logger = logging.getLogger(__name__)

# One file per run, named after the run (its id: its UTC start time); in distributed mode
# one per worker of the run.
FEED_NAME = "%(name)s/%(run_id)s.jsonl"
WORKER_FEED_NAME = "%(name)s/%(run_id)s-%(worker)s.jsonl"


class DefaultFeed:
    """Add-on: writes ``<NEWSBOT_FEED_DIR>/<spider>/<run id>.jsonl`` unless feeds are named.

    Feeds named with ``-o``/``-O`` or in ``FEEDS`` replace this one rather than add to it,
    so ``scrapy crawl independent -O out.jsonl`` writes ``out.jsonl`` only.
    """

    def update_settings(self, settings: Settings) -> None:
        if settings.getdict("FEEDS"):
            return
        feed_dir = settings.get("NEWSBOT_FEED_DIR").rstrip("/")
        name = WORKER_FEED_NAME if settings.get("NEWSBOT_REDIS_URL") else FEED_NAME
        settings.set(
            "FEEDS",
            {
                f"{feed_dir}/{name}": {
                    "format": "jsonlines",
                    "encoding": "utf-8",
                    "overwrite": True,
                    # A run that emits nothing leaves no file here, only its manifest line.
                    "store_empty": False,
                }
            },
            priority="addon",
        )


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """FEED_URI_PARAMS: ``%(run_id)s`` in a feed's name is the run's id, ``%(worker)s``
    the worker's (distributed mode; empty in local mode)."""
    from newsbot.run.coordinator import Run  # the coordinator builds the feeds

    run = Run.of(spider.crawler)
    params["run_id"] = run.run_id
    params["worker"] = run.cluster.worker if run.cluster is not None else ""
    return params


# A process's own output streams: each process that writes there writes somewhere of its own.
_OWN_STREAMS = re.compile(r"/dev/(?:stdout|stderr|fd/\d+)|/proc/self/fd/\d+")


def shared_by_processes(uri: str) -> bool:
    """Whether the processes of a distributed run would all write the feed ``uri`` (as
    named in FEEDS, before its parameters are filled in) to one place, each replacing or
    mixing with the others' records: a local file, a FIFO or a remote object (``s3://``:
    the last upload wins) whose name does not hold ``%(worker)s``. Not a process's own
    standard output (``-O -``, ``/dev/stdout``) nor a device (``/dev/null``): no file is
    made there."""
    if "%(worker)s" in uri:
        return False
    parts = urlsplit(uri)
    if parts.scheme == "stdout":
        return False
    if parts.scheme not in ("", "file"):
        return True
    path = parts.path if parts.scheme == "file" else uri
    if _OWN_STREAMS.fullmatch(path):
        return False
    try:
        return not stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:  # not made yet: a file
        return True


class AtomicFileFeedStorage(FileFeedStorage):
    """A local feed file, written under a hidden name beside it and moved into place by the
    run when it publishes (``feed_file`` says where from and to).

    Anything that is not a regular file (a pipe, /dev/stdout) is written in place.
    """

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        final = Path(self.path)
        self.part = final.with_name(f".{final.name}.{os.getpid()}.part")
        self.append = self.write_mode == "ab"
        self.in_place = final.exists() and not final.is_file()

    def open(self, spider: Spider) -> IO[bytes]:
        if self.in_place:
            return super().open(spider)
        self.part.parent.mkdir(parents=True, exist_ok=True)
        # A hidden file of this process's own, made here: one left by an earlier process of
        # the same number is deleted (its run is over: the state's recovery has seen to it),
        # and a file planted in its place since (a symlink, in a folder others can write)
        # makes the open fail rather than write through it.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.part)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        return os.fdopen(os.open(self.part, flags, 0o644), "wb")

    def store(self, file: IO[bytes]) -> None:
        """The records are on disk under the hidden name (moving them is the run's job)."""
        file.flush()
        if not self.in_place:
            os.fsync(file.fileno())
        file.close()

    def feed_file(self) -> FeedFile | None:
        """Where the file goes when the run publishes; None when it is written in place."""
        if self.in_place:
            return None
        append_at = size = None
        if self.append:
            try:
                append_at = os.stat(self.path).st_size
            except FileNotFoundError:
                append_at = 0
        with contextlib.suppress(OSError):
            size = os.stat(self.part).st_size
        return FeedFile(str(self.part), str(self.path), append_at=append_at, size=size)


class FeedLost(OSError):
    """A finished feed file is gone, and not into place: its run cannot be published."""


def move_into_place(feed: FeedFile) -> None:
    """Move a finished feed file into place, as one step a reader never sees half done:
    renamed over its final name, or appended to it. Idempotent: after a kill at any point,
    doing it again gives the same file. Raises FeedLost when the hidden file is gone and the
    final one does not hold it (someone deleted the folder), OSError when the move fails."""
    part, final = Path(feed.part), Path(feed.final)
    if not part.exists():
        if not _moved(feed):
            raise FeedLost(2, "the finished feed file is gone", feed.part)
        return
    if feed.append_at is None:
        os.replace(part, final)
    else:
        # Not through a symlink planted where the feed goes: the append would land in
        # whatever file it points at.
        descriptor = os.open(final, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            # What lies beyond append_at is this move's own, cut short by a kill: undone.
            if os.lseek(descriptor, 0, os.SEEK_END) > feed.append_at:
                os.ftruncate(descriptor, feed.append_at)
            try:
                with open(part, "rb") as source:
                    _append(source, descriptor)
                os.fsync(descriptor)
            except OSError:  # a full disk: no record of this run stays in the file
                os.ftruncate(descriptor, feed.append_at)
                raise
        finally:
            os.close(descriptor)
        part.unlink()
    fsync_folder(final.parent)


def _append(source: IO[bytes], descriptor: int) -> None:
    """Write all of ``source`` at the end of the file ``descriptor`` (opened to append):
    a write the disk takes only part of is followed by one for the rest, which fails."""
    while chunk := source.read(1024 * 1024):
        view = memoryview(chunk)
        while view:
            view = view[os.write(descriptor, view) :]


def _moved(feed: FeedFile) -> bool:
    """True when the final file holds what the hidden one did (told by their sizes)."""
    try:
        size = os.stat(feed.final).st_size
    except OSError:
        return False
    if feed.size is None:  # recorded before its size was known: take it as moved
        return True
    if feed.append_at is None:
        return size == feed.size
    return size >= feed.append_at + feed.size


def fsync_folder(folder: Path) -> None:
    """Make a rename or a deletion in ``folder`` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def delete_part(part: str) -> None:
    """Delete a hidden feed file that will never be published. One that is not there, or
    that cannot be deleted (a read-only disk), is left as it is."""
    try:
        os.unlink(part)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as error:
        logger.warning("Cannot delete the unfinished feed file %s: %s", part, describe(error))


class RunFeeds(FeedExporter):
    """Scrapy's feed exporter, driven by the run (newsbot.run.coordinator) one step at a
    time instead of by signals. Raises NotConfigured when there is no feed."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.stored: list[FeedSlot] | None = None  # the feeds finish() stored
        for uri, options in self.feeds.items():
            if options.get("batch_item_count"):
                raise ValueError(
                    f"the feed {uri} is split into batches: newsbot writes one whole file "
                    "per run, so FEED_EXPORT_BATCH_ITEM_COUNT cannot be used"
                )

    def names(self) -> str:
        return ", ".join(slot.uri for slot in self.slots) or ", ".join(self.feeds)

    def files(self) -> list[FeedFile]:
        """The hidden files of the local feeds, and where each goes: every feed's before
        ``finish``, the stored ones' after."""
        found = []
        for slot in self.slots if self.stored is None else self.stored:
            if isinstance(slot.storage, AtomicFileFeedStorage):
                feed = slot.storage.feed_file()
                if feed is not None:
                    found.append(feed)
        return found

    def open(self, spider: Spider) -> None:
        """Make every feed's storage (``files`` then says where each will write)."""
        self.open_spider(spider)

    def start(self) -> None:
        """Open every feed's file, so that a feed that cannot be written fails now, before
        the run fetches anything. Raises what opening raises."""
        for slot in self.slots:
            slot.start_exporting()

    def export(self, item: Any, spider: Spider) -> None:
        """Write one record to every feed. Raises what writing raises (a full disk)."""
        self.item_scraped(item, spider)

    async def finish(self) -> list[str]:
        """Finish every feed: its records written out and flushed to disk. Returns what went
        wrong, feed by feed: empty when every feed that was to be stored is."""
        problems = []
        self.stored = []
        for slot in self.slots:
            if not slot.itemcount and not slot.store_empty:
                self._discard(slot)  # nothing to store: the default feed of an empty run
                continue
            try:
                slot.finish_exporting()
                await ensure_awaitable(slot.storage.store(_file_of(slot)))
            except Exception as error:  # any storage, any failure: the feed is not stored
                problems.append(f"{slot.uri}: {describe(error)}")
                self._discard(slot)
                continue
            self.stored.append(slot)
            logger.info("Stored %s feed (%d items) in: %s", slot.format, slot.itemcount, slot.uri)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"feedexport/success_count/{type(slot.storage).__name__}")
        return problems

    def discard(self) -> None:
        """Close every feed without storing it: hidden files are deleted."""
        for slot in self.slots:
            self._discard(slot)

    @staticmethod
    def _discard(slot: FeedSlot) -> None:
        if slot.file is not None:
            # A full disk refuses the last write: the file is deleted anyway.
            with contextlib.suppress(OSError):
                slot.file.close()
        if isinstance(slot.storage, AtomicFileFeedStorage) and not slot.storage.in_place:
            delete_part(str(slot.storage.part))


def _file_of(slot: FeedSlot) -> IO[bytes]:
    assert slot.file is not None
    if isinstance(slot.file, PostProcessingManager):
        slot.file.close()
        return slot.file.file
    return slot.file
