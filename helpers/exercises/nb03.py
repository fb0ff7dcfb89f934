"""Exercises of notebook 03 (training the MLP)."""

from __future__ import annotations

from typing import Any

from helpers.exercises.base import Exercise, Outcome, as_whole_number
from helpers.model import build_mlp
from helpers.training import TrainingResult


class BestEpoch(Exercise):
    """Which epoch had the lowest validation loss (the weights early stopping kept)?"""

    title = "Exercise 1 (best epoch)"
    hint_text = (
        "The history DataFrame has one row per epoch, numbered from 1; find the row where "
        "the column 'val_loss' is smallest (pandas: Series.idxmin)."
    )
    solution_text = 'best_epoch = int(result.history["val_loss"].idxmin())'

    def __init__(self, result: TrainingResult) -> None:
        self.result = result

    def evaluate_answer(self, best_epoch: Any) -> Outcome:
        expected = self.result.best_epoch
        value = as_whole_number(best_epoch)
        if value is None:
            return self.incorrect(f"give the epoch as a whole number, got {best_epoch!r}.")
        if value == expected:
            return self.correct(
                f"epoch {expected} has the lowest validation loss "
                f"({self.result.history.loc[expected, 'val_loss']:.4f}); training went on for "
                f"{self.result.epochs_run - expected} more epochs without beating it, then stopped."
            )
        if 1 <= value <= self.result.epochs_run:
            history = self.result.history
            if value == int(history["val_accuracy"].idxmax()) or value == self.result.epochs_run:
                return self.incorrect(
                    "early stopping watches the validation loss, not the validation accuracy "
                    "or the last epoch."
                )
            return self.incorrect(f"epoch {value} is not the one with the lowest 'val_loss'.")
        return self.incorrect(f"training ran epochs 1 to {self.result.epochs_run} only.")


class TrainableParameters(Exercise):
    """How many trainable parameters does a smaller MLP have?"""

    title = "Exercise 2 (trainable parameters)"
    hint_text = (
        "A Dense layer with n inputs and m units has n * m weights plus m biases; Dropout has "
        "none. Add up the hidden layers and the softmax output layer."
    )

    def __init__(self, n_features: int, n_classes: int, width: int, depth: int) -> None:
        self.n_features, self.n_classes = n_features, n_classes
        self.width, self.depth = width, depth

    @property
    def solution_text(self) -> str:  # type: ignore[override]
        f, w, k, d = self.n_features, self.width, self.n_classes, self.depth
        return (
            f"n_params = ({f} * {w} + {w}) + {d - 1} * ({w} * {w} + {w}) + ({w} * {k} + {k})\n"
            f"# or: build_mlp({f}, {k}, width={w}, depth={d}).count_params()"
        )

    def expected(self) -> int:
        """Trainable parameters of :func:`helpers.model.build_mlp` with these sizes."""
        model = build_mlp(self.n_features, self.n_classes, width=self.width, depth=self.depth)
        return int(sum(int(w.numpy().size) for w in model.trainable_weights))

    def evaluate_answer(self, n_params: Any) -> Outcome:
        expected = self.expected()
        value = as_whole_number(n_params)
        if value == expected:
            return self.correct(
                f"{expected:,} parameters, every one trainable (Dropout has none)."
            )
        no_bias = (
            self.n_features * self.width
            + (self.depth - 1) * self.width**2
            + self.width * self.n_classes
        )
        if value == no_bias:
            return self.incorrect("you counted the weights but not the biases (one per unit).")
        return self.incorrect(
            f"not {n_params!r}; count inputs x units + units for each Dense layer, "
            f"including the output layer with {self.n_classes} units."
        )


class OverfittingQuestion(Exercise):
    """Open question: what do the learning curves say about over-fitting?"""

    title = "Exercise 3 (reading the learning curves)"
    hint_text = (
        "Compare the two loss curves after the best epoch: which keeps falling, which "
        "stops falling or rises? What would 100 epochs without early stopping do?"
    )
    solution_text = (
        "The training loss keeps falling while the validation loss (unseen songs) stops "
        "improving and starts to rise after the best epoch: the network begins to fit "
        "details of the training songs that do not carry over. Early stopping ends training "
        "a few epochs later and restores the best epoch's weights. Training for all epochs "
        "would widen the gap (memorising), and on a leaky split that memorising even pays "
        "off on test rows that are copies of training songs."
    )

    def evaluate_answer(self, answer: Any) -> Outcome:
        return self.review(
            "A good answer compares training and validation loss after the best epoch "
            "(training keeps falling, validation flattens or rises: the start of over-fitting), "
            "says early stopping kept the best epoch's weights, and notes that validation is "
            "on unseen songs, so the gap measures memorising rather than learning."
        )
