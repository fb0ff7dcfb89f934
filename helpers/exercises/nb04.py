"""Exercises of notebook 04 (evaluating honestly)."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import recall_score

from helpers.exercises.base import FunctionExercise, Question, Quiz, SelfAssessed, Wrong
from helpers.uncertainty import metric_from_confusions


def confusions(seed: int, sizes: tuple[int, ...] = (3, 3, 4, 4)) -> list[tuple[np.ndarray]]:
    """Random confusion matrices (rows: true class) of the given sizes; in the second and third a class is never
    predicted, in the fourth a class never occurs."""
    rng = np.random.default_rng(seed)
    matrices = [rng.integers(0, 40, (k, k)) + np.diag(rng.integers(20, 80, k)) for k in sizes]
    matrices[1][:, -1] = 0  # the last class never predicted
    matrices[2][:, 1] = 0
    matrices[3][0] = 0  # class 0 never occurs
    return [(matrix,) for matrix in matrices]


def precisions(confusion: np.ndarray) -> np.ndarray:
    """Each class's precision (0 for a class never predicted): a typical wrong answer to exercise 1."""
    predicted = confusion.sum(axis=0)
    return np.divide(np.diag(confusion), predicted, out=np.zeros(len(predicted)), where=predicted > 0)


def unguarded_macro_f1(confusion: np.ndarray) -> float:
    """Macro-F1 without a guard against 0/0 (NaN for a class never predicted): a typical wrong answer to exercise 2."""
    hits = np.diag(confusion).astype(float)
    precision, recall = hits / confusion.sum(axis=0), hits / confusion.sum(axis=1)
    return float(np.mean(2 * precision * recall / (precision + recall)))


class RecallPerClass(FunctionExercise):
    notebook, number, title = "04", 1, "recall from a confusion matrix"
    function_name = "recall_per_class"
    compare = "allclose"
    hint_text = "A class's recall divides its correct predictions (on the diagonal) by the number of its true rows."
    success = "the same recalls as scikit-learn on confusion matrices you had not seen, one with a class that never occurs."
    wrong = [Wrong(precisions, "those are the precisions (divided by the column totals); recall divides by the row totals.")]

    def cases(self) -> list[tuple[Any, ...]]:
        return confusions(404)

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        return confusions(4040, (2, 5, 3, 6))

    def reference(self, confusion: np.ndarray) -> np.ndarray:
        k = len(confusion)  # label arrays with this confusion matrix (rows: true, columns: predicted)
        truth, guess = np.repeat(np.arange(k), confusion.sum(axis=1)), np.tile(np.arange(k), k).repeat(confusion.ravel())
        return recall_score(truth, guess, labels=np.arange(k), average=None, zero_division=0)


class MacroF1FromConfusion(RecallPerClass):
    number, title = 2, "macro-F1 from a confusion matrix"
    function_name = "macro_f1_from_confusion"
    hint_text = ("Compute the precisions and recalls as arrays, one number per class; np.divide with out= and where= "
                 "gives 0 where a denominator is 0.")
    success = ("the same macro-F1 as scikit-learn's f1_score(average='macro') on matrices you had not seen, including "
               "a class never predicted.")
    wrong = [
        Wrong(lambda confusion: np.trace(confusion) / confusion.sum(),
              "that is the accuracy; average the classes' F1 scores instead."),
        Wrong(unguarded_macro_f1, "a class with no predictions makes a 0/0: count its precision and F1 as 0."),
    ]

    def reference(self, confusion: np.ndarray) -> float:
        return float(metric_from_confusions(confusion.reshape(1, -1).astype(float), len(confusion), "macro_f1")[0])


def top_class_rule(probabilities: np.ndarray, cutoff: float) -> np.ndarray:
    """The last class wherever its probability is at least ``cutoff``, else the most probable class."""
    top = probabilities.shape[1] - 1
    return np.where(probabilities[:, top] >= cutoff, top, probabilities.argmax(axis=1))


class PredictWithTopThreshold(FunctionExercise):
    notebook, number, title = "04", 3, "another decision rule"
    function_name = "predict_with_top_threshold"
    hint_text = ("The last column holds the top class's probabilities; np.where chooses between two arrays row by "
                 "row, and argmax(axis=1) gives the usual choice.")
    success = "right on random probabilities for 2 to 4 classes, probabilities exactly at the threshold included."
    reference = staticmethod(top_class_rule)
    wrong = [
        Wrong(lambda p, threshold: np.where(p[:, -1] > threshold, p.shape[1] - 1, p.argmax(axis=1)),
              "a probability exactly equal to the threshold should choose the top class (at least: >=, not >)."),
        Wrong(lambda p, threshold: p.argmax(axis=1), "that is the usual rule: the threshold is not used."),
    ]

    def cases(self, settings: tuple[tuple[int, float], ...] = ((3, 0.2), (2, 0.3), (4, 0.15), (3, 0.5)),
              seed: int = 405) -> list[tuple[Any, ...]]:
        rng, cases = np.random.default_rng(seed), []
        for n_classes, threshold in settings:
            p = rng.dirichlet(np.ones(n_classes), 200)
            p[:5] = np.append(np.full(n_classes - 1, (1 - threshold) / (n_classes - 1)), threshold)  # exactly at it
            cases.append((p, threshold))
        return cases

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        return self.cases(((5, 0.1), (2, 0.6), (3, 0.35)), seed=4050)


CUTOFFS = np.arange(0.05, 1.0, 0.05)
"""The cut-offs exercise 4 tries: 0.05, 0.10, ..., 0.95."""


def precision_recall(y: np.ndarray, predicted: np.ndarray, top: int) -> np.ndarray:
    """The top class's precision and recall (0 where nothing is predicted or present)."""
    truth, said = y == top, predicted == top
    hits = np.sum(truth & said)
    return np.array([hits / max(said.sum(), 1), hits / max(truth.sum(), 1)])


def top_f1(probabilities: np.ndarray, y: np.ndarray, cutoff: float) -> float:
    """The top class's F1 with :func:`top_class_rule` at ``cutoff``."""
    precision, recall = precision_recall(y, top_class_rule(probabilities, cutoff), probabilities.shape[1] - 1)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def probabilities_and_labels(rng: np.random.Generator, rows: int, n_classes: int, boost: float) -> tuple[np.ndarray, ...]:
    """Random probabilities (the top class the least likely) and labels drawn from them, with the top class made
    ``boost`` times as likely as its probability says."""
    p = rng.dirichlet(np.r_[np.full(n_classes - 1, 2.0), 0.7], rows)
    weights = p * np.r_[np.ones(n_classes - 1), boost]
    cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    return p, (cumulative < rng.random(rows)[:, None]).sum(axis=1)


def reported(probabilities: np.ndarray, y: np.ndarray, cutoff: float) -> dict[str, Any]:
    """The report exercise 4 asks for, on the rows given, each score with its 95% interval (the normal
    approximation's: as wide as a bootstrap's on many rows)."""
    top = probabilities.shape[1] - 1
    predicted = top_class_rule(probabilities, cutoff)
    estimate = precision_recall(y, predicted, top)
    half = 1.96 * np.sqrt(estimate * (1 - estimate) / np.maximum([np.sum(predicted == top), np.sum(y == top)], 1))
    return {"cutoff": cutoff, **{name: (estimate[i], estimate[i] - half[i], estimate[i] + half[i])
                                 for i, name in enumerate(("precision", "recall"))}}


def chosen_on(p_choose: np.ndarray, y_choose: np.ndarray, p_report: np.ndarray, y_report: np.ndarray) -> dict[str, Any]:
    """The cut-off with the best top-class F1 on the first rows, reported on the second."""
    return reported(p_report, y_report, float(max(CUTOFFS, key=lambda cutoff: top_f1(p_choose, y_choose, cutoff))))


def with_test_labels_changed(p_val: np.ndarray, y_val: np.ndarray, p_test: np.ndarray,
                             y_test: np.ndarray) -> tuple[np.ndarray, ...]:
    """The same rows with test labels that favour another cut-off than the validation rows' best, one that gives
    about a tenth of the test rows the top class (the rule's answers at it, a fifth of them replaced at random):
    a cut-off chosen on the validation rows stays, one chosen on the test rows moves."""
    best = max(CUTOFFS, key=lambda cutoff: top_f1(p_val, y_val, cutoff))
    others = CUTOFFS[~np.isclose(CUTOFFS, best)]
    lure = others[np.abs((p_test[:, -1, None] >= others).mean(axis=0) - 0.1).argmin()]
    rng = np.random.default_rng(0)
    random_labels = rng.integers(0, p_test.shape[1], len(y_test))
    return p_val, y_val, p_test, np.where(rng.random(len(y_test)) < 0.2, random_labels, top_class_rule(p_test, lure))


def swapped(report: dict[str, Any]) -> dict[str, Any]:
    """A report with precision and recall swapped: a typical wrong answer to exercise 4."""
    return {**report, "precision": report["recall"], "recall": report["precision"]}


class TuneTopCutoff(FunctionExercise):
    notebook, number, title = "04", 4, "a cut-off chosen on validation rows, reported on test rows"
    function_name = "tune_top_cutoff"
    compare = "custom"  # any cut-off as good as the best on the validation rows, reported right, is right
    hint_text = ("Two stages, and only the second may look at the test rows. First score every cut-off by the top "
                 "class's F1 on the validation rows (your predict_with_top_threshold gives the predictions). Then fix "
                 "the best one and measure the test rows once; for the intervals, redraw the test rows with "
                 "replacement many times and take quantiles of the scores of the redraws.")
    success = ("the cut-off is the best on the validation rows, the precision and recall are the test rows' for it, "
               "and each interval holds its estimate and is as wide as a bootstrap over these rows makes it.")
    wrong = [
        Wrong(lambda p_val, y_val, p_test, y_test: chosen_on(p_test, y_test, p_test, y_test),
              "choose the cut-off on the validation rows"),
        Wrong(lambda p_val, y_val, p_test, y_test: chosen_on(p_val, y_val, p_val, y_val), "validation rows' scores"),
        Wrong(lambda *rows: swapped(chosen_on(*rows)), "swapped"),
        Wrong(lambda *rows: {**chosen_on(*rows), "recall": (chosen_on(*rows)["recall"][0],) * 3}, "has no width"),
    ]

    def cases(self, data: Any = None, mlp: Any = None) -> list[tuple[Any, ...]]:
        """The notebook's validation and test rows (with ``data`` and ``mlp``), then the same with the test labels
        changed; else random rows whose test rows favour another cut-off than the validation rows."""
        if data is None:
            rng = np.random.default_rng(406)
            return [(*probabilities_and_labels(rng, 1500, k, 1.0), *probabilities_and_labels(rng, 1500, k, 3.0))
                    for k in (3, 2)]
        rows = (mlp.probabilities("validation"), data.y_val, mlp.probabilities("test"), data.y_test)
        return [rows, with_test_labels_changed(*rows)]

    def hidden_cases(self, data: Any = None, mlp: Any = None) -> list[tuple[Any, ...]]:
        """Validation and test rows swapped, then half of each with the test labels changed; without the notebook's
        objects, other random rows."""
        if data is None:
            rng = np.random.default_rng(407)
            return [(*probabilities_and_labels(rng, 2000, k, 0.5), *probabilities_and_labels(rng, 1000, k, 2.0))
                    for k in (4, 3)]
        (p_val, y_val, p_test, y_test), _ = self.cases(data, mlp)
        return [(p_test, y_test, p_val, y_val), with_test_labels_changed(p_val[::2], y_val[::2], p_test[1::2], y_test[1::2])]

    def reference(self, p_val: np.ndarray, y_val: np.ndarray, p_test: np.ndarray, y_test: np.ndarray) -> float:
        """The best top-class F1 on the validation rows among :data:`CUTOFFS`."""
        return max(top_f1(p_val, y_val, cutoff) for cutoff in CUTOFFS)

    def difference(self, got: Any, expected: float, args: tuple[Any, ...]) -> str | None:
        p_val, y_val, p_test, y_test = args
        try:
            cutoff = float(got["cutoff"])
            scores = np.array([[float(value) for value in got[name]] for name in ("precision", "recall")])
        except (TypeError, KeyError, ValueError, IndexError):
            return "return a dict {'cutoff': c, 'precision': (estimate, low, high), 'recall': (estimate, low, high)}."
        if scores.shape != (2, 3):
            return "give each score as three numbers: (estimate, low, high)."
        if top_f1(p_val, y_val, cutoff) < expected - 1e-9:
            return (f"with the cut-off {cutoff:g} the top class's F1 on the validation rows is "
                    f"{top_f1(p_val, y_val, cutoff):.3f}, but one of the cut-offs 0.05, 0.10, ..., 0.95 reaches "
                    f"{expected:.3f}: choose the cut-off on the validation rows, never on the test rows.")
        top = p_test.shape[1] - 1
        right, on_validation = (precision_recall(y, top_class_rule(p, cutoff), top) for p, y in ((p_test, y_test),
                                                                                                  (p_val, y_val)))
        if not np.allclose(scores[:, 0], right, atol=1e-9):
            if np.allclose(scores[::-1, 0], right, atol=1e-9):
                return "precision and recall are swapped: precision divides by the predicted top rows, recall by the true ones."
            if np.allclose(scores[:, 0], on_validation, atol=1e-9):
                return "those are the validation rows' scores: report the test rows' precision and recall."
            return f"for the cut-off {cutoff:g} the test rows give precision {right[0]:.4f} and recall {right[1]:.4f}."
        expected_report = reported(p_test, y_test, cutoff)  # its intervals are 0 wide only for a score of 0 or 1
        for name, (estimate, low, high) in zip(("precision", "recall"), scores):
            width = expected_report[name][2] - expected_report[name][1]
            if not low <= estimate <= high:
                return f"the {name} interval ({low:.3f} to {high:.3f}) does not contain its estimate {estimate:.3f}."
            if width > 0 and high <= low:
                return f"the {name} interval has no width: redraw the test rows with replacement, many times."
            if width > 0 and not 0.5 < (high - low) / width < 2:
                return (f"the {name} interval is {high - low:.3f} wide, where a 95% interval over these test rows is "
                        f"about {width:.3f} wide: take the quantiles 0.025 and 0.975 of many redraws.")
        return None


quiz = Quiz("04", 5, "wrap-up quiz", [
    Question("Half of the test tracks belong to one class, and a model's test accuracy is 0.52. What does that say?",
             {"a": "The model is good: it gets more than half of the tracks right.",
              "b": "Little by itself: always answering that class would score about 0.50.",
              "c": "The model is worse than guessing."},
             {"a": "No: always answering the largest class gets about 0.50 without looking at a single feature. Read "
                   "accuracy against that floor.",
              "b": "Yes: the majority-class baseline is the floor for accuracy; macro-F1, balanced accuracy and the "
                   "per-class report then show whether the other classes are found at all.",
              "c": "No: guessing at random among the classes would get less than 0.52 here; the point is how little "
                   "the model adds to always answering the largest class."}),
    Question("You change the cut-off of the top class's decision rule. On which rows do you choose it?",
             {"a": "On the test rows, since they give the numbers you report.",
              "b": "On the training rows, since there are the most of them.",
              "c": "On the validation rows; the test rows then score the chosen rule once."},
             {"a": "No: a cut-off chosen on the test rows is fitted to their luck, so the test score you report for "
                   "it is optimistic.",
              "b": "No: the network was fitted on the training rows, so its probabilities there are more confident "
                   "than on new songs, and a cut-off chosen there does not carry over.",
              "c": "Yes: every choice is made on the validation rows, so the test rows stay new to the whole "
                   "procedure and their score stays honest."}),
    Question("The tracks truly in the top class get a higher mean probability of it than the other tracks, yet the "
             "model almost never predicts the top class. How can both be true?",
             {"a": "A class wins a track only when its probability is the highest: it can be higher for the top "
                   "class's tracks than for the others and still stay below a larger class's.",
              "b": "They cannot: the model must be broken.",
              "c": "The test rows hold no tracks of the top class."},
             {"a": "Yes: the model ranks tracks sensibly but its probabilities of the top class stay low, so the "
                   "usual rule (the most probable class) rarely picks it; a lower cut-off for it changes that.",
              "b": "No: the mean probability compares tracks with each other, the decision rule compares classes on "
                   "one track; both facts fit together.",
              "c": "No: the support column of the per-class report counts them."}),
    Question("The original's recipe is scored on its leaked test rows and on its unseen ones. Why compare the two "
             "by the lift over the majority class or by balanced accuracy, not by raw accuracy?",
             {"a": "Raw accuracy cannot be computed on part of the test rows.",
              "b": "Balanced accuracy is always higher, so the gap is easier to see.",
              "c": "The leaked and unseen rows are different songs with different class mixes, and raw accuracy moves "
                   "with the mix."},
             {"a": "No: any set of rows has an accuracy; it just depends on that set's class mix.",
              "b": "No: balanced accuracy is often lower than accuracy; its point is that every class counts the "
                   "same.",
              "c": "Yes: a model that ignores the features scores differently on two mixes; the lift and the balanced "
                   "accuracy take (most of) that out, so what is left is the model."}),
])

q6 = SelfAssessed("04", 6, "which numbers to report")
