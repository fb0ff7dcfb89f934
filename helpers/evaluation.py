"""Metrics, per-class reports and confusion matrices."""

from __future__ import annotations

from typing import Mapping, Sequence

import keras
import numpy as np
import pandas as pd
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

METRIC_NAMES = ("accuracy", "macro_f1", "balanced_accuracy")


def predict_classes(model: keras.Model, x: np.ndarray, batch_size: int = 4096) -> np.ndarray:
    """Return the most probable class of each row."""
    return np.argmax(model.predict(x, batch_size=batch_size, verbose=0), axis=1)


def classification_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    """Accuracy, macro-averaged F1 and balanced accuracy (mean recall over classes)."""
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        "balanced_accuracy": float(balanced_accuracy_score(y_true, y_pred)),
    }


def metrics_table(results: Mapping[str, Mapping[str, float]], decimals: int = 3) -> pd.DataFrame:
    """One row per model (or split), one column per metric, rounded for display."""
    return pd.DataFrame.from_dict(dict(results), orient="index").round(decimals)


def per_class_report(
    y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str], decimals: int = 3
) -> pd.DataFrame:
    """Precision, recall, F1, support and predicted count of each class, one row a class.

    ``support`` counts the rows truly in the class, ``predicted`` the rows the model put
    there; a 0 in ``predicted`` means the model never predicts that class.
    """
    labels = np.arange(len(class_names))
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    report = pd.DataFrame(
        {"precision": precision, "recall": recall, "f1": f1}, index=list(class_names)
    ).round(decimals)
    report["support"] = support
    report["predicted"] = [int(np.sum(np.asarray(y_pred) == label)) for label in labels]
    return report


def confusion_counts(
    y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str]
) -> pd.DataFrame:
    """Confusion matrix as counts: rows are true classes, columns predicted classes."""
    counts = confusion_matrix(y_true, y_pred, labels=np.arange(len(class_names)))
    return pd.DataFrame(
        counts,
        index=pd.Index(list(class_names), name="true"),
        columns=pd.Index(list(class_names), name="predicted"),
    )


def confusion_normalised(
    y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str]
) -> pd.DataFrame:
    """Confusion matrix with each row divided by its total: the diagonal is each class's recall.

    A class with no true rows gets a row of zeros.
    """
    counts = confusion_counts(y_true, y_pred, class_names)
    totals = counts.sum(axis=1).replace(0, 1)
    return counts.div(totals, axis=0)
