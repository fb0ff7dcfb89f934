"""Exercises of notebook 07 (improving the MLP, and the boosted trees)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from helpers.exercises.base import Exercise, Outcome
from helpers.improving import best_gain
from helpers.training import balanced_class_weights


class BiggestStep(Exercise):
    """Which step raised the test macro-F1 most over the step before it?

    Bound to the notebook's table of the MLP's steps on the test rows (one row a
    step, in order, with a ``macro_f1`` column).
    """

    title = "Exercise 1 (biggest step)"
    hint_text = (
        "Take the `macro_f1` column of `steps_table`, compute each row's change over the "
        "row before it with `.diff()`, and find the row with the largest change (`.idxmax()`)."
    )
    solution_text = 'biggest_step = steps_table["macro_f1"].diff().idxmax()'

    def __init__(self, steps_table: pd.DataFrame, metric: str = "macro_f1") -> None:
        self.metric = metric
        self.step, self.gain = best_gain(steps_table, metric)
        self.names = [str(name) for name in steps_table.index]

    def evaluate_answer(self, answer: Any) -> Outcome:
        text = str(answer).strip()
        if text.lower() == self.step.lower():
            return self.correct(
                f"'{self.step}' raised {self.metric} by {self.gain:.3f}, more than any other step."
            )
        if text.lower() not in [name.lower() for name in self.names]:
            return self.incorrect(f"answer with one of the table's row names: {self.names}.")
        return self.incorrect(
            f"'{text}' is a step, but not the one with the largest rise of {self.metric}."
        )


class ClassWeights(Exercise):
    """The balanced class weights of the training labels, one per class."""

    title = "Exercise 2 (class weights)"
    hint_text = (
        "Balanced weights are n / (k * count of the class): n training rows, k classes. "
        "`np.bincount(labels, minlength=k)` counts the rows of each class."
    )
    solution_text = (
        "counts = np.bincount(data.y_train, minlength=data.n_classes)\n"
        "weights = len(data.y_train) / (data.n_classes * counts)"
    )

    def __init__(self, y_train: np.ndarray, n_classes: int) -> None:
        self.expected = balanced_class_weights(np.asarray(y_train), n_classes)
        self.n_classes = n_classes

    def evaluate_answer(self, answer: Mapping[int, float] | Sequence[float] | np.ndarray) -> Outcome:
        if isinstance(answer, Mapping):
            try:
                values = [float(answer[c]) for c in range(self.n_classes)]
            except (KeyError, TypeError, ValueError):
                return self.incorrect(f"give a weight for each class 0 to {self.n_classes - 1}.")
        else:
            try:
                values = [float(v) for v in np.asarray(answer, dtype=float).ravel()]
            except (TypeError, ValueError):
                return self.incorrect("give the weights as numbers, one per class.")
        if len(values) != self.n_classes:
            return self.incorrect(f"there are {self.n_classes} classes, so give {self.n_classes} weights.")
        expected = [self.expected[c] for c in range(self.n_classes)]
        if np.allclose(values, expected, rtol=1e-4):
            shown = ", ".join(f"{w:.3f}" for w in expected)
            return self.correct(f"the weights are {shown}: the rarest class weighs the most.")
        if np.allclose(values, 1 / np.asarray(expected), rtol=1e-4):
            return self.incorrect("these are the inverse: a rare class needs a weight above 1.")
        return self.incorrect("not the balanced weights; check n / (k * count) for each class.")


class WhyAccuracyMoved(Exercise):
    """Open question: why did accuracy change when the class weights were added?"""

    title = "Exercise 3 (accuracy and class weights)"
    hint_text = (
        "Compare the per-class recall before and after the weights, and remember how "
        "many test rows each class has. Accuracy counts every row equally."
    )
    solution_text = (
        "Class weights make mistakes on rare classes cost more in the loss, so the model "
        "predicts the rare classes more often. It finds more of them (their recall rises, "
        "so balanced accuracy rises) but misses more rows of the common classes, and since "
        "accuracy counts rows, not classes, it falls. Macro-F1 rises only if the rare "
        "classes' precision holds up; with weights that push too hard, most rows called "
        "rare are wrong and macro-F1 falls too (softer weights help)."
    )

    def __init__(
        self,
        accuracy_before: float,
        accuracy_after: float,
        macro_f1_before: float | None = None,
        macro_f1_after: float | None = None,
    ) -> None:
        self.before = float(accuracy_before)
        self.after = float(accuracy_after)
        self.f1 = (
            (float(macro_f1_before), float(macro_f1_after))
            if macro_f1_before is not None and macro_f1_after is not None
            else None
        )

    def evaluate_answer(self, answer: Any) -> Outcome:
        if not str(answer).strip():
            return self.incorrect("write a sentence or two.")
        moved = "fell" if self.after < self.before else "rose"
        f1_text = ""
        if self.f1 is not None:
            fell = self.f1[1] < self.f1[0]
            f1_text = f" and macro-F1 {'fell' if fell else 'rose'} from {self.f1[0]:.3f} to {self.f1[1]:.3f}"
            if fell:
                f1_text += " (the weights pushed so hard that most rows called rare were wrong: low precision)"
        return self.review(
            f"Here test accuracy {moved} from {self.before:.3f} to {self.after:.3f}{f1_text}. A good answer "
            "says that balanced class weights make errors on the rare classes cost more, so the "
            "model predicts them more often: their recall rises (balanced accuracy rewards that; "
            "macro-F1 only if their precision holds up) while rows of the common classes are "
            "now missed, and accuracy, which counts rows and not classes, is dominated by the "
            "common classes."
        )
