"""Reproducible training of the MLP, with optional early stopping and class weights."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import keras
import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.utils.class_weight import compute_class_weight

import helpers  # noqa: F401  (silences TensorFlow's C++ log before TensorFlow loads)
from helpers.model import build_mlp
from helpers.pipeline import PreparedData

DEFAULT_SEED = 42
DEFAULT_EPOCHS = 100
DEFAULT_BATCH_SIZE = 1024
DEFAULT_PATIENCE = 5

ClassWeight = Mapping[int, float] | str | None
"""``None`` (every row counts the same), ``"balanced"``, ``"sqrt_balanced"`` or a mapping."""

CLASS_WEIGHT_KINDS = (None, "balanced", "sqrt_balanced")
"""The named class weightings :func:`resolve_class_weight` knows."""


@dataclass
class TrainingResult:
    """A trained model and how its training went."""

    model: keras.Model
    history: pd.DataFrame
    best_epoch: int
    seconds: float

    @property
    def epochs_run(self) -> int:
        """How many epochs ran before training ended."""
        return len(self.history)


def make_reproducible(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow and make TensorFlow's ops deterministic.

    With this, training twice with the same seed on the same machine gives the
    same weights, bit for bit.
    """
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def balanced_class_weights(labels: np.ndarray, n_classes: int) -> dict[int, float]:
    """Weights that make every class count as much in the loss (``n / (k * count)``).

    Every class from 0 to ``n_classes - 1`` must occur in ``labels``.
    """
    classes = np.arange(n_classes)
    missing = sorted(int(c) for c in set(classes) - set(np.unique(labels)))
    if missing:
        raise ValueError(f"Classes {missing} have no training rows; class weights are undefined.")
    weights = compute_class_weight("balanced", classes=classes, y=labels)
    return {int(c): float(w) for c, w in zip(classes, weights)}


def resolve_class_weight(kind: ClassWeight, labels: np.ndarray, n_classes: int) -> dict[int, float] | None:
    """Turn a class weighting into a ``{class: weight}`` mapping (or ``None``).

    ``"balanced"`` gives :func:`~helpers.training.balanced_class_weights`
    (``n / (k * count)``); ``"sqrt_balanced"`` their square roots, a softer push
    towards the rare classes; a mapping is returned as a dict of floats.
    """
    if kind is None:
        return None
    if isinstance(kind, Mapping):
        return {int(c): float(w) for c, w in kind.items()}
    if kind == "balanced":
        return balanced_class_weights(labels, n_classes)
    if kind == "sqrt_balanced":
        return {c: float(np.sqrt(w)) for c, w in balanced_class_weights(labels, n_classes).items()}
    raise ValueError(f"Unknown class weighting {kind!r}; use one of {CLASS_WEIGHT_KINDS} or a mapping.")


def train_mlp(
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_val: np.ndarray,
    y_val: np.ndarray,
    n_classes: int,
    *,
    seed: int = DEFAULT_SEED,
    epochs: int = DEFAULT_EPOCHS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    patience: int | None = DEFAULT_PATIENCE,
    class_weight: ClassWeight = None,
    verbose: int = 0,
    **model_params: Any,
) -> TrainingResult:
    """Seed everything, build the MLP (see :func:`helpers.model.build_mlp`) and fit it.

    ``patience`` enables early stopping on the validation loss, keeping the best
    epoch's weights; ``None`` trains for all ``epochs``. ``class_weight`` is any
    weighting :func:`resolve_class_weight` knows. The history comes back as a DataFrame with
    one row an epoch (numbered from 1).
    """
    make_reproducible(seed)
    model = build_mlp(x_train.shape[1], n_classes, **model_params)
    weights = resolve_class_weight(class_weight, y_train, n_classes)
    callbacks = []
    if patience is not None:
        callbacks.append(
            keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=patience, restore_best_weights=True
            )
        )
    started = time.perf_counter()
    fitted = model.fit(
        x_train,
        y_train,
        validation_data=(x_val, y_val),
        epochs=epochs,
        batch_size=batch_size,
        class_weight=weights,
        callbacks=callbacks,
        verbose=verbose,
    )
    seconds = time.perf_counter() - started
    history = pd.DataFrame(fitted.history)
    history.index = pd.RangeIndex(1, len(history) + 1, name="epoch")
    best_epoch = int(history["val_loss"].idxmin())
    return TrainingResult(model=model, history=history, best_epoch=best_epoch, seconds=seconds)


def train_on(data: PreparedData, **settings: Any) -> TrainingResult:
    """Train the MLP on prepared data: fit on its training rows, stop on its validation rows."""
    return train_mlp(
        data.x_train, data.y_train, data.x_val, data.y_val, data.n_classes, **settings
    )


def _describe(data: PreparedData, settings: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "split": data.split.name,
        "features": data.features,
        "thresholds": [float(t) for t in data.thresholds],
        "train_rows": int(len(data.y_train)),
        "settings": {key: settings[key] for key in sorted(settings)},
    }


def save_trained(result: TrainingResult, data: PreparedData, path: str | Path, **settings: Any) -> Path:
    """Save the model (``.keras``) with a JSON file beside it describing how it was trained."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    result.model.save(path)
    path.with_suffix(".json").write_text(json.dumps(_describe(data, settings), indent=2))
    return path


def load_or_train(data: PreparedData, path: str | Path, **settings: Any) -> keras.Model:
    """Load the model saved at ``path`` if it was trained on this data with these settings.

    Otherwise train it with :func:`train_on` (which gives the same weights, since
    training is seeded and deterministic) and save it there. This lets a notebook
    use the model an earlier notebook saved, and still run on a fresh kernel alone.
    """
    path = Path(path)
    description = path.with_suffix(".json")
    if path.exists() and description.exists():
        if json.loads(description.read_text()) == _describe(data, settings):
            return keras.models.load_model(path)
    result = train_on(data, **settings)
    save_trained(result, data, path, **settings)
    return result.model


def layer_table(model: keras.Model) -> pd.DataFrame:
    """One row per layer of ``model``: its kind, units, activation, dropout rate and parameters.

    A stable alternative to ``model.summary()``, whose layer names change with how
    many models the session has built. Rows are numbered from 1; cells that do not
    apply to a layer (units of a Dropout layer, say) are empty.
    """
    rows = []
    for layer in model.layers:
        activation = getattr(layer, "activation", None)
        rows.append(
            {
                "layer": layer.__class__.__name__,
                "units": str(getattr(layer, "units", "")),
                "activation": activation.__name__ if activation is not None else "",
                "dropout rate": str(getattr(layer, "rate", "")),
                "output shape": str(tuple(layer.output.shape)),
                "parameters": int(layer.count_params()),
            }
        )
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="#"))


def full_run_seconds(result: TrainingResult, epochs: int) -> float:
    """Estimate how long ``epochs`` epochs would take, from the mean time of the epochs run."""
    return result.seconds / max(result.epochs_run, 1) * epochs
