"""Exercises of notebook 01 (exploring the data)."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle
from sklearn.linear_model import LinearRegression
from sklearn.tree import DecisionTreeRegressor

from helpers.exercises.base import FunctionExercise, Question, Quiz, SelfAssessed, Wrong, notebook_solution
from helpers.exercises.synthetic import synthetic_tracks
from helpers.preprocessing import ALL_AUDIO_FEATURES


def genre_share(values: pd.Series, genres: pd.Series) -> float:
    """The share of the variance of ``values`` that the genres' own means explain (notebook 01's ``genre_share``)."""
    left = ((values - values.groupby(genres).transform("mean")) ** 2).sum()
    return float(1 - left / ((values - values.mean()) ** 2).sum())


def audio_share(tracks: pd.DataFrame, tree: DecisionTreeRegressor | LinearRegression) -> float:
    """The share of the variance of the zeros that ``tree``, fitted on the audio features, explains on the same rows."""
    x, zero = tracks[ALL_AUDIO_FEATURES].to_numpy(dtype=float), (tracks["popularity"] == 0).to_numpy(dtype=float)
    return float(tree.fit(x, zero).score(x, zero))


def shares_with(tracks: pd.DataFrame, audio_model: Any = None, genre_of: str = "zeros") -> pd.Series:
    """Exercise 1's answer with another audio model or the genre share of another column: its typical mistakes."""
    values = tracks["popularity"].eq(0) if genre_of == "zeros" else tracks[genre_of]
    tree = DecisionTreeRegressor(max_leaf_nodes=tracks["track_genre"].nunique(), random_state=0)
    return pd.Series({"genre": genre_share(values.astype(float), tracks["track_genre"]),
                      "audio": audio_share(tracks, audio_model or tree)})


def planted_zeros(tracks: pd.DataFrame, by_audio: bool, seed: int) -> pd.DataFrame:
    """A third of the rows, with popularity 0 exactly for the quietest-energy tracks or for the tracks of some genres."""
    rows = tracks.sample(frac=1 / 3, random_state=seed)
    genres = rows["track_genre"].drop_duplicates().sample(frac=0.2, random_state=seed)
    zero = rows["energy"] < rows["energy"].quantile(0.15) if by_audio else rows["track_genre"].isin(genres)
    return rows.assign(popularity=np.where(zero, 0, rows["popularity"].clip(lower=1)))


class ZerosExplained(FunctionExercise):
    notebook, number, title = "01", 1, "the genre or the sound?"
    function_name, compare = "zeros_explained", "custom"
    hint_text = ("Make the zeros a column of 0s and 1s first. Notebook 01's genre_share cell shows how much the genre "
                 "means explain; do the same for the zeros. For the audio, fit the tree on the zeros and ask it for "
                 "its score on the same rows: a regressor's score is this same share.")
    success = "your two shares are right on the real rows and on other rows."
    wrong = [
        Wrong(lambda tracks: shares_with(tracks, genre_of="popularity"),
              "your genre share is that of popularity itself"),
        Wrong(lambda tracks: shares_with(tracks, DecisionTreeRegressor(random_state=0)),
              "more free numbers than the genre has"),
        Wrong(lambda tracks: shares_with(tracks, LinearRegression()), "a straight line on the audio features"),
    ]

    def cases(self, tracks: pd.DataFrame) -> list[tuple[Any, ...]]:
        return [(tracks,), (synthetic_tracks(300, 14),)]

    def hidden_cases(self, tracks: pd.DataFrame) -> list[tuple[Any, ...]]:
        return [(tracks.sample(frac=0.4, random_state=1),), (planted_zeros(tracks, by_audio=True, seed=2),),
                (planted_zeros(tracks, by_audio=False, seed=3),)]

    def difference(self, got: Any, expected: pd.Series, args: tuple[Any, ...]) -> str | None:
        (tracks,) = args
        if not isinstance(got, pd.Series) or set(got.index) != {"genre", "audio"}:
            return "return a pandas Series with the labels 'genre' and 'audio'."
        if not np.isclose(got["genre"], expected["genre"], rtol=0, atol=1e-6):
            if np.isclose(got["genre"], genre_share(tracks["popularity"].astype(float), tracks["track_genre"])):
                return "your genre share is that of popularity itself; explain the zeros (popularity == 0, as 0/1)."
            return "your genre share is off: replace each track's 0/1 by its genre's share of zeros, and compare."
        if np.isclose(got["audio"], expected["audio"], rtol=0, atol=1e-6):
            return None
        if got["audio"] > expected["audio"]:
            return ("your tree explains more than one with as many leaves as there are genres: it got more free numbers "
                    "than the genre has (max_leaf_nodes limits it), so it memorises rows.")
        if np.isclose(got["audio"], audio_share(tracks, LinearRegression()), rtol=0, atol=1e-6):
            return ("that is a straight line on the audio features; a fair match for the genre is a tree with one leaf "
                    "per genre.")
        return ("your audio share is off: fit DecisionTreeRegressor(max_leaf_nodes=<number of genres>, random_state=0) "
                "on the ALL_AUDIO_FEATURES columns and take its R² on the same rows.")


def zero_shares(tracks: pd.DataFrame) -> pd.Series:
    """The share of tracks with popularity 0 in each genre, highest first: the notebook's own solution."""
    return notebook_solution("01", 2, "zero_share_by_genre")(tracks)


def bars_without_labels(tracks: pd.DataFrame, n: int, ax: Any) -> None:
    """A typical wrong answer to exercise 3: the right bars, but no title or axis labels."""
    shares = zero_shares(tracks).head(n)
    ax.barh(shares.index, shares.to_numpy())


class ZeroShareByGenre(FunctionExercise):
    notebook, number, title = "01", 2, "popularity 0 by genre"
    function_name, compare = "zero_share_by_genre", "series"
    hint_text = ("A comparison with 0 gives True or False per row, and the mean of True/False values is a share. Then "
                 "do that per genre, and sort.")
    success = "right on the real tracks and on tables you had not seen: one share per genre, highest first."
    wrong = [
        Wrong(lambda tracks: (tracks["popularity"] > 0).groupby(tracks["track_genre"]).mean().sort_values(ascending=False),
              "those are the shares of tracks above 0; count the ones equal to 0."),
        Wrong(lambda tracks: (tracks["popularity"] == 0).groupby(tracks["track_genre"]).sum().sort_values(ascending=False),
              "those are counts of zeros: divide each genre's count by its number of tracks (the mean does both)."),
        Wrong(lambda tracks: zero_shares(tracks).sort_values(),
              "the shares are right; now sort them from highest to lowest."),
    ]

    def cases(self, tracks: pd.DataFrame) -> list[tuple[Any, ...]]:
        return [(tracks,), (synthetic_tracks(80, 11),)]

    def hidden_cases(self, tracks: pd.DataFrame) -> list[tuple[Any, ...]]:
        return [(tracks.sample(frac=0.3, random_state=4),), (synthetic_tracks(80, 12),), (synthetic_tracks(50, 13),)]


class PlotZeroShare(FunctionExercise):
    notebook, number, title = "01", 3, "a bar chart of the zeros"
    function_name, compare = "plot_zero_share", "custom"
    hint_text = ("Reuse zero_share_by_genre and keep its first n genres; ax.barh draws horizontal bars, and ax.set "
                 "takes a title and both axis labels.")
    success = "the chart has one bar per genre, the right lengths, a title and axis labels."
    copy_inputs = False  # the cases hold copies of the tracks and fresh axes
    wrong = [
        Wrong(bars_without_labels, "give the chart a title and label both axes"),
        Wrong(lambda tracks, n, ax: bars_without_labels(tracks, 100, ax), "bars (one per genre), not"),
        Wrong(lambda tracks, n, ax: ax.set(title="zeros", xlabel="share", ylabel="genre"), "nothing was drawn on ax"),
    ]

    @staticmethod
    def with_axes(tracks: pd.DataFrame, n: int) -> tuple[Any, ...]:
        figure, ax = plt.subplots()
        plt.close(figure)  # the check draws nothing in the notebook
        return tracks.copy(), n, ax

    def cases(self, tracks: pd.DataFrame) -> list[tuple[Any, ...]]:
        return [self.with_axes(tracks, 4), self.with_axes(synthetic_tracks(90, 21), 3)]

    def hidden_cases(self, tracks: pd.DataFrame) -> list[tuple[Any, ...]]:
        return [self.with_axes(tracks.sample(frac=0.5, random_state=5), 3), self.with_axes(synthetic_tracks(90, 22), 2)]

    def reference(self, tracks: pd.DataFrame, n: int, ax: Any) -> pd.Series:
        return zero_shares(tracks).head(n)

    def difference(self, got: Any, expected: pd.Series, args: tuple[Any, ...]) -> str | None:
        ax = args[-1]
        bars = [patch for patch in ax.patches if isinstance(patch, Rectangle)]
        if not bars:
            return "nothing was drawn on ax; draw the bars with ax.barh (or ax.bar)."
        if len(bars) != len(expected):
            return f"draw {len(expected)} bars (one per genre), not {len(bars)}."
        widths, heights, target = (sorted(lengths) for lengths in
                                   ([p.get_width() for p in bars], [p.get_height() for p in bars], expected))
        if not (np.allclose(widths, target) or np.allclose(heights, target)):
            return "the bars' lengths should be the genres' shares of tracks with popularity 0."
        if not ax.get_title() or not ax.get_xlabel() or not ax.get_ylabel():
            return "give the chart a title and label both axes (ax.set(title=..., xlabel=..., ylabel=...))."
        return None


q4 = SelfAssessed("01", 4, "what a popularity of 0 means")

quiz = Quiz("01", 5, "wrap-up quiz", [
    Question("Many rows repeat a track_id or a song. Why does that matter before training a model?",
             {"a": "The repeats make the data set too large to train on.",
              "b": "A random split puts copies of test songs among the training rows, so a test score can reward "
                   "remembering instead of generalising.",
              "c": "Repeated rows have wrong popularity values and must be dropped."},
             {"a": "The repeats are a few tens of thousands of rows, easy to train on. Size is not the problem.",
              "b": "A copy with the same features (and often the same class) on both sides is answered from "
                   "memory. Notebook 02 splits by song for this reason.",
              "c": "Most copies are genuine listings (one per genre, a single and an album version); their "
                   "popularity is Spotify's own count for that track_id."}),
    Question("Exercise 1 gives the audio a tree with as many leaves as there are genres. Why that number?",
             {"a": "So that both sides get the same number of free values to explain the zeros with: a bigger tree "
                   "could memorise rows and win for that reason alone.",
              "b": "Because a decision tree needs one leaf per genre to find the genre.",
              "c": "To make the tree train faster; the number itself does not matter."},
             {"a": "A fair comparison gives both explanations the same room. An unlimited tree puts almost "
                   "every row in its own leaf and 'explains' nearly everything on the rows it was fitted on.",
              "b": "The tree never sees the genre, only the audio features; the leaves group tracks that sound alike.",
              "c": "It is fast either way, and the number decides how much the tree can explain on its own rows."}),
    Question("Some genres are mostly tracks with popularity 0. What does that mean for a model that sees only "
             "the audio features?",
             {"a": "Nothing: the audio features describe the genre exactly, so the model can learn the zeros anyway.",
              "b": "It should predict 0 for every track of those genres.",
              "c": "Part of the lowest class depends on how the data was collected, not on the sound: tracks that "
                   "sound alike end up in different classes, so no audio model can get all of them right."},
             {"a": "Genres overlap in sound; the audio explains less of the zeros than the genre does (exercise 1 "
                   "compares them fairly).",
              "b": "The model does not know the genre, and many tracks of those genres are popular.",
              "c": "That part is label noise for an audio model, and it caps what any such model can score."}),
    Question("With unequal classes, why is accuracy alone a poor measure of a classifier?",
             {"a": "A model that almost always answers the largest class gets a high accuracy while never finding "
                   "the small classes.",
              "b": "Accuracy cannot be computed when the classes are unequal.",
              "c": "Accuracy always rises with the number of classes."},
             {"a": "That is why the later notebooks also report per-class recall, macro-F1 and balanced "
                   "accuracy.",
              "b": "It can always be computed; it just hides which classes the model gets right.",
              "c": "With more classes accuracy usually falls, since each guess has more ways to be wrong."}),
])
