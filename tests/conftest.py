"""Shared fixtures: small synthetic track tables (never rows of the real data set), and the real file.

Every test runs with ``SPOTIFY_TRACKS_CACHE`` pointing at a fresh temporary folder,
so no test can read or write the user's cache of the data set.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before anything imports TensorFlow

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # no window, whatever the machine (only in this process: notebook kernels keep theirs)

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.exercises.synthetic import synthetic_tracks  # noqa: E402

@pytest.fixture(autouse=True)
def _private_data_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data set's cache at a fresh temporary folder, so no test touches the user's cache."""
    folder = tmp_path_factory.mktemp("data-cache")
    monkeypatch.setenv("SPOTIFY_TRACKS_CACHE", str(folder))
    return folder


@pytest.fixture
def tracks() -> pd.DataFrame:
    """A fresh synthetic tracks table (120 songs, about 180 rows) for each test."""
    return synthetic_tracks(120, seed=0)


@pytest.fixture(scope="session")
def real_tracks_path() -> Path:
    """The real data set named by ``SPOTIFY_TRACKS_CSV``.

    Tests that use it are skipped when the variable is not set, except where
    ``COURSE_REQUIRE_REAL_DATA=1`` (as in CI): there a missing file fails.
    """
    value = os.environ.get("SPOTIFY_TRACKS_CSV")
    required = os.environ.get("COURSE_REQUIRE_REAL_DATA") == "1"
    if value and Path(value).is_file():
        return Path(value)
    message = f"real data set not found (SPOTIFY_TRACKS_CSV={value!r})"
    if required:
        pytest.fail(message + "; COURSE_REQUIRE_REAL_DATA=1 requires it.")
    pytest.skip(message)


@pytest.fixture(scope="session")
def real_tracks(real_tracks_path: Path) -> pd.DataFrame:
    """The real data set, loaded once for the session."""
    from helpers.data import load_tracks

    return load_tracks(real_tracks_path)
