"""Simple models to compare the MLP with, and how much a random split flatters them.

A neural network is only worth its training time if it beats cheaper models on the
same rows. :func:`baseline_models` returns a small zoo of scikit-learn classifiers,
from one that always says the most common class to gradient-boosted trees, plus a
1-nearest-neighbour classifier that does nothing but remember the training rows.
:func:`evaluate_models` fits them on the training rows of a
:class:`~helpers.pipeline.PreparedData` and scores them on its test rows.

On the original notebook's random split many test rows have a copy among the
training rows; :func:`helpers.splits.leak_mask` marks them, so :func:`accuracy_by_leak` can show
how much better every model does on the rows it has (in effect) already seen.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from inspect import signature
from typing import Any, Mapping

import numpy as np
import pandas as pd
from sklearn.base import ClassifierMixin
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from threadpoolctl import threadpool_limits

import helpers  # noqa: F401  (silences TensorFlow's C++ log before TensorFlow loads)
from helpers.evaluation import METRIC_NAMES, classification_metrics, predict_classes
from helpers.pipeline import PreparedData

MAJORITY = "majority class"
LOGISTIC = "logistic regression"
BOOSTING = "gradient boosting"
NEAREST = "1-nearest neighbour"
MLP = "MLP (Keras)"

SECONDS = "fit_seconds"


def baseline_models(seed: int = 42) -> dict[str, ClassifierMixin]:
    """Return fresh, unfitted baseline classifiers by display name, in order of cost.

    - ``majority class``: always predicts the most common training class (the floor);
    - ``logistic regression``: a linear model of the scaled features;
    - ``gradient boosting``: histogram gradient-boosted trees (seeded), stopping early
      when the validation rows stop improving (see :func:`fit_model`);
    - ``1-nearest neighbour``: predicts the label of the closest training row. It
      learns nothing general, it only remembers, so it shows how much a split leaks.
    """
    return {
        MAJORITY: DummyClassifier(strategy="most_frequent"),
        LOGISTIC: LogisticRegression(max_iter=1000),
        BOOSTING: HistGradientBoostingClassifier(
            max_iter=200, early_stopping=True, n_iter_no_change=10, random_state=seed
        ),
        NEAREST: KNeighborsClassifier(n_neighbors=1),
    }


def fit_model(model: ClassifierMixin, data: PreparedData) -> float:
    """Fit ``model`` on the training rows of ``data`` and return the seconds it took.

    A model with early stopping that accepts validation rows (scikit-learn's
    histogram gradient boosting) watches ``data``'s validation rows, as the MLP does.
    Fitting uses one thread: on a busy machine, multithreaded gradient boosting can
    run many times slower than on one thread, and one thread gives the same model.
    """
    extra: dict[str, Any] = {}
    if getattr(model, "early_stopping", False) is True and "X_val" in signature(model.fit).parameters:
        extra = {"X_val": data.x_val, "y_val": data.y_val}
    started = time.perf_counter()
    with threadpool_limits(limits=1):
        model.fit(data.x_train, data.y_train, **extra)
    return time.perf_counter() - started


def predict_test(model: Any, x: np.ndarray) -> np.ndarray:
    """Return the predicted class of each row, for a scikit-learn or a Keras model."""
    if isinstance(model, ClassifierMixin):
        with threadpool_limits(limits=1):
            return np.asarray(model.predict(x))
    return predict_classes(model, x)


@dataclass
class ModelComparison:
    """Test scores of several models on one prepared data set.

    ``scores`` has one row a model: accuracy, macro-F1, balanced accuracy (unrounded)
    and ``fit_seconds``; ``predictions`` holds each model's predicted test classes.
    """

    scores: pd.DataFrame
    predictions: dict[str, np.ndarray] = field(default_factory=dict)

    def metrics(self, decimals: int = 3) -> pd.DataFrame:
        """The metric columns only, rounded: the part that repeats from run to run."""
        return self.scores[list(METRIC_NAMES)].round(decimals)

    def seconds(self, decimals: int = 1) -> pd.Series:
        """Fitting time of each model in seconds (varies between runs and machines)."""
        return self.scores[SECONDS].round(decimals)

    def best(self, metric: str = "macro_f1") -> str:
        """Name of the model with the highest ``metric``."""
        return str(self.scores[metric].idxmax())


def evaluate_models(
    models: Mapping[str, ClassifierMixin],
    data: PreparedData,
    pretrained: Mapping[str, tuple[Any, float]] | None = None,
) -> ModelComparison:
    """Fit each model on ``data``'s training rows (timed) and score it on the test rows.

    ``pretrained`` adds models that are already fitted (such as the Keras MLP), each
    as ``(model, fit_seconds)``; they are scored but not fitted again. The models in
    ``models`` are fitted in place.
    """
    rows: dict[str, dict[str, float]] = {}
    predictions: dict[str, np.ndarray] = {}
    fitted: dict[str, tuple[Any, float]] = {}
    for name, model in models.items():
        fitted[name] = (model, fit_model(model, data))
    fitted.update(pretrained or {})
    for name, (model, seconds) in fitted.items():
        predictions[name] = predict_test(model, data.x_test)
        rows[name] = {**classification_metrics(data.y_test, predictions[name]), SECONDS: float(seconds)}
    scores = pd.DataFrame.from_dict(rows, orient="index")
    scores.index.name = "model"
    return ModelComparison(scores=scores, predictions=predictions)


@dataclass(frozen=True)
class TrainingCost:
    """An estimate of how long a saved MLP took to train."""

    epochs: int
    seconds_per_epoch: float

    @property
    def seconds(self) -> float:
        """Estimated training time: epochs times the measured time of one epoch."""
        return self.epochs * self.seconds_per_epoch


def epochs_trained(model: Any, n_train: int, batch_size: int) -> int:
    """How many epochs a Keras model was trained for, from its optimizer's step count.

    The optimizer counts one step per batch, and a saved ``.keras`` model keeps that
    count, so a model loaded from disk still tells how long it was trained.
    """
    steps_per_epoch = math.ceil(n_train / batch_size)
    return int(round(int(model.optimizer.iterations.numpy()) / steps_per_epoch))


def mlp_training_cost(
    model: Any, data: PreparedData, seed: int, batch_size: int, **model_params: Any
) -> TrainingCost:
    """Estimate the training time of ``model`` (trained on ``data``) without retraining it.

    Times one epoch of a fresh MLP with the same settings on the same rows, and
    multiplies by the number of epochs ``model`` was trained for.
    """
    from helpers.training import train_on  # imports Keras only when needed

    one_epoch = train_on(data, seed=seed, epochs=1, patience=None, batch_size=batch_size, **model_params)
    return TrainingCost(
        epochs=epochs_trained(model, len(data.y_train), batch_size),
        seconds_per_epoch=one_epoch.seconds,
    )


def accuracy_by_leak(
    y_true: np.ndarray, predictions: Mapping[str, np.ndarray], leaked: np.ndarray
) -> pd.DataFrame:
    """Accuracy of each model on the leaked test rows, on the unseen ones, and on all.

    One row a model; ``leaked`` is a boolean per test row (see :func:`helpers.splits.leak_mask`).
    Unrounded; round for display.
    """
    y_true = np.asarray(y_true)
    leaked = np.asarray(leaked, dtype=bool)
    if leaked.shape != y_true.shape:
        raise ValueError(f"leaked has {leaked.shape[0]} rows but there are {y_true.shape[0]} test rows.")

    def share_right(y_pred: np.ndarray, rows: np.ndarray) -> float:
        return float(np.mean(y_pred[rows] == y_true[rows])) if rows.any() else float("nan")

    table = pd.DataFrame.from_dict(
        {
            name: {
                "leaked rows": share_right(np.asarray(y_pred), leaked),
                "unseen rows": share_right(np.asarray(y_pred), ~leaked),
                "all test rows": share_right(np.asarray(y_pred), np.ones_like(leaked)),
            }
            for name, y_pred in predictions.items()
        },
        orient="index",
    )
    table.index.name = "model"
    return table


def compare_splits(
    honest: ModelComparison, seed: ModelComparison, metric: str = "accuracy", decimals: int = 3
) -> pd.DataFrame:
    """One row a model: ``metric`` on the honest split, on the random split, and the gap."""
    table = pd.DataFrame({"honest split": honest.scores[metric], "random split": seed.scores[metric]})
    table["gain from the leak"] = table["random split"] - table["honest split"]
    return table.round(decimals)
