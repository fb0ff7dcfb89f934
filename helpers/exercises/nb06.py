"""Exercises of notebook 06 (thresholds): where to cut?"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from helpers.exercises.base import Exercise, Outcome
from helpers.labels import ThresholdError, validate_thresholds
from helpers.threshold_study import class_shares, format_cuts, quantile_thresholds

TOLERANCE = 0.02
"""How much further from equal class sizes than the helper's cut points an answer may be."""

TIE = 0.005
"""Balance scores this close to the best count as equally balanced."""


def _unevenness(popularity: pd.Series, cuts: Sequence[float]) -> float:
    shares = class_shares(popularity, cuts)
    return float(np.abs(shares - 1 / len(shares)).max())


class QuantileCuts(Exercise):
    """Cut points that make three classes of (nearly) equal size."""

    title = "Exercise 1 (three equal classes)"
    hint_text = (
        "Take the popularity values at the 1/3 and 2/3 quantiles "
        "(`tracks[\"popularity\"].quantile([1/3, 2/3])`), as whole numbers."
    )
    solution_text = 'cuts = quantile_thresholds(tracks["popularity"], 3)'

    def __init__(self, tracks: pd.DataFrame, n_classes: int = 3) -> None:
        self.popularity = tracks["popularity"]
        self.n_classes = n_classes

    def evaluate_answer(self, *answers: Any) -> Outcome:
        (answer,) = answers
        try:
            cuts = validate_thresholds(tuple(answer))
        except (ThresholdError, TypeError) as error:
            return self.incorrect(f"give increasing cut points such as (20, 40): {error}")
        if len(cuts) != self.n_classes - 1:
            return self.incorrect(f"{self.n_classes} classes need {self.n_classes - 1} cut points.")
        expected = quantile_thresholds(self.popularity, self.n_classes)
        shares = ", ".join(f"{s:.0%}" for s in class_shares(self.popularity, cuts))
        if _unevenness(self.popularity, cuts) <= _unevenness(self.popularity, expected) + TOLERANCE:
            return self.correct(f"{format_cuts(cuts)} gives classes of {shares} of the tracks.")
        return self.incorrect(
            f"{format_cuts(cuts)} gives classes of {shares}; move the cut points so each holds about "
            f"{1 / self.n_classes:.0%}."
        )


class MostBalanced(Exercise):
    """Which grid entry spreads the tracks most evenly over its classes?"""

    title = "Exercise 2 (most balanced cut points)"
    hint_text = "The study's `balance` column is 1 for equal classes; find the row with the largest."
    solution_text = 'most_balanced = results["balance"].idxmax()'

    def __init__(self, results: pd.DataFrame) -> None:
        self.results = results

    def _named(self, answer: Any) -> str | None:
        """The grid entry an answer names (by name or by cut points), or None."""
        if isinstance(answer, str):
            name = answer.strip().rstrip("*").strip()
            return name if name in self.results.index else None
        try:
            cuts = tuple(float(c) for c in answer)
        except TypeError:
            return None
        for name, entry in self.results["thresholds"].items():
            if tuple(float(c) for c in entry) == cuts:
                return str(name)
        return None

    def evaluate_answer(self, *answers: Any) -> Outcome:
        (answer,) = answers
        best = self.results["balance"].max()
        name = self._named(answer)
        if name is None:
            return self.incorrect("give a row name of the `results` table (a string) or its cut points (a tuple).")
        balance = self.results.loc[name, "balance"]
        ties = [str(n) for n, b in self.results["balance"].items() if b >= best - TIE]
        if balance >= best - TIE:
            others = [n for n in ties if n != name]
            also = f"; practically tied with {', '.join(others)}" if others else ""
            return self.correct(f"{name} (balance {balance:.3f}){also}.")
        return self.incorrect(
            f"{name} has balance {balance:.3f}, below the best ({best:.3f}): look for the largest `balance`."
        )


class ChooseCuts(Exercise):
    """Open question: which cut points would you choose, and why?"""

    title = "Exercise 3 (which cut points?)"
    hint_text = "Think about who uses the prediction, and compare macro-F1 with its chance level."
    solution_text = 'choice = "..."  # cut points, and the reason'

    def evaluate_answer(self, *answers: Any) -> Outcome:
        return self.review(
            "A good answer names cut points and justifies them by the question the model should "
            "answer (e.g. 'will this track be a hit?' suggests a high cut), checks that every class "
            "has enough tracks to learn from, judges the model by macro-F1 or balanced accuracy "
            "against the chance level rather than by accuracy, and notes that fewer, balanced "
            "classes make an easier but less informative task."
        )
