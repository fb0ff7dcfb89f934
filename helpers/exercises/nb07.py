"""Exercises of notebook 07 (improving the MLP)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

import keras
import numpy as np
from sklearn.linear_model import LogisticRegression

from helpers.exercises.base import FunctionExercise, Question, Quiz, SelfAssessed, Wrong, notebook_solution
from helpers.exercises.synthetic import synthetic_tracks
from helpers.fitting import class_weights, fit_estimator
from helpers.models import FittedModel
from helpers.networks import build_genre_mlp, compile_classifier
from helpers.preprocessing import PreparedData, prepare_data
from helpers.splits import honest_split


def label_cases(seed: int, sizes: list[tuple[int, list[float]]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Random labels with the given class mix, each with random shares of the loss to ask for."""
    rng = np.random.default_rng(seed)
    return [(rng.choice(len(mix), n, p=mix), rng.dirichlet(np.full(len(mix), 2.0))) for n, mix in sizes]


class ShareWeights(FunctionExercise):
    notebook, number, title = "07", 1, "class weights for the shares you want"
    function_name = "share_weights"
    compare = "custom"
    hint_text = ("Write class c's share of the loss with one weight w_c for each of its rows and ask what w_c must "
                 "be for that share to come out as asked; then see what your weights average over all the rows.")
    success = "every class gets the share of the loss asked for, and the weights average 1 over the rows, every time."
    wrong = [
        Wrong(lambda labels, shares: dict(enumerate(shares / np.bincount(labels))),
              "scale them all by the same number"),
        Wrong(lambda labels, shares: class_weights(labels, len(shares), "balanced"), "what \"balanced\" gives"),
        Wrong(lambda labels, shares: dict(enumerate(shares * np.bincount(labels) / len(labels))),
              "a class's share is its weight times its rows, over the total weight"),
    ]

    def cases(self) -> list[tuple[Any, ...]]:
        return label_cases(707, [(500, [0.45, 0.5, 0.05]), (300, [0.96, 0.04]), (400, [0.1, 0.3, 0.4, 0.2])])

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        return label_cases(717, [(900, [0.3, 0.3, 0.3, 0.05, 0.05]), (50, [0.8, 0.2]), (700, [0.2, 0.7, 0.1])])

    reference = staticmethod(lambda *args: None)  # not needed: difference checks the weights' properties

    def difference(self, got: Any, expected: None, args: tuple[Any, ...]) -> str | None:
        labels, shares = args
        if not isinstance(got, dict) or sorted(got) != list(range(len(shares))):
            return f"return a dict {{class: weight}} with a weight for each class 0 to {len(shares) - 1}."
        weights = np.array([got[c] for c in range(len(shares))], dtype=float)
        if not np.all(np.isfinite(weights) & (weights > 0)):
            return "every weight must be a positive number."
        loss = weights * np.bincount(labels, minlength=len(shares))
        share = loss / loss.sum()
        if np.allclose(share, 1 / len(shares)) and not np.allclose(shares, 1 / len(shares)):
            return ("every class has the same share of the loss, what \"balanced\" gives: give class c the share "
                    "shares[c].")
        if not np.allclose(share, shares):
            c = int(np.argmax(np.abs(share - shares)))
            return (f"class {c}'s share of the loss is {share[c]:.3f} where {shares[c]:.3f} was asked: a class's share "
                    "is its weight times its rows, over the total weight of all rows.")
        if not np.isclose(loss.sum() / len(labels), 1):
            return (f"every class has its share of the loss, but the weights average {loss.sum() / len(labels):.3g} "
                    "over the rows, not 1: scale them all by the same number.")
        return None


class GenreModel(FunctionExercise):
    notebook, number, title = "07", 2, "a genre embedding"
    function_name = "build_embedding_mlp"
    compare = "model"
    hint_text = ("Start from the genre model's cells above and change only how the genre is encoded; the genre "
                 "codes run from 0 to n_genres (the last for a genre not seen in training).")
    success = "the inputs, the embedding, the layers and the compilation are right for every size tried."
    wrong = [
        Wrong(lambda n_features, n_genres, n_classes:
              compile_classifier(build_genre_mlp(n_features, n_genres, n_classes)),
              "replace the one-hot encoding (CategoryEncoding) with keras.layers.Embedding(n_genres + 1, 8)."),
        Wrong(lambda n_features, n_genres, n_classes: embedding_solution()(n_features, n_genres - 1, n_classes),
              "the genre codes run from 0 to n_genres, the last for an unseen genre: that is n_genres + 1 codes."),
        Wrong(lambda n_features, n_genres, n_classes: uncompiled(embedding_solution()(n_features, n_genres, n_classes)),
              "compile the model with compile_classifier(...) before returning it."),
    ]

    def cases(self) -> list[tuple[Any, ...]]:
        return [(14, 114, 3), (8, 5, 2), (3, 20, 4)]

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        return [(9, 40, 5), (1, 2, 2)]


def uncompiled(model: keras.Model) -> keras.Model:
    """The same layers as a new model that is not compiled (``clone_model`` would keep the compilation)."""
    return keras.Model(model.inputs, model.outputs)


def embedding_solution() -> Any:
    """The instructor's build_embedding_mlp (exercise 2's answer cell): the reference and the base of two mistakes."""
    return notebook_solution("07", 2, "build_embedding_mlp")


class HiddenRowsUsed(Exception):
    """The student's function used rows that the check hid from it."""


class Hidden:
    """Stands in for rows a check hides from the student's function: any use of them raises, saying why."""

    def __init__(self, why: str) -> None:
        self.why = why

    def _used(self, *args: Any, **kwargs: Any) -> Any:
        raise HiddenRowsUsed(self.why)

    __array__ = __len__ = __getitem__ = __iter__ = _used


TEST_ROWS = ("the check hides the test rows from this function, and it used them: choose on the validation rows; "
             "the test rows are for the one final report.")
TRAINING_ROWS = ("the check hides the training rows' features, and this function scored a model on them: a score on "
                 "the rows a model learnt from says little about new tracks; choose on the validation rows.")


def validation_only(data: PreparedData) -> PreparedData:
    """``data`` with the test rows and the training rows' features hidden (the training labels stay, for weights)."""
    test_genres = None if data.genres is None else Hidden(TEST_ROWS)
    return replace(data, x_train=Hidden(TRAINING_ROWS), x_test=Hidden(TEST_ROWS), y_test=Hidden(TEST_ROWS),
                   genre_test=test_genres)


def quick_trainer(data: PreparedData) -> Callable[[Any], FittedModel]:
    """The ``train(class_weight)`` the check passes: a logistic regression fitted on the training rows of ``data``,
    weighted with ``class_weight`` (``None``, ``"balanced"``, ``"sqrt_balanced"`` or ``{class: weight}``).

    Its models answer for the validation rows only (:func:`validation_only`); ``train.tried`` lists each
    ``(weighting, model)`` it made, for the check. A weighting asked for again gets the same model, not a new fit.
    """
    shown = validation_only(data)

    def train(class_weight: Any = None) -> FittedModel:
        made = next((model for weighting, model in train.tried if repr(weighting) == repr(class_weight)), None)
        if made is not None:
            return made
        weights = class_weight if isinstance(class_weight, dict) else class_weights(data.y_train, data.n_classes,
                                                                                    class_weight)
        fitted = fit_estimator(LogisticRegression(max_iter=300, class_weight=weights), data)
        model = FittedModel(fitted.model, shown, fitted.seconds)
        train.tried.append((class_weight, model))
        return model

    train.tried = []
    return train


def relabelled(data: PreparedData, top: bool) -> PreparedData:
    """The same rows in two classes: the top class against the rest (``top``), or the bottom one against the rest."""
    def label(y: np.ndarray) -> np.ndarray:
        return (y == data.n_classes - 1 if top else y > 0).astype(y.dtype)

    return replace(data, thresholds=(data.thresholds[-1 if top else 0],), y_train=label(data.y_train),
                   y_val=label(data.y_val), y_test=label(data.y_test))


def synthetic_data() -> PreparedData:
    """Prepared inputs of a synthetic table, for checking the exercise without the real data."""
    tracks = synthetic_tracks(400, 7)
    return prepare_data(tracks, (30, 70), honest_split(tracks, 7))


def validation_macro_f1(model: FittedModel) -> float:
    return model.scores("validation")["macro_f1"]


class ChooseClassWeight(FunctionExercise):
    notebook, number, title = "07", 3, "a class weighting chosen on the validation rows"
    function_name = "choose_class_weight"
    compare = "custom"
    hint_text = ("Which rows may judge a choice, and by which score does this notebook judge? Keep each weighting "
                 "next to the model it gave, so that the pair you return belongs together.")
    success = ("on every case your choice is the model train gave for your weighting, with the best validation "
               "macro-F1 of the weightings you tried and no worse than no weights, chosen without the test rows.")
    wrong = [
        Wrong(lambda data, train: max(((w, train(w)) for w in (None, "balanced")),
                                      key=lambda pair: pair[1].scores("test")["macro_f1"]),
              "the test rows are for the one final report"),
        Wrong(lambda data, train: max(((w, train(w)) for w in (None, "balanced")),
                                      key=lambda pair: pair[1].scores("train")["macro_f1"]),
              "a score on the rows a model learnt from says little about new tracks"),
        Wrong(lambda data, train: max(((w, train(w)) for w in (None, "sqrt_balanced", "balanced")),
                                      key=lambda pair: pair[1].scores("validation")["accuracy"]),
              "choose by macro-F1, which counts every class"),
        Wrong(lambda data, train: ("balanced", [train(w) for w in (None, "balanced")][0]),
              "not with the weighting returned"),
        Wrong(lambda data, train: ("balanced", train("balanced")), "a choice needs candidates"),
    ]

    def cases(self, data: PreparedData | None = None) -> list[tuple[Any, ...]]:
        """The notebook's data, and its rows as the top class against the rest (synthetic data without it)."""
        data = synthetic_data() if data is None else data
        return [(validation_only(rows), quick_trainer(rows)) for rows in (data, relabelled(data, top=True))]

    def hidden_cases(self, data: PreparedData | None = None) -> list[tuple[Any, ...]]:
        """The bottom class against the rest, and every other training row."""
        data = synthetic_data() if data is None else data
        half = replace(data, x_train=data.x_train[::2], y_train=data.y_train[::2])
        return [(validation_only(rows), quick_trainer(rows)) for rows in (relabelled(data, top=False), half)]

    reference = staticmethod(lambda *args: None)  # not needed: difference checks the choice's properties

    def difference(self, got: Any, expected: None, args: tuple[Any, ...]) -> str | None:
        _, train = args
        if not (isinstance(got, tuple) and len(got) == 2 and isinstance(got[1], FittedModel)):
            return "return a pair: the weighting chosen and the model train gave for it."
        chosen, model = got
        made_with = {id(fitted): weighting for weighting, fitted in train.tried}
        if id(model) not in made_with:
            return "return the model that train gave for the weighting you chose."
        if made_with[id(model)] != chosen:
            return (f"the model returned was trained with {made_with[id(model)]!r}, not with the weighting returned "
                    f"({chosen!r}).")
        if len({repr(weighting) for weighting, _ in train.tried}) < 2:
            return "try several weightings, no weights (None) among them: a choice needs candidates."
        best_weighting, best = max(train.tried, key=lambda pair: validation_macro_f1(pair[1]))
        if validation_macro_f1(model) < validation_macro_f1(best) - 1e-12:
            scores = f"({validation_macro_f1(best):.3f} against {validation_macro_f1(model):.3f})"
            if model is max(train.tried, key=lambda pair: pair[1].scores("validation")["accuracy"])[1]:
                return (f"your weighting has the best validation accuracy, but {best_weighting!r} the best validation "
                        f"macro-F1 {scores}: choose by macro-F1, which counts every class, as this notebook does.")
            return f"{best_weighting!r} has a higher validation macro-F1 than the weighting you returned {scores}."
        if validation_macro_f1(model) < validation_macro_f1(train(None)) - 1e-12:
            return "your choice scores below no weights at all on the validation rows: try None as well."
        return None


q4 = SelfAssessed("07", 4, "accuracy and class weights")

quiz = Quiz("07", 5, "wrap-up quiz", [
    Question(
        "Why does this notebook make every choice on the validation rows, and score the test rows once, at the end?",
        {"a": "The test rows are too few to tell models apart, so they are saved for a single score.",
         "b": "A choice made on the test rows makes them part of fitting, so the final test score is too optimistic.",
         "c": "The validation rows resemble the training rows more closely, so they are fairer for choosing.",
         "d": "Keras's early stopping needs the test rows to be left alone."},
        {"a": "They are about as many as the validation rows; the reason is what choosing on them would do.",
         "b": "Whatever the test rows choose, they have helped to fit, and their score is no longer an "
              "honest estimate for new tracks (the leak of notebook 02, in a subtler form).",
         "c": "Both are songs the model has not seen, split alike; neither part resembles the training rows more.",
         "d": "Early stopping watches the validation rows; the reason to keep the test rows apart is the final, "
              "honest report."}),
    Question(
        "Balanced class weights usually make the network...",
        {"a": "more accurate overall, because every class now counts as much in the loss as the others.",
         "b": "train on more rows of the rare classes, copied.",
         "c": "predict the rare classes more often: their recall rises, more of the tracks put in them belong "
              "elsewhere, and accuracy usually falls.",
         "d": "predict just as before: the weights change how the loss is added up, not which class wins."},
        {"a": "Accuracy counts tracks, most of which are in the common classes; giving up some of them for the "
              "rare classes usually lowers it.",
         "b": "No rows are copied: each row's loss is multiplied by its class's weight (the effect resembles "
              "copying, the data does not change).",
         "c": "A mistake on a rare class now costs more, so the network calls it more often, finds more of "
              "its tracks, and puts more tracks of the common classes there by mistake.",
         "d": "The loss is what training minimises: other weights give other network weights, and so other "
              "predictions (step 2's `predicted` columns show it)."}),
    Question(
        "A change is kept only if it raises validation macro-F1 by at least `MARGIN`. What does that guard against?",
        {"a": "Against all noise: a change kept with the margin is sure to help on new tracks as well.",
         "b": "Against overfitting: a change that helps the training rows but not new tracks never clears it.",
         "c": "Against changes that make training slower without making the network better.",
         "d": "Against keeping changes for the smallest gains, the surest to be noise; a score still moves with the "
              "seed, so a choice can still be luck."},
        {"a": "`MARGIN` is small next to how far a score moves with the seed alone; it does not make a choice "
              "immune to noise (notebook 08 prints the spread over seeds).",
         "b": "Judging on the validation rows at all deals with that: a change that helps only the training rows "
              "does not raise validation macro-F1. The margin is about trusting a small difference between two "
              "validation scores.",
         "c": "The margin compares scores, not times; the cost of a change is weighed separately.",
         "d": "The margin drops the tiniest gains, not all luck; that is why the final comparison comes with "
              "an interval."}),
    Question(
        "Why is the genre model built with Keras's functional API rather than `keras.Sequential`?",
        {"a": "A Sequential model is one chain of layers with one input; this one has two inputs, joined by "
              "`Concatenate`.",
         "b": "Only the functional API has a one-hot layer, and the genre needs one to enter the network.",
         "c": "The functional API trains faster, which matters with this many rows.",
         "d": "The genre is text, and only the functional API accepts text next to numbers."},
        {"a": "The functional API calls each layer on the output of the one before, so two branches can be "
              "wired and joined.",
         "b": "`CategoryEncoding` is a layer like any other; it would work in a Sequential model too, if the model "
              "had only the genre as its input.",
         "c": "Both build the same kind of model and train it the same way.",
         "d": "The genre enters as a whole number (its code), in either API."}),
])
