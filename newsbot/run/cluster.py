"""Distributed mode's shared part, in Redis: the run's queue and dupefilter, the run's
arguments, the workers' heartbeats, and when a run is over.

scrapy-redis (pinned) gives the queue and the dupefilter; this module wraps the part of it
newsbot uses, with keys per run, and never lets it delete a queue a worker still needs
(its ``SCHEDULER_PERSIST=False`` does, when any worker stops). The keys:

- ``newsbot:<spider>:run``: the run going on, its id and arguments (JSON), set by the seeder;
- ``newsbot:<spider>:<run>:opened``: set by the seeder when it opens the run, before it
  queues anything, and deleted only when it ends the run. Every step that takes a request,
  beats or asks whether the run is over first checks that it is there: a Redis that lost
  its data (restarted without persistence, flushed) has lost the run's queue, and with
  an empty queue and no workers left, the run would look over;
- ``newsbot:<spider>:<run>:failed``: why a process of the run stopped without publishing
  (its state or its feed failed): the others stop too, as the run lost what it held;
- ``newsbot:<spider>:<run>:over``: a process found the run over (and publishes);
- ``newsbot:<spider>:<run>:requests``: the queue (scrapy-redis's priority queue);
- ``newsbot:<spider>:<run>:dupefilter``: fingerprints of the requests made (scrapy-redis);
- ``newsbot:<spider>:<run>:workers``: the workers that joined the run;
- ``newsbot:<spider>:<run>:worker:<id>``: ``busy`` or ``idle``, and alive while it is
  there: each worker sets it again every NEWSBOT_HEARTBEAT_SECONDS, and it expires after
  ``BEATS_MISSED`` beats missed, or NEWSBOT_STATE_TIMEOUT and 2 beats if that is longer
  (a killed worker's goes, and it counts no more);
- ``newsbot:<spider>:<run>:first_failed``, ``…:unreachable``: how many of the run's first
  discovery documents could not be read, and a mark once none could.

A run is over when its queue is empty and no live worker is busy, its ``opened`` key is
there and no process of it failed. A worker is busy from the
moment it takes a request (taken and marked in one step) until Scrapy says it is idle, and
what it makes of a request is queued before that: so "empty and nobody busy", read in one
step, cannot miss work on the way.

Requests a killed worker had taken are lost to that run: the next run finds the articles
again (they were never emitted, so the state does not know them) and emits them. A worker
taken for dead that comes back (it was stopped, or frozen) finds its heartbeat gone at its
next step: if it held requests and another process found the run over meanwhile, the run
went on without them, as for a killed worker, and it stops without publishing; otherwise
nothing was lost, and it goes on.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import redis
from scrapy.core.scheduler import Scheduler as MemoryScheduler
from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy.settings import Settings
from scrapy.spiders import Spider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler as RedisScheduler

from newsbot.run import outcomes
from newsbot.run.distributed import LOCAL
from newsbot.run.shared_state import redacted
from newsbot.run.state import StateError

if TYPE_CHECKING:
    from newsbot.run.coordinator import Run

logger = logging.getLogger(__name__)

BEATS_MISSED = 6  # a worker that missed this many heartbeats is taken for dead

# Each script below first checks that this process is still in its run, and answers
# 'gone', 'failed' or 'dead' when it is not: the run's ``opened`` key (KEYS[1]) is gone; its
# ``failed`` key (KEYS[3]) is there; this worker's heartbeat (KEYS[2]) lapsed while it held
# requests (ARGV[1] '1') and another found the run over without them (KEYS[4]: ``over``).
# Otherwise its status, then its answer.
_IN_RUN = """
if redis.call('exists', KEYS[1]) == 0 then return {'gone'} end
if redis.call('exists', KEYS[3]) == 1 then return {'failed'} end
if ARGV[1] == '1' and redis.call('exists', KEYS[2]) == 0
    and redis.call('exists', KEYS[4]) == 1 then return {'dead'} end
"""
# The heartbeat: this worker is alive, and busy or idle (ARGV[2]).
_BEAT = (
    _IN_RUN
    + """
redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3])
return {'ok'}
"""
)
# Take the first request of the queue (KEYS[5]) and mark the worker busy, in one step.
_TAKE = (
    _IN_RUN
    + """
local found = redis.call('zrange', KEYS[5], 0, 0)
if #found == 0 then return {'empty'} end
redis.call('zremrangebyrank', KEYS[5], 0, 0)
redis.call('set', KEYS[2], 'busy', 'PX', ARGV[2])
return {'ok', found[1]}
"""
)
# 'over' when the queue (KEYS[5]) is empty and no live worker of the run (KEYS[6]) is busy,
# and then marked so (KEYS[4]), else 'busy', read in one step.
_DRAINED = (
    _IN_RUN
    + """
if redis.call('zcard', KEYS[5]) > 0 then return {'busy'} end
for _, worker in ipairs(redis.call('smembers', KEYS[6])) do
  if redis.call('get', ARGV[2] .. worker) == 'busy' then return {'busy'} end
end
redis.call('set', KEYS[4], 1)
return {'over'}
"""
)
# Why the run failed (ARGV[1]), kept while the run is open (KEYS[1]) and not yet found over
# (KEYS[3]): once a process found it over, it is publishing, and a later failure loses only
# the failed process's part, as a kill does. The first failure is kept (KEYS[2]).
_FAIL = """
if redis.call('exists', KEYS[1]) == 0 or redis.call('exists', KEYS[3]) == 1 then return 0 end
redis.call('set', KEYS[2], ARGV[1], 'NX')
return 1
"""


class ClusterError(StateError):
    """Redis cannot be reached or used (a run stops as for its state); the message says
    which server."""


class LeftOut(ClusterError):
    """This process is no longer part of its run: the run's queue is gone, the run failed
    on another process (``reason``, one of newsbot.run.outcomes, is that process's), or the
    run took this one for dead. It must publish nothing."""

    def __init__(self, message: str, reason: str = outcomes.STATE_FAILED) -> None:
        super().__init__(message)
        self.reason = reason


class NameTaken(ValueError):
    """Another process of the run has this process's name (NEWSBOT_WORKER_ID)."""


def worker_id(settings: Settings) -> str:
    """NEWSBOT_WORKER_ID, by default ``<host>-<process id>``: unique among live workers."""
    return settings.get("NEWSBOT_WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True, slots=True)
class SharedRun:
    """The run going on, as the seeder shared it."""

    id: str
    arguments: dict[str, str | None]
    seeder: str  # the seeder's worker id


class Cluster:
    """This process's part in the shared runs of one spider, on the Redis at ``url``."""

    def __init__(
        self, url: str, spider: str, worker: str, beat_seconds: float, *, timeout: float
    ) -> None:
        self.url = redacted(url)  # for messages
        # Each call bounded as the state's are (NEWSBOT_STATE_TIMEOUT): a Redis frozen for
        # longer fails every process, one frozen for less lets no heartbeat lapse (below).
        self.redis = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self.prefix = f"newsbot:{spider}"
        self.worker = worker
        self.beat_seconds = beat_seconds
        # Seconds without a beat: a worker is taken for dead then. A worker waiting for
        # PostgreSQL or Redis cannot beat (the wait blocks its thread) for up to ``timeout``:
        # it must not be taken for dead, and so for one that has finished, before that wait
        # fails and it says so (``fail``).
        self.dead_after = max(beat_seconds * BEATS_MISSED, timeout + 2 * beat_seconds)
        self.ttl_ms = max(1, int(self.dead_after * 1000))
        self.run_id: str | None = None
        self.busy = True  # from joining until Scrapy first says the worker is idle
        self.holding = False  # it took requests since it was last idle
        # It holds part of the run: it took requests, or (the seeder) it queues the first.
        self.has_part = False
        # Whether the seeder ended the run (the shared state says; set by the coordinator):
        # its keys are gone then, as they are from a Redis that lost them.
        self.ended: Callable[[str], bool] | None = None
        # Local copies this worker is reading (distributed mode's spider counts them): it
        # takes nothing more while it reads one, so that the parts of an archive are shared
        # out one at a time, not sixteen (CONCURRENT_REQUESTS) to whoever asks first.
        self.reading = 0
        self._beat = self.redis.register_script(_BEAT)
        self._take = self.redis.register_script(_TAKE)
        self._drained = self.redis.register_script(_DRAINED)
        self._fail = self.redis.register_script(_FAIL)

    def key(self, name: str, run_id: str | None = None) -> str:
        """A key of this run (or of ``run_id``): ``newsbot:<spider>:<run>:<name>``."""
        run_id = run_id or self.run_id
        assert run_id is not None
        return f"{self.prefix}:{run_id}:{name}"

    def _heartbeat(self, worker: str | None = None, run_id: str | None = None) -> str:
        """A worker's heartbeat key (this one's, in this run, by default; "" gives the
        keys' prefix)."""
        return self.key(f"worker:{self.worker if worker is None else worker}", run_id)

    def _call(self, what: str, method: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except redis.RedisError as error:
            raise ClusterError(f"cannot {what} on the Redis at {self.url}: {error}") from error

    # --- the run -------------------------------------------------------------------------

    def share(self, run_id: str, arguments: dict[str, str | None]) -> None:
        """The seeder: make ``run_id`` the run going on, with its arguments, and forget the
        queues of the runs before it."""
        previous = self.current()
        if previous is not None and previous.id != run_id:
            self.forget(previous.id)
        record = json.dumps({"id": run_id, "arguments": arguments, "seeder": self.worker})
        self._call("share the run", self.redis.set, f"{self.prefix}:run", record)

    def current(self) -> SharedRun | None:
        """The run last shared and not ended, if any (its seeder may be gone)."""
        found = self._call("read the run", self.redis.get, f"{self.prefix}:run")
        if not found:
            return None
        record = json.loads(found)
        return SharedRun(record["id"], record["arguments"], record.get("seeder", ""))

    def joinable(self) -> SharedRun | None:
        """The run going on, if its seeder is alive: a worker joins no run whose seeder is
        gone (killed, or stopped by a fault), and waits for the next seeder's instead."""
        shared = self.current()
        if shared is None or not self.alive(shared.id, shared.seeder):
            return None
        return shared

    def live_workers(self, run_id: str) -> list[str]:
        """The workers of a run that still beat."""
        workers = self._call("read the workers", self.redis.smembers, self.key("workers", run_id))
        return sorted(w.decode() for w in workers if self.alive(run_id, w.decode()))

    def end(self, run_id: str) -> None:
        """The seeder, once its run is over: no run is going on, and its keys go."""
        current = self.current()
        if current is not None and current.id == run_id:
            self._call("end the run", self.redis.delete, f"{self.prefix}:run")
        self.forget(run_id)

    def forget(self, run_id: str) -> None:
        pattern = f"{self.prefix}:{run_id}:*"
        keys = list(self._call("list keys", self.redis.scan_iter, match=pattern, count=1000))
        if keys:
            self._call("delete keys", self.redis.delete, *keys)

    # --- this worker ---------------------------------------------------------------------

    def join(self, run_id: str, *, opens: bool = False) -> None:
        """Join a run; the seeder ``opens`` it, before anything is queued. Raises NameTaken,
        having joined nothing, when a process of that name joined it before: two would
        share one heartbeat, one part of the run in the state and one feed name (a dead
        one's part waits for another process of its machine to finish it)."""
        if opens:
            self._call("open the run", self.redis.set, self.key("opened", run_id), self.worker)
        workers = self.key("workers", run_id)
        if not self._call("join the run", self.redis.sadd, workers, self.worker):
            raise NameTaken(
                f"another process of run {run_id} is named {self.worker}: give each process "
                "a NEWSBOT_WORKER_ID of its own (the default, <host>-<pid>, is)"
            )
        self.run_id = run_id
        self.has_part = opens
        state = "busy" if self.busy else "idle"
        self._call("beat", self.redis.set, self._heartbeat(), state, px=self.ttl_ms)

    def _in_run(self, what: str, script: Any, keys: list[str], args: list[Any]) -> list[Any]:
        """Run one of the scripts above; raises LeftOut when this process is no longer in
        its run."""
        own = [self.key("opened"), self._heartbeat(), self.key("failed"), self.key("over")]
        answer = self._call(what, script, keys=own + keys, args=[int(self.holding), *args])
        status = answer[0].decode()
        if status == "gone" and self.ended is not None and self.ended(self.run_id):
            if not self.holding:
                return ["ended"]  # a late worker: the run ended before it took anything
            status = "dead"  # the run ended without what this one held
        if status == "gone":
            raise LeftOut(
                f"the run {self.run_id}'s queue on the Redis at {self.url} is gone: that Redis "
                "lost its data (it restarted without persistence, or was flushed), and the "
                "pages it still held are lost to this run, so nothing of it is published; "
                "the next run emits their articles"
            )
        if status == "dead":
            raise LeftOut(
                f"the run {self.run_id} took this process for dead (it was silent for more "
                f"than {self.dead_after:g} s: stopped, or frozen): what it had taken from the "
                "queue is lost to the run, so it publishes nothing; the next run emits those "
                "articles"
            )
        if status == "failed":
            found = self._call("read the run", self.redis.get, self.key("failed"))
            failure = json.loads(found) if found else {}
            raise LeftOut(
                f"the run {self.run_id} failed on {failure.get('worker', 'another process')}"
                f" ({failure.get('message', 'no reason given')}): what that process held is "
                "lost to the run, so this one publishes nothing either; the next run emits "
                "the run's articles",
                failure.get("reason", outcomes.STATE_FAILED),
            )
        return [status, *answer[1:]]

    def beat(self) -> None:
        """The heartbeat: this worker is alive, and busy or idle. Raises LeftOut when it
        is no longer in its run."""
        if self.run_id is None:
            return
        state = "busy" if self.busy else "idle"
        self._in_run("beat", self._beat, [], [state, self.ttl_ms])

    def take(self, queue: str) -> bytes | None:
        """The first request of the queue, and this worker marked busy; None if it is empty."""
        status, *found = self._in_run("take a request", self._take, [queue], [self.ttl_ms])
        if status in ("empty", "ended"):
            return None
        self.busy = self.holding = self.has_part = True
        return found[0]

    def idle(self) -> bool:
        """Scrapy says this worker has nothing to do: mark it idle. True when the whole run
        is over: the queue empty, and no live worker busy (or it joined none). Raises
        LeftOut when this process is no longer in its run."""
        if self.run_id is None:
            return True
        self.busy = False
        self.beat()
        self.holding = False
        (drained,) = self._in_run(
            "read the run's progress",
            self._drained,
            [self.key("requests"), self.key("workers")],
            [self._heartbeat("")],
        )
        return drained in ("over", "ended")

    def fail(self, reason: str, message: str) -> None:
        """This process stops without publishing (``reason``): the run has lost what it
        held, and every other process stops too. Best effort: a Redis that cannot be used
        is met by the others themselves. A worker that took nothing loses nothing with it,
        and the run goes on without it."""
        if self.run_id is None or not self.has_part:
            return
        failure = json.dumps({"worker": self.worker, "reason": reason, "message": message})
        try:
            keys = [self.key("opened"), self.key("failed"), self.key("over")]
            self._fail(keys=keys, args=[failure])
        except redis.RedisError as error:
            logger.warning("Cannot tell the run that this process failed: %s", error)

    def alive(self, run_id: str, worker: str) -> bool:
        """Whether a worker of a run still beats."""
        return bool(
            self._call("read a heartbeat", self.redis.exists, self._heartbeat(worker, run_id))
        )

    def first_failed(self, of: int) -> bool:
        """One of the run's ``of`` first discovery documents could not be read (here or by
        another worker); True when it was the last of them: the run is marked unreachable."""
        failed = self._call("count a failure", self.redis.incr, self.key("first_failed"))
        if failed == of:
            self._call("mark the run", self.redis.set, self.key("unreachable"), 1)
        return failed == of

    def unreachable(self) -> bool:
        """Whether none of the run's first discovery documents could be read."""
        return bool(self._call("read the run", self.redis.exists, self.key("unreachable")))

    def leave(self) -> None:
        """This worker is done with the run: it counts no more."""
        if self.run_id is not None:
            self._call("leave the run", self.redis.delete, self._heartbeat())


class Queue(PriorityQueue):
    """scrapy-redis's priority queue, taking through Cluster.take."""

    cluster: Cluster

    def pop(self, timeout: int = 0) -> Request | None:
        found = self.cluster.take(self.key)
        return self._decode_request(found) if found is not None else None


class Scheduler(RedisScheduler):
    """scrapy-redis's scheduler on the run's keys: its queue and dupefilter are the run's,
    and kept when this worker stops (other workers still need them; the seeder deletes them
    when the run is over).

    Redis failing under it stops the run (``state_failed``, nothing published) and leaves
    the scheduler empty from then on, so that the engine closes: an error raised to Scrapy
    here would be logged and met again at every turn of the engine, which never closes."""

    cluster: Cluster
    run: Run
    failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Scheduler | MemoryScheduler:
        """The run's shared scheduler; Scrapy's own for a process that joined no run (it
        stopped before: another seeder's run, no run to join), which then asks nothing."""
        from newsbot.run.coordinator import Run

        run = Run.of(crawler)
        cluster = run.cluster
        if cluster is None or cluster.run_id is None:
            return MemoryScheduler.from_crawler(crawler)
        scheduler = cls(
            server=cluster.redis,
            persist=True,
            queue_key=cluster.key("requests"),
            queue_cls="newsbot.run.cluster.Queue",
            dupefilter=RFPDupeFilter(cluster.redis, cluster.key("dupefilter")),
        )
        scheduler.stats = crawler.stats
        scheduler.cluster = cluster
        scheduler.run = run
        return scheduler

    def _fail(self, error: Exception) -> None:
        if not isinstance(error, StateError):
            error = ClusterError(
                f"cannot use the run's queue on the Redis at {self.cluster.url}: {error}"
            )
        self.failed = True
        self.run.lose(error)

    def open(self, spider: Spider) -> None:
        try:
            super().open(spider)
        except redis.RedisError as error:
            self._fail(error)
        self.queue.cluster = self.cluster

    def enqueue_request(self, request: Request) -> bool:
        if self.failed:
            return False
        try:
            if not request.dont_filter and self.df.request_seen(request):
                return False
            self.queue.push(request)
        except (redis.RedisError, StateError) as error:
            self._fail(error)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.cluster.reading or self.failed:
            return None  # Scrapy asks again when the copy is read
        try:
            request = self.queue.pop()
        except (redis.RedisError, StateError) as error:
            self._fail(error)
            return None
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
            if request.meta.get(LOCAL):
                self.cluster.reading += 1
        return request

    def has_pending_requests(self) -> bool:
        if self.failed:
            return False
        try:
            return super().has_pending_requests()
        except (redis.RedisError, StateError) as error:
            self._fail(error)
            return False
