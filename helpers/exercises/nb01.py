"""Exercises of notebook 01 (exploring the data)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from helpers.exercises.base import FunctionExercise, SelfAssessed
from helpers.exercises.synthetic import synthetic_tracks
from helpers.labels import popularity_classes


def reference_zero_share(tracks: pd.DataFrame) -> pd.Series:
    """The share of tracks with popularity 0 in each genre, highest first."""
    return (tracks["popularity"] == 0).groupby(tracks["track_genre"]).mean().sort_values(ascending=False)


class ClassCounts(FunctionExercise):
    number, title = 1, "tracks per class"
    function_name = "class_counts"
    hint_text = ("Compare each popularity with the cut points: np.searchsorted(thresholds, popularity) or a loop "
                 "over the cut points both work. Remember that a cut point belongs to the class below it.")
    success = ("your counts match on random popularity values and five other sets of cut points, "
               "including tracks exactly at a cut point.")

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(101)
        at_cuts = pd.Series([0, 30, 31, 70, 71, 100, 50, 99])
        return [
            (at_cuts, (30, 70)),
            (pd.Series(rng.integers(0, 101, 300)), (30, 70)),
            (pd.Series(rng.integers(0, 101, 300)), (50,)),
            (pd.Series(rng.integers(0, 101, 300)), (10, 20, 90)),
            (pd.Series(rng.integers(0, 101, 50)), (0,)),
            (pd.Series(rng.integers(0, 101, 50)), (25, 50, 75, 99)),
        ]

    def expected(self, popularity: pd.Series, thresholds: tuple[int, ...]) -> list[int]:
        return np.bincount(popularity_classes(popularity, thresholds), minlength=len(thresholds) + 1).tolist()

    def difference(self, got: Any, expected: list[int], args: tuple[Any, ...]) -> str | None:
        try:
            got = [int(n) for n in got]
        except (TypeError, ValueError):
            return f"return a list of whole numbers, one per class; got {got!r}."
        if got == expected:
            return None
        popularity, thresholds = args
        upper = np.bincount(np.searchsorted(thresholds, popularity, side="right"), minlength=len(thresholds) + 1)
        if got == upper.tolist():
            return "a track exactly at a cut point belongs to the class below it (30 is 'low' with (30, 70))."
        return f"with cut points {thresholds} your function gave {got}, but the counts are {expected}."


class ZeroShareByGenre(FunctionExercise):
    number, title = 2, "popularity 0 by genre"
    function_name = "zero_share_by_genre"
    hint_text = ("(tracks['popularity'] == 0) is True/False per row; the mean of True/False is a share. "
                 "Group it by tracks['track_genre'], then sort_values(ascending=False).")
    success = "right on three tables you had not seen: one share per genre, highest first."

    def cases(self) -> list[tuple[Any, ...]]:
        return [(synthetic_tracks(80, seed),) for seed in (11, 12, 13)]

    def expected(self, tracks: pd.DataFrame) -> pd.Series:
        return reference_zero_share(tracks)

    def difference(self, got: Any, expected: pd.Series, args: tuple[Any, ...]) -> str | None:
        if not isinstance(got, pd.Series):
            return f"return a pandas Series (genre -> share), got {type(got).__name__}."
        if sorted(map(str, got.index)) != sorted(expected.index):
            return "the index should hold each genre once."
        values = got.astype(float)
        if not np.allclose(values.loc[expected.index].to_numpy(), expected.to_numpy()):
            if np.allclose(values.loc[expected.index].to_numpy(), 1 - expected.to_numpy()):
                return "those are the shares of tracks above 0; count the ones equal to 0."
            return "some shares are off: divide each genre's count of zeros by its number of tracks."
        if not (np.diff(values.to_numpy()) <= 1e-12).all():
            return "the shares are right; now sort them from highest to lowest."
        return None


class PlotZeroShare(FunctionExercise):
    number, title = 3, "a bar chart of the zeros"
    function_name = "plot_zero_share"
    hint_text = ("Reuse zero_share_by_genre(tracks).head(n); ax.barh(names, shares) draws horizontal bars; "
                 "ax.set(title=..., xlabel=..., ylabel=...) labels the chart.")
    success = "the chart has one bar per genre, the right lengths, a title and axis labels."
    copy_inputs = False

    def cases(self) -> list[tuple[Any, ...]]:
        cases = []
        for seed, n in ((21, 3), (22, 4)):
            figure, ax = plt.subplots()
            plt.close(figure)  # the check draws nothing in the notebook
            cases.append((synthetic_tracks(90, seed), n, ax))
        return cases

    def expected(self, tracks: pd.DataFrame, n: int, ax: Any) -> pd.Series:
        return reference_zero_share(tracks).head(n)

    def difference(self, got: Any, expected: pd.Series, args: tuple[Any, ...]) -> str | None:
        ax = args[-1]
        bars = [patch for patch in ax.patches if isinstance(patch, Rectangle)]
        if not bars:
            return "nothing was drawn on ax; draw the bars with ax.barh (or ax.bar)."
        target = sorted(expected.to_numpy())
        if len(bars) != len(target):
            return f"draw {len(target)} bars (one per genre), not {len(bars)}."
        widths, heights = sorted(p.get_width() for p in bars), sorted(p.get_height() for p in bars)
        if not (np.allclose(widths, target) or np.allclose(heights, target)):
            return "the bars' lengths should be the genres' shares of tracks with popularity 0."
        if not ax.get_title() or not ax.get_xlabel() or not ax.get_ylabel():
            return "give the chart a title and label both axes (ax.set(title=..., xlabel=..., ylabel=...))."
        return None


q4 = SelfAssessed(
    4,
    "what a popularity of 0 means",
    "Spotify counts plays per track_id. When a song exists as a single and on an album or a compilation, the "
    "copy people play collects the popularity and the other copies stay near 0, with the same audio features. "
    "Some genres in this collection are also mostly zeros. So many tracks in the lowest class sound exactly "
    "like popular ones: that part of the labels is noise no audio feature can explain, and a model will "
    "misclassify those tracks whatever it learns. It also means a 'low' prediction is partly a guess about "
    "which copy of a song a row is.",
)
