"""helpers.original_mlp: notebook 03's network saved with its settings, loaded when they match, else trained again."""

from __future__ import annotations

import json
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import pytest
import tensorflow as tf

import helpers.original_mlp as original_mlp
from helpers.exercises.synthetic import synthetic_tracks
from helpers.fitting import BATCH_SIZE, PATIENCE, train_network
from helpers.models import FittedModel
from helpers.networks import build_mlp, compile_classifier
from helpers.original_mlp import save_network, trained_original_mlp, training_settings
from helpers.preprocessing import PreparedData, prepare_data
from helpers.splits import honest_split

SETTINGS = {"split": "honest (by song)", "thresholds": (30, 70), "seed": 1, "epochs": 3}


def small_mlp(n_features: int, n_classes: int) -> keras.Sequential:
    return build_mlp(n_features, n_classes, width=8, depth=1)


@pytest.fixture(scope="module")
def data() -> PreparedData:
    frame = synthetic_tracks(200, seed=3)
    return prepare_data(frame, (30, 70), honest_split(frame, seed=0))


@pytest.fixture(scope="module")
def fitted(data: PreparedData) -> FittedModel:
    keras.utils.set_random_seed(1)
    return train_network(compile_classifier(small_mlp(data.n_features, data.n_classes)), data, epochs=3, batch_size=64)


class Retrained(Exception):
    """Raised by a stand-in for train_network: trained_original_mlp chose to train rather than load."""


def no_training(*args, **kwargs):
    raise Retrained


def test_save_network_writes_the_model_and_its_record(fitted: FittedModel, tmp_path: Path) -> None:
    path = save_network(fitted.model.network, tmp_path / "nested" / "mlp.keras", SETTINGS, history=fitted.history,
                        seconds=12.5)
    assert path == tmp_path / "nested" / "mlp.keras" and path.exists()
    record = json.loads(path.with_suffix(".json").read_text())
    assert record["settings"]["thresholds"] == [30, 70] and record["choices"]["seconds"] == 12.5
    assert pd.DataFrame(record["choices"]["history"]).equals(fitted.history.reset_index(drop=True))


@pytest.fixture
def saved(fitted: FittedModel, data: PreparedData, tmp_path: Path) -> Path:
    """Where notebook 03 would have saved ``fitted``, trained with seed 42 for 3 epochs in 2.5 seconds."""
    path = tmp_path / "artifacts" / "original_mlp.keras"
    return save_network(fitted.model.network, path, training_settings(data, seed=42, epochs=3), history=fitted.history,
                        seconds=2.5)


def test_trained_original_mlp_loads_what_notebook_03_saved(fitted: FittedModel, data: PreparedData, saved: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(original_mlp, "train_network", no_training)
    loaded = trained_original_mlp(data, seed=42, epochs=3, path=saved)
    np.testing.assert_array_equal(loaded.probabilities("test"), fitted.probabilities("test"))
    pd.testing.assert_frame_equal(loaded.history, fitted.history, check_like=True)
    assert loaded.rounds == fitted.rounds and loaded.seconds == 2.5 and loaded.data is data
    assert loaded.n_parameters == fitted.n_parameters == (8 * 8 + 8) + (8 * 3 + 3)


def test_trained_original_mlp_trains_when_the_settings_or_a_file_differ(
        fitted: FittedModel, data: PreparedData, saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = saved
    monkeypatch.setattr(original_mlp, "build_mlp", small_mlp)
    monkeypatch.setattr(original_mlp, "train_network", no_training)
    for seed, epochs in ((43, 3), (42, 4)):  # another seed, other epochs
        with pytest.raises(Retrained):
            trained_original_mlp(data, seed=seed, epochs=epochs, path=path)
    with pytest.raises(Retrained):  # other cut points: other labels
        trained_original_mlp(data.with_thresholds(synthetic_tracks(200, seed=3), (50,)), seed=42, epochs=3, path=path)
    path.unlink()
    with pytest.raises(Retrained):  # a record without its model
        trained_original_mlp(data, seed=42, epochs=3, path=path)
    save_network(fitted.model.network, path, training_settings(data, seed=42, epochs=3), history=fitted.history,
                 seconds=2.5)
    path.with_suffix(".json").unlink()
    with pytest.raises(Retrained):  # a model without its record is not trusted
        trained_original_mlp(data, seed=42, epochs=3, path=path)


def test_training_settings_name_everything_that_decides_the_weights(data: PreparedData) -> None:
    settings = training_settings(data, seed=4, epochs=9)
    assert settings == {
        "split": data.split.name, "train_rows": len(data.y_train), "features": data.features,
        "thresholds": [30, 70], "seed": 4, "epochs": 9, "patience": PATIENCE, "batch_size": BATCH_SIZE,
    }
    assert training_settings(data.with_thresholds(synthetic_tracks(200, seed=3), (50,)), seed=4, epochs=9) != settings


def test_trained_original_mlp_seeds_trains_and_saves_when_nothing_matches(
        data: PreparedData, saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = saved
    monkeypatch.setattr(original_mlp, "build_mlp", small_mlp)
    determinism, enable = [], tf.config.experimental.enable_op_determinism
    monkeypatch.setattr(tf.config.experimental, "enable_op_determinism", lambda: determinism.append(enable()))
    keras.utils.set_random_seed(123)  # whatever the kernel's state before, the seed decides the weights
    retrained = trained_original_mlp(data, seed=7, epochs=2, path=path)  # another seed: not the saved network
    assert len(determinism) == 1 and len(retrained.history) == 2
    keras.utils.set_random_seed(7)  # notebook 03's way, by hand
    by_hand = train_network(compile_classifier(small_mlp(data.n_features, data.n_classes)), data, epochs=2)
    np.testing.assert_array_equal(retrained.probabilities("test"), by_hand.probabilities("test"))
    record = json.loads(path.with_suffix(".json").read_text())
    assert record["settings"] == training_settings(data, seed=7, epochs=2)  # saved for the next notebook
    monkeypatch.setattr(original_mlp, "train_network", lambda *a, **k: pytest.fail("trained a third time"))
    again = trained_original_mlp(data, seed=7, epochs=2, path=path)
    np.testing.assert_array_equal(again.probabilities("test"), retrained.probabilities("test"))
