"""Test options (``--update-golden`` rewrites the expected records from what the code makes
now) and fixtures the test modules share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.site_server import SITE


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected JSON under tests/golden/ from what the code makes now",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the stand-in site (tests/site/) that the test may change between runs."""
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    return root
