"""The benchmarks still run (their --quick modes); the figures themselves are not tested."""

from __future__ import annotations

import pytest

from tests import servers
from tests.helpers import bench

DISTRIBUTED = pytest.param(
    "distributed_throughput.py",
    marks=pytest.mark.skipif(servers.missing() is not None, reason=str(servers.missing())),
)


@pytest.mark.parametrize(
    "script",
    [
        "fixtures_throughput.py",
        "page_extraction.py",
        "crawl_throughput.py",
        "warc_throughput.py",
        DISTRIBUTED,
    ],
)
def test_benchmark_runs(script: str) -> None:
    result = bench(script, "--quick")
    assert result.returncode == 0, result.stderr
    assert "newsbot" in result.stdout or "pages/s" in result.stdout
