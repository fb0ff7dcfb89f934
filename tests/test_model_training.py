import json

import numpy as np
import pytest

from helpers.model import build_mlp
from helpers.pipeline import prepare_data
from helpers.training import (
    balanced_class_weights,
    load_or_train,
    resolve_class_weight,
    train_mlp,
    train_on,
)

SMALL = dict(width=16, depth=2, epochs=3, batch_size=32)


def test_build_mlp_matches_the_seed_architecture():
    model = build_mlp(8, 3)
    dense = [layer for layer in model.layers if layer.__class__.__name__ == "Dense"]
    assert [layer.units for layer in dense] == [512, 512, 512, 512, 3]
    dropout = [layer for layer in model.layers if layer.__class__.__name__ == "Dropout"]
    assert len(dropout) == 1 and dropout[0].rate == 0.125
    assert model.layers.index(dropout[0]) == 1
    assert model.output_shape == (None, 3)
    assert model.loss == "sparse_categorical_crossentropy"


def test_build_mlp_sizes_are_parameters():
    model = build_mlp(14, 4, width=32, depth=2, dropout=0.3)
    assert model.count_params() == (14 * 32 + 32) + (32 * 32 + 32) + (32 * 4 + 4)
    with pytest.raises(ValueError):
        build_mlp(8, 3, depth=0)


def test_training_twice_with_the_same_seed_gives_the_same_weights(tracks):
    data = prepare_data(tracks)
    first = train_on(data, seed=7, **SMALL)
    second = train_on(data, seed=7, **SMALL)
    for a, b in zip(first.model.get_weights(), second.model.get_weights()):
        assert np.array_equal(a, b)
    assert first.history.equals(second.history)
    other = train_on(data, seed=8, **SMALL)
    assert not np.array_equal(first.model.get_weights()[0], other.model.get_weights()[0])


def test_history_is_a_dataframe_by_epoch(tracks):
    data = prepare_data(tracks)
    result = train_on(data, seed=1, patience=None, **SMALL)
    assert list(result.history.columns) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert result.history.index.tolist() == [1, 2, 3]
    assert result.epochs_run == 3 and 1 <= result.best_epoch <= 3


def test_early_stopping_stops_and_keeps_the_best_epoch():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = rng.integers(0, 2, 64)
    x_val = rng.normal(size=(64, 4)).astype("float32")
    y_val = rng.integers(0, 2, 64)  # labels are noise: validation loss soon rises
    result = train_mlp(x, y, x_val, y_val, 2, seed=0, epochs=200, patience=2,
                       width=64, depth=2, batch_size=16, learning_rate=0.01)
    assert result.epochs_run < 200
    assert result.epochs_run == result.best_epoch + 2
    best_loss = result.model.evaluate(x_val, y_val, verbose=0)[0]
    assert best_loss == pytest.approx(result.history["val_loss"].min(), rel=1e-4)


def test_balanced_class_weights():
    weights = balanced_class_weights(np.array([0, 0, 0, 1]), 2)
    assert weights == pytest.approx({0: 4 / 6, 1: 2.0})
    with pytest.raises(ValueError, match=r"\[2\]"):
        balanced_class_weights(np.array([0, 1]), 3)


def test_class_weights_change_training(tracks):
    data = prepare_data(tracks)
    plain = train_on(data, seed=3, **SMALL)
    weighted = train_on(data, seed=3, class_weight="balanced", **SMALL)
    assert not np.array_equal(plain.model.get_weights()[0], weighted.model.get_weights()[0])


def test_load_or_train_reuses_a_matching_model(tracks, tmp_path):
    data = prepare_data(tracks)
    path = tmp_path / "mlp.keras"
    trained = load_or_train(data, path, seed=2, **SMALL)
    assert path.exists() and json.loads(path.with_suffix(".json").read_text())["settings"]["seed"] == 2
    loaded = load_or_train(data, path, seed=2, **SMALL)
    assert loaded is not trained
    for a, b in zip(trained.get_weights(), loaded.get_weights()):
        assert np.array_equal(a, b)
    stamp = path.stat().st_mtime_ns
    retrained = load_or_train(data, path, seed=4, **SMALL)  # other settings: trains again
    assert path.stat().st_mtime_ns != stamp
    assert not np.array_equal(retrained.get_weights()[0], trained.get_weights()[0])


def test_resolve_class_weight():
    labels = np.array([0, 0, 0, 1, 1, 2])
    balanced = balanced_class_weights(labels, 3)
    assert resolve_class_weight(None, labels, 3) is None
    assert resolve_class_weight("balanced", labels, 3) == pytest.approx(balanced)
    soft = resolve_class_weight("sqrt_balanced", labels, 3)
    assert soft == pytest.approx({c: np.sqrt(w) for c, w in balanced.items()})
    assert resolve_class_weight({0: 1, 1: 2}, labels, 3) == {0: 1.0, 1: 2.0}
    with pytest.raises(ValueError, match="sqrt_balanced"):
        resolve_class_weight("heavy", labels, 3)
