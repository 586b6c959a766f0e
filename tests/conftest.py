"""Shared fixtures: the training corpora are optional; tests that need them skip cleanly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI machines are shared and slow: no per-example deadline, same examples everywhere.
settings.register_profile(
    "awal", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], max_examples=100
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "awal"))

REPO = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path | None:
    """``$AWAL_DATA`` or ``../shared/data`` next to the repository, if it holds the corpora."""
    candidate = Path(os.environ.get("AWAL_DATA", REPO.parent / "shared" / "data"))
    return candidate if (candidate / "MANIFEST.md").is_file() else None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of ../shared/data; skips the test when the corpora are not on this machine."""
    path = shared_data_dir()
    if path is None:
        pytest.skip("needs ../shared/data (set AWAL_DATA to its path)")
    return path
