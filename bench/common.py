"""What the benchmarks share: running a command while sampling its peak memory, and medians."""

from __future__ import annotations

import statistics
import subprocess
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
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, peak_rss_mb(process.pid) or 0.0)
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{command[:5]} failed: {process.stderr.read().decode()[-2000:]}")
    return Run(seconds, peak)


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs), statistics.median(r.peak_rss_mb for r in runs)
    )
