"""The original notebook's multi-layer perceptron, with its sizes as parameters."""

from __future__ import annotations

import keras

import helpers  # noqa: F401  (silences TensorFlow's C++ log before Keras loads it)


def build_mlp(
    n_features: int,
    n_classes: int,
    width: int = 512,
    depth: int = 4,
    dropout: float = 0.125,
    learning_rate: float = 1e-3,
) -> keras.Model:
    """Build and compile the seed's MLP.

    ``depth`` Dense layers of ``width`` ReLU units, with Dropout after the first
    (the seed: 4 layers of 512, dropout 0.125), then a softmax over the classes.
    Compiled with Adam and sparse categorical cross-entropy, reporting accuracy.
    """
    if depth < 1:
        raise ValueError("depth must be at least 1 hidden layer.")
    layers: list[keras.layers.Layer] = [
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(width, activation="relu"),
        keras.layers.Dropout(dropout),
    ]
    layers += [keras.layers.Dense(width, activation="relu") for _ in range(depth - 1)]
    layers.append(keras.layers.Dense(n_classes, activation="softmax"))
    model = keras.Sequential(layers, name="mlp")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model
