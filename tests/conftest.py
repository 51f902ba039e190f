"""Shared fixtures: a private copy of the bundled data for tests that change files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dashboard.loader import Dataset, load_dataset
from dashboard.settings import BUNDLED_DATA


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The bundled data, loaded strictly (it must be valid)."""
    return load_dataset(BUNDLED_DATA)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled data directory that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA, target, ignore=shutil.ignore_patterns("osm", "*.pbf"))
    return target


@pytest.fixture(scope="session")
def node() -> str:
    """The ``node`` program, for tests that run our generated JavaScript in a real engine.

    Skipped where it is missing, except in CI (``CI=true``), where the README's test command
    installs Debian's ``nodejs`` and a missing engine must fail, not pass by skipping."""
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed, but the JavaScript tests must run in CI")
        pytest.skip("node is not installed")
    return found
