"""The benchmarks still run (their --quick modes); the figures themselves are not tested."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import REPO


@pytest.mark.parametrize(
    "script", ["fixtures_throughput.py", "page_extraction.py", "crawl_throughput.py"]
)
def test_benchmark_runs(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), "--quick"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "newsbot" in result.stdout or "pages/s" in result.stdout
