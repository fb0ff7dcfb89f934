"""Exercises of notebook 03 (training the MLP)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import keras
import numpy as np
from sklearn.metrics import log_loss

from helpers.exercises.base import FunctionExercise, Question, Quiz, SelfAssessed, Wrong
from helpers.networks import build_mlp, compile_classifier
from helpers.preprocessing import PreparedData

MAX_EPOCHS, MAX_WEIGHTS = 10, 10_000
"""Exercise 1's limits, so that its network trains in seconds."""


def hit_or_not(data: PreparedData) -> PreparedData:
    """Half the training rows, labelled "in the top class or not" (the cut points ``(70,)`` for ``(30, 70)``)."""
    top = data.n_classes - 1
    return replace(data, thresholds=data.thresholds[-1:], x_train=data.x_train[::2],
                   y_train=(data.y_train[::2] == top).astype(np.int64), y_val=(data.y_val == top).astype(np.int64),
                   y_test=(data.y_test == top).astype(np.int64))


def train_small(data: PreparedData, seed: int, epochs: int = 6, width: int = 16, validate_on: str = "validation",
                learning_rate: float = 0.003, last_rate: float | None = None) -> tuple:
    """Exercise 1's typical answers: a small network trained with early stopping, with knobs for its mistakes
    (validating on other rows, another learning rate; ``last_rate``: no early stopping, and that learning rate in
    the last epoch, so that the last epoch is not the best)."""
    keras.utils.set_random_seed(seed)
    model = compile_classifier(build_mlp(data.n_features, data.n_classes, width=width, depth=2),
                               keras.optimizers.Adam(learning_rate=learning_rate))
    callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)]
    if last_rate is not None:
        jump = keras.callbacks.LearningRateScheduler(lambda epoch, rate: last_rate if epoch == epochs - 1 else rate)
        callbacks = [jump]
    history = model.fit(data.x_train, data.y_train, validation_data=data.part(validate_on), epochs=epochs,
                        batch_size=256, callbacks=callbacks, verbose=0)
    return model, history


class TrainSmallNetwork(FunctionExercise):
    notebook, number, title = "03", 1, "a small network, stopped early"
    # any small network that learns, and keeps its best epoch on the validation rows, is right
    function_name, compare = "train_small_network", "custom"
    hint_text = ("Keep the notebook's recipe (seed, Sequential, compile, fit with an EarlyStopping callback) and make "
                 "it small: two narrow Dense layers, a handful of epochs, a patience of one or two, and a batch size "
                 "of a few hundred so each epoch takes several steps. fit returns the history.")
    success = ("a small network that beats the guess without features, keeps the epoch with the lowest validation loss, "
               f"and trains in at most {MAX_EPOCHS} epochs.")
    wrong = [
        Wrong(lambda data, seed: train_small(data, seed, validate_on="test"), "the test rows stay untouched"),
        Wrong(lambda data, seed: train_small(data, seed, last_rate=1.0), "restore_best_weights=True"),
        Wrong(lambda data, seed: train_small(data, seed, epochs=MAX_EPOCHS + 1), f"at most {MAX_EPOCHS} epochs"),
        Wrong(lambda data, seed: train_small(data, seed, epochs=1, width=128), f"at most {MAX_WEIGHTS:,} weights"),
        Wrong(lambda data, seed: train_small(data, seed, learning_rate=0.0), "it learned nothing from the features"),
        Wrong(lambda data, seed: train_small(data, seed)[0], "return the pair (model, history)"),
    ]

    def cases(self, data: PreparedData) -> list[tuple[Any, ...]]:
        return [(data, 0)]

    def hidden_cases(self, data: PreparedData) -> list[tuple[Any, ...]]:
        return [(hit_or_not(data), 7)]

    def reference(self, data: PreparedData, seed: int) -> None:
        return None

    def difference(self, got: Any, expected: None, args: tuple[Any, ...]) -> str | None:
        data, _ = args
        model, history = got if isinstance(got, tuple) and len(got) == 2 else (None, None)
        if not isinstance(model, keras.Model) or not isinstance(getattr(history, "history", None), dict):
            return "return the pair (model, history): the trained model and what its fit returned."
        if "val_loss" not in history.history:
            return "give fit the validation rows (validation_data=...), so that early stopping can watch them."
        if len(history.history["val_loss"]) > MAX_EPOCHS:
            return f"train at most {MAX_EPOCHS} epochs, so that the exercise runs in seconds."
        if model.count_params() > MAX_WEIGHTS:
            return f"a small network: at most {MAX_WEIGHTS:,} weights, not {model.count_params():,}."
        probabilities = model.predict(data.x_val, batch_size=8192, verbose=0)
        if probabilities.shape != (len(data.y_val), data.n_classes):
            return f"the model should give one probability per class ({data.n_classes} softmax units)."
        losses = history.history["val_loss"]
        own = float(np.atleast_1d(model.evaluate(data.x_val, data.y_val, batch_size=8192, verbose=0))[0])
        if not np.isclose(own, min(losses), rtol=1e-3):
            if np.isclose(own, losses[-1], rtol=1e-3):
                return ("the model kept its last epoch's weights, not its best: stop early with "
                        "restore_best_weights=True.")
            return ("the history's validation loss is not this model's loss on the validation rows: validate on "
                    "data.x_val and data.y_val; the test rows stay untouched until the end.")
        shares = np.bincount(data.y_train, minlength=data.n_classes) / len(data.y_train)
        if log_loss(data.y_val, probabilities, labels=range(data.n_classes)) >= -np.mean(np.log(shares[data.y_val])):
            return ("its validation cross-entropy is not below the guess from the training rows' class shares: "
                    "it learned nothing from the features (look at the learning rate and the loss).")
        return None


def keras_early_stopping(val_losses: list[float], patience: int) -> tuple[int, int]:
    """(epochs run, epoch kept) by Keras's own EarlyStopping, fed these validation losses epoch by epoch."""
    model = keras.Sequential()
    model.stop_training = False
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, loss in enumerate(val_losses, start=1):
        callback.on_epoch_end(epoch - 1, {"val_loss": loss})  # Keras counts epochs from 0
        if model.stop_training:
            break
    return epoch, callback.best_epoch + 1


class EarlyStop(FunctionExercise):
    notebook, number, title = "03", 2, "early stopping by hand"
    function_name = "early_stop"
    hint_text = ("Walk through the losses keeping the best one so far and its epoch. Training stops at the epoch where "
                 "the best is `patience` epochs old. Epochs are numbered from 1.")
    success = "the same epochs as Keras's EarlyStopping on every sequence of losses tried, ties included."
    reference = staticmethod(keras_early_stopping)
    wrong = [
        Wrong(lambda val_losses, patience: keras_early_stopping(val_losses, patience + 1),
              "training stops as soon as the best loss is `patience` epochs old, not one epoch later."),
        Wrong(lambda val_losses, patience:  # each loss a hair below the ones before: as if ties were improvements
              keras_early_stopping([loss - 1e-5 * epoch for epoch, loss in enumerate(val_losses)], patience),
              "a loss equal to the best so far is no improvement: compare with <, not <=."),
    ]

    @staticmethod
    def curves(seed: int) -> list[list[float]]:
        """Noisy validation curves that fall, then rise (rounded, so that some losses tie)."""
        rng = np.random.default_rng(seed)
        return [list(np.round(0.8 - 0.05 * np.log1p(np.arange(30)) + 0.002 * np.arange(30) ** 1.3
                              + rng.normal(0, 0.004, 30), 3)) for _ in range(3)]

    def cases(self) -> list[tuple[Any, ...]]:
        curves = self.curves(303)
        return [([0.9, 0.8, 0.7, 0.75, 0.76, 0.77], 2), ([0.9, 0.8, 0.8, 0.8, 0.8, 0.79, 0.7], 3),
                ([1.0, 0.9, 0.8, 0.7], 5), (curves[0], 5), (curves[1], 3), (curves[2], 1)]

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        curves = self.curves(304)
        return [([0.5, 0.5, 0.5, 0.5], 2), ([0.7, 0.6, 0.65, 0.55, 0.6, 0.61], 1), ([0.3], 3),
                (curves[0], 4), (curves[1], 2), (curves[2], 6)]


q3 = SelfAssessed("03", 3, "reading the learning curves")

quiz = Quiz("03", 4, "wrap-up quiz", [
    Question("Why does early stopping watch the validation loss, not the training loss?",
             {"a": "The training loss can keep falling while the network memorises its own rows; the validation rows, "
                   "unseen songs, show when what it learns stops carrying over.",
              "b": "The validation loss is quicker to compute.",
              "c": "Keras does not report the training loss during fit."},
             {"a": "That is why the validation rows must be unseen songs, and why the test rows are not used "
                   "for it either (they are kept for the final, honest score).",
              "b": "It is computed on fewer rows, but speed is not the reason.",
              "c": "Fit reports the training loss too (the 'loss' column of the history)."}),
    Question("What does restore_best_weights=True do?",
             {"a": "It restarts training from the best epoch with a smaller learning rate.",
              "b": "When training ends, it puts back the weights of the epoch with the lowest validation loss.",
              "c": "It saves the best model to a file."},
             {"a": "Nothing restarts; training simply ends.",
              "b": "Without it the model keeps the last epoch's weights, which are no better on the validation "
                   "rows after the patience epochs.",
              "c": "Saving is a separate step (the notebook's save_network)."}),
    Question("The network's validation loss ends below the loss of the guess without features. What does that "
             "show?",
             {"a": "That the model is good enough to use: it passed its test.",
              "b": "That the features carry some information about the class: the network does better than knowing "
                   "only how common each class is.",
              "c": "That the network memorised the validation rows."},
             {"a": "It shows only that it learned something; how good it is, on the test rows and against other "
                   "models, is notebook 04's and 05's question.",
              "b": "The distance to the guess is what the features bring, however small it is.",
              "c": "The network never trains on the validation rows; it only watches them."}),
    Question("The original's MLP has more weights than there are training rows. What does that risk?",
             {"a": "Nothing: more weights always generalise better.",
              "b": "It cannot be trained, since there are more unknowns than rows.",
              "c": "It has room to memorise the training rows; the validation rows of unseen songs show whether it "
                   "does."},
             {"a": "Extra room lets a network fit the training rows' noise, which does not carry over.",
              "b": "Gradient descent trains it anyway; it just has many ways to fit the rows.",
              "c": "Hence early stopping, dropout, and watching the gap between the two curves."}),
])
