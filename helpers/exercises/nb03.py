"""Exercises of notebook 03 (training the MLP)."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from helpers.exercises.base import FunctionExercise, SelfAssessed, layer_difference
from helpers.networks import build_mlp


class BuildSmallMLP(FunctionExercise):
    number, title = 1, "a smaller network"
    function_name = "build_small_mlp"
    hint_text = ("Copy the keras.Sequential cell above and change it: two Dense(64, activation='relu') layers with "
                 "Dropout(0.2) after the first, then Dense(n_classes, activation='softmax'); compile with "
                 "keras.optimizers.Adam(learning_rate=0.003).")
    success = "the layers, sizes, activations, dropout, optimiser and loss are right for every input size tried."

    def cases(self) -> list[tuple[Any, ...]]:
        return [(5, 2), (12, 4), (8, 3)]

    def expected(self, n_features: int, n_classes: int) -> keras.Model:
        return build_mlp(n_features, n_classes, seed=0, width=64, depth=2, dropout=0.2, learning_rate=0.003)

    def difference(self, got: Any, expected: keras.Model, args: tuple[Any, ...]) -> str | None:
        n_features, n_classes = args
        if not isinstance(got, keras.Model):
            return f"return the Keras model, got {type(got).__name__}."
        if tuple(got.input_shape) != (None, n_features):
            return f"the input should take {n_features} features (keras.Input(shape=(n_features,))), not {got.input_shape}."
        layers = layer_difference(got, expected, ("units", "activation", "rate"))
        if layers:
            return layers
        if not isinstance(getattr(got, "optimizer", None), keras.optimizers.Adam):
            return "compile the model with the Adam optimiser."
        if not np.isclose(float(keras.ops.convert_to_numpy(got.optimizer.learning_rate)), 0.003):
            return "set Adam's learning rate to 0.003."
        if "sparse_categorical_crossentropy" not in str(getattr(got, "loss", "")):
            return "use the loss 'sparse_categorical_crossentropy' (the labels are class numbers)."
        return None


class CountParameters(FunctionExercise):
    number, title = 2, "counting weights by hand"
    function_name = "count_parameters"
    hint_text = ("A Dense layer from a inputs to b units has a * b weights and b biases. Chain the layers: inputs -> "
                 "widths[0] -> widths[1] -> ... -> n_classes. Dropout has no weights.")
    success = "your formula agrees with Keras's count_params() on every network tried."

    def cases(self) -> list[tuple[Any, ...]]:
        return [(8, [512, 512, 512, 512], 3), (14, [64, 32], 2), (3, [7], 5), (128, [256, 256, 256], 4)]

    def expected(self, n_inputs: int, widths: list[int], n_classes: int) -> int:
        model = keras.Sequential([keras.Input(shape=(n_inputs,)), *[keras.layers.Dense(w) for w in widths],
                                  keras.layers.Dense(n_classes)])
        return int(model.count_params())

    def difference(self, got: Any, expected: int, args: tuple[Any, ...]) -> str | None:
        if got == expected:
            return None
        n_inputs, widths, n_classes = args
        sizes = [n_inputs, *widths, n_classes]
        if got == sum(a * b for a, b in zip(sizes, sizes[1:])):
            return "count the biases too: each unit has one."
        return f"for {n_inputs} inputs, hidden widths {widths} and {n_classes} classes Keras counts {expected:,}, you gave {got!r}."


def reference_early_stopping(val_losses: list[float], patience: int) -> tuple[int, int]:
    """(epochs run, epoch kept) by Keras's EarlyStopping on ``val_loss`` with ``restore_best_weights=True``."""
    best, best_epoch = float("inf"), 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch


class EarlyStop(FunctionExercise):
    number, title = 3, "early stopping by hand"
    function_name = "early_stop"
    hint_text = ("Walk through the losses keeping the best one so far and its epoch. Training stops at the epoch where "
                 "the best is `patience` epochs old. Epochs are numbered from 1; an equal loss is not an improvement.")
    success = "the same epochs as Keras's EarlyStopping on every sequence of losses tried, ties included."

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(303)
        curves = [list(np.round(0.8 - 0.05 * np.log1p(np.arange(30)) + 0.002 * np.arange(30) ** 1.3
                                + rng.normal(0, 0.004, 30), 3)) for _ in range(3)]
        return [
            ([0.9, 0.8, 0.7, 0.75, 0.76, 0.77], 2),
            ([0.9, 0.8, 0.8, 0.8, 0.8, 0.79, 0.7], 3),
            ([1.0, 0.9, 0.8, 0.7], 5),
            (curves[0], 5), (curves[1], 3), (curves[2], 1),
        ]

    def expected(self, val_losses: list[float], patience: int) -> tuple[int, int]:
        return reference_early_stopping(val_losses, patience)

    def difference(self, got: Any, expected: tuple[int, int], args: tuple[Any, ...]) -> str | None:
        try:
            got = tuple(int(v) for v in got)
        except (TypeError, ValueError):
            return "return a pair of whole numbers: (epochs run, epoch whose weights are kept)."
        if got == expected:
            return None
        losses, patience = args
        return (f"with patience {patience} and validation losses {losses}, training runs {expected[0]} epochs and "
                f"keeps epoch {expected[1]}; you gave {got}.")


q4 = SelfAssessed(
    4,
    "reading the learning curves",
    "The training loss keeps falling because the network can always fit its own training rows a little better. "
    "The validation loss falls for the first epochs; where it then flattens or rises while the training loss keeps "
    "falling, what the network learns about the training songs no longer helps with new songs, and it starts to "
    "memorise (if it is still falling at the last epoch, training ended before that point). Early stopping keeps "
    "the weights of the epoch with the lowest validation loss. Training for all epochs without it would widen the gap "
    "between the two curves: more memorising, a worse model for new songs, and many wasted minutes.",
)
