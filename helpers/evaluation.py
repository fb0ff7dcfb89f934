"""Scores, score tables, per-class reports and confusion matrices.

Every table of scores in the course comes from here, so models are always scored the same way.
"""

from __future__ import annotations

from typing import Mapping, Protocol, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, balanced_accuracy_score, confusion_matrix, f1_score
from sklearn.metrics import precision_recall_fscore_support

from helpers.preprocessing import Part


class Scored(Protocol):
    """Anything that scores itself on a part of its data, like :class:`helpers.models.FittedModel`."""

    def scores(self, part: Part) -> dict[str, float]: ...


METRICS: dict[str, str] = {
    "accuracy": "accuracy",
    "macro_f1": "macro-F1",
    "balanced_accuracy": "balanced accuracy",
}
"""The course's three scores, by column name, with the name to show in text and plots."""


def scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    """Accuracy, macro-F1 (the mean of the classes' F1 scores) and balanced accuracy
    (the mean of the classes' recalls)."""
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        "balanced_accuracy": float(balanced_accuracy_score(y_true, y_pred)),
    }


def score_table(models: Mapping[str, Scored], part: Part = "test", decimals: int = 3) -> pd.DataFrame:
    """One row per named model, one column per score, on the chosen rows, rounded."""
    table = pd.DataFrame({name: fitted.scores(part) for name, fitted in models.items()}).T
    return table[list(METRICS)].round(decimals).rename_axis("model")


def majority_class(y_train: np.ndarray) -> int:
    """The most common class of the training rows (the smallest class number on a tie)."""
    return int(np.bincount(y_train).argmax())


def per_class_report(y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str], decimals: int = 3) -> pd.DataFrame:
    """Precision, recall and F1 of each class, with ``support`` (rows truly in the class)
    and ``predicted`` (rows the model put there; 0 means the class is never predicted)."""
    labels = np.arange(len(class_names))
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    report = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1}, index=list(class_names)).round(decimals)
    predicted = np.bincount(np.asarray(y_pred), minlength=len(labels))[: len(labels)]
    return report.assign(support=support, predicted=predicted).rename_axis("class")


def class_mix(labels: Mapping[str, np.ndarray], class_names: Sequence[str], decimals: int = 3) -> pd.DataFrame:
    """The share of each class in several sets of rows: ``labels`` maps a name to the class
    labels of those rows; one row per set, one column per class, each row summing to 1."""
    k = len(class_names)
    shares = {name: np.bincount(np.asarray(y), minlength=k)[:k] / max(len(y), 1) for name, y in labels.items()}
    return pd.DataFrame(shares, index=list(class_names)).T.round(decimals).rename_axis("rows")


def scores_by_rows(y_true: np.ndarray, y_pred: np.ndarray, rows: Mapping[str, np.ndarray], baseline: int,
                   decimals: int = 3) -> pd.DataFrame:
    """One model's accuracy on several sets of rows, each next to a constant answer on the same rows.

    ``rows`` maps a name to a boolean mask over ``y_true``; ``baseline`` is the class a model that ignores the
    features would always answer (the training rows' majority class). Columns: ``count`` (how many rows),
    ``accuracy``, ``majority_accuracy`` (always answering ``baseline`` on those rows), ``lift`` (accuracy minus it)
    and ``balanced_accuracy`` (the mean recall of the classes present, which a constant answer keeps at 1 / their
    number on any rows). Sets with other class mixes can then be compared: a constant answer scores a different
    accuracy on each, but a lift of 0 on all.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    table = {}
    for name, mask in rows.items():
        mask = np.asarray(mask, dtype=bool)
        got = scores(y_true[mask], y_pred[mask])
        constant = float(np.mean(y_true[mask] == baseline))
        table[name] = {"count": int(mask.sum()), "accuracy": got["accuracy"], "majority_accuracy": constant,
                       "lift": got["accuracy"] - constant, "balanced_accuracy": got["balanced_accuracy"]}
    return pd.DataFrame.from_dict(table, orient="index").round(decimals).rename_axis("rows")


def confusion_counts(y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str]) -> pd.DataFrame:
    """The confusion matrix as counts: rows are the true classes, columns the predicted ones."""
    counts = confusion_matrix(y_true, y_pred, labels=np.arange(len(class_names)))
    names = list(class_names)
    return pd.DataFrame(counts, index=pd.Index(names, name="true"), columns=pd.Index(names, name="predicted"))


def confusion_shares(y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str]) -> pd.DataFrame:
    """The confusion matrix with each row divided by its total: the diagonal holds each class's recall."""
    counts = confusion_counts(y_true, y_pred, class_names)
    return counts.div(counts.sum(axis=1).replace(0, 1), axis=0)
