"""helpers.networks: the MLP, built reproducibly, and the architecture check notebook 03 relies on."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.networks import LEARNING_RATE, architecture, build_mlp


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
