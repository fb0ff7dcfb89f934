"""From tracks to model inputs: labels, feature sets, a scaler fitted on training rows only.

Notebook 02 does these steps one by one; the later notebooks call :func:`prepare_data`,
which labels the rows and scales them with notebook 02's own function.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, Sequence

import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler

from helpers.labels import class_names, popularity_classes, validate_thresholds
from helpers.scaling import scale_with_training_rows
from helpers.splits import Split

ORIGINAL_FEATURES: list[str] = ["danceability", "energy", "loudness", "speechiness", "acousticness",
                                "instrumentalness", "valence", "tempo"]
"""The eight audio features the original notebook used."""

ALL_AUDIO_FEATURES: list[str] = ["duration_ms", "explicit", "danceability", "energy", "key", "loudness", "mode",
                                 "speechiness", "acousticness", "instrumentalness", "liveness", "valence", "tempo",
                                 "time_signature"]
"""Every numeric column that describes how a track sounds (no names, no genre, no popularity)."""

GENRE = "track_genre"
Part = Literal["train", "validation", "test"]


def feature_matrix(tracks: pd.DataFrame, rows: np.ndarray, features: Sequence[str]) -> np.ndarray:
    """The chosen columns of the chosen rows, as float64 (``explicit`` becomes 0/1)."""
    unknown = [name for name in features if name not in tracks.columns]
    if unknown:
        raise KeyError(f"Unknown feature columns {unknown}; choose from {list(tracks.columns)}.")
    return tracks.loc[rows, list(features)].to_numpy(dtype=np.float64)


@dataclass(frozen=True)
class PreparedData:
    """Scaled features, class labels and (optionally) genre codes of the three parts of a split.

    ``x_*`` are float32 arrays (one column per feature, z-scored with the training rows' means and standard
    deviations); ``y_*`` the classes; ``genre_*`` integer codes into ``genres`` (the genres seen in the training rows;
    a genre never seen there gets the code ``len(genres)``), or ``None`` when the genre is not used.
    """

    split: Split
    features: list[str]
    thresholds: tuple[float, ...]
    scaler: StandardScaler
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    genres: list[str] | None = None
    genre_train: np.ndarray | None = None
    genre_val: np.ndarray | None = None
    genre_test: np.ndarray | None = None

    @property
    def class_names(self) -> list[str]:
        """Readable names of the classes, e.g. ``low (0-30)``."""
        return class_names(self.thresholds)

    @property
    def n_classes(self) -> int:
        return len(self.thresholds) + 1

    @property
    def n_features(self) -> int:
        return len(self.features)

    def part(self, name: Part) -> tuple[np.ndarray, np.ndarray]:
        """``(x, y)`` of the training, validation or test rows."""
        return {"train": (self.x_train, self.y_train), "validation": (self.x_val, self.y_val),
                "test": (self.x_test, self.y_test)}[name]

    def genre_codes(self, name: Part) -> np.ndarray:
        """The genre codes of the training, validation or test rows."""
        if self.genres is None:
            raise ValueError("These inputs have no genre; call prepare_data(..., genre=True).")
        return {"train": self.genre_train, "validation": self.genre_val, "test": self.genre_test}[name]

    def with_thresholds(self, tracks: pd.DataFrame, thresholds: Sequence[float]) -> PreparedData:
        """The same rows and inputs labelled with other cut points (nothing is refitted)."""
        parts = (self.split.train, self.split.validation, self.split.test)
        y_train, y_val, y_test = (popularity_classes(tracks.loc[rows, "popularity"], thresholds) for rows in parts)
        return replace(self, thresholds=validate_thresholds(thresholds), y_train=y_train, y_val=y_val, y_test=y_test)


def prepare_data(
    tracks: pd.DataFrame,
    thresholds: Sequence[float],
    split: Split,
    features: Sequence[str] = ORIGINAL_FEATURES,
    genre: bool = False,
) -> PreparedData:
    """Label the tracks, and scale the features with a scaler fitted on the training rows only (notebook 02's
    :func:`~helpers.scaling.scale_with_training_rows`).

    With ``genre=True`` each row also gets its genre as an integer code (the genres
    are numbered in sorted order from the training rows).
    """
    parts = (split.train, split.validation, split.test)
    scaler, (x_train, x_val, x_test) = scale_with_training_rows(*(feature_matrix(tracks, rows, features) for rows in parts))
    y_train, y_val, y_test = (popularity_classes(tracks.loc[rows, "popularity"], thresholds) for rows in parts)
    genres, codes = None, (None, None, None)
    if genre:
        genres = sorted(tracks.loc[split.train, GENRE].unique())
        code = {name: i for i, name in enumerate(genres)}
        codes = tuple(tracks.loc[rows, GENRE].map(code).fillna(len(genres)).to_numpy(dtype=np.int32) for rows in parts)
    return PreparedData(split=split, features=list(features), thresholds=validate_thresholds(thresholds), scaler=scaler,
                        x_train=x_train, y_train=y_train, x_val=x_val, y_val=y_val, x_test=x_test, y_test=y_test,
                        genres=genres, genre_train=codes[0], genre_val=codes[1], genre_test=codes[2])


def quantile_bin_edges(x_train: np.ndarray, n_bins: int) -> list[np.ndarray]:
    """For each column of the training rows, the edges of ``n_bins`` bins holding about equal
    numbers of rows (the distinct quantiles, so a column with few values gets fewer bins)."""
    edges = []
    for column in np.asarray(x_train, dtype=np.float64).T:
        cuts = np.unique(np.quantile(column, np.linspace(0, 1, n_bins + 1)))
        edges.append(cuts if len(cuts) > 1 else np.array([cuts[0], cuts[0] + 1.0]))
    return edges
