"""Labels, split, features and scaling in one call.

Notebook 02 walks through these steps one by one; the notebooks after it call
:func:`prepare_data` so that each runs on a fresh kernel on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler

from helpers.features import SEED_FEATURES, fit_scaler, scaled_features
from helpers.labels import DEFAULT_THRESHOLDS, class_names, popularity_classes
from helpers.splits import SEED_RANDOM_STATE, Split, honest_split, seed_split

SplitName = Literal["honest", "seed"]


@dataclass
class PreparedData:
    """Scaled features and class labels for the training, validation and test rows."""

    split: Split
    features: list[str]
    thresholds: tuple[float, ...]
    class_names: list[str]
    scaler: StandardScaler
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def n_classes(self) -> int:
        """Number of popularity classes."""
        return len(self.class_names)

    @property
    def n_features(self) -> int:
        """Number of input features."""
        return len(self.features)


def make_split(
    tracks: pd.DataFrame, split: SplitName = "honest", seed: int = SEED_RANDOM_STATE
) -> Split:
    """Return the honest split by song (default) or the original notebook's random split."""
    if split == "honest":
        return honest_split(tracks, seed=seed)
    if split == "seed":
        return seed_split(tracks)
    raise ValueError(f"Unknown split {split!r}; use 'honest' or 'seed'.")


def prepare_data(
    tracks: pd.DataFrame,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    split: SplitName | Split = "honest",
    features: Sequence[str] = SEED_FEATURES,
    seed: int = SEED_RANDOM_STATE,
) -> PreparedData:
    """Label, split and scale the tracks; the scaler is fitted on the training rows only."""
    chosen = split if isinstance(split, Split) else make_split(tracks, split, seed)
    labels = pd.Series(popularity_classes(tracks["popularity"], thresholds), index=tracks.index)
    scaler = fit_scaler(tracks, chosen.train, features)

    def arrays(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return scaled_features(tracks, rows, scaler, features), labels.loc[rows].to_numpy()

    x_train, y_train = arrays(chosen.train)
    x_val, y_val = arrays(chosen.validation)
    x_test, y_test = arrays(chosen.test)
    return PreparedData(
        split=chosen,
        features=list(features),
        thresholds=tuple(thresholds),
        class_names=class_names(thresholds),
        scaler=scaler,
        x_train=x_train,
        y_train=y_train,
        x_val=x_val,
        y_val=y_val,
        x_test=x_test,
        y_test=y_test,
    )
