"""Exercises of notebook 07 (improving the MLP)."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
from sklearn.utils.class_weight import compute_class_weight

from helpers.exercises.base import FunctionExercise, SelfAssessed, layer_difference
from helpers.networks import build_mlp


class BalancedWeights(FunctionExercise):
    number, title = 1, "balanced class weights"
    function_name = "balanced_weights"
    hint_text = "np.bincount(labels, minlength=n_classes) counts the rows of each class; then rows / (n_classes * count)."
    success = "the same weights as scikit-learn's compute_class_weight('balanced') on four sets of labels."

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(707)
        return [(rng.choice(3, 500, p=[0.45, 0.5, 0.05]), 3), (rng.choice(2, 300, p=[0.96, 0.04]), 2),
                (rng.integers(0, 4, 200), 4), (np.array([0, 0, 0, 1, 2, 2]), 3)]

    def expected(self, labels: np.ndarray, n_classes: int) -> dict[int, float]:
        weights = compute_class_weight("balanced", classes=np.arange(n_classes), y=labels)
        return {c: float(w) for c, w in enumerate(weights)}

    def difference(self, got: Any, expected: dict[int, float], args: tuple[Any, ...]) -> str | None:
        if not isinstance(got, dict):
            return f"return a dict {{class: weight}}, got {type(got).__name__}."
        if sorted(int(c) for c in got) != sorted(expected):
            return f"give one weight for each class 0 to {len(expected) - 1}."
        values = np.array([float(got[c]) for c in sorted(got)])
        right = np.array([expected[c] for c in sorted(expected)])
        if np.allclose(values, right):
            return None
        if np.allclose(values, 1 / right):
            return "the rare classes must weigh more, not less: divide the rows by the class's count."
        return f"for these labels the weights are {np.round(right, 3).tolist()}, yours {np.round(values, 3).tolist()}."


class GenreModel(FunctionExercise):
    number, title = 2, "a genre embedding"
    function_name = "build_embedding_mlp"
    hint_text = ("Copy the genre model's cells into the function and replace the CategoryEncoding line with "
                 "keras.layers.Embedding(n_genres + 1, 8)(genre). Return compile_classifier(keras.Model(...)).")
    success = "the inputs, the embedding, the layers and the compilation are right for every size tried."

    def cases(self) -> list[tuple[Any, ...]]:
        return [(14, 114, 3), (8, 5, 2), (3, 20, 4)]

    def expected(self, n_features: int, n_genres: int, n_classes: int) -> keras.Model:
        return build_mlp(n_features, n_classes, seed=0, width=128, depth=2, dropout=0.1, n_genres=n_genres, genre_dim=8)

    def difference(self, got: Any, expected: keras.Model, args: tuple[Any, ...]) -> str | None:
        if not isinstance(got, keras.Model):
            return f"return the Keras model, got {type(got).__name__}."
        if sorted(tensor.name for tensor in got.inputs) != ["features", "genre"]:
            return "name the two inputs 'features' and 'genre' (keras.Input(..., name=...))."
        layers = layer_difference(got, expected, ("units", "activation", "rate", "input_dim", "output_dim"))
        if layers:
            return layers
        if getattr(got, "optimizer", None) is None or "sparse_categorical_crossentropy" not in str(getattr(got, "loss", "")):
            return "compile the model with compile_classifier(...)."
        return None


q3 = SelfAssessed(
    3,
    "accuracy and class weights",
    "Balanced class weights make a mistake on a rare class cost as much, in total, as mistakes on the common classes, so "
    "the network predicts the rare classes far more often (the `predicted` column of the reports). Their recall rises, and "
    "balanced accuracy, the mean recall, rewards that. But many tracks of the common classes are now put in a rare class, "
    "and accuracy counts tracks, most of which are in the common classes, so it usually falls. Macro-F1 rises only if the rare classes' precision holds up; with the "
    "full weights it often collapses (most tracks called rare are not), which is why the softer square-root weights can do "
    "better on macro-F1.",
)
