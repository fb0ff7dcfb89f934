"""Exercises of notebook 04 (evaluating honestly)."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, recall_score

from helpers.exercises.base import FunctionExercise, SelfAssessed


def _confusions() -> list[np.ndarray]:
    """Confusion matrices of random labels: 3 and 4 classes, one class never predicted, one never true."""
    rng = np.random.default_rng(404)
    cases = []
    for n_classes, never_predicted, never_true in ((3, None, None), (3, 2, None), (4, 3, None), (4, None, 0)):
        truth = rng.integers(0, n_classes, 300)
        guess = np.where(rng.random(300) < 0.5, truth, rng.integers(0, n_classes, 300))
        if never_predicted is not None:
            guess[guess == never_predicted] = 0
        if never_true is not None:
            truth[truth == never_true] = 1
        cases.append(confusion_matrix(truth, guess, labels=np.arange(n_classes)))
    return cases


def _labels(confusion: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Label arrays with this confusion matrix (rows: true, columns: predicted)."""
    truth, guess = [], []
    for i, row in enumerate(confusion):
        for j, count in enumerate(row):
            truth += [i] * int(count)
            guess += [j] * int(count)
    return np.array(truth), np.array(guess)


class RecallPerClass(FunctionExercise):
    number, title = 1, "recall from a confusion matrix"
    function_name = "recall_per_class"
    hint_text = "Recall of class c = confusion[c, c] / confusion[c].sum(): the diagonal divided by the row totals."
    success = "the same recalls as scikit-learn on four confusion matrices, one with a class that never occurs."

    def cases(self) -> list[tuple[Any, ...]]:
        return [(c,) for c in _confusions()]

    def expected(self, confusion: np.ndarray) -> np.ndarray:
        truth, guess = _labels(confusion)
        return recall_score(truth, guess, labels=np.arange(len(confusion)), average=None, zero_division=0)

    def difference(self, got: Any, expected: np.ndarray, args: tuple[Any, ...]) -> str | None:
        got = np.asarray(got, dtype=float)
        if got.shape != expected.shape:
            return f"return one recall per class ({len(expected)} numbers), got shape {got.shape}."
        if np.allclose(got, expected):
            return None
        confusion = args[0]
        columns = confusion.sum(axis=0)
        precision = np.divide(np.diag(confusion), columns, out=np.zeros(len(columns)), where=columns > 0)
        if np.allclose(got, precision):
            return "those are the precisions (divided by the column totals); recall divides by the row totals."
        return f"for the matrix {confusion.tolist()} the recalls are {np.round(expected, 3).tolist()}."


class MacroF1FromConfusion(FunctionExercise):
    number, title = 2, "macro-F1 from a confusion matrix"
    function_name = "macro_f1_from_confusion"
    hint_text = ("precision = diagonal / column totals, recall = diagonal / row totals, F1 = 2pr / (p + r); use "
                 "np.divide(..., out=np.zeros(k), where=denominator > 0) to get 0 where a denominator is 0.")
    success = "the same macro-F1 as scikit-learn's f1_score(average='macro') on four matrices, including a class never predicted."

    def cases(self) -> list[tuple[Any, ...]]:
        return [(c,) for c in _confusions()]

    def expected(self, confusion: np.ndarray) -> float:
        truth, guess = _labels(confusion)
        return float(f1_score(truth, guess, average="macro", zero_division=0))

    def difference(self, got: Any, expected: float, args: tuple[Any, ...]) -> str | None:
        try:
            value = float(got)
        except (TypeError, ValueError):
            return f"return one number, got {got!r}."
        if abs(value - expected) <= 1e-9:
            return None
        confusion = args[0]
        accuracy = np.trace(confusion) / confusion.sum()
        if abs(value - accuracy) <= 1e-9:
            return "that is the accuracy; average the classes' F1 scores instead."
        if np.isnan(value):
            return "a class with no predictions makes a 0/0: count its precision and F1 as 0."
        return f"for the matrix {confusion.tolist()} the macro-F1 is {expected:.4f}, not {value:.4f}."


class PredictWithTopThreshold(FunctionExercise):
    number, title = 3, "another decision rule"
    function_name = "predict_with_top_threshold"
    hint_text = "np.where(probabilities[:, -1] >= threshold, last_class, probabilities.argmax(axis=1))."
    success = "right on random probabilities for 2, 3 and 4 classes, thresholds included."

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(405)
        cases = []
        for n_classes, threshold in ((3, 0.2), (2, 0.3), (4, 0.15), (3, 0.5)):
            p = rng.dirichlet(np.ones(n_classes), 200)
            p[:5] = np.append(np.full(n_classes - 1, (1 - threshold) / (n_classes - 1)), threshold)  # exactly at it
            cases.append((p, threshold))
        return cases

    def expected(self, probabilities: np.ndarray, threshold: float) -> np.ndarray:
        top = probabilities.shape[1] - 1
        return np.where(probabilities[:, top] >= threshold, top, probabilities.argmax(axis=1))

    def difference(self, got: Any, expected: np.ndarray, args: tuple[Any, ...]) -> str | None:
        got = np.asarray(got)
        if got.shape != expected.shape:
            return f"return one class per row ({len(expected)}), got shape {got.shape}."
        if np.array_equal(got, expected):
            return None
        probabilities, threshold = args
        top = probabilities.shape[1] - 1
        if np.array_equal(got, np.where(probabilities[:, top] > threshold, top, probabilities.argmax(axis=1))):
            return "a probability exactly equal to the threshold should choose the top class (>=, not >)."
        return f"{int((got != expected).sum())} of {len(expected)} rows get another class than expected."


q4 = SelfAssessed(
    4,
    "which numbers to report",
    "Only the honest split's numbers: they describe songs the model has never seen, which is what the label will feed "
    "it. Report accuracy next to the majority-class baseline, so it is not mistaken for skill, and macro-F1 or balanced "
    "accuracy. Above all, report the recall and precision of the most popular class: how many of the future hits the "
    "model finds, and how many of its 'hit' calls are right. Accuracy hides exactly that class. Never quote the "
    "original's leaky-split number: many of its test songs had a copy among the training rows, so it mixes memory "
    "of repeated songs with skill.",
)
