"""Exercises of notebook 02 (from tracks to training data).

Each exercise is bound to the data and parameters the notebook uses and computes
the expected answer with the helpers, so the checks hold for other thresholds.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from helpers.exercises.base import Exercise, Outcome, as_number, as_whole_number, is_percentage_of
from helpers.labels import n_classes, popularity_classes
from helpers.splits import seed_split, split_leak


class ClassOfPopularity(Exercise):
    """How many classes the thresholds make, and the class of a popularity value."""

    title = "Exercise 1 (classes from the thresholds)"
    hint_text = (
        "n cut points make n + 1 classes. A class includes its upper cut point, so a popularity "
        "equal to a cut point belongs to the class below it; `helpers.labels.popularity_classes` "
        "does the sorting."
    )
    solution_text = (
        "n_classes_answer = len(THRESHOLDS) + 1\n"
        "class_of_value = int(popularity_classes([THRESHOLDS[-1]], THRESHOLDS)[0])  # = len(THRESHOLDS) - 1"
    )

    def __init__(self, thresholds: Sequence[float], popularity: float) -> None:
        self.thresholds = tuple(thresholds)
        self.popularity = popularity

    def expected(self) -> tuple[int, int]:
        """The number of classes, and the class of ``popularity``."""
        return n_classes(self.thresholds), int(popularity_classes([self.popularity], self.thresholds)[0])

    def evaluate_answer(self, n_classes_answer: Any, class_of_value: Any) -> Outcome:
        count, label = self.expected()
        given_count, given_label = as_whole_number(n_classes_answer), as_whole_number(class_of_value)
        if given_count is None or given_label is None:
            return self.incorrect("give two whole numbers: the number of classes and a class number.")
        if given_count != count:
            return self.incorrect(f"{len(self.thresholds)} cut points make a different number of classes.")
        if given_label == label:
            return self.correct(
                f"{count} classes; popularity {self.popularity:g} is in class {label} "
                "(classes are numbered from 0, and each includes its upper cut point)."
            )
        if given_label == label + 1:
            return self.incorrect(
                f"popularity {self.popularity:g} equals a cut point, and a class includes its upper cut point."
            )
        return self.incorrect(f"popularity {self.popularity:g} is not in class {given_label}.")


class SeedLeakShare(Exercise):
    """The share of the seed split's test rows that have a copy among its training rows."""

    title = "Exercise 2 (leaked test rows in the seed split)"
    hint_text = (
        "`helpers.splits.split_leak(tracks, split)` returns a LeakReport; its `leaked_share` "
        "is leaked / test_rows."
    )
    solution_text = "leaked_share = split_leak(tracks, seed_split(tracks)).leaked_share"
    tolerance = 1e-3

    def __init__(self, tracks: pd.DataFrame) -> None:
        self.tracks = tracks

    def expected(self) -> float:
        """The leaked share of :func:`helpers.splits.seed_split`'s test rows."""
        return split_leak(self.tracks, seed_split(self.tracks)).leaked_share

    def evaluate_answer(self, leaked_share: Any) -> Outcome:
        value = as_number(leaked_share)
        if value is None:
            return self.incorrect(f"give a number between 0 and 1, not {leaked_share!r}.")
        report = split_leak(self.tracks, seed_split(self.tracks))
        expected = report.leaked_share
        if abs(value - expected) <= self.tolerance:
            return self.correct(
                f"{expected:.3f}: {report.leaked:,} of {report.test_rows:,} test rows are copies of "
                "training rows, so a model can score on them by remembering."
            )
        if is_percentage_of(value, expected, self.tolerance):
            return self.incorrect("that is a percentage; give the share as a number between 0 and 1.")
        if np.isclose(value, report.same_track_id / max(report.test_rows, 1), atol=self.tolerance):
            return self.incorrect("that counts only the same track_id; count the same song too (either).")
        return self.incorrect(f"{value:.3f} is not the leaked share of the seed split's test rows.")


class WhyScaleOnTraining(Exercise):
    """Open question: why is the scaler fitted on the training rows only?"""

    title = "Exercise 3 (why fit the scaler on training rows only?)"
    hint_text = (
        "Think of the test rows as tracks released next year: what would you know about them "
        "when you train? Compare the two scalers in the table above."
    )
    solution_text = (
        "The test rows stand for data the model has never seen. Their mean and standard deviation "
        "are not known at training time, so using them (fitting the scaler on all rows) lets "
        "information from the test rows into the training data: a leak that makes the test score "
        "look better than it would be on new data. Here the shift is tiny, because the split is large "
        "and random by song, but the rule matters for every step that learns from data (scaling, "
        "imputing, encoding, selecting features): fit on training rows, then apply to the others."
    )

    def evaluate_answer(self, answer: Any) -> Outcome:
        text = str(answer).strip()
        if len(text) < 20:
            return self.incorrect("write a sentence or two in your own words.")
        return self.review(
            "a good answer says that the test rows stand for new data whose statistics are unknown "
            "when training, that fitting on all rows leaks information from them into training (an "
            "optimistic test score), that the shift is tiny here but the rule holds for every fitted "
            "step, and that the scaler fitted on training rows is then applied unchanged to the "
            "validation and test rows."
        )
