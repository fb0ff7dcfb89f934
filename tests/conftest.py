"""Shared fixtures: small synthetic track tables (never rows of the real data set)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import helpers  # noqa: F401  (silences TensorFlow's C++ log before any test imports it)

GENRES = ["acoustic", "k-pop", "metal", "jazz"]


def make_tracks(n_songs: int = 120, seed: int = 0) -> pd.DataFrame:
    """A synthetic table shaped like the loaded data set.

    Each song gets one ``track_id``; about a third are listed again under a second
    genre (same ``track_id``), and about a sixth appear again under a new
    ``track_id`` (a single and its album), so splits have copies to keep together.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for song in range(n_songs):
        base = {
            "track_id": f"id{song:05d}",
            "artists": f"Artist {song % 37}",
            "album_name": f"Album {song}",
            "track_name": f"Song {song}",
            "popularity": int(rng.integers(0, 101)),
            "duration_ms": int(rng.integers(60_000, 400_000)),
            "explicit": bool(rng.random() < 0.1),
            "danceability": rng.random(),
            "energy": rng.random(),
            "key": int(rng.integers(0, 12)),
            "loudness": -rng.random() * 30,
            "mode": int(rng.integers(0, 2)),
            "speechiness": rng.random(),
            "acousticness": rng.random(),
            "instrumentalness": rng.random(),
            "liveness": rng.random(),
            "valence": rng.random(),
            "tempo": 60 + rng.random() * 120,
            "time_signature": 4,
            "track_genre": GENRES[song % len(GENRES)],
        }
        rows.append(base)
        if song % 3 == 0:
            rows.append({**base, "track_genre": GENRES[(song + 1) % len(GENRES)]})
        if song % 6 == 1:
            rows.append({**base, "track_id": f"single{song:05d}", "album_name": f"Single {song}"})
    return pd.DataFrame(rows)


@pytest.fixture
def tracks() -> pd.DataFrame:
    """A fresh synthetic tracks table for each test."""
    return make_tracks()


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
