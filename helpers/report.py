"""Plain-words conclusions written from the numbers, so no notebook types a result.

The evaluation notebook prints :func:`conclusion`: sentences about which split was
used, how the accuracy compares with always guessing the most common class, what
macro-F1 adds, the weakest class, and how much the leaky random split inflates the
score. Every number in them comes from the metrics passed in.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd


ORIGINAL_EPOCHS = 100
"""Epochs the original notebook trained for, without early stopping."""

ORIGINAL_REPORTED_ACCURACY = 0.685
"""Test accuracy the original notebook reported (random split, 100 epochs); a quoted fact."""

LARGE_GAP_POINTS = 5.0
"""A gap in accuracy (percentage points) between the splits that counts as large."""

SMALL_GAP_POINTS = 1.0
"""A gap below this (percentage points) counts as no real difference."""


def majority_baseline(y_true: np.ndarray, n_classes: int) -> tuple[int, float]:
    """Return the most common class and the accuracy of always predicting it."""
    counts = np.bincount(np.asarray(y_true, dtype=int), minlength=n_classes)
    if counts.sum() == 0:
        raise ValueError("No labels: the majority class is undefined.")
    majority = int(np.argmax(counts))
    return majority, float(counts[majority] / counts.sum())


def never_predicted(report: pd.DataFrame) -> list[str]:
    """Classes with no predicted rows in a :func:`~helpers.evaluation.per_class_report`."""
    return [str(name) for name in report.index[report["predicted"] == 0]]


def _points(a: float, b: float) -> float:
    return 100 * (a - b)


def conclusion(
    honest: Mapping[str, float],
    seed: Mapping[str, float],
    leaked_share: float,
    report: pd.DataFrame,
    majority_class: str,
    majority_rate: float,
) -> str:
    """Write the evaluation's conclusion in plain words from the numbers.

    Args:
        honest: test metrics on the honest split (``accuracy``, ``macro_f1``,
            ``balanced_accuracy``; see :func:`helpers.evaluation.classification_metrics`).
        seed: the same metrics for the same model trained on the original random split.
        leaked_share: share of the random split's test rows with a copy in training.
        report: the honest split's :func:`~helpers.evaluation.per_class_report` (or a per-class report
            with at least ``recall`` and ``support``; ``predicted`` is optional).
        majority_class: name of the most common class in the honest test rows.
        majority_rate: accuracy of always predicting that class.

    Returns:
        A paragraph of sentences, one per finding, each with its numbers.
    """
    accuracy, macro_f1 = honest["accuracy"], honest["macro_f1"]
    balanced = honest["balanced_accuracy"]
    sentences = []

    margin = _points(accuracy, majority_rate)
    if margin > SMALL_GAP_POINTS:
        verdict = f"so the model beats that baseline by {margin:.1f} percentage points"
    elif margin >= -SMALL_GAP_POINTS:
        verdict = "so the model does no better than that baseline"
    else:
        verdict = f"so the model is {-margin:.1f} percentage points worse than that baseline"
    sentences.append(
        f"On the honest split (every copy of a song on one side), the MLP classifies "
        f"{accuracy:.1%} of the test tracks correctly; always guessing the most common "
        f'class, "{majority_class}", would score {majority_rate:.1%}, {verdict}.'
    )

    if accuracy - macro_f1 > 0.1:
        sentences.append(
            f"Its macro-F1 is {macro_f1:.3f} and its balanced accuracy {balanced:.3f}, well "
            f"below its accuracy: averaged over the classes, with each class counting the "
            f"same, the model is much weaker than accuracy alone suggests."
        )
    else:
        sentences.append(
            f"Its macro-F1 is {macro_f1:.3f} and its balanced accuracy {balanced:.3f}, close "
            f"to its accuracy: the classes are served about evenly."
        )

    missing = never_predicted(report) if "predicted" in report.columns else []
    if missing:
        names = ", ".join(f'"{name}"' for name in missing)
        lost = int(report.loc[missing, "support"].sum())
        verb = "class" if len(missing) == 1 else "classes"
        sentences.append(
            f"It never predicts the {verb} {names}: none of the {lost:,} test tracks "
            f"there is found (recall 0)."
        )
    else:
        weakest = str(report["recall"].idxmin())
        recall = float(report.loc[weakest, "recall"])
        sentences.append(
            f'Its weakest class is "{weakest}": it finds {recall:.1%} of the '
            f"{int(report.loc[weakest, 'support']):,} test tracks there."
        )

    gap = _points(seed["accuracy"], accuracy)
    leak_text = (
        f"On the original random split, where {leaked_share:.0%} of the test rows have a "
        f"copy among the training rows, the same model with the same training scores "
        f"{seed['accuracy']:.1%} accuracy and macro-F1 {seed['macro_f1']:.3f}"
    )
    if gap >= LARGE_GAP_POINTS:
        sentences.append(
            f"{leak_text}: {gap:.1f} points higher. The leak inflates the score a lot; "
            f"only the honest number says how the model does on songs it has never seen."
        )
    elif gap >= SMALL_GAP_POINTS:
        sentences.append(
            f"{leak_text}: {gap:.1f} points higher. The leak inflates the score by a few "
            f"points; with early stopping the model has little time to memorise the copies, "
            f"so a larger gap needs longer training."
        )
    elif gap > -SMALL_GAP_POINTS:
        sentences.append(
            f"{leak_text}: about the same. Here the leak hardly changes the score, but the "
            f"honest split is still the one whose number can be trusted."
        )
    else:
        sentences.append(
            f"{leak_text}: {-gap:.1f} points lower. The leak did not help this time; the "
            f"honest split is still the one whose number can be trusted."
        )
    return " ".join(sentences)
