"""Exercises of notebook 04 (evaluating honestly)."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from helpers.evaluation import classification_metrics, per_class_report
from helpers.exercises.base import Exercise, Outcome, as_number, is_percentage_of
from helpers.report import majority_baseline

TOLERANCE = 1e-3


class _BoundToPredictions:
    """Mixin: the test labels, the predictions and the class names an exercise checks against."""

    def __init__(self, y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str]) -> None:
        self.y_true, self.y_pred = np.asarray(y_true), np.asarray(y_pred)
        self.class_names = list(class_names)


class TopClassRecall(_BoundToPredictions, Exercise):
    """Recall of the most popular class, from the confusion matrix."""

    title = "Exercise 1 (recall of the top class)"
    hint_text = (
        "Recall of a class = correctly predicted rows of that class / all true rows of it. "
        "In the counts matrix the true class is the row: take the diagonal cell and divide "
        "by the row's sum."
    )
    solution_text = (
        "top = class_names[-1]\n"
        "recall_top = counts.loc[top, top] / counts.loc[top].sum()"
    )

    def expected(self) -> float:
        """Recall of the last (most popular) class, from :func:`per_class_report`."""
        report = per_class_report(self.y_true, self.y_pred, self.class_names, decimals=12)
        return float(report["recall"].iloc[-1])

    def evaluate_answer(self, recall: Any) -> Outcome:
        value, expected = as_number(recall), self.expected()
        name = self.class_names[-1]
        if value is None:
            return self.incorrect(f"give a number between 0 and 1, got {recall!r}.")
        if abs(value - expected) <= TOLERANCE:
            return self.correct(f'the model finds {expected:.1%} of the "{name}" test tracks.')
        if is_percentage_of(value, expected, TOLERANCE):
            return self.incorrect("give the recall as a share between 0 and 1, not a percentage.")
        report = per_class_report(self.y_true, self.y_pred, self.class_names, decimals=12)
        if abs(value - float(report["precision"].iloc[-1])) <= TOLERANCE and expected != float(
            report["precision"].iloc[-1]
        ):
            return self.incorrect("that is the precision (divide by the column); recall divides by the row.")
        return self.incorrect(f'not the recall of "{name}": divide the diagonal cell by its row sum.')


class MacroF1FromConfusion(_BoundToPredictions, Exercise):
    """Macro-F1 computed by hand from the confusion matrix."""

    title = "Exercise 2 (macro-F1 by hand)"
    hint_text = (
        "For each class: precision = diagonal / column sum, recall = diagonal / row sum, "
        "F1 = 2 * precision * recall / (precision + recall), taking 0 when both are 0. "
        "Macro-F1 is the plain mean of the per-class F1s."
    )
    solution_text = (
        "matrix = counts.to_numpy()\n"
        "hits = np.diag(matrix)\n"
        "precision = np.divide(hits, matrix.sum(axis=0), out=np.zeros(len(hits)), where=matrix.sum(axis=0) > 0)\n"
        "recall = hits / matrix.sum(axis=1)\n"
        "both = precision + recall\n"
        "f1 = np.divide(2 * precision * recall, both, out=np.zeros(len(hits)), where=both > 0)\n"
        "macro_f1 = f1.mean()"
    )

    def evaluate_answer(self, macro_f1: Any) -> Outcome:
        metrics = classification_metrics(self.y_true, self.y_pred)
        value = as_number(macro_f1)
        if value is None:
            return self.incorrect(f"give a number between 0 and 1, got {macro_f1!r}.")
        if abs(value - metrics["macro_f1"]) <= TOLERANCE:
            return self.correct(
                f"macro-F1 = {metrics['macro_f1']:.3f}, against accuracy {metrics['accuracy']:.3f}: "
                "every class counts the same, however few tracks it has."
            )
        if abs(value - metrics["accuracy"]) <= TOLERANCE:
            return self.incorrect("that is the accuracy; average the per-class F1 scores instead.")
        if abs(value - metrics["balanced_accuracy"]) <= TOLERANCE:
            return self.incorrect("that is the mean recall (balanced accuracy); use F1 per class.")
        return self.incorrect("not quite; check each class's precision, recall and F1.")


class MajorityAccuracy(Exercise):
    """Accuracy of always predicting the most common class of the test rows."""

    title = "Exercise 3 (the majority baseline)"
    hint_text = "Count the test rows of each class (np.bincount) and divide the largest count by the number of rows."
    solution_text = "majority_rate = np.bincount(data.y_test).max() / len(data.y_test)"

    def __init__(self, y_true: np.ndarray, n_classes: int) -> None:
        self.y_true, self.n_classes = np.asarray(y_true), n_classes

    def evaluate_answer(self, rate: Any) -> Outcome:
        _, expected = majority_baseline(self.y_true, self.n_classes)
        value = as_number(rate)
        if value is None:
            return self.incorrect(f"give a number between 0 and 1, got {rate!r}.")
        if abs(value - expected) <= TOLERANCE:
            return self.correct(
                f"always guessing the commonest class scores {expected:.1%}: any model must beat that."
            )
        if abs(value - 1 / self.n_classes) <= TOLERANCE:
            return self.incorrect("that is a random guess among equal classes; the classes are not equal.")
        return self.incorrect("divide the largest class's test count by the number of test rows.")


class WhichMetric(Exercise):
    """Open question: which metric would you report, and why?"""

    title = "Exercise 4 (which number to report)"
    hint_text = "Think of a reader who cares about finding popular tracks; which number would mislead them?"
    solution_text = (
        "Report the honest split's numbers, never the leaky split's. Accuracy alone hides a "
        "class the model never finds, because the common classes dominate it; report macro-F1 "
        "(or balanced accuracy) next to it, with the majority baseline and the per-class recall "
        "of the class that matters (the popular tracks)."
    )

    def evaluate_answer(self, answer: Any) -> Outcome:
        return self.review(
            "A good answer picks the honest split, reports macro-F1 or balanced accuracy beside "
            "accuracy, compares accuracy with the majority-class baseline, and names the "
            "per-class recall of the class a user cares about (here the most popular tracks)."
        )
