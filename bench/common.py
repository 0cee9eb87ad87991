"""What the benchmarks share: running a command while sampling its peak memory, and medians."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (Linux's VmHWM), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def timed(command: list[str], cwd: Path = REPO) -> Run:
    """Run a command to its end; its wall time and the peak memory sampled while it ran."""
    # The log goes to a file: a pipe nobody reads would stop a chatty command when full.
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=log)
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, peak_rss_mb(process.pid) or 0.0)
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            log.seek(0)
            raise RuntimeError(f"{command[:5]} failed: {log.read().decode()[-2000:]}")
    return Run(seconds, peak)


def scratch() -> tempfile.TemporaryDirectory:
    """A temporary folder for a benchmark's files, in memory (/dev/shm) where there is one.

    This machine drops its disk cache within seconds: files on disk are read back from the
    disk at random, by either side of a comparison. In memory, both read at memory speed.
    """
    shm = Path("/dev/shm")
    memory = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    return tempfile.TemporaryDirectory(prefix="newsbot-bench-", dir=memory)


def check_feed(output: Path, records: int) -> None:
    """Fail unless a run wrote ``records`` records: a benchmark of lost work is no figure.

    ``output`` is the run's NEWSBOT_FEED_DIR; its manifest must count them too.
    """
    [feed] = (output / "independent").glob("2*.jsonl")
    with feed.open("rb") as lines:
        count = sum(1 for _ in lines)
    if count != records:
        raise RuntimeError(f"{feed} has {count} records, not {records}")
    manifest = (output / "independent" / "manifest.jsonl").read_text().splitlines()
    if json.loads(manifest[-1])["counts"]["emitted"] != records:
        raise RuntimeError(f"the manifest does not count {records} records: {manifest[-1]}")


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs), statistics.median(r.peak_rss_mb for r in runs)
    )
