"""Notebook 03's network, saved for the later notebooks: they load it, or train it again if their settings differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keras
import pandas as pd
import tensorflow as tf

from helpers.fitting import BATCH_SIZE, PATIENCE, Network, train_network
from helpers.models import FittedModel
from helpers.networks import build_mlp, compile_classifier
from helpers.preprocessing import PreparedData
from helpers.progress import history_table
from helpers.records import load_record, save_record

ORIGINAL_MLP = "artifacts/original_mlp.keras"
"""Where notebook 03 saves the original's network trained on the honest split, for later notebooks."""


def training_settings(data: PreparedData, *, seed: int, epochs: int) -> dict[str, Any]:
    """What decides a network's weights besides its code: the data's split, features, cut points, and training."""
    return {"split": data.split.name, "train_rows": len(data.y_train), "features": data.features,
            "thresholds": list(data.thresholds), "seed": seed, "epochs": epochs, "patience": PATIENCE,
            "batch_size": BATCH_SIZE}


def save_network(model: keras.Model, path: str | Path, settings: dict[str, Any], *,
                 history: pd.DataFrame, seconds: float) -> Path:
    """Save a trained network (``.keras``) and, in a record beside it (``.json``, see :mod:`helpers.records`),
    the ``settings`` it was trained with, its ``history`` (one row an epoch) and how many ``seconds`` it took."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model.save(path)
    save_record(path.with_suffix(".json"), settings, {"seconds": seconds, "history": history.to_dict(orient="list")})
    return path


def trained_original_mlp(data: PreparedData, *, seed: int, epochs: int, path: str | Path = ORIGINAL_MLP) -> FittedModel:
    """The original's network trained on ``data`` as notebook 03 trains it.

    It is loaded from ``path`` if notebook 03 saved it with the same data and settings (a model without its record
    is not trusted). Otherwise it is trained here the same way and saved for the next notebook: like notebook 03,
    this seeds Keras, NumPy and Python with ``seed`` and asks TensorFlow for deterministic operations before
    building the network (the same weights on the same machine). That seeding is global: the kernel's random
    numbers go on from there.
    """
    path, settings = Path(path), training_settings(data, seed=seed, epochs=epochs)
    record = load_record(path.with_suffix(".json"), settings)
    if record is not None and path.exists():
        history, model = history_table(record["history"]), keras.models.load_model(path)
        return FittedModel(Network(model), data, record["seconds"], int(history["val_loss"].idxmin()), history,
                           model.count_params())
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    model = compile_classifier(build_mlp(data.n_features, data.n_classes))
    fitted = train_network(model, data, epochs=epochs)
    save_network(model, path, settings, history=fitted.history, seconds=fitted.seconds)
    return fitted
