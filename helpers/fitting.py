"""Fitting, timed, into a :class:`~helpers.models.FittedModel`: Keras networks with early stopping, scikit-learn
classifiers (on one thread: the same model on any machine), boosted trees cut at their best round; class weights."""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from itertools import islice
from typing import Any, Literal

import keras
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import log_loss
from sklearn.utils.class_weight import compute_class_weight
from threadpoolctl import threadpool_limits

from helpers.models import FittedModel
from helpers.preprocessing import Part, PreparedData
from helpers.progress import history_table

PATIENCE = 5
"""Epochs without a better validation loss before early stopping ends training."""
BATCH_SIZE = 1024
"""Rows per gradient step, as in the original notebook."""

ClassWeight = Literal["balanced", "sqrt_balanced"] | None


def class_weights(labels: np.ndarray, n_classes: int, kind: ClassWeight) -> dict[int, float] | None:
    """Weights that make mistakes on rare classes cost more, as ``{class: weight}``.

    ``"balanced"`` weighs class ``c`` by ``n / (k * count of c)``, so every class counts as much in the loss;
    ``"sqrt_balanced"`` takes their square roots, a softer push; ``None`` weighs every row the same.
    """
    if kind is None:
        return None
    if kind not in ("balanced", "sqrt_balanced"):
        raise ValueError(f"Unknown class weighting {kind!r}; use None, 'balanced' or 'sqrt_balanced'.")
    absent = np.setdiff1d(np.arange(n_classes), labels).tolist()
    if absent:
        raise ValueError(f"Classes {absent} have no training rows, so their weights are undefined.")
    weights = compute_class_weight("balanced", classes=np.arange(n_classes), y=labels)
    return {c: float(np.sqrt(w) if kind == "sqrt_balanced" else w) for c, w in enumerate(weights)}


@dataclass(frozen=True)
class Network:
    """A Keras network as a :class:`~helpers.models.Classifier`: on the features alone, or, with two inputs,
    on the features (input ``"features"``) and the genre codes (input ``"genre"``)."""

    network: keras.Model

    def inputs(self, data: PreparedData, part: Part, rows: slice = slice(None)) -> Any:
        """The network's inputs for these rows of a part."""
        x = data.part(part)[0][rows]
        return x if len(self.network.inputs) == 1 else {"features": x, "genre": data.genre_codes(part)[rows]}

    def probabilities(self, data: PreparedData, part: Part, batch_size: int = 8192) -> np.ndarray:
        """Computed batch by batch by calling the network directly (``predict`` would build a new TensorFlow
        function for every network, and warn about it)."""
        starts = range(0, len(data.part(part)[1]), batch_size)
        with warnings.catch_warnings():
            # Keras 3.10 (Colab's) warns, harmlessly, when a loaded one-input network gets an array, not a list.
            warnings.filterwarnings("ignore", message="The structure of `inputs` doesn't match", category=UserWarning)
            return np.concatenate([keras.ops.convert_to_numpy(self.network(
                self.inputs(data, part, slice(start, start + batch_size)), training=False)) for start in starts])


def train_network(model: keras.Model, data: PreparedData, *, epochs: int, patience: int = PATIENCE,
                  batch_size: int = BATCH_SIZE, class_weight: ClassWeight = None, verbose: int = 0) -> FittedModel:
    """Fit a compiled network on the training rows, watching the validation rows, and time it.

    Early stopping ends training once the validation loss has not improved for ``patience`` epochs (or after
    ``epochs``), and puts back the best epoch's weights.
    """
    network = Network(model)
    stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    started = time.perf_counter()
    fitted = model.fit(network.inputs(data, "train"), data.y_train, epochs=epochs, batch_size=batch_size,
                       validation_data=(network.inputs(data, "validation"), data.y_val), callbacks=[stopping],
                       class_weight=class_weights(data.y_train, data.n_classes, class_weight), verbose=verbose)
    seconds, history = time.perf_counter() - started, history_table(fitted.history)
    return FittedModel(network, data, seconds, int(history["val_loss"].idxmin()), history, model.count_params())


@dataclass(frozen=True)
class Estimator:
    """A fitted scikit-learn classifier as a :class:`~helpers.models.Classifier`, on the features and, with
    ``with_genre``, the genre codes as one more column. Boosted trees given ``rounds`` predict with their first
    ``rounds`` rounds only (the rounds that early stopping kept)."""

    estimator: Any
    with_genre: bool = False
    rounds: int | None = None

    def inputs(self, data: PreparedData, part: Part) -> np.ndarray:
        x, _ = data.part(part)
        return np.column_stack([x, data.genre_codes(part)]) if self.with_genre else x

    def probabilities(self, data: PreparedData, part: Part) -> np.ndarray:
        with threadpool_limits(limits=1):
            if self.rounds is None:
                return self.estimator.predict_proba(self.inputs(data, part))
            return next(islice(self.estimator.staged_predict_proba(self.inputs(data, part)), self.rounds - 1, None))


def fit_estimator(estimator: Any, data: PreparedData, *, with_genre: bool = False) -> FittedModel:
    """Fit a scikit-learn classifier on the training rows and time it (with ``with_genre``, see :class:`Estimator`)."""
    fitted = Estimator(estimator, with_genre)
    x = fitted.inputs(data, "train")
    started = time.perf_counter()
    with threadpool_limits(limits=1):
        estimator.fit(x, data.y_train)
    return FittedModel(fitted, data, time.perf_counter() - started)


def fit_boosted_trees(data: PreparedData, *, seed: int, class_weight: ClassWeight = None, with_genre: bool = False,
                      max_rounds: int = 300, **settings: Any) -> FittedModel:
    """Fit histogram gradient-boosted trees and keep the rounds that do best on the validation rows.

    As a network's early stopping does, the trees grow ``max_rounds`` rounds and keep the number of them with the
    lowest validation log-loss (scikit-learn 1.7 added ``X_val`` for this; this works with every version the course
    supports). ``settings`` go to :class:`~sklearn.ensemble.HistGradientBoostingClassifier` (``learning_rate``,
    ``max_leaf_nodes``, ...). With ``with_genre`` the trees split on the genre column as a category.
    """
    trees = HistGradientBoostingClassifier(
        max_iter=max_rounds, early_stopping=False, categorical_features=[data.n_features] if with_genre else None,
        class_weight=class_weights(data.y_train, data.n_classes, class_weight), random_state=seed, **settings)
    fitted = fit_estimator(trees, data, with_genre=with_genre)
    started = time.perf_counter()
    with threadpool_limits(limits=1):
        staged = trees.staged_predict_proba(fitted.model.inputs(data, "validation"))
        losses = [log_loss(data.y_val, probabilities, labels=np.arange(data.n_classes)) for probabilities in staged]
    best = int(np.argmin(losses)) + 1
    fitted.model, fitted.rounds = Estimator(trees, with_genre, best), best
    fitted.seconds += time.perf_counter() - started
    return fitted
