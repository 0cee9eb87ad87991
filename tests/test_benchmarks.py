"""The benchmarks still run (their --quick modes); the figures themselves are not tested."""

from __future__ import annotations

import pytest

from tests.helpers import bench


@pytest.mark.parametrize(
    "script",
    ["fixtures_throughput.py", "page_extraction.py", "crawl_throughput.py", "warc_throughput.py"],
)
def test_benchmark_runs(script: str) -> None:
    result = bench(script, "--quick")
    assert result.returncode == 0, result.stderr
    assert "newsbot" in result.stdout or "pages/s" in result.stdout
