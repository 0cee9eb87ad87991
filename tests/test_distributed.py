"""Distributed mode, end to end: a real redis-server and PostgreSQL (tests/servers.py), a
seeder and two workers, each a real `scrapy crawl independent` in a subprocess, against a
web archive and against the local stand-in for the site; the feeds read back.

The promises: every article emitted once across the run's feeds, none twice; a second run
emits nothing; a worker killed mid-run loses nothing for good (the next run emits what it
had taken); a second seeder is refused; ``since`` holds on every worker.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest

from newsbot.warc import parts
from tests import servers
from tests.faults import signal_at
from tests.helpers import REPO, crawl, read_feed, read_manifest, wait_until
from tests.site_server import SITE, site_server
from tests.warcs import Record, write_warc

BASE = "https://www.independent.co.uk"
BRIDGE = "news/world/harbour-bridge-reopens-b1000001.html"
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
_databases = count()


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    if servers.missing() is not None:  # the tests that need the servers skip
        pytest.skip(str(servers.missing()))
    with servers.redis_server() as url:
        yield url


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if servers.missing() is not None:
        pytest.skip(str(servers.missing()))
    with servers.postgres_server() as url:
        yield url


@dataclass
class Cluster:
    """The servers, emptied for one test, and where its runs write."""

    redis: str
    state: str
    folder: Path

    def settings(self) -> list[str]:
        return [
            "-s", f"NEWSBOT_REDIS_URL={self.redis}",
            "-s", f"NEWSBOT_STATE_URL={self.state}",
            "-s", f"NEWSBOT_FEED_DIR={self.folder / 'output'}",
            "-s", "NEWSBOT_HEARTBEAT_SECONDS=0.5",
            "-s", "NEWSBOT_STATE_TIMEOUT=2",  # so that a worker is taken for dead in 3 s
            "-s", "NEWSBOT_JOIN_TIMEOUT=20",
            "-s", "NEWSBOT_ARCHIVE_PART_BYTES=10000",  # a few pages a part
            *FAST,
        ]  # fmt: skip

    def start(
        self, name: str, *args: str, worker: bool = False, prefix: Sequence[str] = ()
    ) -> subprocess.Popen:
        """Start a seeder (or a worker) of ``scrapy crawl independent ARGS``, under
        ``prefix`` (strace); its log goes to ``<folder>/<name>.log``."""
        role = ["-s", "NEWSBOT_ROLE=worker"] if worker else []
        command = [*prefix, sys.executable, "-m", "scrapy", "crawl", "independent"]
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 (the child's)
        process = subprocess.Popen(
            [*command, *self.settings(), *role, *args], cwd=REPO, stderr=log, text=True
        )
        log.close()
        return process

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(encoding="utf-8")

    def run(self, *args: str, workers: int = 2, tag: str = "run") -> dict[str, int]:
        """``workers`` workers and a seeder, to their end; the exit status of each. The
        workers start first, and wait for the seeder's run. Settings (``-s``) in ARGS go to
        every process, arguments (``-a``) to the seeder."""
        pairs = zip(args[::2], args[1::2], strict=True)
        settings = [part for pair in pairs if pair[0] == "-s" for part in pair]
        processes = {}
        for number in range(workers):
            name = f"{tag}-worker{number}"
            processes[name] = self.start(name, *settings, worker=True)
        processes[f"{tag}-seeder"] = self.start(f"{tag}-seeder", *args)
        return {name: finish(process) for name, process in processes.items()}

    def records(self) -> list[dict]:
        """Every record of every feed published under the folder so far."""
        return [r for feed in self.feeds() for r in read_feed(feed)]

    def feeds(self) -> list[Path]:
        return sorted((self.folder / "output" / "independent").glob("2*.jsonl"))

    def manifest(self) -> list[dict]:
        return read_manifest(self.folder / "output" / "independent" / "manifest.jsonl")


def finish(process: subprocess.Popen, timeout: float = 120) -> int:
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        raise


@pytest.fixture
def cluster(redis_url: str, postgres_url: str, tmp_path: Path) -> Cluster:
    """An empty Redis and a new PostgreSQL database for the test."""
    import psycopg
    import redis

    redis.Redis.from_url(redis_url).flushall()
    name = f"test{next(_databases)}"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return Cluster(redis_url, postgres_url.rsplit("/", 1)[0] + f"/{name}", tmp_path)


def story(number: int, day: str = "2024-05-01") -> Record:
    """An article page of its own (id b2<number>), published on ``day``."""
    body = (
        (SITE / BRIDGE)
        .read_bytes()
        .replace(b"b1000001", f"b{2000000 + number}".encode())
        .replace(b"2024-05-01", day.encode())
        .replace(b"<p>The harbour bridge", f"<p>Story {number}. The harbour bridge".encode())
    )
    url = f"{BASE}/news/world/story-{number}-b{2000000 + number}.html"
    return Record(url, body, date=f"{day}T12:00:00Z")


def stats(log: str) -> dict[str, int]:
    """The newsbot/ counts of the stats a run's log ends with."""
    return {name: int(value) for name, value in re.findall(r"'newsbot/([^']+)': (\d+)", log)}


def ids(records: list[dict]) -> Counter[str]:
    return Counter(record["id"] for record in records)


def changed(record: Record) -> Record:
    """A later capture of the story, its text changed."""
    return Record(
        record.url, record.body.replace(b"<p>Story", b"<p>Updated story"), date=record.date
    )


def test_a_seeder_and_two_workers_read_an_archive_once(cluster: Cluster) -> None:
    # 150 stories; every third captured twice, the same; every fifth changed later.
    archive = cluster.folder / "crawl.warc.gz"
    captures = [story(n) for n in range(150)]
    captures += [story(n) for n in range(0, 150, 3)] + [changed(story(n)) for n in range(0, 150, 5)]
    write_warc(archive, captures)
    statuses = cluster.run("-a", f"fixtures={archive}")
    assert set(statuses.values()) == {0}, {n: cluster.log(n)[-3000:] for n in statuses}
    records = cluster.records()
    emitted = ids(records)
    assert emitted == Counter(
        {f"independent:b{2000000 + n}": 2 if n % 5 == 0 else 1 for n in range(150)}
    )
    # One article's two texts are its revisions 1 and 2 (in the order workers met them).
    revisions: dict[str, set] = {}
    for record in records:
        revisions.setdefault(record["id"], set()).add(
            (record["metadata"]["revision"], record["articleBody"][:7])
        )
    for article_id, texts in emitted.items():
        assert {revision for revision, _ in revisions[article_id]} == set(range(1, texts + 1))
        assert len({text for _, text in revisions[article_id]}) == texts
    # Each process published its own feed, and the seeder's manifest line names them all.
    lines = cluster.manifest()
    assert sorted(line["worker"] is not None for line in lines) == [True] * 3
    [seeder] = [line for line in lines if "runFeeds" in line]
    named = sorted(Path(f).name for part in seeder["runFeeds"] for f in part["feeds"])
    assert named == [feed.name for feed in cluster.feeds()]
    assert sum(line["counts"]["emitted"] for line in lines) == 180
    # The work was shared: more than one process read pages.
    readers = [n for n in statuses if "'newsbot/pages/parsed'" in cluster.log(n)]
    assert len(readers) >= 2, readers
    # A second run over the same archive emits nothing.
    again = cluster.run("-a", f"fixtures={archive}", tag="again")
    assert set(again.values()) == {0}
    assert ids(cluster.records()) == emitted
    second = [line for line in cluster.manifest() if line["runId"] != seeder["runId"]]
    assert len(second) == 3
    assert sum(line["counts"]["emitted"] for line in second) == 0
    assert sum(line["counts"]["unchanged"] for line in second) == len(captures)


def planted(number: int) -> Record:
    """A story whose page holds, as text, whole WARC records of another article of the
    site (b3…), as a page about web archives, or one made to deceive, may."""
    record = story(number)
    inner = (SITE / BRIDGE).read_bytes().replace(b"b1000001", f"b{3000000 + number}".encode())
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + inner
    fake = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%d>\r\n"
        b"WARC-Target-URI: %s/news/world/planted-b%d.html\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
    ) % (number, BASE.encode(), 3000000 + number, len(http))
    # After each paragraph: wherever a part's cut is looked for, a record is met first.
    body = record.body.replace(b"</p>", b"</p><pre>\r\n\r\n" + fake + http + b"\r\n\r\n</pre>")
    return Record(record.url, body, date=record.date)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_parts_of_an_archive_start_only_where_its_records_do(cluster: Cluster, name: str) -> None:
    # Parts of about 10 KB: a cut looked for inside nearly every page, each holding a record.
    archive = cluster.folder / name
    write_warc(archive, [planted(n) for n in range(60)])
    statuses = cluster.run("-a", f"fixtures={archive}")
    assert set(statuses.values()) == {0}, {n: cluster.log(n)[-3000:] for n in statuses}
    assert ids(cluster.records()) == Counter(f"independent:b{2000000 + n}" for n in range(60))
    assert len(parts(archive, 10000)) > 10  # the archive was queued as many parts


def test_since_holds_on_every_worker(cluster: Cluster) -> None:
    archive = cluster.folder / "months.warc.gz"
    days = ["2024-04-20", "2024-05-02"]  # before since, and within it
    write_warc(archive, [story(n, days[n % 2]) for n in range(200)])
    statuses = cluster.run("-a", f"fixtures={archive}", "-a", "since=2024-05-01")
    assert set(statuses.values()) == {0}, {n: cluster.log(n)[-3000:] for n in statuses}
    records = cluster.records()
    assert ids(records) == Counter({f"independent:b{2000000 + n}": 1 for n in range(1, 200, 2)})
    assert {r["datePublished"][:10] for r in records} == {"2024-05-02"}
    # Each process that read pages left out those before since (the seeder's own argument,
    # given to none of the workers).
    readers = {name: stats(cluster.log(name)) for name in statuses}
    readers = {name: counts for name, counts in readers.items() if counts.get("pages/parsed")}
    assert sum(c.get("fixtures/out_of_range", 0) for c in readers.values()) == 100
    for counts in readers.values():
        assert counts["pages/parsed"] == counts.get("fixtures/out_of_range", 0) + counts.get(
            "emitted/new", 0
        )


def test_since_and_until_hold_on_a_live_sitemap(cluster: Cluster) -> None:
    # (Whichever process reads the monthly sitemap: on a site this small, mostly the seeder;
    # test_since_holds_on_every_worker shows the workers keep the seeder's window.)
    with site_server() as site:
        base = ("-s", f"INDEPENDENT_BASE_URL={site.base}")
        window = ("-a", "source=sitemap", "-a", "since=2024-05-01", "-a", "until=2024-05-15")
        statuses = cluster.run(*base, *window)
        assert set(statuses.values()) == {0}, {n: cluster.log(n)[-3000:] for n in statuses}
    assert list(ids(cluster.records())) == ["independent:b1000001"]
    assert "/sitemaps/sitemap-2024-05.xml" in site.requested
    assert "/sitemaps/sitemap-2020-10.xml" not in site.requested  # a month outside the range
    assert "/news/world/late-may-story-b1000008.html" not in site.requested  # after until


def test_a_live_crawl_fetches_each_page_once(cluster: Cluster) -> None:
    with site_server(with_corpus=True, page_delay=0.2) as site:
        # Three processes, two pages at a time each (the site's 8 at once, divided among 3).
        base = ("-s", f"INDEPENDENT_BASE_URL={site.base}", "-s", "NEWSBOT_WORKERS=3")
        statuses = cluster.run(*base)
        assert set(statuses.values()) == {0}, {n: cluster.log(n)[-3000:] for n in statuses}
        readers = [n for n in statuses if stats(cluster.log(n)).get("pages/parsed")]
        assert len(readers) >= 2, readers  # the pages were shared out
        pages = Counter(p for p in site.requested if p.endswith(".html"))
        emitted = ids(cluster.records())
        assert len(emitted) >= 4 and set(emitted.values()) == {1}
        assert set(pages.values()) == {1}, pages  # no page fetched twice by two workers
        assert site.requested.count("/sitemaps/googlenews") == 1
        again = cluster.run(*base, tag="again")
        assert set(again.values()) == {0}
        assert ids(cluster.records()) == emitted
        # Every article: those a local run of the same site emits.
        local = cluster.folder / "local.jsonl"
        result = crawl("-s", f"INDEPENDENT_BASE_URL={site.base}", *FAST, "-O", str(local))
        assert result.returncode == 0, result.stderr[-3000:]
    assert set(emitted) == {record["id"] for record in read_feed(local)}


def test_an_unreachable_site_fails_the_seeder_whoever_met_it(cluster: Cluster) -> None:
    import redis

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    # Nothing listens on the port now: every connection is refused, whichever worker tries.
    statuses = cluster.run("-s", f"INDEPENDENT_BASE_URL=http://127.0.0.1:{port}")
    logs = {name: cluster.log(name) for name in statuses}
    assert statuses == {"run-worker0": 0, "run-worker1": 0, "run-seeder": 1}, logs
    assert "The run's site could not be reached" in logs["run-seeder"]
    assert sum("No discovery document of" in log for log in logs.values()) == 1
    assert cluster.records() == []
    ends = sorted((line["exitStatus"], line["finishReason"]) for line in cluster.manifest())
    assert ends == [(0, "finished"), (0, "finished"), (1, "site_unreachable")]
    # The seeder ended the run: no run is left for a worker to join.
    assert redis.Redis.from_url(cluster.redis).get("newsbot:independent:run") is None


def test_a_killed_workers_articles_come_in_the_next_run(cluster: Cluster) -> None:
    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(400)])
    seeder = cluster.start("seeder", "-a", f"fixtures={archive}")
    victim = cluster.start("victim", "-s", "LOG_LEVEL=DEBUG", worker=True)
    other = cluster.start("other", worker=True)
    wait_until(lambda: "Scraped from" in cluster.log("victim"), victim, "it had articles")
    os.kill(victim.pid, signal.SIGKILL)
    assert finish(victim) == -signal.SIGKILL
    assert finish(seeder) == 0, cluster.log("seeder")[-3000:]
    assert finish(other) == 0, cluster.log("other")[-3000:]
    first = ids(cluster.records())
    assert set(first.values()) == {1}
    assert len(first) < 400  # what the victim had taken was lost to this run
    # The next run emits the rest, and only the rest.
    statuses = cluster.run("-a", f"fixtures={archive}", tag="next")
    assert set(statuses.values()) == {0}
    assert ids(cluster.records()) == Counter({f"independent:b{2000000 + n}": 1 for n in range(400)})
    # The victim's unfinished feed file was deleted by the next run on its machine.
    assert not list((cluster.folder / "output").rglob("*.part"))


def test_one_process_at_a_time_finishes_what_a_dead_worker_left(cluster: Cluster) -> None:
    # Two workers starting at once on a machine would both publish a dead worker's part
    # (its feed, its manifest line): recovery is one process at a time.
    import psycopg

    from newsbot.run.shared_state import SharedState
    from newsbot.run.state import FeedFile

    feeds = cluster.folder / "output" / "independent"
    feeds.mkdir(parents=True)
    part = feeds / ".20240101T000000Z-dead.jsonl.part"
    part.write_text("")
    dead = SharedState(cluster.state, "independent", "dead", str(feeds.absolute()))
    dead.begin_run("20240101T000000Z", [FeedFile(str(part), str(feeds / "dead.jsonl"))], None)
    dead.close()  # killed before it published, and its heartbeat long gone
    holder = SharedState(cluster.state, "independent", "other", str(feeds.absolute()))
    waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    with holder.recovering(), psycopg.connect(cluster.state, autocommit=True) as watch:
        worker = cluster.start("worker", "-s", "NEWSBOT_JOIN_TIMEOUT=1", worker=True)
        wait_until(lambda: watch.execute(waiting).fetchone() == (1,), worker, "it waited")
        assert part.exists()  # untouched while another process recovers
    holder.close()
    assert finish(worker) == 0, cluster.log("worker")
    assert not part.exists()
    assert "Run 20240101T000000Z/dead ended before it published" in cluster.log("worker")


def test_a_lost_redis_stops_every_process_and_the_next_run_emits_all(cluster: Cluster) -> None:
    import redis

    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(1000)])
    with servers.redis_server() as url:
        lost = Cluster(url, cluster.state, cluster.folder)
        seeder = lost.start("seeder", "-a", f"fixtures={archive}", "-s", "LOG_LEVEL=DEBUG")
        worker = lost.start("worker", worker=True)
        wait_until(lambda: "Scraped from" in lost.log("seeder"), seeder, "it had articles")
        with contextlib.suppress(redis.ConnectionError):
            redis.Redis.from_url(url).shutdown(nosave=True)  # the server is gone
        # Each stops at once (the scheduler no longer raises into Scrapy's engine, which
        # then never closed), says why, and publishes nothing.
        assert (finish(seeder, timeout=60), finish(worker, timeout=60)) == (7, 7)
    for name in ("seeder", "worker"):
        assert re.search(r"Cannot use the state: cannot .* on the Redis at ", lost.log(name))
    assert cluster.records() == []
    statuses = cluster.run("-a", f"fixtures={archive}", tag="next")
    assert set(statuses.values()) == {0}
    assert ids(cluster.records()) == Counter(
        {f"independent:b{2000000 + n}": 1 for n in range(1000)}
    )


def heartbeat_gone(cluster: Cluster, process: subprocess.Popen, name: str) -> None:
    """SIGKILL ``process``, a seeder, and wait until its heartbeat has expired."""
    import redis

    os.kill(process.pid, signal.SIGKILL)
    assert finish(process) == -signal.SIGKILL
    server = redis.Redis.from_url(cluster.redis)
    deadline = time.monotonic() + 30
    while server.keys(f"newsbot:independent:*:worker:*-{process.pid}"):
        assert time.monotonic() < deadline, cluster.log(name)
        time.sleep(0.1)


def test_a_worker_joins_no_run_whose_seeder_is_gone(cluster: Cluster) -> None:
    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(400)])
    seeder = cluster.start("seeder", "-a", f"fixtures={archive}", "-s", "LOG_LEVEL=DEBUG")
    wait_until(lambda: "Scraped from" in cluster.log("seeder"), seeder, "it had articles")
    heartbeat_gone(cluster, seeder, "seeder")  # its run is left in Redis, its queue full
    late = cluster.start("late", "-s", "NEWSBOT_JOIN_TIMEOUT=2", worker=True)
    assert finish(late) == 0
    assert "No run to join" in cluster.log("late")
    assert cluster.records() == []
    # The next run reads it all, and emits every article once.
    statuses = cluster.run("-a", f"fixtures={archive}", tag="next")
    assert set(statuses.values()) == {0}, {n: cluster.log(n)[-2000:] for n in statuses}
    assert ids(cluster.records()) == Counter({f"independent:b{2000000 + n}": 1 for n in range(400)})


def test_a_seeder_is_refused_while_an_earlier_runs_workers_work(cluster: Cluster) -> None:
    # The first run's seeder is killed; its worker goes on with the run. A seeder started
    # meanwhile would emit again what that worker has not yet published.
    with site_server(with_corpus=True) as site:
        site.pages_open.clear()  # the first run's pages wait
        base = ("-s", f"INDEPENDENT_BASE_URL={site.base}")
        one = ("-s", "CONCURRENT_REQUESTS=1")  # each takes one page, and leaves the rest
        worker = cluster.start("worker", *base, *one, worker=True)
        seeder = cluster.start("seeder", *base, *one)
        wait_until(
            lambda: sum(path.endswith(".html") for path in site.requested) >= 2,  # one each
            seeder,
            "each had a page",
        )
        heartbeat_gone(cluster, seeder, "seeder")
        second = cluster.start("second", *base)
        assert finish(second) == 3, cluster.log("second")[-3000:]
        assert "are still at work (its seeder gone" in cluster.log("second")
        site.pages_open.set()
        assert finish(worker) == 0, cluster.log("worker")[-3000:]
        statuses = cluster.run(*base, tag="next")
        assert set(statuses.values()) == {0}, {n: cluster.log(n)[-2000:] for n in statuses}
    emitted = ids(cluster.records())
    assert len(emitted) >= 4 and set(emitted.values()) == {1}, emitted


def test_a_second_seeder_is_refused(cluster: Cluster) -> None:
    with site_server() as site:
        site.pages_open.clear()  # the first run waits for its pages
        base = ("-s", f"INDEPENDENT_BASE_URL={site.base}")
        first = cluster.start("first", *base)
        wait_until(
            lambda: any(path.endswith(".html") for path in site.requested),
            first,
            "it asked for a page",
        )
        second = cluster.start("second", *base)
        assert finish(second) == 3
        assert "Another run is going on" in cluster.log("second")
        site.pages_open.set()
        assert finish(first) == 0, cluster.log("first")[-3000:]
    assert len(cluster.records()) >= 4


def test_a_run_is_over_when_its_queue_is_empty_and_no_live_worker_is_busy(
    redis_url: str,
) -> None:
    import redis

    from newsbot.run.cluster import Cluster as Shared

    redis.Redis.from_url(redis_url).flushall()
    a, b = (Shared(redis_url, "independent", name, beat_seconds=0.1, timeout=0.2) for name in "ab")
    a.join("r1", opens=True)
    b.join("r1")
    queue = a.key("requests")
    a.redis.zadd(queue, {b"a request": 0})
    assert not a.idle()  # a request waits
    assert b.take(queue) == b"a request"
    assert not a.idle()  # b is busy with it
    assert b.idle()  # and now done: the run is over
    assert a.alive("r1", "b")
    b.busy = True
    b.beat()  # busy again, and then silent: killed
    assert not a.idle()
    time.sleep(0.1 * 6 + 0.2)  # six beats missed
    assert not a.alive("r1", "b")
    assert a.idle()


def test_a_worker_back_from_the_dead_goes_on_unless_the_run_went_on_without_it(
    redis_url: str,
) -> None:
    import redis

    from newsbot.run.cluster import Cluster as Shared
    from newsbot.run.cluster import LeftOut

    redis.Redis.from_url(redis_url).flushall()
    a, b = (Shared(redis_url, "independent", name, beat_seconds=0.1, timeout=0.2) for name in "ab")
    a.join("r1", opens=True)
    b.join("r1")
    queue = a.key("requests")
    a.redis.zadd(queue, {b"one": 0, b"two": 1})
    assert b.take(queue) == b"one"
    time.sleep(0.1 * 6 + 0.2)  # b silent (stopped) with a request: taken for dead
    assert not a.alive("r1", "b")
    b.beat()  # back before anyone found the run over: nothing was lost, it goes on
    assert a.alive("r1", "b") and not a.idle()
    assert b.take(queue) == b"two"
    time.sleep(0.1 * 6 + 0.2)  # silent again, and this time the run is found over meanwhile
    assert a.idle()
    with pytest.raises(LeftOut, match="took this process for dead"):
        b.beat()
    a.fail("state_failed", "too late")  # found over: no failure ends the run now
    assert not a.redis.exists(a.key("failed"))


def test_a_worker_waiting_for_its_state_is_not_taken_for_dead_before_the_wait_fails(
    redis_url: str,
) -> None:
    import redis

    from newsbot.run.cluster import Cluster as Shared

    redis.Redis.from_url(redis_url).flushall()
    # Blocked in a call into PostgreSQL (at most 1 s here), a worker cannot beat.
    seeder, waiting = (
        Shared(redis_url, "independent", name, beat_seconds=0.1, timeout=1)
        for name in ("seeder", "waiting")
    )
    seeder.join("r1", opens=True)
    waiting.join("r1")
    time.sleep(0.1 * 6 + 0.3)  # six beats missed, and more
    assert seeder.alive("r1", "waiting")
    time.sleep(0.8)  # the wait's bound and two beats
    assert not seeder.alive("r1", "waiting")


def test_two_workers_claiming_one_article_at_once_get_one_revision_each(
    cluster: Cluster,
) -> None:
    import threading

    from newsbot.run.shared_state import SharedState
    from newsbot.run.state import Claim, Pending

    states = [SharedState(cluster.state, "independent", name, "/out") for name in "ab"]
    for state in states:
        state.begin_run("r1", [], None)
    articles = [f"independent:{n}" for n in range(300)]
    found: dict[str, list] = {name: [] for name in "ab"}
    start = threading.Barrier(2)

    def claim(state: SharedState, text: str) -> None:
        start.wait()
        for article in articles:  # every third with another text than the other worker's
            own = text if articles.index(article) % 3 == 0 else "same"
            found[state.worker].append(state.claim(Pending(article, None, own, None, 0)))

    threads = [threading.Thread(target=claim, args=(s, s.worker)) for s in states]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(found["a"]) == len(found["b"]) == len(articles)  # no claim failed
    for number, pair in enumerate(zip(found["a"], found["b"], strict=True)):
        if number % 3 == 0:  # two texts: revisions 1 and 2, one each
            assert sorted(claim.revision for claim in pair) == [1, 2]
        else:  # one text: one claims it, the other's is a duplicate
            assert sorted(pair, key=lambda c: c.revision or 0) == [
                Claim(None, Claim.DUPLICATE),
                Claim(1),
            ]
    for state in states:
        state.close()


def test_a_worker_without_a_run_stops(cluster: Cluster) -> None:
    worker = cluster.start("worker", "-s", "NEWSBOT_JOIN_TIMEOUT=1", worker=True)
    assert finish(worker) == 0
    assert "No run to join" in cluster.log("worker")
    assert cluster.feeds() == []


def test_a_worker_takes_no_arguments_of_its_own(cluster: Cluster) -> None:
    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(3)])
    seeder = cluster.start("seeder", "-a", f"fixtures={archive}")
    worker = cluster.start("worker", "-a", "since=2024-01-01", worker=True)
    assert finish(worker) == 2
    assert "a worker takes its run's arguments" in cluster.log("worker")
    assert finish(seeder) == 0
    assert len(cluster.records()) == 3


def test_workers_share_the_sites_politeness_limits() -> None:
    from scrapy.settings import Settings

    from newsbot.run.distributed import Distributed

    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    settings.set("NEWSBOT_REDIS_URL", "redis://queue:6379/0", priority="cmdline")
    settings.set("NEWSBOT_WORKERS", 4, priority="cmdline")
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="cmdline")
    settings.set("DOWNLOAD_DELAY", 0.5, priority="cmdline")
    settings.set("AUTOTHROTTLE_TARGET_CONCURRENCY", 2.0, priority="cmdline")
    Distributed().update_settings(settings)
    # Together, 4 workers ask of the site what one process would.
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert settings.getfloat("DOWNLOAD_DELAY") == 2.0
    assert settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") == 0.5
    # And each takes from the shared queue no more than it can fetch at once.
    assert settings.getint("CONCURRENT_REQUESTS") == 2
    assert settings["SCHEDULER"] == "newsbot.run.cluster.Scheduler"


def test_distributed_mode_needs_a_state_url(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "independent",
         "-s", "NEWSBOT_REDIS_URL=redis://127.0.0.1:1/0", "-s", f"NEWSBOT_FEED_DIR={tmp_path}"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "needs NEWSBOT_STATE_URL" in result.stderr


def test_a_redis_url_that_is_none_is_a_wrong_setting(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "independent",
         "-s", "NEWSBOT_REDIS_URL=http://user:s3cret@127.0.0.1:1/0",
         "-s", "NEWSBOT_STATE_URL=postgresql://127.0.0.1:1/x",
         "-s", f"NEWSBOT_FEED_DIR={tmp_path}"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Wrong settings: NEWSBOT_REDIS_URL must be a redis://" in result.stderr
    assert "Traceback" not in result.stderr and "s3cret" not in result.stderr


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://:s3cret@127.0.0.1:6379/0", "redis://:***@127.0.0.1:6379/0"),
        ("postgresql://newsbot:s3cret@db/newsbot", "postgresql://newsbot:***@db/newsbot"),
        ("postgresql://db/newsbot?password=s3cret&sslmode=require",
         "postgresql://db/newsbot?password=***&sslmode=require"),
        ("host=db password=s3cret dbname=newsbot", "host=db password=*** dbname=newsbot"),
    ],
)  # fmt: skip
def test_no_password_is_shown_in_messages(url: str, shown: str) -> None:
    from newsbot.run.shared_state import redacted

    assert redacted(url) == shown


# --- Issue 20: a distributed run that lost its queue, its state or its feed says so ---------


def joined(redis_url: str, processes: int) -> bool:
    """Whether that many processes joined the run going on."""
    import redis

    server = redis.Redis.from_url(redis_url)
    return any(server.scard(key) >= processes for key in server.keys("newsbot:*:workers"))


def exit_statuses(processes: dict[str, subprocess.Popen], timeout: float) -> dict[str, int]:
    """Each process's exit status, waiting ``timeout`` seconds at most for each (all of
    them are killed if one outlasts it)."""
    try:
        return {name: finish(process, timeout=timeout) for name, process in processes.items()}
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def test_a_flushed_redis_fails_every_process(cluster: Cluster) -> None:
    import redis

    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(1500)])
    processes = {
        "seeder": cluster.start("seeder", "-a", f"fixtures={archive}", "-s", "LOG_LEVEL=DEBUG"),
        "worker": cluster.start("worker", worker=True),
    }
    wait_until(lambda: "Scraped from" in cluster.log("seeder"), processes["seeder"], "articles")
    wait_until(lambda: joined(cluster.redis, 2), processes["worker"], "the worker joined")
    redis.Redis.from_url(cluster.redis).flushall()  # as `redis-cli FLUSHALL` does
    statuses = exit_statuses(processes, timeout=60)
    logs = {name: cluster.log(name) for name in processes}
    assert statuses == {"seeder": 7, "worker": 7}, {n: log[-3000:] for n, log in logs.items()}
    for log in logs.values():
        assert re.search(r"the run \S+'s queue on the Redis at \S+ is gone", log), log[-3000:]
    assert cluster.records() == []
    ends = {(line["finishReason"], line["exitStatus"], line["feed"]) for line in cluster.manifest()}
    assert ends == {("state_failed", 7, None)}
    statuses = cluster.run("-a", f"fixtures={archive}", tag="next")
    assert set(statuses.values()) == {0}, {n: cluster.log(n)[-2000:] for n in statuses}
    assert ids(cluster.records()) == Counter(
        {f"independent:b{2000000 + n}": 1 for n in range(1500)}
    )


def test_a_redis_restarted_empty_fails_every_process(cluster: Cluster) -> None:
    import redis

    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(1500)])
    with servers.redis_server() as url:
        lost = Cluster(url, cluster.state, cluster.folder)
        processes = {
            "seeder": lost.start("seeder", "-a", f"fixtures={archive}", "-s", "LOG_LEVEL=DEBUG"),
            "worker": lost.start("worker", worker=True),
        }
        wait_until(lambda: "Scraped from" in lost.log("seeder"), processes["seeder"], "articles")
        wait_until(lambda: joined(url, 2), processes["worker"], "the worker joined")
        pid = redis.Redis.from_url(url).info()["process_id"]
        os.kill(pid, signal.SIGKILL)  # and at once a new, empty one on the same port
        with servers.redis_server(port=int(url.rsplit(":", 1)[1].split("/")[0])):
            statuses = exit_statuses(processes, timeout=60)
    logs = {name: lost.log(name) for name in processes}
    assert statuses == {"seeder": 7, "worker": 7}, {n: log[-3000:] for n, log in logs.items()}
    for log in logs.values():  # the queue found gone, or the server met while it was down
        assert re.search(r"queue on the Redis at \S+ is gone|cannot .* on the Redis at", log)
    assert cluster.records() == []
    assert {line["finishReason"] for line in cluster.manifest()} == {"state_failed"}
    statuses = cluster.run("-a", f"fixtures={archive}", tag="next")
    assert set(statuses.values()) == {0}, {n: cluster.log(n)[-2000:] for n in statuses}
    assert len(ids(cluster.records())) == 1500


def test_a_frozen_postgresql_fails_every_process_within_the_timeout(cluster: Cluster) -> None:
    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(1500)])
    with servers.postgres_server() as state:
        frozen = Cluster(cluster.redis, state, cluster.folder)
        timeout = ("-s", "NEWSBOT_STATE_TIMEOUT=3")
        processes = {
            "seeder": frozen.start(
                "seeder", "-a", f"fixtures={archive}", "-s", "LOG_LEVEL=DEBUG", *timeout
            ),
            "worker": frozen.start("worker", *timeout, worker=True),
        }
        wait_until(lambda: "Scraped from" in frozen.log("seeder"), processes["seeder"], "articles")
        wait_until(lambda: joined(cluster.redis, 2), processes["worker"], "the worker joined")
        stopped = servers.postgres_processes(state)
        for pid in stopped:
            with contextlib.suppress(ProcessLookupError):  # a backend that just ended
                os.kill(pid, signal.SIGSTOP)
        try:
            late = frozen.start("late", *timeout, worker=True)  # cannot even connect
            statuses = exit_statuses({**processes, "late": late}, timeout=60)
        finally:
            for pid in stopped:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)
        logs = {name: frozen.log(name) for name in statuses}
        assert statuses == {"seeder": 7, "worker": 7, "late": 7}, {
            n: log[-3000:] for n, log in logs.items()
        }
        for log in logs.values():  # the server named, and the bound
            assert re.search(r"the shared state at postgresql://\S+ did not answer within 3 s", log)
        assert cluster.records() == []
        lines = cluster.manifest()
        assert {(line["finishReason"], line["exitStatus"]) for line in lines} == {
            ("state_failed", 7)
        }
        # The server back, the next run emits every article.
        statuses = frozen.run("-a", f"fixtures={archive}", tag="next")
        assert set(statuses.values()) == {0}, {n: frozen.log(n)[-2000:] for n in statuses}
        assert len(ids(cluster.records())) == 1500


def test_two_processes_never_write_one_feed_file(cluster: Cluster) -> None:
    import psycopg

    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(300)])
    same = cluster.folder / "same.jsonl"
    seeder = cluster.start("seeder", "-a", f"fixtures={archive}", "-O", str(same))
    worker = cluster.start("worker", "-O", str(same), worker=True)
    assert (finish(seeder, timeout=60), finish(worker, timeout=60)) == (2, 2)
    for name in ("seeder", "worker"):
        assert "put %(worker)s in the feed's name" in cluster.log(name), cluster.log(name)
    assert not same.exists()
    with psycopg.connect(cluster.state) as connection:  # nothing joined, claimed or emitted
        tables = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'newsbot_independent'"
        ).fetchone()
    assert tables == (0,)
    # Named per worker, each process writes its own file, and together they hold the run.
    named = str(cluster.folder / "feed-%(worker)s.jsonl")
    seeder = cluster.start("seeder", "-a", f"fixtures={archive}", "-O", named)
    worker = cluster.start("worker", "-O", named, worker=True)
    assert (finish(seeder), finish(worker)) == (0, 0), cluster.log("seeder")[-3000:]
    files = sorted(cluster.folder.glob("feed-*.jsonl"))
    assert len(files) == 2
    assert ids(r for f in files for r in read_feed(f)) == Counter(
        {f"independent:b{2000000 + n}": 1 for n in range(300)}
    )


@pytest.mark.parametrize(
    ("uri", "shared"),
    [
        ("out.jsonl", True),
        ("/data/feeds/out.jsonl", True),
        ("file:///data/feeds/out.jsonl", True),
        ("s3://bucket/feeds/out.jsonl", True),  # the last upload would replace the others
        ("ftp://host/out.jsonl", True),
        ("out-%(worker)s.jsonl", False),
        ("/data/%(worker)s/out.jsonl", False),
        ("s3://bucket/%(run_id)s/%(worker)s.jsonl", False),
        ("stdout:", False),  # `-O -`: each process's own standard output
        ("/dev/stdout", False),
        ("file:///dev/stderr", False),
        ("/dev/fd/1", False),
        ("/dev/null", False),  # a character device: no file
    ],
)
def test_which_feeds_two_processes_would_share(uri: str, shared: bool) -> None:
    from newsbot.run.feeds import shared_by_processes

    assert shared_by_processes(uri) is shared


def test_a_worker_whose_state_froze_fails_the_whole_run(cluster: Cluster) -> None:
    # Only the victim's way to PostgreSQL freezes: the others could go on, and, the victim
    # gone, find the run over and exit 0, while what it had taken was lost to the run.
    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(1500)])
    with servers.tcp_forwarder(cluster.state) as (through, forwarder):
        victim = ["-s", f"NEWSBOT_STATE_URL={through}", "-s", "NEWSBOT_WORKER_ID=victim"]
        processes = {
            "seeder": cluster.start("seeder", "-a", f"fixtures={archive}"),
            "worker": cluster.start("worker", worker=True),
            "victim": cluster.start("victim", *victim, "-s", "LOG_LEVEL=DEBUG", worker=True),
        }
        wait_until(lambda: "Scraped from" in cluster.log("victim"), processes["victim"], "articles")
        os.kill(forwarder.pid, signal.SIGSTOP)
        statuses = exit_statuses(processes, timeout=60)
    logs = {name: cluster.log(name) for name in processes}
    assert statuses == {"seeder": 7, "worker": 7, "victim": 7}, {
        n: log[-3000:] for n, log in logs.items()
    }
    assert "did not answer within 2 s" in logs["victim"]
    for name in ("seeder", "worker"):
        assert re.search(r"the run \S+ failed on victim \(.*did not answer within 2 s", logs[name])
    assert cluster.records() == []
    statuses = cluster.run("-a", f"fixtures={archive}", tag="next")
    assert set(statuses.values()) == {0}, {n: cluster.log(n)[-2000:] for n in statuses}
    assert len(ids(cluster.records())) == 1500


def test_a_worker_taken_for_dead_that_comes_back_publishes_nothing(cluster: Cluster) -> None:
    import redis

    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(600)])
    seeder = cluster.start("seeder", "-a", f"fixtures={archive}")
    other = cluster.start("other", worker=True)
    victim = cluster.start(
        "victim", "-s", "NEWSBOT_WORKER_ID=victim", "-s", "LOG_LEVEL=DEBUG", worker=True
    )
    try:
        wait_until(lambda: "Scraped from" in cluster.log("victim"), victim, "it had articles")
        os.kill(victim.pid, signal.SIGSTOP)  # frozen, with pages taken from the queue
        # The others take it for dead, and end the run without what it had taken.
        assert (finish(seeder), finish(other)) == (0, 0), cluster.log("seeder")[-3000:]
        assert redis.Redis.from_url(cluster.redis).keys("newsbot:independent:*") == []
    finally:
        os.kill(victim.pid, signal.SIGCONT)
    assert finish(victim, timeout=60) == 7, cluster.log("victim")[-3000:]
    assert re.search(r"the run \S+ took this process for dead", cluster.log("victim")), cluster.log(
        "victim"
    )[-3000:]
    first = ids(cluster.records())
    assert set(first.values()) == {1} and len(first) < 600
    assert not any("victim" in feed.name for feed in cluster.feeds())
    statuses = cluster.run("-a", f"fixtures={archive}", tag="next")
    assert set(statuses.values()) == {0}, {n: cluster.log(n)[-2000:] for n in statuses}
    assert ids(cluster.records()) == Counter({f"independent:b{2000000 + n}": 1 for n in range(600)})


def test_a_fifo_is_a_feed_every_process_would_write(tmp_path: Path) -> None:
    from newsbot.run.feeds import shared_by_processes

    fifo = tmp_path / "feed.fifo"
    os.mkfifo(fifo)  # every process on the machine that opens it writes into the one pipe
    assert shared_by_processes(str(fifo))


def test_two_workers_of_one_name_are_refused_one(cluster: Cluster) -> None:
    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(600)])
    same = ("-s", "NEWSBOT_WORKER_ID=twin")
    processes = {
        "one": cluster.start("one", *same, worker=True),
        "two": cluster.start("two", *same, worker=True),
        "seeder": cluster.start("seeder", "-a", f"fixtures={archive}"),
    }
    statuses = exit_statuses(processes, timeout=120)
    logs = {name: cluster.log(name) for name in processes}
    assert sorted(statuses.values()) == [0, 0, 2], {n: log[-3000:] for n, log in logs.items()}
    [refused] = [name for name, status in statuses.items() if status == 2]
    assert "another process of run" in logs[refused] and "NEWSBOT_WORKER_ID" in logs[refused]
    assert ids(cluster.records()) == Counter({f"independent:b{2000000 + n}": 1 for n in range(600)})


def test_a_frozen_redis_fails_every_process_within_the_timeout(cluster: Cluster) -> None:
    import redis

    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(1500)])
    with servers.redis_server() as url:
        frozen = Cluster(url, cluster.state, cluster.folder)
        processes = {
            "seeder": frozen.start("seeder", "-a", f"fixtures={archive}", "-s", "LOG_LEVEL=DEBUG"),
            "worker": frozen.start("worker", worker=True),
        }
        wait_until(lambda: "Scraped from" in frozen.log("seeder"), processes["seeder"], "articles")
        wait_until(lambda: joined(url, 2), processes["worker"], "the worker joined")
        pid = redis.Redis.from_url(url).info()["process_id"]
        os.kill(pid, signal.SIGSTOP)  # for twice the timeout (2 s), then back
        try:
            time.sleep(4)
        finally:
            os.kill(pid, signal.SIGCONT)
        statuses = exit_statuses(processes, timeout=60)
    logs = {name: frozen.log(name) for name in processes}
    assert statuses == {"seeder": 7, "worker": 7}, {n: log[-3000:] for n, log in logs.items()}
    for log in logs.values():
        assert re.search(r"cannot .* on the Redis at \S+: Timeout", log), log[-3000:]
    assert cluster.records() == []


def test_a_worker_whose_feed_fails_fails_the_whole_run(cluster: Cluster) -> None:
    from tests.faults import small_disk

    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(1500)])
    with small_disk(cluster.folder / "small", size="64k") as small:
        victim = ["-s", f"NEWSBOT_FEED_DIR={small}", "-s", "NEWSBOT_WORKER_ID=victim"]
        processes = {
            "seeder": cluster.start("seeder", "-a", f"fixtures={archive}"),
            "worker": cluster.start("worker", worker=True),
            "victim": cluster.start("victim", *victim, worker=True),
        }
        statuses = exit_statuses(processes, timeout=120)
    logs = {name: cluster.log(name) for name in processes}
    assert statuses == {"seeder": 6, "worker": 6, "victim": 6}, {
        n: log[-3000:] for n, log in logs.items()
    }
    assert "No space left on device" in logs["victim"]
    for name in ("seeder", "worker"):
        assert "Cannot write the run's feeds: the run" in logs[name]
        assert "failed on victim" in logs[name]
    assert cluster.records() == []
    statuses = cluster.run("-a", f"fixtures={archive}", tag="next")
    assert set(statuses.values()) == {0}, {n: cluster.log(n)[-2000:] for n in statuses}
    assert ids(cluster.records()) == Counter(
        {f"independent:b{2000000 + n}": 1 for n in range(1500)}
    )


def test_a_worker_whose_feed_cannot_be_made_leaves_the_run_to_the_others(
    cluster: Cluster,
) -> None:
    # It took nothing from the queue: nothing is lost with it.
    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(300)])
    (cluster.folder / "not-a-folder").write_text("")
    broken = ("-s", f"NEWSBOT_FEED_DIR={cluster.folder / 'not-a-folder'}")
    processes = {
        "broken": cluster.start("broken", *broken, worker=True),
        "worker": cluster.start("worker", worker=True),
        "seeder": cluster.start("seeder", "-a", f"fixtures={archive}"),
    }
    statuses = exit_statuses(processes, timeout=120)
    logs = {name: cluster.log(name) for name in processes}
    assert statuses == {"broken": 6, "worker": 0, "seeder": 0}, {
        n: log[-3000:] for n, log in logs.items()
    }
    assert "Cannot write the feed" in logs["broken"]
    assert ids(cluster.records()) == Counter({f"independent:b{2000000 + n}": 1 for n in range(300)})


def test_a_worker_slow_to_publish_is_waited_for_and_its_articles_emitted_once(
    cluster: Cluster,
) -> None:
    """A worker whose disk takes 4 s a sync (a worker is taken for dead after 3 s of
    silence): it beats on while it publishes, the seeder waits for it and lists its feed,
    and a run started as soon as the seeder is done emits none of its articles again."""
    if shutil.which("strace") is None:
        pytest.skip("strace is not installed")
    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(300)])
    slow_disk = ["strace", "-f", "-qq", "-o", os.devnull, "-e", "trace=fsync,fdatasync"]
    slow_disk += ["-e", "signal=none", "-e", "inject=fsync,fdatasync:delay_enter=4000000"]
    slow = cluster.start("slow", worker=True, prefix=slow_disk)
    other = cluster.start("other", worker=True)
    seeder = cluster.start("seeder", "-a", f"fixtures={archive}")
    assert finish(seeder) == 0, cluster.log("seeder")[-3000:]
    statuses = cluster.run("-a", f"fixtures={archive}", tag="next")  # at once
    assert finish(slow) == 0, cluster.log("slow")[-3000:]
    assert finish(other) == 0 and set(statuses.values()) == {0}
    assert ids(cluster.records()) == Counter({f"independent:b{2000000 + n}": 1 for n in range(300)})
    line = next(run for run in cluster.manifest() if "runFeeds" in run)  # the first run's
    assert len(line["runFeeds"]) == 3  # the seeder, slow and other
    assert all(part.get("published", True) for part in line["runFeeds"])


def test_a_worker_killed_while_publishing_has_its_articles_published_once(
    cluster: Cluster,
) -> None:
    """Killed as its feed is moved into place: a run on another machine (another feed
    folder) holds that worker's articles back, since the feed may be in place on its
    machine; the next process there publishes it, and each article is in one feed."""
    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(1000)])
    kill = signal_at(["rename", "renameat", "renameat2"])
    victim = cluster.start(
        "victim", "-s", "NEWSBOT_WORKER_ID=victim", "-s", "LOG_LEVEL=DEBUG", worker=True,
        prefix=kill,
    )  # fmt: skip
    other = cluster.start("other", worker=True)
    seeder = cluster.start("seeder", "-a", f"fixtures={archive}")
    wait_until(lambda: "Scraped from" in cluster.log("victim"), victim, "it had articles")
    assert finish(victim) != 0
    assert finish(seeder) == 0, cluster.log("seeder")[-3000:]
    assert finish(other) == 0
    [line] = [run for run in cluster.manifest() if "runFeeds" in run]
    assert {"worker": "victim"}.items() <= next(
        part for part in line["runFeeds"] if part["worker"] == "victim"
    ).items()
    assert [p.get("published") for p in line["runFeeds"] if p["worker"] == "victim"] == [False]
    elsewhere = cluster.folder / "elsewhere"
    statuses = cluster.run(
        "-a", f"fixtures={archive}", "-s", f"NEWSBOT_FEED_DIR={elsewhere}", tag="elsewhere"
    )
    assert set(statuses.values()) == {0}
    assert "a worker of an earlier run ended while publishing" in "".join(
        cluster.log(name) for name in statuses
    )
    # The victim's machine: its next process finishes that publishing.
    assert set(cluster.run("-a", f"fixtures={archive}", tag="back").values()) == {0}
    here = cluster.records()
    there = [r for feed in (elsewhere / "independent").glob("2*.jsonl") for r in read_feed(feed)]
    assert ids(here + there) == Counter({f"independent:b{2000000 + n}": 1 for n in range(1000)})


def test_the_last_revision_of_an_article_is_its_latest_capture(cluster: Cluster) -> None:
    """Workers read an archive's parts side by side, so a later capture may be met before
    an earlier one (here the earlier ends a part of a few records, the later starts the
    next): the earlier is then no next revision, and the last revision of every article is
    its latest capture's text."""
    captures = []
    for n in range(60):
        first = story(n)
        later = Record(
            first.url,
            first.body.replace(b"<p>Story", b"<p>Updated story"),
            date="2024-05-02T12:00:00Z",
        )
        captures += [story(1000 + n), first, later, story(2000 + n)]
    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, captures)
    statuses = cluster.run("-a", f"fixtures={archive}", workers=3)
    assert set(statuses.values()) == {0}, {n: cluster.log(n)[-3000:] for n in statuses}
    last: dict[str, tuple[int, str]] = {}
    for record in cluster.records():
        found = (record["metadata"]["revision"], record["articleBody"])
        last[record["id"]] = max(last.get(record["id"], found), found)
    assert len(last) == 180
    stale = [i for i in last if i < "independent:b2001000" and not last[i][1].startswith("Updated")]
    assert stale == []


def test_a_seeder_that_loses_redis_while_it_waits_lists_what_the_workers_published(
    cluster: Cluster,
) -> None:
    """Redis goes while the workers publish (the run over): the seeder cannot tell who is
    alive, exits 7 and publishes nothing, but its line lists the workers' parts as
    PostgreSQL has them; each article is in one feed after the next run."""
    import psycopg
    import redis

    archive = cluster.folder / "crawl.warc.gz"
    write_warc(archive, [story(n) for n in range(600)])
    with servers.redis_server() as url:
        lost = Cluster(url, cluster.state, cluster.folder)
        processes = {
            "worker": lost.start("worker", "-s", "NEWSBOT_STATE_TIMEOUT=30", worker=True),
            "seeder": lost.start("seeder", "-a", f"fixtures={archive}"),
        }

        def parts(status: str) -> bool:
            with psycopg.connect(cluster.state, autocommit=True) as watch:
                found = watch.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'newsbot_independent'"
                    " AND tablename = 'workers'"
                ).fetchone()
                if found != (1,):
                    return False
                found = watch.execute(
                    "SELECT count(*) FROM newsbot_independent.workers WHERE status = %s",
                    (status,),
                ).fetchone()
            return found is not None and found[0] >= 1

        wait_until(lambda: parts("running"), processes["worker"], "the worker reads")
        holder = psycopg.connect(cluster.state)  # holds the workers' publishing
        holder.execute("LOCK TABLE newsbot_independent.articles IN EXCLUSIVE MODE")
        wait_until(lambda: parts("publishing"), processes["worker"], "the worker publishes")
        with contextlib.suppress(redis.ConnectionError):
            redis.Redis.from_url(url).shutdown(nosave=True)
        time.sleep(1)
        holder.rollback()
        holder.close()
        statuses = {name: finish(process) for name, process in processes.items()}
    assert statuses == {"worker": 0, "seeder": 7}, lost.log("seeder")[-3000:]
    [line] = [run for run in cluster.manifest() if "runFeeds" in run]
    assert line["exitStatus"] == 7
    [worker] = [part for part in line["runFeeds"] if part["worker"] != line["worker"]]
    assert worker["feeds"], line
    statuses = cluster.run("-a", f"fixtures={archive}", tag="next")
    assert set(statuses.values()) == {0}
    assert ids(cluster.records()) == Counter({f"independent:b{2000000 + n}": 1 for n in range(600)})


def test_a_live_blog_of_three_pages_is_one_record_in_distributed_mode(
    cluster: Cluster, site: Path
) -> None:
    # Its later pages are asked for through the run's queue, with the blog read so far.
    blog = "news/uk/politics/election-night-live-b1000010.html"
    (site / "sitemaps" / "googlenews.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{{base}}/{blog}</loc></url></urlset>\n",
        encoding="utf-8",
    )
    with site_server(root=site) as server:
        statuses = cluster.run("-s", f"INDEPENDENT_BASE_URL={server.base}")
        assert set(statuses.values()) == {0}, {n: cluster.log(n)[-3000:] for n in statuses}
        pages = Counter(p for p in server.requested if "election-night" in p)
    [record] = cluster.records()
    assert [post["id"] for post in record["liveBlogUpdate"]] == [
        "post-3004", "post-3003", "post-3002", "post-3001", "post-3000",
    ]  # fmt: skip
    assert set(pages.values()) == {1} and len(pages) == 3
