"""Exercises of notebook 02 (from tracks to training data)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler

from helpers.exercises.base import FunctionExercise, Outcome, SelfAssessed, Status
from helpers.exercises.synthetic import synthetic_tracks


class LeakedShare(FunctionExercise):
    number, title = 1, "counting a leak"
    function_name = "leaked_share"
    hint_text = "test_ids.isin(train_ids) is True for each test row whose id occurs among the training ids; its mean is a share."
    success = "right on random sets of ids, with and without repeats."

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(202)
        ids = np.array([f"t{i}" for i in range(60)])
        return [
            (pd.Series(rng.choice(ids, 100)), pd.Series(rng.choice(ids, 40))),
            (pd.Series(ids[:30]), pd.Series(ids[30:])),
            (pd.Series(ids), pd.Series(ids[::3])),
            (pd.Series(rng.choice(ids[:10], 50)), pd.Series(rng.choice(ids, 25))),
        ]

    def expected(self, train_ids: pd.Series, test_ids: pd.Series) -> float:
        return float(test_ids.isin(set(train_ids)).mean())

    def difference(self, got: Any, expected: float, args: tuple[Any, ...]) -> str | None:
        try:
            value = float(got)
        except (TypeError, ValueError):
            return f"return a number between 0 and 1, got {got!r}."
        if abs(value - expected) <= 1e-9:
            return None
        train_ids, test_ids = args
        if abs(value - 100 * expected) <= 1e-6:
            return "give the share as a number between 0 and 1, not a percentage."
        if abs(value - float(train_ids.isin(set(test_ids)).mean())) <= 1e-9:
            return "that is the share of training rows found among the test ids; it is the test rows that leak."
        return f"on one case the share is {expected:.3f}, your function gave {value:.3f}."


class SplitByArtist(FunctionExercise):
    number, title = 2, "a split by artist"
    function_name = "split_by_artist"
    hint_text = ("GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed) with groups=tracks['artists']; "
                 "next(splitter.split(tracks, groups=...)) gives positions, and tracks.index[positions] the row labels.")
    success = "no artist on both sides, every row used once, about 20% test rows, and the same seed gives the same split."

    def cases(self) -> list[tuple[Any, ...]]:
        shuffled = synthetic_tracks(300, 31).sample(frac=1.0, random_state=0)
        shuffled.index = shuffled.index + 10_000  # row labels that are neither in order nor positions
        return [(synthetic_tracks(300, 32), 1), (shuffled, 7)]

    def expected(self, tracks: pd.DataFrame, seed: int) -> None:
        return None  # any split with the properties below is right

    def evaluate(self, answer: Any) -> Outcome:
        outcome = super().evaluate(answer)
        if outcome.status is not Status.CORRECT:
            return outcome
        tracks, seed = self.cases()[1]
        first, again = answer(tracks.copy(), seed), answer(tracks.copy(), seed)
        if not all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(first, again)):
            return Outcome(Status.INCORRECT, "the same seed gave two different splits; pass the seed as random_state.")
        return outcome

    def difference(self, got: Any, expected: None, args: tuple[Any, ...]) -> str | None:
        tracks, _ = args
        try:
            train, test = (np.asarray(part) for part in got)
        except (TypeError, ValueError):
            return "return a pair: (train_rows, test_rows)."
        if not (set(train) <= set(tracks.index) and set(test) <= set(tracks.index)):
            return "return row labels of tracks (tracks.index[positions]), not positions."
        if len(set(train) | set(test)) != len(tracks) or set(train) & set(test):
            return "every row must be in exactly one part."
        shared = set(tracks.loc[train, "artists"]) & set(tracks.loc[test, "artists"])
        if shared:
            return f"{len(shared)} artists have rows on both sides; split by the artists column as groups."
        if not 0.1 <= len(test) / len(tracks) <= 0.3:
            return f"about 20% of the rows should be test rows, not {len(test) / len(tracks):.0%}."
        return None


class ScaleLikeTraining(FunctionExercise):
    number, title = 3, "scaling by hand"
    function_name = "scale_like_training"
    hint_text = "train.mean(axis=0) and train.std(axis=0) give one number per column; StandardScaler divides by the std with ddof=0."
    success = "the same numbers as a StandardScaler fitted on the training rows, on arrays you had not seen."

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(203)
        return [
            (rng.normal(5, 3, (50, 4)), rng.normal(5, 3, (20, 4))),
            (rng.uniform(-100, 0, (30, 2)), rng.uniform(-100, 0, (7, 2))),
            (rng.exponential(2, (40, 3)), rng.exponential(5, (40, 3))),
        ]

    def expected(self, train: np.ndarray, other: np.ndarray) -> np.ndarray:
        return StandardScaler().fit(train).transform(other)

    def difference(self, got: Any, expected: np.ndarray, args: tuple[Any, ...]) -> str | None:
        got = np.asarray(got, dtype=float)
        if got.shape != expected.shape:
            return f"return an array shaped like other, {expected.shape}, not {got.shape}."
        if np.allclose(got, expected):
            return None
        train, other = args
        if np.allclose(got, StandardScaler().fit(other).transform(other)):
            return "you used other's own mean and standard deviation; use the training rows' statistics."
        if np.allclose(got, (other - train.mean(axis=0)) / train.std(axis=0, ddof=1)):
            return "StandardScaler divides by the standard deviation with ddof=0 (np.std's default), not ddof=1."
        return "not the same numbers as StandardScaler: subtract the training means, then divide by the training stds."


q4 = SelfAssessed(
    4,
    "the original's scaler",
    "Fitting the scaler on all rows puts the test rows' means and spreads into the numbers every training row is "
    "transformed with: something about the test rows reaches the model before it is tested. Here the shift (printed above) "
    "is tiny, because the data is large and shuffled, so the test rows resemble the training rows. It matters with small data, with data that drifts (test rows from a later year), and above all "
    "with fitted steps that look at the labels, such as choosing features or encoding categories by their mean "
    "label: then the test labels leak into the inputs.",
)
