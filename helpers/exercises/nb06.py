"""Exercises of notebook 06 (where to cut)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers.exercises.base import FunctionExercise, SelfAssessed
from helpers.labels import balance, class_shares, quantile_thresholds


def _popularity(seed: int, size: int = 3000) -> pd.Series:
    """Popularity shaped like the real one: a spike at 0, then a broad hump."""
    rng = np.random.default_rng(seed)
    values = np.clip(np.round(rng.normal(38, 20, size)), 0, 100)
    values[rng.random(size) < 0.14] = 0
    return pd.Series(values.astype(int))


class EqualClasses(FunctionExercise):
    number, title = 1, "equal classes"
    function_name = "equal_class_cuts"
    hint_text = ("For each whole number c from 0 to 99, (popularity <= c).mean() is the share of tracks at or below "
                 "it. Cut point i is the c whose share is closest to i / n_classes.")
    success = "valid cut points, and classes as equal as the course's quantile cut points make them, on three data sets."
    slack = 0.02

    def cases(self) -> list[tuple[Any, ...]]:
        return [(_popularity(601), 3), (_popularity(602), 4), (_popularity(603), 2)]

    def expected(self, popularity: pd.Series, n_classes: int) -> float:
        """How far the course's quantile cut points leave the largest deviation from equal shares."""
        shares = class_shares(popularity, quantile_thresholds(popularity, n_classes))
        return float(np.abs(shares - 1 / n_classes).max())

    def difference(self, got: Any, expected: float, args: tuple[Any, ...]) -> str | None:
        popularity, n_classes = args
        try:
            cuts = tuple(int(c) for c in got)
        except (TypeError, ValueError):
            return "return a tuple of whole numbers."
        if len(cuts) != n_classes - 1:
            return f"{n_classes} classes need {n_classes - 1} cut points, you gave {len(cuts)}."
        if any(not 0 <= c <= 99 for c in cuts) or any(a >= b for a, b in zip(cuts, cuts[1:])):
            return f"cut points must increase strictly and lie from 0 to 99, got {cuts}."
        deviation = float(np.abs(class_shares(popularity, cuts) - 1 / n_classes).max())
        if deviation > expected + self.slack:
            shares = ", ".join(f"{s:.0%}" for s in class_shares(popularity, cuts))
            return f"with {cuts} the classes hold {shares} of the tracks: not equal enough."
        return None


class Balance(FunctionExercise):
    number, title = 2, "balance"
    function_name = "balance_of"
    hint_text = "Keep the shares above 0 (0 * log 0 counts as 0), then -np.sum(p * np.log(p)) / np.log(len(shares))."
    success = "the same balance as the course's on equal, unequal and lopsided classes, with empty classes included."

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(604)
        return [(np.array([0.5, 0.5]),), (np.array([0.454, 0.503, 0.043]),), (np.array([0.96, 0.04]),),
                (np.array([0.25, 0.25, 0.5, 0.0]),), (rng.dirichlet(np.ones(5)),)]

    def expected(self, shares: np.ndarray) -> float:
        return balance(shares)

    def difference(self, got: Any, expected: float, args: tuple[Any, ...]) -> str | None:
        try:
            value = float(got)
        except (TypeError, ValueError):
            return f"return a number, got {got!r}."
        if np.isnan(value):
            return "an empty class gives 0 * log(0): leave the classes with share 0 out of the sum."
        if abs(value - expected) <= 1e-9:
            return None
        return f"for the shares {np.round(args[0], 3).tolist()} the balance is {expected:.4f}, not {value:.4f}."


q3 = SelfAssessed(
    3,
    "which cut points?",
    "Start from the question the prediction must answer. 'Will this track be a hit?' is one high cut point, such as "
    "(70,); judge that model by the hit class's recall and precision against guessing, not by accuracy: the larger "
    "the 'not a hit' class, the better always answering it looks. For a general picture of popularity, quantile cut "
    "points computed from the training rows give classes of nearly equal size: every class has enough tracks to learn "
    "from, and macro-F1 means something. Whatever you choose, check that every class is large enough, compare with the "
    "chance level of the same cut points, and if scores help you decide, compare on the validation rows, never on the "
    "test rows.",
)
