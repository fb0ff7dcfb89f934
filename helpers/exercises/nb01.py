"""Exercises of notebook 01 (exploring the tracks).

Each exercise is bound to the tracks frame the notebook loaded and computes the
expected answer from it, so the checks hold for any copy of the data.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from helpers.eda import popularity_correlations
from helpers.exercises.base import Exercise, Outcome, as_number, is_percentage_of
from helpers.features import SEED_FEATURES


class CountGenres(Exercise):
    """How many distinct genres the data set has."""

    title = "Exercise 1 (number of genres)"
    hint_text = "The genre is in the column `track_genre`; a pandas Series can count its distinct values."
    solution_text = 'n_genres = tracks["track_genre"].nunique()'

    def __init__(self, tracks: pd.DataFrame) -> None:
        self.tracks = tracks

    def expected(self) -> int:
        """The number of distinct values of ``track_genre``."""
        return int(self.tracks["track_genre"].nunique())

    def evaluate_answer(self, n_genres: Any) -> Outcome:
        expected = self.expected()
        if isinstance(n_genres, (int, np.integer)) and not isinstance(n_genres, bool):
            if int(n_genres) == expected:
                rows = len(self.tracks) / expected
                return self.correct(f"{expected} genres, {rows:,.0f} rows per genre on average.")
            if int(n_genres) == len(self.tracks):
                return self.incorrect("that is the number of rows; count the distinct genres instead.")
        return self.incorrect(f"{n_genres!r} is not the number of distinct values of track_genre.")


class ZeroPopularityShare(Exercise):
    """The share (0-1) of rows with popularity 0."""

    title = "Exercise 2 (share of tracks with popularity 0)"
    hint_text = (
        'Compare the column with 0 (`tracks["popularity"] == 0`) to get True/False per row; '
        "the mean of booleans is the share of True."
    )
    solution_text = 'zero_share = (tracks["popularity"] == 0).mean()'
    tolerance = 1e-3

    def __init__(self, tracks: pd.DataFrame) -> None:
        self.tracks = tracks

    def expected(self) -> float:
        """The share of rows whose popularity is 0."""
        return float((self.tracks["popularity"] == 0).mean())

    def evaluate_answer(self, zero_share: Any) -> Outcome:
        expected = self.expected()
        value = as_number(zero_share)
        if value is None:
            return self.incorrect(f"give a number between 0 and 1, not {zero_share!r}.")
        if abs(value - expected) <= self.tolerance:
            return self.correct(
                f"{expected:.3f} of the rows ({int((self.tracks['popularity'] == 0).sum()):,} tracks) "
                "have popularity 0, all in the lowest class."
            )
        if is_percentage_of(value, expected, self.tolerance):
            return self.incorrect("that is a percentage; give the share as a number between 0 and 1.")
        if abs(value - (self.tracks["popularity"] == 0).sum()) < 0.5:
            return self.incorrect("that is the number of tracks; divide by the number of rows.")
        return self.incorrect(f"{value:.3f} is not the share of rows with popularity 0.")


class MostCorrelatedFeature(Exercise):
    """The seed feature whose correlation with popularity is strongest (largest absolute value)."""

    title = "Exercise 3 (feature most correlated with popularity)"
    hint_text = (
        "Use `helpers.eda.popularity_correlations(tracks, SEED_FEATURES)`, or "
        '`tracks[SEED_FEATURES].corrwith(tracks["popularity"])`; compare absolute values, '
        "since a strong negative correlation counts as much as a positive one."
    )
    solution_text = (
        'correlations = tracks[SEED_FEATURES].corrwith(tracks["popularity"])\n'
        "strongest_feature = correlations.abs().idxmax()"
    )

    def __init__(self, tracks: pd.DataFrame, features: Sequence[str] = SEED_FEATURES) -> None:
        self.tracks = tracks
        self.features = list(features)

    def expected(self) -> str:
        """The feature with the largest absolute Pearson correlation with popularity."""
        return str(popularity_correlations(self.tracks, self.features).index[0])

    def evaluate_answer(self, strongest_feature: Any) -> Outcome:
        correlations = popularity_correlations(self.tracks, self.features)
        expected = str(correlations.index[0])
        answer = str(strongest_feature).strip().lower()
        if answer == expected:
            value = correlations.iloc[0]
            return self.correct(
                f"{expected} (r = {value:.3f}). Even the strongest is weak: it explains "
                f"{value ** 2:.1%} of popularity's variance on its own."
            )
        if answer == str(correlations.idxmax()) and answer != expected:
            return self.incorrect(
                f"{answer} has the largest positive correlation, but another feature's negative "
                "correlation is stronger: compare absolute values."
            )
        if answer not in self.features:
            return self.incorrect(f"{strongest_feature!r} is not one of the features {self.features}.")
        return self.incorrect(f"{answer} (r = {correlations[answer]:.3f}) is not the strongest.")
