"""The Keras networks of the course, built reproducibly.

Notebook 03 writes the original notebook's network out layer by layer;
:func:`build_mlp` builds the same network (notebook 03 checks that the two agree),
with its sizes as parameters, and optionally a second input for the genre.
"""

from __future__ import annotations

from typing import Sequence

import keras
import numpy as np
import tensorflow as tf

LEARNING_RATE = 1e-3
"""Adam's learning rate, Keras's default and the original notebook's."""


def make_reproducible(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow, and ask TensorFlow for deterministic operations.

    Then the same seed on the same machine gives the same weights, dropout masks and
    batch order, bit for bit (another CPU or library version may differ in the last digits).
    """
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def compile_classifier(model: keras.Model, learning_rate: float = LEARNING_RATE,
                       optimizer: keras.optimizers.Optimizer | None = None) -> keras.Model:
    """Compile ``model`` as the course does: sparse categorical cross-entropy, accuracy, and Adam with
    ``learning_rate`` unless another ``optimizer`` is given."""
    model.compile(
        optimizer=optimizer or keras.optimizers.Adam(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def build_mlp(
    n_features: int,
    n_classes: int,
    *,
    seed: int,
    width: int = 512,
    depth: int = 4,
    dropout: float = 0.125,
    learning_rate: float = LEARNING_RATE,
    n_genres: int = 0,
    genre_dim: int = 0,
) -> keras.Model:
    """Build and compile the MLP, with weights drawn from ``seed``.

    ``depth`` Dense layers of ``width`` ReLU units, a Dropout layer after the first,
    and a softmax layer with one unit per class; the defaults are the original
    notebook's network (4 x 512, dropout 0.125). With ``n_genres`` the model takes a
    second input, ``"genre"`` (integer codes 0 to ``n_genres``, the last for a genre
    unseen in training): one-hot encoded when ``genre_dim`` is 0, otherwise a learned
    embedding of ``genre_dim`` numbers. The features' input is called ``"features"``.
    """
    if depth < 1:
        raise ValueError(f"depth must be at least 1 hidden layer, got {depth}.")
    make_reproducible(seed)
    features = keras.Input(shape=(n_features,), name="features")
    inputs, hidden = [features], features
    if n_genres:
        genre = keras.Input(shape=(), dtype="int32", name="genre")
        if genre_dim:
            encoded = keras.layers.Embedding(n_genres + 1, genre_dim, name="genre_embedding")(genre)
        else:
            encoded = keras.layers.CategoryEncoding(n_genres + 1, output_mode="one_hot", name="genre_one_hot")(genre)
        inputs.append(genre)
        hidden = keras.layers.Concatenate()([features, encoded])
    hidden = keras.layers.Dense(width, activation="relu")(hidden)
    hidden = keras.layers.Dropout(dropout)(hidden)
    for _ in range(depth - 1):
        hidden = keras.layers.Dense(width, activation="relu")(hidden)
    outputs = keras.layers.Dense(n_classes, activation="softmax")(hidden)
    model = keras.Model(inputs if n_genres else features, outputs, name="mlp")
    return compile_classifier(model, learning_rate)


def architecture(model: keras.Model) -> list[tuple[str, dict]]:
    """Each layer's kind and settings, without the names Keras numbers automatically.

    Two models with equal architectures have the same layers, sizes, activations and
    dropout rates; notebook 03 uses this to check that its hand-written network is
    the one :func:`build_mlp` builds.
    """
    ignore = {"name", "dtype", "trainable"}
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    return [
        (type(layer).__name__, {key: value for key, value in layer.get_config().items() if key not in ignore})
        for layer in layers
    ]


class PiecewiseLinearEncoding(keras.layers.Layer):
    """Piecewise-linear encoding of numeric features (Gorishniy et al., 2022).

    Each feature's range is cut into bins at ``edges`` (from the training rows'
    quantiles, see :func:`helpers.preprocessing.quantile_bin_edges`). A value becomes one
    number per bin: 1 for the bins wholly below it, the fraction of its own bin it has
    passed, 0 for the bins above. Shape (rows, features) -> (rows, features, bins);
    features with fewer bins get zeros in the extra places.
    """

    def __init__(self, edges: Sequence[Sequence[float]], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.edges = [list(map(float, e)) for e in edges]
        n_bins = max(len(e) - 1 for e in self.edges)
        self.left = np.full((len(edges), n_bins), np.inf, dtype="float32")  # padding: never reached, so 0
        self.width = np.ones((len(edges), n_bins), dtype="float32")
        for feature, e in enumerate(self.edges):
            self.left[feature, : len(e) - 1] = e[:-1]
            self.width[feature, : len(e) - 1] = np.diff(e)

    def call(self, x: keras.KerasTensor) -> keras.KerasTensor:
        return keras.ops.clip((x[:, :, None] - self.left) / self.width, 0.0, 1.0)

    def get_config(self) -> dict:
        return {**super().get_config(), "edges": self.edges}


class PerFeatureDense(keras.layers.Layer):
    """A separate linear layer for each feature: (rows, features, k) -> (rows, features, units)."""

    def __init__(self, units: int, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape: tuple) -> None:
        features, k = input_shape[1], input_shape[2]
        limit = 1 / np.sqrt(k)
        self.kernel = self.add_weight(shape=(features, k, self.units),
                                      initializer=keras.initializers.RandomUniform(-limit, limit))
        self.bias = self.add_weight(shape=(features, self.units),
                                    initializer=keras.initializers.RandomUniform(-limit, limit))

    def call(self, x: keras.KerasTensor) -> keras.KerasTensor:
        return keras.ops.einsum("rfk,fku->rfu", x, self.kernel) + self.bias

    def get_config(self) -> dict:
        return {**super().get_config(), "units": self.units}


class PeriodicEmbedding(keras.layers.Layer):
    """Periodic embeddings of numeric features (the "PLR" of Gorishniy et al., 2022).

    Each feature x becomes ``sin(2 pi c x)`` and ``cos(2 pi c x)`` for ``n_frequencies``
    trainable frequencies c (drawn from N(0, sigma) at first), then a linear layer of its
    own and a ReLU. Shape (rows, features) -> (rows, features, units).
    """

    def __init__(self, n_frequencies: int = 16, sigma: float = 0.1, units: int = 16, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.n_frequencies, self.sigma, self.units = n_frequencies, sigma, units
        self.linear = PerFeatureDense(units)

    def build(self, input_shape: tuple) -> None:
        self.frequencies = self.add_weight(shape=(input_shape[1], self.n_frequencies),
                                           initializer=keras.initializers.RandomNormal(0.0, self.sigma))
        self.linear.build((input_shape[0], input_shape[1], 2 * self.n_frequencies))

    def call(self, x: keras.KerasTensor) -> keras.KerasTensor:
        angles = 2 * np.pi * self.frequencies * x[:, :, None]
        waves = keras.ops.concatenate([keras.ops.sin(angles), keras.ops.cos(angles)], axis=-1)
        return keras.ops.relu(self.linear(waves))

    def get_config(self) -> dict:
        return {**super().get_config(), "n_frequencies": self.n_frequencies, "sigma": self.sigma, "units": self.units}


def build_embedding_mlp(
    n_features: int,
    n_classes: int,
    n_genres: int,
    *,
    seed: int,
    numeric: str,
    edges: Sequence[Sequence[float]] | None = None,
    epochs: int,
    steps_per_epoch: int,
    width: int = 256,
    depth: int = 2,
    dropout: float = 0.2,
    embedding_dim: int = 16,
    learning_rate: float = LEARNING_RATE,
    weight_decay: float = 0.01,
) -> keras.Model:
    """The MLP of notebook 08: each numeric feature embedded on its own, the genre embedded, AdamW with cosine decay.

    ``numeric`` is ``"piecewise-linear"`` (with the bins' ``edges``, see
    :func:`helpers.preprocessing.quantile_bin_edges`) or ``"periodic"``. The
    learning rate decays from ``learning_rate`` to 0 over ``epochs`` epochs of
    ``steps_per_epoch`` steps. Inputs are named ``"features"`` and ``"genre"``.
    """
    if numeric == "piecewise-linear" and edges is None:
        raise ValueError("The piecewise-linear embedding needs the bins' edges: pass edges=quantile_bin_edges(x_train).")
    make_reproducible(seed)
    features = keras.Input(shape=(n_features,), name="features")
    genre = keras.Input(shape=(), dtype="int32", name="genre")
    if numeric == "piecewise-linear":
        encoded = keras.layers.ReLU()(PerFeatureDense(embedding_dim)(PiecewiseLinearEncoding(edges)(features)))
    elif numeric == "periodic":
        encoded = PeriodicEmbedding(n_frequencies=16, sigma=0.01, units=embedding_dim)(features)
    else:
        raise ValueError(f"Unknown numeric embedding {numeric!r}; use 'piecewise-linear' or 'periodic'.")
    genre_vector = keras.layers.Embedding(n_genres + 1, embedding_dim)(genre)
    hidden = keras.layers.Concatenate()([keras.layers.Flatten()(encoded), genre_vector])
    for _ in range(depth):
        hidden = keras.layers.Dense(width, activation="relu")(hidden)
        hidden = keras.layers.Dropout(dropout)(hidden)
    outputs = keras.layers.Dense(n_classes, activation="softmax")(hidden)
    model = keras.Model([features, genre], outputs, name="embedding_mlp")
    schedule = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=epochs * steps_per_epoch)
    return compile_classifier(model, optimizer=keras.optimizers.AdamW(learning_rate=schedule, weight_decay=weight_decay))
