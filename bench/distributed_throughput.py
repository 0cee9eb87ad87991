"""Distributed mode: one web archive read by 1 and by 2 workers, beside local mode, in the
same run.

    .venv/bin/python bench/distributed_throughput.py [--pages 3000] [--runs 3] [--quick]

It builds one `.warc.gz` of real pages (as bench/warc_throughput.py does: ../shared/corpus
when present), starts a redis-server and a PostgreSQL of its own on free ports (as the
tests do: tests/servers.py), and times whole runs, alternating:

- local mode: `scrapy crawl independent -a fixtures=ARCHIVE` (SQLite, one process);
- 1 worker: the seeder alone, in distributed mode (it works as well as it seeds);
- 2 workers: the seeder and one worker, started together.

Each run starts from an empty state and queue. It prints pages per second (the wall time
from the first process's start to the last one's end, start-up included) and the peak
memory of the largest process, medians of the runs. It asserts nothing but that every
page reached a feed exactly once.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, Run, median_run, peak_rss_mb, scratch, timed
from bench.warc_throughput import build
from tests import servers

_databases = count()
CRAWL = [sys.executable, "-m", "scrapy", "crawl", "independent"]


def check_feeds(output: Path, pages: int) -> None:
    """Every page in the run's feeds, once."""
    ids = Counter(
        json.loads(line)["id"]
        for feed in (output / "independent").glob("2*.jsonl")
        for line in feed.read_text(encoding="utf-8").splitlines()
    )
    if len(ids) != pages or set(ids.values()) != {1}:
        raise RuntimeError(f"{len(ids)} articles in the feeds of {output}, not {pages} once each")


def local(archive: Path, folder: Path, pages: int, number: int) -> Run:
    output = folder / f"local-{number}"
    figures = timed(
        [*CRAWL, "-a", f"fixtures={archive}", "-s", f"NEWSBOT_STATE_PATH={output / 'state.sqlite'}",
         "-s", f"NEWSBOT_FEED_DIR={output}", "-s", "NEWSBOT_RECURRING_ENABLED=False"]
    )  # fmt: skip
    check_feeds(output, pages)
    return figures


def distributed(
    archive: Path, folder: Path, pages: int, workers: int, number: int, redis: str, postgres: str
) -> Run:
    import psycopg
    import redis as redis_client

    redis_client.Redis.from_url(redis).flushall()
    database = f"bench{next(_databases)}"
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {database}")
    output = folder / f"workers{workers}-{number}"
    settings = [
        "-s", f"NEWSBOT_REDIS_URL={redis}",
        "-s", f"NEWSBOT_STATE_URL={postgres.rsplit('/', 1)[0]}/{database}",
        "-s", f"NEWSBOT_FEED_DIR={output}",
        "-s", f"NEWSBOT_WORKERS={workers}",
        "-s", "NEWSBOT_HEARTBEAT_SECONDS=0.5",
    ]  # fmt: skip
    commands = [[*CRAWL, *settings, "-s", "NEWSBOT_ROLE=worker"] for _ in range(workers - 1)]
    commands.append([*CRAWL, *settings, "-a", f"fixtures={archive}"])
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        processes = [
            subprocess.Popen(c, cwd=REPO, stdout=subprocess.DEVNULL, stderr=log) for c in commands
        ]
        peak = 0.0
        while any(p.poll() is None for p in processes):
            peak = max([peak, *(peak_rss_mb(p.pid) or 0.0 for p in processes)])
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        if any(p.returncode != 0 for p in processes):
            log.seek(0)
            raise RuntimeError(f"a process of the run failed: {log.read().decode()[-3000:]}")
    check_feeds(output, pages)
    return Run(seconds, peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="300 pages, one run each")
    options = parser.parse_args()
    pages, runs = (300, 1) if options.quick else (options.pages, options.runs)
    if servers.missing():
        sys.exit(f"Cannot run: {servers.missing()} (see .ci/run)")
    figures: dict[str, list[Run]] = {"local": [], "1": [], "2": []}
    with scratch() as temporary, servers.redis_server() as redis, servers.postgres_server() as pg:
        folder = Path(temporary)
        _, archive = build(folder, pages)
        size = archive.stat().st_size / 1e6
        for number in range(runs):
            figures["local"].append(local(archive, folder, pages, number))
            for workers in (1, 2):
                run = distributed(archive, folder, pages, workers, number, redis, pg)
                figures[str(workers)].append(run)
    print(f"{pages} pages in one .warc.gz of {size:.1f} MB")
    print(f"{'mode':>28} | pages/s  peak MB")
    medians = {key: median_run(found) for key, found in figures.items()}
    for label, key in (
        ("local mode (SQLite)", "local"),
        ("distributed, 1 worker", "1"),
        ("distributed, 2 workers", "2"),
    ):
        figure = medians[key]
        print(f"{label:>28} | {pages / figure.seconds:7.0f} {figure.peak_rss_mb:8.0f}")
    one, two = medians["1"].seconds, medians["2"].seconds
    print(
        f"\n2 workers / 1 worker: {one / two:.2f}x; 1 worker / local: "
        f"{medians['local'].seconds / one:.2f}x. Whole runs (start-up included), medians of "
        f"{runs} run(s) each."
    )


if __name__ == "__main__":
    main()
