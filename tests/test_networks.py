"""helpers.networks: the MLP, built reproducibly, and the architecture check notebook 03 relies on."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.networks import (LEARNING_RATE, PerFeatureDense, PeriodicEmbedding, PiecewiseLinearEncoding, architecture,
                             build_embedding_mlp, build_mlp)


def same_weights(a: keras.Model, b: keras.Model) -> bool:
    first, second = a.get_weights(), b.get_weights()
    return len(first) == len(second) and all(np.array_equal(x, y) for x, y in zip(first, second))


def notebook_03_network(n_features: int, n_classes: int, seed: int) -> keras.Model:
    """The network as notebook 03 writes it out by hand, after seeding."""
    keras.utils.set_random_seed(seed)
    return keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dropout(0.125),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(n_classes, activation="softmax"),
    ])


@pytest.fixture(scope="module")
def default_mlp() -> keras.Model:
    return build_mlp(8, 3, seed=42)


def test_default_architecture_is_the_originals(default_mlp: keras.Model) -> None:
    layers = architecture(default_mlp)
    assert [kind for kind, _ in layers] == ["Dense", "Dropout", "Dense", "Dense", "Dense", "Dense"]
    assert [config.get("units") for kind, config in layers if kind == "Dense"] == [512, 512, 512, 512, 3]
    assert [config["activation"] for kind, config in layers if kind == "Dense"] == ["relu"] * 4 + ["softmax"]
    assert layers[1][1]["rate"] == 0.125  # dropout right after the first Dense layer
    assert default_mlp.input_shape == (None, 8)


def test_parameter_count_for_8_features_and_3_classes(default_mlp: keras.Model) -> None:
    assert default_mlp.count_params() == 794_115
    assert default_mlp.count_params() == (8 * 512 + 512) + 3 * (512 * 512 + 512) + (512 * 3 + 3)


def test_compiled_as_the_course_compiles(default_mlp: keras.Model) -> None:
    assert isinstance(default_mlp.optimizer, keras.optimizers.Adam)
    assert float(keras.ops.convert_to_numpy(default_mlp.optimizer.learning_rate)) == pytest.approx(LEARNING_RATE)
    assert "sparse_categorical_crossentropy" in str(default_mlp.loss)


def test_sizes_are_parameters() -> None:
    model = build_mlp(5, 4, seed=0, width=16, depth=2, dropout=0.3, learning_rate=0.01)
    layers = architecture(model)
    assert [kind for kind, _ in layers] == ["Dense", "Dropout", "Dense", "Dense"]
    assert layers[1][1]["rate"] == 0.3 and layers[-1][1]["units"] == 4
    assert float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)) == pytest.approx(0.01)
    assert model.count_params() == (5 * 16 + 16) + (16 * 16 + 16) + (16 * 4 + 4)


def test_depth_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="depth"):
        build_mlp(5, 3, seed=0, depth=0)


def test_outputs_are_probabilities() -> None:
    model = build_mlp(4, 3, seed=1, width=8, depth=1)
    probabilities = model.predict(np.random.default_rng(0).normal(size=(6, 4)).astype("float32"), verbose=0)
    assert probabilities.shape == (6, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)


@pytest.mark.parametrize(("genre_dim", "encoder"), [(0, "CategoryEncoding"), (4, "Embedding")])
def test_genre_variants(genre_dim: int, encoder: str) -> None:
    model = build_mlp(8, 3, seed=1, width=16, depth=2, n_genres=5, genre_dim=genre_dim)
    assert sorted(tensor.name for tensor in model.inputs) == ["features", "genre"]
    layers = architecture(model)
    assert [kind for kind, _ in layers][:2] == [encoder, "Concatenate"]
    config = layers[0][1]
    if encoder == "CategoryEncoding":
        assert config["num_tokens"] == 6 and config["output_mode"] == "one_hot"  # 5 genres + 1 unseen
    else:
        assert config["input_dim"] == 6 and config["output_dim"] == 4
    inputs = {"features": np.zeros((3, 8), "float32"), "genre": np.array([0, 5, 2], "int32")}
    probabilities = model.predict(inputs, verbose=0)
    assert probabilities.shape == (3, 3)
    width = 5 + 1 if encoder == "CategoryEncoding" else 4
    first_dense = next(layer for layer in model.layers if isinstance(layer, keras.layers.Dense))
    assert first_dense.kernel.shape == (8 + width, 16)


def test_without_genres_the_model_has_one_input() -> None:
    model = build_mlp(8, 3, seed=1, width=8, depth=1)
    assert len(model.inputs) == 1


def test_the_same_seed_gives_the_same_weights_another_seed_others() -> None:
    first = build_mlp(8, 3, seed=7, width=32, depth=2)
    again = build_mlp(8, 3, seed=7, width=32, depth=2)
    other = build_mlp(8, 3, seed=8, width=32, depth=2)
    assert same_weights(first, again)
    assert not same_weights(first, other)


def test_notebook_03s_hand_written_network_is_build_mlp(default_mlp: keras.Model) -> None:
    by_hand = notebook_03_network(8, 3, seed=42)
    assert architecture(by_hand) == architecture(default_mlp)
    assert same_weights(by_hand, default_mlp)


def test_architecture_tells_networks_apart(default_mlp: keras.Model) -> None:
    assert architecture(build_mlp(8, 3, seed=42, dropout=0.2)) != architecture(default_mlp)
    assert architecture(build_mlp(8, 3, seed=42, width=256)) != architecture(default_mlp)
    assert architecture(build_mlp(8, 3, seed=42, depth=3)) != architecture(default_mlp)
    assert architecture(build_mlp(8, 3, seed=0)) == architecture(default_mlp)  # the seed is not architecture


# --------------------------------------------------------------------------
# Notebook 08: numeric embeddings and the embedding MLP
# --------------------------------------------------------------------------


def test_piecewise_linear_encoding_counts_the_bins_passed() -> None:
    layer = PiecewiseLinearEncoding([[0.0, 1.0, 3.0, 4.0], [10.0, 20.0]])
    x = np.array([[-5.0, 5.0], [0.5, 15.0], [2.0, 20.0], [9.0, 30.0]], dtype="float32")
    encoded = keras.ops.convert_to_numpy(layer(x))
    assert encoded.shape == (4, 2, 3)  # the second feature has one bin; its two extra places stay 0
    np.testing.assert_allclose(encoded[:, 0], [[0, 0, 0], [0.5, 0, 0], [1, 0.5, 0], [1, 1, 1]])
    np.testing.assert_allclose(encoded[:, 1], [[0, 0, 0], [0.5, 0, 0], [1, 0, 0], [1, 0, 0]])
    again = PiecewiseLinearEncoding.from_config(layer.get_config())
    np.testing.assert_allclose(keras.ops.convert_to_numpy(again(x)), encoded)


def test_per_feature_dense_gives_each_feature_its_own_weights() -> None:
    keras.utils.set_random_seed(0)
    layer = PerFeatureDense(4)
    x = np.random.default_rng(0).normal(size=(5, 3, 2)).astype("float32")
    before = keras.ops.convert_to_numpy(layer(x))
    assert before.shape == (5, 3, 4) and layer.kernel.shape == (3, 2, 4)
    x[:, 1] += 1.0  # change feature 1 only: only its outputs move
    after = keras.ops.convert_to_numpy(layer(x))
    assert np.allclose(after[:, [0, 2]], before[:, [0, 2]]) and not np.allclose(after[:, 1], before[:, 1])


def test_periodic_embedding_shape_and_small_starting_frequencies() -> None:
    keras.utils.set_random_seed(0)
    layer = PeriodicEmbedding(n_frequencies=8, sigma=0.01, units=5)
    encoded = keras.ops.convert_to_numpy(layer(np.zeros((6, 3), dtype="float32")))
    assert encoded.shape == (6, 3, 5) and (encoded >= 0).all()  # ReLU at the end
    frequencies = keras.ops.convert_to_numpy(layer.frequencies)
    assert frequencies.shape == (3, 8) and np.abs(frequencies).max() < 0.06  # drawn from N(0, 0.01)
    assert PeriodicEmbedding.from_config(layer.get_config()).get_config() == layer.get_config()


@pytest.mark.parametrize("numeric", ["piecewise-linear", "periodic"])
def test_embedding_mlp_takes_features_and_genre_and_gives_probabilities(numeric: str) -> None:
    edges = [np.linspace(-2, 2, 5)] * 4
    model = build_embedding_mlp(4, 3, n_genres=6, seed=1, numeric=numeric, edges=edges, epochs=2, steps_per_epoch=10,
                                width=32)
    assert [tensor.name for tensor in model.inputs] == ["features", "genre"]
    kinds = [type(layer).__name__ for layer in model.layers]
    assert ("PiecewiseLinearEncoding" in kinds) == (numeric == "piecewise-linear")
    assert ("PeriodicEmbedding" in kinds) == (numeric == "periodic") and "Embedding" in kinds
    inputs = {"features": np.zeros((5, 4), dtype="float32"), "genre": np.array([0, 1, 2, 5, 6])}
    probabilities = keras.ops.convert_to_numpy(model(inputs))
    assert probabilities.shape == (5, 3) and np.allclose(probabilities.sum(axis=1), 1, atol=1e-6)
    assert isinstance(model.optimizer, keras.optimizers.AdamW)
    schedule = model.optimizer.get_config()["learning_rate"]  # decays from the learning rate to 0 over epochs x steps
    assert schedule["class_name"] == "CosineDecay"
    assert schedule["config"]["initial_learning_rate"] == LEARNING_RATE and schedule["config"]["decay_steps"] == 20
    assert schedule["config"]["alpha"] == 0.0
    same = build_embedding_mlp(4, 3, n_genres=6, seed=1, numeric=numeric, edges=edges, epochs=2, steps_per_epoch=10,
                               width=32)
    assert same_weights(model, same)


def test_embedding_mlp_needs_a_known_embedding_and_edges_for_piecewise_linear() -> None:
    with pytest.raises(ValueError, match="needs the bins' edges"):
        build_embedding_mlp(4, 3, n_genres=6, seed=1, numeric="piecewise-linear", epochs=2, steps_per_epoch=10)
    with pytest.raises(ValueError, match="Unknown numeric embedding 'fourier'"):
        build_embedding_mlp(4, 3, n_genres=6, seed=1, numeric="fourier", epochs=2, steps_per_epoch=10)
