"""Exercises of notebook 05 (baselines)."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

from helpers.exercises.base import FunctionExercise, Outcome, SelfAssessed, Status


class NearestNeighbour(FunctionExercise):
    number, title = 1, "a nearest neighbour by hand"
    function_name = "nearest_neighbour_predict"
    hint_text = ("x_test[:, None, :] - x_train[None, :, :] has one row of differences per (test row, training row) "
                 "pair; square, sum over the last axis, and argmin over the training rows.")
    success = "the same classes as scikit-learn's KNeighborsClassifier(n_neighbors=1) on random data."

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(505)
        return [(rng.normal(size=(60, 3)), rng.integers(0, 3, 60), rng.normal(size=(25, 3))),
                (rng.uniform(size=(40, 5)), rng.integers(0, 2, 40), rng.uniform(size=(40, 5))),
                (rng.normal(size=(30, 1)), rng.integers(0, 4, 30), rng.normal(size=(10, 1)))]

    def expected(self, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray) -> np.ndarray:
        return KNeighborsClassifier(n_neighbors=1).fit(x_train, y_train).predict(x_test)

    def difference(self, got: Any, expected: np.ndarray, args: tuple[Any, ...]) -> str | None:
        got = np.asarray(got)
        if got.shape != expected.shape:
            return f"return one class per test row ({len(expected)}), got shape {got.shape}."
        if np.array_equal(got, expected):
            return None
        return f"{int((got != expected).sum())} of {len(expected)} test rows get another class than their nearest neighbour's."


def reference_interval(y_true: np.ndarray, pred_a: np.ndarray, pred_b: np.ndarray, n_resamples: int, seed: int) -> tuple[float, float]:
    """The paired row bootstrap of the accuracy difference, as the exercise describes it."""
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(y_true), size=(n_resamples, len(y_true)))
    differences = (pred_a == y_true)[rows].mean(axis=1) - (pred_b == y_true)[rows].mean(axis=1)
    low, high = np.quantile(differences, [0.025, 0.975])
    return float(low), float(high)


def _unpaired_interval(y_true: np.ndarray, pred_a: np.ndarray, pred_b: np.ndarray, n_resamples: int, seed: int) -> tuple[float, float]:
    """The same interval with separate draws for the two models: the usual slip."""
    rng = np.random.default_rng(seed)
    rows_a = rng.integers(0, len(y_true), size=(n_resamples, len(y_true)))
    rows_b = rng.integers(0, len(y_true), size=(n_resamples, len(y_true)))
    differences = (pred_a == y_true)[rows_a].mean(axis=1) - (pred_b == y_true)[rows_b].mean(axis=1)
    low, high = np.quantile(differences, [0.025, 0.975])
    return float(low), float(high)


class BootstrapInterval(FunctionExercise):
    number, title = 2, "a bootstrap interval by hand"
    function_name = "accuracy_difference_interval"
    hint_text = ("rng.integers(0, n, size=(n_resamples, n)) draws every resample at once; (pred_a == y_true)[rows] "
                 "then holds, per resample, which drawn rows model A got right. Use the same drawn rows for A and B.")
    success = ("your intervals agree with the course's (within the luck of the draw) on three pairs of models, and the "
               "same seed gives the same interval.")
    tolerance = 0.012

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(506)
        cases = []
        for n, a_right, b_right, shared in ((500, 0.7, 0.65, 0.5), (800, 0.6, 0.6, 0.55), (400, 0.8, 0.5, 0.45)):
            y = rng.integers(0, 3, n)
            both = rng.random(n) < shared
            a_ok = both | (rng.random(n) < (a_right - shared) / (1 - shared))
            b_ok = both | (rng.random(n) < (b_right - shared) / (1 - shared))
            wrong = (y + rng.integers(1, 3, n)) % 3
            cases.append((y, np.where(a_ok, y, wrong), np.where(b_ok, y, wrong), 4000, 7))
        return cases

    def expected(self, *args: Any) -> tuple[float, float]:
        return reference_interval(*args)

    def difference(self, got: Any, expected: tuple[float, float], args: tuple[Any, ...]) -> str | None:
        try:
            low, high = (float(v) for v in got)
        except (TypeError, ValueError):
            return "return a pair of numbers: (low, high)."
        if high - low <= 1e-9:
            return "the interval has no width: draw the rows with replacement (rng.integers), not all rows once."
        if abs(low - expected[0]) <= self.tolerance and abs(high - expected[1]) <= self.tolerance:
            return None
        if abs(low + expected[1]) <= self.tolerance and abs(high + expected[0]) <= self.tolerance:
            return "the interval has the wrong sign: compute model A's accuracy minus model B's."
        unpaired = _unpaired_interval(*args)
        if abs(low - unpaired[0]) + abs(high - unpaired[1]) < abs(low - expected[0]) + abs(high - expected[1]):
            return "draw one set of rows per resample and score both models on it (paired), not a set each."
        return (f"expected about ({expected[0]:.3f}, {expected[1]:.3f}), got ({low:.3f}, {high:.3f}); "
                "check the quantiles (0.025 and 0.975) and the sign (A minus B).")

    def evaluate(self, answer: Any) -> Outcome:
        outcome = super().evaluate(answer)
        if outcome.status is Status.CORRECT:
            y, a, b, _, _ = self.cases()[1]
            case = (y, a, b, 20, 3)  # few resamples of many rows: two different draws give different quantiles
            if tuple(map(float, answer(*case))) != tuple(map(float, answer(*case))):
                return Outcome(Status.INCORRECT, "the same seed must give the same interval: use np.random.default_rng(seed).")
        return outcome


q3 = SelfAssessed(
    3,
    "is the MLP worth it?",
    "Choose on the validation rows, never on the test rows: take the model with the best validation macro-F1, and "
    "pick the cheapest model that a paired bootstrap on the validation rows cannot tell apart from it (the notebook "
    "compares each model with the MLP there; another pair is compared the same way). Where the verdict is 'no clear "
    "difference' (the 95% interval does not clear 0 by more than the margin), the better-looking score may be luck, "
    "and the cheaper model does as well as far as we can know. Then weigh what else matters: the training times in "
    "the table, how easy each model is to tune and to explain. The MLP and the boosted trees stopped training on the "
    "validation rows, which flatters their validation scores a little. Only then score the chosen model on the test "
    "rows, once, and report that number: a score on the rows used to choose would be optimistic. Not beating cheaper "
    "models does not show that the eight features are the limit; notebook 07 tests that by adding inputs.",
)
