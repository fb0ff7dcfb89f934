"""Exercises of notebook 06 (where to cut)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers.exercises.base import FunctionExercise, Question, Quiz, SelfAssessed, Wrong
from helpers.exercises.synthetic import synthetic_tracks
from helpers.labels import ThresholdError, balance, class_shares, quantile_thresholds, validate_thresholds
from helpers.splits import Split, honest_split


def popularity_like(seed: int, size: int = 3000) -> pd.Series:
    """Popularity shaped like the real one: a spike at 0, then a broad hump."""
    rng = np.random.default_rng(seed)
    values = np.clip(np.round(rng.normal(38, 20, size)), 0, 100)
    values[rng.random(size) < 0.14] = 0
    return pd.Series(values.astype(int))


def valid_cuts(got: Any, n_cuts: int) -> tuple[tuple[float, ...] | None, str | None]:
    """The cut points, or why they cannot be: ``n_cuts`` of them, increasing strictly, from 0 to 99."""
    try:
        cuts = validate_thresholds(tuple(int(c) if float(c).is_integer() else float(c) for c in got))
    except (TypeError, ValueError, ThresholdError):
        return None, f"return a tuple of {n_cuts} cut points that increase strictly and lie from 0 to 99, not {got!r}."
    if len(cuts) != n_cuts:
        return None, f"{n_cuts + 1} classes need {n_cuts} cut points, you gave {len(cuts)}."
    return cuts, None


class EqualClasses(FunctionExercise):
    notebook, number, title = "06", 1, "equal classes"
    function_name = "equal_class_cuts"
    compare = "custom"  # any cut points that make the classes about as equal as the course's are right
    hint_text = ("For each whole number c from 0 to 99, the share of tracks at or below c is a mean of True/False "
                 "values. Which c has a share closest to 1/3, to 2/3?")
    success = "valid cut points, and classes as equal as the course's quantile cut points make them, on data you had not seen."
    slack = 0.02
    wrong = [
        Wrong(lambda popularity, n_classes: tuple(round(100 * i / n_classes) for i in range(1, n_classes)),
              "not equal enough"),
        Wrong(lambda popularity, n_classes: tuple(range(10, 10 * (n_classes + 1), 10)), "cut points, you gave"),
        Wrong(lambda popularity, n_classes: tuple(range(90, 90 - 10 * (n_classes - 1), -10)), "increase strictly"),
    ]

    def cases(self) -> list[tuple[Any, ...]]:
        return [(popularity_like(601), 3), (popularity_like(602), 4), (popularity_like(603), 2)]

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        return [(popularity_like(6010, 5000), 5), (popularity_like(6020, 800), 3)]

    def reference(self, popularity: pd.Series, n_classes: int) -> float:
        """How far the course's quantile cut points leave the largest class share from an equal share."""
        return float(np.abs(class_shares(popularity, quantile_thresholds(popularity, n_classes)) - 1 / n_classes).max())

    def difference(self, got: Any, expected: float, args: tuple[Any, ...]) -> str | None:
        popularity, n_classes = args
        cuts, problem = valid_cuts(got, n_classes - 1)
        if problem:
            return problem
        shares = class_shares(popularity, cuts)
        if np.abs(shares - 1 / n_classes).max() > expected + self.slack:
            return f"with {cuts} the classes hold {', '.join(f'{s:.0%}' for s in shares)} of the tracks: not equal enough."
        return None


class Balance(FunctionExercise):
    notebook, number, title = "06", 2, "balance"
    function_name = "balance_of"
    compare = "allclose"
    hint_text = "log(0) is -inf, and 0 * -inf is NaN in NumPy: keep only the classes whose share is above 0."
    success = "the same balance as the course's on equal, unequal and lopsided classes, with empty classes included."
    reference = staticmethod(balance)
    wrong = [
        Wrong(lambda shares: -(shares * np.log(shares)).sum() / np.log(len(shares)),
              "an empty class gives 0 * log(0): leave the classes with share 0 out of the sum."),
        Wrong(lambda shares: -(shares[shares > 0] * np.log(shares[shares > 0])).sum(),
              "that is the entropy itself: divide it by log(k), its largest value for k classes."),
    ]

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(604)
        return [(np.array([0.5, 0.5]),), (np.array([0.454, 0.503, 0.043]),), (np.array([0.96, 0.04]),),
                (np.array([0.25, 0.25, 0.5, 0.0]),), (rng.dirichlet(np.ones(5)),)]

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(6040)
        return [(np.array([0.0, 0.3, 0.7]),), (np.array([0.1, 0.2, 0.3, 0.4]),), (rng.dirichlet(np.ones(7)),)]


CHANGED = "changed"
"""The mark (in ``tracks.attrs``) of a copy whose validation and test rows were set to popularity 100."""


def with_other_rows_changed(tracks: pd.DataFrame, split: Split) -> pd.DataFrame:
    """A copy in which every row outside ``split.train`` has popularity 100: cut points from the training rows
    alone stay the same, cut points that read other rows move."""
    changed = tracks.copy()
    changed.loc[~changed.index.isin(split.train), "popularity"] = 100
    changed.attrs[CHANGED] = True
    return changed


def twins(tracks: pd.DataFrame, split: Split) -> list[tuple[pd.DataFrame, Split]]:
    """The tracks and split as they are, then the copy with the other rows changed."""
    return [(tracks, split), (with_other_rows_changed(tracks, split), split)]


def hit_cuts_from(popularity: pd.Series) -> tuple[int, int]:
    """Cut points for a hit class of about a tenth and two equal classes below it, from these values."""
    hit = int(popularity.quantile(0.9))
    return int(popularity[popularity <= hit].median()), hit


class HitClassCuts(FunctionExercise):
    notebook, number, title = "06", 3, "cut points for a hit class, from the training rows"
    function_name = "hit_class_cuts"
    compare = "custom"  # any cut points that meet the goal on the training rows, from those rows alone, are right
    hint_text = ("Select the training rows' popularity first (split.train holds their row labels) and use nothing "
                 "else. Which value leaves about a tenth of those rows above it? Then, among the rows at or below "
                 "it, which value splits them in two?")
    success = ("the hit class holds about a tenth of the training rows, the two classes below it are nearly equal, "
               "and the cut points stay the same whatever the other rows hold.")
    wrong = [
        Wrong(lambda tracks, split: hit_cuts_from(tracks["popularity"]), "read rows other than the training rows"),
        Wrong(lambda tracks, split: quantile_thresholds(tracks.loc[split.train, "popularity"], 3),
              "raise the upper cut point"),
        Wrong(lambda tracks, split: (hit_cuts_from(tracks.loc[split.train, "popularity"])[1] - 15,) * 2,
              "increase strictly"),
        Wrong(lambda tracks, split: (10, hit_cuts_from(tracks.loc[split.train, "popularity"])[1]), "move the lower cut point"),
        Wrong(lambda tracks, split: (40, 96), "lower the upper cut point"),
    ]

    def cases(self, tracks: pd.DataFrame | None = None, split: Split | None = None) -> list[tuple[Any, ...]]:
        """The notebook's tracks and split (else synthetic tracks), then a copy with the other rows changed."""
        if tracks is None:
            tracks = synthetic_tracks(600, 61)
            split = honest_split(tracks, 1)
        return twins(tracks, split)

    def hidden_cases(self, tracks: pd.DataFrame | None = None, split: Split | None = None) -> list[tuple[Any, ...]]:
        """Another seed's split of a sample of the tracks (else of other synthetic tracks), and its changed copy."""
        sample = synthetic_tracks(800, 62) if tracks is None else tracks.sample(frac=0.5, random_state=1)
        return twins(sample, honest_split(sample, 7))

    def reference(self, tracks: pd.DataFrame, split: Split) -> None:
        return None

    def difference(self, got: Any, expected: None, args: tuple[Any, ...]) -> str | None:
        tracks, split = args
        cuts, problem = valid_cuts(got, 2)
        if not problem:
            low, middle, hit = class_shares(tracks.loc[split.train, "popularity"], cuts)
            if not 0.08 <= hit <= 0.12:
                problem = (f"with {cuts} the hit class holds {hit:.1%} of the training rows, not about a tenth (8% to "
                           f"12%): {'raise' if hit > 0.12 else 'lower'} the upper cut point.")
            elif abs(low - middle) > 0.05:
                problem = (f"with {cuts} the two classes below the hit class hold {low:.1%} and {middle:.1%} of the "
                           "training rows: move the lower cut point until they differ by 5 percentage points at most.")
        if problem and tracks.attrs.get(CHANGED):
            problem += (" (In this copy every row outside split.train had its popularity set to 100, the training rows "
                        "unchanged: your function read rows other than the training rows.)")
        return problem


quiz = Quiz("06", 4, "wrap-up quiz", [
    Question("Why are the quantile cut points computed from the training rows only?",
             {"a": "Like the scaler, anything computed from the data comes from the training rows, so that the "
                   "validation and test rows stay new.",
              "b": "The training rows are more numerous, so their quantiles are more precise.",
              "c": "The test rows' popularity is unknown."},
             {"a": "Yes: cut points from all rows would let the test rows shape the task the model is judged on; "
                   "their class shares then show how well the cut points carry over.",
              "b": "No: all the rows together are more numerous still; the point is to keep the other rows out.",
              "c": "No: the data set has every row's popularity; the test rows are held out on purpose."}),
    Question("With the cut point (70,), a model's accuracy is 0.96. Why is that not impressive?",
             {"a": "With two classes, accuracy is always high.",
              "b": "Almost every track is in the lower class: always answering it scores about as much.",
              "c": "An accuracy of 0.96 is low for two classes."},
             {"a": "No: with a cut at the median, always answering one class scores only about 0.5.",
              "b": "Yes: read accuracy against the majority class of the same cut points, and macro-F1 against "
                   "guessing; a tiny hit class is easy to leave out.",
              "c": "No: it is high, but so is what learning nothing scores for these cut points."}),
    Question("Why is a macro-F1 judged against guessing in the class shares for the same cut points?",
             {"a": "Guessing is the best any model can do.",
              "b": "Macro-F1 is only defined for equal classes.",
              "c": "Guessing's macro-F1 depends on the number of classes (about 1 / their number), so the same "
                   "macro-F1 is a large gain for one set of cut points and none for another."},
             {"a": "No: guessing is the floor, what a model gets without learning anything.",
              "b": "No: macro-F1 is defined for any classes; it weighs each class the same.",
              "c": "Yes: a macro-F1 only means something next to the chance level of its own task."}),
    Question("What should decide the cut points first?",
             {"a": "Whichever cut points give the highest validation accuracy.",
              "b": "The question the prediction must answer, with every class large enough to learn from.",
              "c": "Always equal classes."},
             {"a": "No: the easiest task is not the most useful one; very unequal classes give high accuracies that "
                   "say little.",
              "b": "Yes: 'is this track a hit?' needs a high cut point; then check the class sizes and judge against "
                   "chance for those cut points.",
              "c": "No: equal classes are a good default for a general picture, but a question about hits needs a hit "
                   "class, which is small."}),
])

q5 = SelfAssessed("06", 5, "which cut points?")
