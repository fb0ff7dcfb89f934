"""Exercises of notebook 05 (baselines): is the MLP worth it?"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.baselines import MAJORITY, ModelComparison
from helpers.exercises.base import Exercise, Outcome, as_number, is_percentage_of
from helpers.pipeline import PreparedData


class BestMacroF1(Exercise):
    """Name the model with the highest macro-F1 on the honest split."""

    title = "Exercise 1 (best model by macro-F1)"
    hint_text = (
        "The comparison's `scores` DataFrame has one row a model; "
        "`idxmax()` on its `macro_f1` column gives the row name."
    )
    solution_text = 'best_model = honest.scores["macro_f1"].idxmax()'

    def __init__(self, comparison: ModelComparison) -> None:
        self.comparison = comparison

    def evaluate_answer(self, *answers: Any) -> Outcome:
        (answer,) = answers
        expected = self.comparison.best("macro_f1")
        score = self.comparison.scores.loc[expected, "macro_f1"]
        if not isinstance(answer, str):
            return self.incorrect(f"give the model's name as text, one of {list(self.comparison.scores.index)}.")
        if answer.strip().lower() == expected.lower():
            return self.correct(f"{expected} has the highest macro-F1 ({score:.3f}).")
        if answer.strip().lower() not in [name.lower() for name in self.comparison.scores.index]:
            return self.incorrect(f"{answer!r} is not one of {list(self.comparison.scores.index)}.")
        return self.incorrect("another model has a higher macro-F1; sort the table by that column.")


class MajorityAccuracy(Exercise):
    """The test accuracy of always predicting the most common training class."""

    title = "Exercise 2 (majority-class accuracy)"
    hint_text = (
        "Find the most common class in `data.y_train` (`np.bincount(...).argmax()`), then the "
        "share of `data.y_test` equal to it."
    )
    solution_text = (
        "majority = np.bincount(data.y_train).argmax()\n"
        "majority_accuracy = float(np.mean(data.y_test == majority))"
    )

    def __init__(self, data: PreparedData) -> None:
        self.data = data

    def expected(self) -> float:
        """Share of test rows in the most common training class."""
        majority = int(np.bincount(self.data.y_train, minlength=self.data.n_classes).argmax())
        return float(np.mean(self.data.y_test == majority))

    def evaluate_answer(self, *answers: Any) -> Outcome:
        (answer,) = answers
        value = as_number(answer)
        if value is None:
            return self.incorrect("give a number between 0 and 1.")
        expected = self.expected()
        if abs(value - expected) <= 0.005:
            return self.correct(
                f"{expected:.3f}: a model must beat this to have learnt anything "
                f"(it is the {MAJORITY!r} row of the table), and its macro-F1 is far lower."
            )
        if is_percentage_of(value, expected, 0.005):
            return self.incorrect("that looks like a percentage; give a share between 0 and 1.")
        return self.incorrect("not quite: count the test rows that are in the most common training class.")


class WorthIt(Exercise):
    """Open question: is the MLP worth its cost?"""

    title = "Exercise 3 (is the MLP worth it?)"
    hint_text = "Compare the macro-F1 gain over the cheaper models with the training times."
    solution_text = (
        "verdict = \"...\"  # compare the MLP with gradient boosting on macro-F1 and on cost"
    )

    def evaluate_answer(self, *answers: Any) -> Outcome:
        return self.review(
            "A good answer compares the MLP with the cheaper models on macro-F1 and balanced "
            "accuracy (not accuracy alone), weighs the difference against the training time, "
            "notes that gradient boosting on tabular features usually matches or beats an MLP "
            "at a fraction of the cost, and that the features (eight audio descriptors) limit "
            "every model far more than the model choice does."
        )
