"""Shared fixtures: a private copy of the bundled data for tests that change files."""

from __future__ import annotations

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
