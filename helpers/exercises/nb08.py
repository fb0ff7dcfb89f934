"""Exercises of notebook 08 (can a neural network beat the trees?)."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from helpers.exercises.base import FunctionExercise, SelfAssessed
from helpers.networks import PiecewiseLinearEncoding


class PiecewiseLinearByHand(FunctionExercise):
    number, title = 1, "piecewise-linear encoding by hand"
    function_name = "ple_encode"
    hint_text = ("left = edges[:-1] and width = np.diff(edges) have one number per bin; values[:, None] - left has one "
                 "row per value and one column per bin. Divide by width and clip to [0, 1].")
    success = "the same numbers as the course's PiecewiseLinearEncoding layer on values below, inside and above the bins."

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(808)
        cases = []
        for n_bins in (4, 8, 1):
            edges = np.sort(rng.normal(size=n_bins + 1))
            values = np.concatenate([rng.normal(scale=1.5, size=30), edges, [edges[0] - 1, edges[-1] + 1]])
            cases.append((values, edges))
        return cases

    def expected(self, values: np.ndarray, edges: np.ndarray) -> np.ndarray:
        layer = PiecewiseLinearEncoding([edges])
        return keras.ops.convert_to_numpy(layer(values[:, None].astype("float32")))[:, 0, :]

    def difference(self, got: Any, expected: np.ndarray, args: tuple[Any, ...]) -> str | None:
        got = np.asarray(got, dtype=float)
        if got.shape != expected.shape:
            return f"return one row per value and one column per bin, shape {expected.shape}, not {got.shape}."
        if np.allclose(got, expected, atol=1e-5):
            return None
        if np.allclose(np.clip(got, 0, 1), expected, atol=1e-5):
            return "clip the result to [0, 1]: a value above a bin gives 1, below it 0."
        return "not the same numbers: (value - left edge) / bin width, clipped to [0, 1], for every bin."


class PeriodicFeatures(FunctionExercise):
    number, title = 2, "periodic features"
    function_name = "periodic_features"
    hint_text = ("frequencies[None, :, :] * x[:, :, None] has shape (rows, features, k); multiply by 2 * np.pi, then "
                 "np.concatenate([np.sin(a), np.cos(a)], axis=-1).")
    success = "the right shape and numbers for several sizes."

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(809)
        return [(rng.normal(size=(20, 3)), rng.normal(scale=0.1, size=(3, 4))),
                (rng.normal(size=(5, 1)), rng.normal(size=(1, 2))),
                (rng.normal(size=(7, 14)), rng.normal(scale=0.1, size=(14, 16)))]

    def expected(self, x: np.ndarray, frequencies: np.ndarray) -> np.ndarray:
        angles = 2 * np.pi * frequencies[None, :, :] * x[:, :, None]
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=-1)

    def difference(self, got: Any, expected: np.ndarray, args: tuple[Any, ...]) -> str | None:
        got = np.asarray(got, dtype=float)
        if got.shape != expected.shape:
            return f"the result should have shape (rows, features, 2k) = {expected.shape}, not {got.shape}."
        if np.allclose(got, expected, atol=1e-6):
            return None
        k = args[1].shape[1]
        if np.allclose(got[..., :k], expected[..., k:], atol=1e-6):
            return "sines first, then cosines."
        return "not the same numbers: the angles are 2 * pi * frequency * x, one per feature and frequency."


q3 = SelfAssessed(
    3,
    "which model would you ship?",
    "Decide on the validation rows, as the notebook does: compare the trees' and the networks' validation scores (with "
    "the offsets tuned for every model alike), the training times printed in the notebook, and what each model needs. "
    "The trees have the practical advantages: they need no scaling, embeddings or learning-rate schedule, are easy to "
    "retrain when new tracks arrive, and can be explained feature by feature; so choose a network only if it beats the "
    "trees on the validation rows by a margin worth that cost. Then the test rows give the one final report of the "
    "model you chose, with its paired interval against the other: it says how sure the comparison is, and it does not "
    "reopen the choice. Tell the service how well the chosen model finds the popular tracks (that class's recall and "
    "precision on the test rows, with intervals), not only its accuracy or macro-F1.",
)
