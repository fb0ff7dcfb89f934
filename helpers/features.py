"""Feature sets and scaling fitted on training rows only."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler

from helpers.data import COLUMNS

SEED_FEATURES: list[str] = [
    "danceability",
    "energy",
    "loudness",
    "speechiness",
    "acousticness",
    "instrumentalness",
    "valence",
    "tempo",
]
"""The eight audio features the original notebook used (the course's default)."""

ALL_AUDIO_FEATURES: list[str] = list(COLUMNS[COLUMNS.index("duration_ms") : COLUMNS.index("track_genre")])
"""Every numeric column that describes how a track sounds: the file's columns from
``duration_ms`` to ``time_signature`` (no names, no popularity, no genre)."""


def feature_matrix(tracks: pd.DataFrame, features: Sequence[str] = SEED_FEATURES) -> np.ndarray:
    """Return the chosen columns as a float64 array, one row a track."""
    missing = [name for name in features if name not in tracks.columns]
    if missing:
        raise KeyError(f"Unknown feature columns {missing}; choose from {list(tracks.columns)}.")
    return tracks[list(features)].to_numpy(dtype=np.float64)


def fit_scaler(
    tracks: pd.DataFrame, train_rows: np.ndarray, features: Sequence[str] = SEED_FEATURES
) -> StandardScaler:
    """Fit a z-score scaler on the training rows only, so no test statistics leak in."""
    return StandardScaler().fit(feature_matrix(tracks.loc[train_rows], features))


def scaled_features(
    tracks: pd.DataFrame,
    rows: np.ndarray,
    scaler: StandardScaler,
    features: Sequence[str] = SEED_FEATURES,
) -> np.ndarray:
    """Return the rows' features scaled by ``scaler``, as float32 for Keras."""
    return scaler.transform(feature_matrix(tracks.loc[rows], features)).astype(np.float32)
