"""Exercises of notebook 08 (can a neural network beat the trees?)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import keras
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from helpers.embeddings import PiecewiseLinear
from helpers.evaluation import scores
from helpers.exercises.base import FunctionExercise, Question, Quiz, SelfAssessed, Wrong, notebook_solution
from helpers.exercises.synthetic import synthetic_tracks
from helpers.fitting import fit_estimator
from helpers.models import FittedModel, ensemble
from helpers.preprocessing import Part, prepare_data
from helpers.splits import honest_split


def encodings(seed: int, bins: tuple[int, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The course layer's encodings of random values (inside, on and outside the edges) of random bins."""
    rng = np.random.default_rng(seed)
    cases = []
    for n_bins in bins:
        edges = np.sort(rng.normal(size=n_bins + 1))
        values = np.concatenate([rng.normal(scale=1.5, size=30), edges, [edges[0] - 1, edges[-1] + 1]])
        encoded = keras.ops.convert_to_numpy(PiecewiseLinear([edges])(values[:, None].astype("float32")))[:, 0, :]
        cases.append((encoded.astype(np.float64), edges))
    return cases


class PiecewiseLinearDecode(FunctionExercise):
    notebook, number, title = "08", 1, "reading a piecewise-linear encoding back"
    function_name = "ple_decode"
    compare, tolerance = "allclose", 1e-6
    hint_text = ("A value in the third bin has passed the first two bins whole and part of the third. How far is "
                 "that from the first edge, in terms of the bins' widths?")
    success = "the values come back from the course layer's encodings, inside the bins and clipped outside them."
    wrong = [
        Wrong(lambda encoded, edges: encoded @ np.diff(edges),
              "the encoding says how far a value is past the first edge: add edges[0]."),
        Wrong(lambda encoded, edges: edges[0] + encoded.sum(axis=1),
              "a bin passed whole stands for its width, not for 1: weigh each bin's number by its width."),
    ]

    def cases(self) -> list[tuple[Any, ...]]:
        return encodings(808, (4, 8, 1))

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        return encodings(818, (16, 2, 5))

    def reference(self, encoded: np.ndarray, edges: np.ndarray) -> np.ndarray:
        return edges[0] + encoded @ np.diff(edges)


class PeriodicFeatures(FunctionExercise):
    notebook, number, title = "08", 2, "periodic features"
    function_name = "periodic_features"
    compare, tolerance = "allclose", 1e-6
    hint_text = ("You need one angle per row, feature and frequency: which axes must x and frequencies gain for "
                 "NumPy to broadcast them to (rows, features, k)? Then join the sines and the cosines along the "
                 "last axis.")
    success = "the right shape and numbers for several sizes."
    wrong = [
        Wrong(lambda x, frequencies: notebook_solution("08", 2, "periodic_features")(x, frequencies / (2 * np.pi)),
              "the angles are 2 * pi * frequency * x: multiply by 2 * np.pi."),
        Wrong(lambda x, frequencies: np.roll(notebook_solution("08", 2, "periodic_features")(x, frequencies),
                                             frequencies.shape[1], axis=-1),
              "sines first, then cosines."),
    ]

    def cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(809)
        return [(rng.normal(size=(20, 3)), rng.normal(scale=0.1, size=(3, 4))),
                (rng.normal(size=(5, 1)), rng.normal(size=(1, 2))),
                (rng.normal(size=(7, 14)), rng.normal(scale=0.1, size=(14, 16)))]

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        rng = np.random.default_rng(819)
        return [(rng.normal(size=(11, 2)), rng.normal(size=(2, 7))), (rng.normal(size=(1, 5)), rng.normal(size=(5, 1)))]


@dataclass(frozen=True)
class Computed:
    """A model's probabilities, computed already, as a :class:`~helpers.models.Classifier` (the check's own copy)."""

    table: dict[str, np.ndarray]

    def probabilities(self, data: Any, part: Part) -> np.ndarray:
        if part not in self.table:
            raise KeyError(f"this check gives the models' validation and test rows only, not the {part} rows.")
        return self.table[part]


def computed(model: FittedModel) -> FittedModel:
    """A copy of ``model``'s validation and test probabilities, so that nothing the answer does can change them."""
    table = {part: model.probabilities(part).copy() for part in ("validation", "test")}
    return FittedModel(Computed(table), model.data)


def blend_scores(network: FittedModel, trees: FittedModel, weight: float, part: Part) -> dict[str, float]:
    """The scores of the blend ``weight * network + (1 - weight) * trees`` (its most probable class) on a part."""
    blended = weight * network.probabilities(part) + (1 - weight) * trees.probabilities(part)
    return scores(network.data.part(part)[1], blended.argmax(axis=1))


def blended(network: FittedModel, trees: FittedModel, weights: Any = np.linspace(0, 1, 11),
            chosen_on: Part = "validation", listed: Part = "validation", score: str = "macro_f1",
            reported: Part = "test") -> tuple[float, pd.Series, float]:
    """A blend as an answer, right by default; the typical wrong answers change one of the parts or the score."""
    listing = pd.Series({w: blend_scores(network, trees, w, listed)[score] for w in weights})
    choosing = pd.Series({w: blend_scores(network, trees, w, chosen_on)[score] for w in weights})
    weight = float(choosing.idxmax())
    return weight, listing, blend_scores(network, trees, weight, reported)["macro_f1"]


def synthetic_models() -> tuple[FittedModel, FittedModel]:
    """Two models of a synthetic table, for checking the exercise without the notebook's models."""
    tracks = synthetic_tracks(400, 8)
    data = prepare_data(tracks, (30, 70), honest_split(tracks, 8))
    return (fit_estimator(LogisticRegression(max_iter=300), data),
            fit_estimator(DecisionTreeClassifier(max_depth=4, random_state=0), data))


class BlendWeight(FunctionExercise):
    notebook, number, title = "08", 3, "a blend of the network and the trees, weighed on the validation rows"
    function_name = "blend_on_validation"
    compare = "custom"
    hint_text = ("Score every weight of your grid on the same rows, with the score this notebook chooses by, and "
                 "keep those scores in the Series; the test rows come in once, after the weight is fixed.")
    success = ("on every pair of models your validation scores are the blends', your weight is the best of them, and "
               "your test score is the blend's at that weight.")
    wrong = [
        Wrong(lambda network, trees: blended(network, trees, listed="test", chosen_on="test"),
              "score each weight on the validation rows"),
        Wrong(lambda network, trees: blended(network, trees, chosen_on="test"),
              "choose the weight on the validation rows"),
        Wrong(lambda network, trees: blended(network, trees, score="accuracy"), "judge by macro-F1"),
        Wrong(lambda network, trees: blended(trees, network), "weighs the network"),
        Wrong(lambda network, trees: blended(network, trees, reported="validation"),
              "report the blend's macro-F1 on the test rows"),
        Wrong(lambda network, trees: blended(network, trees, weights=np.linspace(0.1, 0.9, 9)), "each model alone"),
    ]

    def cases(self, network: FittedModel | None = None, trees: FittedModel | None = None) -> list[tuple[Any, ...]]:
        """The network and the trees, either way round (two models of a synthetic table without them)."""
        network, trees = map(computed, synthetic_models() if network is None else (network, trees))
        return [(network, trees), (trees, network)]

    def hidden_cases(self, network: FittedModel | None = None,
                     trees: FittedModel | None = None) -> list[tuple[Any, ...]]:
        """Each of them against the even blend of the two."""
        network, trees = map(computed, synthetic_models() if network is None else (network, trees))
        return [(ensemble([network, trees]), trees), (network, ensemble([network, trees]))]

    reference = staticmethod(lambda *args: None)  # not needed: difference checks the answer's properties

    def difference(self, got: Any, expected: None, args: tuple[Any, ...]) -> str | None:
        network, trees = args

        def same(a: float, b: float) -> bool:
            return abs(a - b) <= 1e-9

        def blend(weight: float, part: Part = "validation", score: str = "macro_f1") -> float:
            return blend_scores(network, trees, weight, part)[score]

        if not (isinstance(got, tuple) and len(got) == 3 and isinstance(got[1], pd.Series)):
            return ("return three things: the weight chosen, the validation macro-F1 of every weight tried (a pandas "
                    "Series indexed by weight), and the blend's test macro-F1 at the weight chosen.")
        weight, tried, test = got
        grid = tried.index.to_numpy(dtype=float)
        ends = np.isclose(grid, 0).any() and np.isclose(grid, 1).any()
        if len(grid) < 3 or not ends or np.any((grid < 0) | (grid > 1)):
            return ("try at least three weights from 0 to 1, 0 and 1 among them (each model alone), so that the blend "
                    "is compared with both models.")
        for w, score in tried.items():
            if same(score, blend(w)):
                continue
            if same(score, blend(w, "test")):
                return (f"the score at weight {w:g} is the blend's test macro-F1: score each weight on the validation "
                        "rows; the test rows are for the one final report.")
            if same(score, blend(w, score="accuracy")):
                return f"the score at weight {w:g} is the blend's accuracy: judge by macro-F1, as this notebook does."
            if same(score, blend(1 - w)):
                return ("your weight is the trees' share: w weighs the network, the blend is "
                        "w * network + (1 - w) * trees.")
            return f"at weight {w:g} your score is {score:.4f}, but the blend's validation macro-F1 is {blend(w):.4f}."
        at = np.isclose(grid, weight)
        if not at.any() or tried[at].max() < tried.max() - 1e-12:
            return (f"weight {weight:g} does not have the best validation macro-F1 of your grid ({tried.idxmax():g} "
                    "has): choose the weight on the validation rows.")
        if not same(test, blend(weight, "test")):
            if same(test, blend(weight)):
                return ("that is the validation score: report the blend's macro-F1 on the test rows, at the weight "
                        "chosen.")
            return f"the blend's test macro-F1 at weight {weight:g} is {blend(weight, 'test'):.4f}, not {test:.4f}."
        return None


q4 = SelfAssessed("08", 4, "which model would you ship?")

quiz = Quiz("08", 5, "wrap-up quiz", [
    Question(
        "The piecewise-linear encoding's bin edges are quantiles of the training rows only. Why not of all rows?",
        {"a": "The training rows have more distinct values, so their quantiles give finer, more even bins.",
         "b": "The edges are fitted to data, like the scaler: taken from the test rows, they would carry something "
              "of those rows into the model before it is tested.",
         "c": "Quantiles of all rows would give bins of unequal widths, which the layer cannot handle.",
         "d": "It makes no difference to the result: the training rows are used because they come first."},
        {"a": "Both parts have plenty of distinct values; the reason is which rows may shape the model.",
         "b": "Every fitted step of the inputs (scaler, bin edges, genre codes) sees the training rows only, "
              "so the test rows stay unseen until the end.",
         "c": "Quantile bins have unequal widths anyway (equal numbers of rows, not equal widths), whichever rows "
              "they come from.",
         "d": "With this much data the shift would be small, but a fitted step that sees the test rows is a leak, "
              "and with little or drifting data it does matter."}),
    Question(
        "What does a piecewise-linear or periodic embedding give an MLP that a plain number does not?",
        {"a": "More training rows: each value is repeated once per bin or frequency.",
         "b": "It drops the features that carry no signal, which is what holds plain MLPs back on tables.",
         "c": "It scales the features to one range, so that no StandardScaler is needed before the network.",
         "d": "A richer form of each number, so that the network can treat ranges of a feature differently, as "
              "trees cut a feature into intervals."},
        {"a": "The rows are the same; each row's numbers are represented differently.",
         "b": "Every feature is still encoded; the network must still learn which ones matter.",
         "c": "No: the piecewise-linear encoding does land between 0 and 1, but the periodic one does not, and "
              "neither is there to scale: the features are scaled first, as before; what they add is a richer form "
              "of each number.",
         "d": "To a plain MLP's first layer a feature is a point on a line; bins or waves let it respond "
              "to 'tempo between two values' directly."}),
    Question(
        "The decision rule's offsets are tuned on the validation rows. What follows?",
        {"a": "They should be tuned on the test rows instead, since that is where the final score is measured.",
         "b": "They change the network's weights, so the network must be trained again after tuning them.",
         "c": "Their validation score is optimistic, so the test rows show their honest effect; and every model "
              "gets them, or the comparison is unfair.",
         "d": "Only the network needs them: trees already predict the rare classes well without offsets."},
        {"a": "Then the test score would be optimistic: tuning is a choice, and choices are made on validation rows.",
         "b": "The offsets are added to the log-probabilities after the model has computed them; the model is "
              "unchanged.",
         "c": "Whatever is fitted on rows scores too well on those rows; and a tuned rule for one model "
              "only would favour it.",
         "d": "Any model that predicts its most probable class can gain macro-F1 from offsets, trees included; "
              "that is why all of them get them."}),
    Question(
        "When may you say 'the network beats the trees' on this task?",
        {"a": "When the paired bootstrap interval of its macro-F1 minus the trees' lies above 0 by more than "
              "`MACHINE_NOISE`.",
         "b": "When its test macro-F1 is higher than the trees', since the test rows are the honest report.",
         "c": "When its validation macro-F1 is higher by at least `MARGIN`, the rule this notebook chooses by.",
         "d": "When it wins for most seeds of one training run, since seeds are the main source of noise."},
        {"a": "Paired over the same test songs, and clear of the noise a machine or a kernel adds.",
         "b": "A higher score on one test set can be the luck of the split: the interval says how sure it is.",
         "c": "`MARGIN` only guards the choices made on validation rows; the verdict is the test rows' interval.",
         "d": "Seeds measure one source of noise; the rows of the test set are another, and the interval covers "
              "them."}),
])
