"""The networks the notebooks write (exported into helpers.networks and helpers.embeddings): sizes, inputs, outputs.

These test what the lessons' code does, not a second copy of it: the code itself lives in the notebooks' cells
marked ``#@save`` (see tools/export.py and tests/test_export.py).
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.embeddings import PerFeatureDense, PeriodicEmbedding, PiecewiseLinear, embedding_mlp
from helpers.networks import build_genre_mlp, build_mlp, compile_classifier


def kinds(model: keras.Model) -> list[str]:
    return [type(layer).__name__ for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


def test_the_default_mlp_is_the_originals_four_by_512() -> None:
    model = build_mlp(8, 3)
    assert kinds(model) == ["Dense", "Dropout", "Dense", "Dense", "Dense", "Dense"]
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    assert [layer.units for layer in dense] == [512, 512, 512, 512, 3]
    assert [layer.activation.__name__ for layer in dense] == ["relu"] * 4 + ["softmax"]
    assert model.layers[1].rate == 0.125
    assert model.count_params() == (8 * 512 + 512) + 3 * (512 * 512 + 512) + (512 * 3 + 3)
    assert not model.compiled  # built, not compiled: the lesson compiles it in a step of its own


def test_sizes_are_parameters_and_outputs_are_probabilities() -> None:
    model = build_mlp(5, 4, width=16, depth=2, dropout=0.3)
    assert kinds(model) == ["Dense", "Dropout", "Dense", "Dense"] and model.layers[1].rate == 0.3
    assert model.count_params() == (5 * 16 + 16) + (16 * 16 + 16) + (16 * 4 + 4)
    probabilities = keras.ops.convert_to_numpy(model(np.random.default_rng(0).normal(size=(6, 5)).astype("float32")))
    assert probabilities.shape == (6, 4)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)


def test_building_does_not_seed_the_kernel() -> None:
    np.random.seed(5)
    expected = np.random.random()
    np.random.seed(5)
    build_mlp(4, 2, width=8, depth=1)
    assert np.random.random() == expected  # building neither re-seeded nor drew from NumPy's global generator
    first, second = build_mlp(4, 2, width=8, depth=1), build_mlp(4, 2, width=8, depth=1)
    assert not all(np.array_equal(a, b) for a, b in zip(first.get_weights(), second.get_weights()))


def test_compile_classifier_uses_adam_and_the_cross_entropy_of_class_numbers() -> None:
    model = compile_classifier(build_mlp(4, 3, width=8, depth=1))
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)) == pytest.approx(1e-3)
    assert model.loss == "sparse_categorical_crossentropy"
    other = compile_classifier(build_mlp(4, 3, width=8, depth=1), keras.optimizers.SGD(0.1))
    assert isinstance(other.optimizer, keras.optimizers.SGD)


def test_the_genre_mlp_takes_features_and_a_genre_code() -> None:
    encoder, width = "CategoryEncoding", 6
    model = build_genre_mlp(8, 5, 3, width=16, depth=2)
    assert [tensor.name for tensor in model.inputs] == ["features", "genre"]
    assert kinds(model)[:2] == [encoder, "Concatenate"]
    first_dense = next(layer for layer in model.layers if isinstance(layer, keras.layers.Dense))
    assert first_dense.kernel.shape == (8 + width, 16)  # 5 genres + 1 for a genre never seen in training
    inputs = {"features": np.zeros((3, 8), "float32"), "genre": np.array([0, 5, 2], "int32")}
    assert keras.ops.convert_to_numpy(model(inputs)).shape == (3, 3)


def test_piecewise_linear_counts_the_bins_passed() -> None:
    layer = PiecewiseLinear([np.array([0.0, 1.0, 3.0, 4.0]), np.array([10.0, 20.0])])
    x = np.array([[-5.0, 5.0], [0.5, 15.0], [2.0, 20.0], [9.0, 30.0]], dtype="float32")
    encoded = keras.ops.convert_to_numpy(layer(x))
    assert encoded.shape == (4, 2, 3)  # the second feature has one bin; its two extra places stay 0
    np.testing.assert_allclose(encoded[:, 0], [[0, 0, 0], [0.5, 0, 0], [1, 0.5, 0], [1, 1, 1]])
    np.testing.assert_allclose(encoded[:, 1], [[0, 0, 0], [0.5, 0, 0], [1, 0, 0], [1, 0, 0]])


def test_per_feature_dense_gives_each_feature_its_own_weights() -> None:
    layer = PerFeatureDense(4)
    x = np.random.default_rng(0).normal(size=(5, 3, 2)).astype("float32")
    before = keras.ops.convert_to_numpy(layer(x))
    assert before.shape == (5, 3, 4) and layer.kernel.shape == (3, 2, 4)
    x[:, 1] += 1.0  # change feature 1 only: only its outputs move
    after = keras.ops.convert_to_numpy(layer(x))
    assert np.allclose(after[:, [0, 2]], before[:, [0, 2]]) and not np.allclose(after[:, 1], before[:, 1])


def test_periodic_embedding_shape_and_small_starting_frequencies() -> None:
    layer = PeriodicEmbedding(n_frequencies=8, sigma=0.01, units=5)
    encoded = keras.ops.convert_to_numpy(layer(np.zeros((6, 3), dtype="float32")))
    assert encoded.shape == (6, 3, 5) and (encoded >= 0).all()  # ReLU at the end
    frequencies = keras.ops.convert_to_numpy(layer.frequencies)
    assert frequencies.shape == (3, 8) and np.abs(frequencies).max() < 0.06  # drawn from N(0, 0.01)


@pytest.mark.parametrize("numeric", ["piecewise-linear", "periodic"])
def test_embedding_mlp_takes_features_and_genre_and_decays_its_learning_rate(numeric: str) -> None:
    model = embedding_mlp(4, 3, 6, numeric, edges=[np.linspace(-2, 2, 5)] * 4, decay_steps=20)
    assert [tensor.name for tensor in model.inputs] == ["features", "genre"]
    assert ("PiecewiseLinear" in kinds(model)) == (numeric == "piecewise-linear")
    assert ("PeriodicEmbedding" in kinds(model)) == (numeric == "periodic") and "Embedding" in kinds(model)
    inputs = {"features": np.zeros((5, 4), dtype="float32"), "genre": np.array([0, 1, 2, 5, 6])}
    probabilities = keras.ops.convert_to_numpy(model(inputs))
    assert probabilities.shape == (5, 3) and np.allclose(probabilities.sum(axis=1), 1, atol=1e-6)
    assert isinstance(model.optimizer, keras.optimizers.AdamW)
    schedule = model.optimizer.get_config()["learning_rate"]
    assert schedule["class_name"] == "CosineDecay" and schedule["config"]["decay_steps"] == 20
    assert schedule["config"]["initial_learning_rate"] == pytest.approx(1e-3) and schedule["config"]["alpha"] == 0.0


def test_embedding_mlp_refuses_an_unknown_embedding() -> None:
    with pytest.raises(ValueError, match="Unknown numeric embedding 'fourier'"):
        embedding_mlp(4, 3, 6, "fourier")
