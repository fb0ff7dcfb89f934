"""One way to fit, time, predict and score every model the course trains.

A network (Keras) is trained with :func:`train_network`, a scikit-learn model with
:func:`fit_estimator`, boosted trees with :func:`fit_boosted_trees`; each returns a
:class:`FittedModel`, which predicts and scores any part of its data the same way.
"""

from __future__ import annotations

import json
import math
import time
import warnings
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Literal

import keras
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import f1_score, log_loss
from sklearn.utils.class_weight import compute_class_weight
from threadpoolctl import threadpool_limits

from helpers.evaluation import scores
from helpers.networks import build_mlp
from helpers.preprocessing import Part, PreparedData

PATIENCE = 5
"""Epochs without a better validation loss before early stopping ends training."""
BATCH_SIZE = 1024
"""Rows per gradient step, as in the original notebook."""

ClassWeight = Literal["balanced", "sqrt_balanced"] | None


def class_weights(labels: np.ndarray, n_classes: int, kind: ClassWeight) -> dict[int, float] | None:
    """Weights that make mistakes on rare classes cost more, as ``{class: weight}``.

    ``"balanced"`` weighs class ``c`` by ``n / (k * count of c)``, so every class
    counts as much in the loss; ``"sqrt_balanced"`` takes their square roots, a softer
    push; ``None`` weighs every row the same.
    """
    if kind is None:
        return None
    if kind not in ("balanced", "sqrt_balanced"):
        raise ValueError(f"Unknown class weighting {kind!r}; use None, 'balanced' or 'sqrt_balanced'.")
    classes = np.arange(n_classes)
    absent = sorted(int(c) for c in set(classes) - set(np.unique(labels)))
    if absent:
        raise ValueError(f"Classes {absent} have no training rows, so their weights are undefined.")
    weights = compute_class_weight("balanced", classes=classes, y=labels)
    if kind == "sqrt_balanced":
        weights = np.sqrt(weights)
    return {int(c): float(w) for c, w in zip(classes, weights)}


def _network_inputs(model: keras.Model, data: PreparedData, part: Part) -> Any:
    x, _ = data.part(part)
    if len(model.inputs) == 1:
        return x
    return {"features": x, "genre": data.genre_codes(part)}


def _network_probabilities(model: keras.Model, inputs: Any, batch_size: int = 8192) -> np.ndarray:
    """The network's class probabilities, computed batch by batch by calling the model directly
    (``model.predict`` would build a new TensorFlow function for every model, and warn about it)."""
    rows = len(inputs["features"]) if isinstance(inputs, dict) else len(inputs)
    batches = []
    with warnings.catch_warnings():
        # Keras 3.10 (Colab's) warns, harmlessly, when a loaded one-input network gets an array, not a list.
        warnings.filterwarnings("ignore", message="The structure of `inputs` doesn't match", category=UserWarning)
        for start in range(0, rows, batch_size):
            part = ({name: values[start:start + batch_size] for name, values in inputs.items()}
                    if isinstance(inputs, dict) else inputs[start:start + batch_size])
            batches.append(keras.ops.convert_to_numpy(model(part, training=False)))
    return np.concatenate(batches) if batches else np.zeros((0, model.output_shape[-1]))


def _estimator_inputs(estimator: Any, data: PreparedData, part: Part) -> np.ndarray:
    x, _ = data.part(part)
    if getattr(estimator, "n_features_in_", x.shape[1]) == x.shape[1]:
        return x
    return np.column_stack([x, data.genre_codes(part)])  # the genre as one categorical column


@dataclass
class FittedModel:
    """A fitted model (Keras, scikit-learn, or an ensemble of fitted models) with the data it was fitted on.

    ``seconds`` is how long fitting took, ``rounds`` how many epochs or boosting
    rounds it kept, ``history`` a network's loss and accuracy per epoch. ``offsets``
    (one number per class, added to the log-probabilities before choosing the
    largest) changes the decision rule; see :func:`tune_offsets`.
    """

    model: Any
    data: PreparedData
    seconds: float = math.nan
    rounds: int | None = None
    history: pd.DataFrame | None = None
    offsets: np.ndarray | None = None
    _probabilities: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def is_network(self) -> bool:
        return isinstance(self.model, keras.Model)

    @property
    def n_parameters(self) -> int | None:
        """The number of weights of a network or an ensemble of networks (``None`` for other models)."""
        if isinstance(self.model, Ensemble):
            counts = [member.n_parameters for member in self.model.members]
            return None if None in counts else sum(counts)
        return int(self.model.count_params()) if self.is_network else None

    def probabilities(self, part: Part) -> np.ndarray:
        """Each row's probability of each class, for the training, validation or test rows."""
        if part not in self._probabilities:
            if isinstance(self.model, Ensemble):
                probabilities = np.mean([member.probabilities(part) for member in self.model.members], axis=0)
            elif self.is_network:
                probabilities = _network_probabilities(self.model, _network_inputs(self.model, self.data, part))
            else:
                with threadpool_limits(limits=1):
                    probabilities = self.model.predict_proba(_estimator_inputs(self.model, self.data, part))
            self._probabilities[part] = np.asarray(probabilities, dtype=np.float64)
        return self._probabilities[part]

    def predict(self, part: Part) -> np.ndarray:
        """Each row's most probable class (after adding ``offsets`` to the log-probabilities, if set)."""
        probabilities = self.probabilities(part)
        if self.offsets is None:
            return probabilities.argmax(axis=1)
        return (np.log(np.clip(probabilities, 1e-12, None)) + self.offsets).argmax(axis=1)

    def scores(self, part: Part) -> dict[str, float]:
        """Accuracy, macro-F1 and balanced accuracy on the training, validation or test rows."""
        return scores(self.data.part(part)[1], self.predict(part))


class Progress(keras.callbacks.Callback):
    """Prints a line every ``every`` epochs with the losses, the time so far and an estimate of the time left.

    After the first epoch it says how long the whole run will take at that pace.
    """

    def __init__(self, every: int = 10) -> None:
        super().__init__()
        self.every = every

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        done, total = epoch + 1, self.params["epochs"]
        elapsed = time.perf_counter() - self.started
        left = elapsed / done * (total - done)
        if done == 1:
            print(f"epoch 1 took {elapsed:.1f} s: about {(elapsed * total) / 60:.1f} minutes for all {total} epochs")
        if done % self.every == 0 or done == total:
            values = ", ".join(f"{name} {value:.3f}" for name, value in (logs or {}).items())
            print(f"epoch {done}/{total}: {values} ({elapsed:.0f} s so far, about {left:.0f} s left)", flush=True)


@dataclass(frozen=True)
class Ensemble:
    """Several fitted models whose class probabilities are averaged (see :func:`ensemble`)."""

    members: tuple[FittedModel, ...]


def ensemble(members: list[FittedModel]) -> FittedModel:
    """One model whose probabilities are the mean of the members' (fitted on the same data)."""
    seconds = sum(member.seconds for member in members)
    return FittedModel(Ensemble(tuple(members)), members[0].data, seconds)


def tune_offsets(fitted: FittedModel, step: float = 0.05, largest: float = 3.0) -> FittedModel:
    """The same model with per-class offsets that maximise macro-F1 on the validation rows.

    Predicting the most probable class is not what maximises macro-F1 when classes are
    unequal: a rare class may deserve a prediction at a lower probability. Adding an
    offset to each class's log-probability moves the boundaries; each offset (the first
    class's stays 0) is chosen in turn from ``-largest`` to ``largest`` in steps of
    ``step``, keeping the best validation macro-F1, until nothing improves. Only the
    validation rows are used.
    """
    log_p = np.log(np.clip(fitted.probabilities("validation"), 1e-12, None))
    y, k = fitted.data.y_val, fitted.data.n_classes
    grid = np.arange(-largest, largest + step / 2, step)
    offsets = np.zeros(k)
    macro_f1 = partial(f1_score, y, average="macro", zero_division=0)  # as scores() computes it, alone: faster
    best = macro_f1(log_p.argmax(axis=1))
    improved = True
    while improved:
        improved = False
        for c in range(1, k):
            for value in grid:
                trial = offsets.copy()
                trial[c] = value
                score = macro_f1((log_p + trial).argmax(axis=1))
                if score > best + 1e-12:
                    best, offsets, improved = score, trial, True
    return replace(fitted, offsets=offsets)


def train_network(
    model: keras.Model,
    data: PreparedData,
    *,
    epochs: int,
    patience: int | None = PATIENCE,
    batch_size: int = BATCH_SIZE,
    class_weight: ClassWeight = None,
    verbose: int = 0,
) -> FittedModel:
    """Fit a compiled network on the training rows, watching the validation rows.

    With ``patience``, early stopping ends training once the validation loss has not
    improved for that many epochs and puts back the best epoch's weights; with
    ``None`` it trains all ``epochs``. ``verbose=2`` prints one line an epoch.
    """
    callbacks = []
    if patience is not None:
        callbacks.append(keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True))
    started = time.perf_counter()
    fitted = model.fit(
        _network_inputs(model, data, "train"),
        data.y_train,
        validation_data=(_network_inputs(model, data, "validation"), data.y_val),
        epochs=epochs,
        batch_size=batch_size,
        class_weight=class_weights(data.y_train, data.n_classes, class_weight),
        callbacks=callbacks,
        verbose=verbose,
    )
    seconds = time.perf_counter() - started
    history = history_table(fitted.history)
    best = int(history["val_loss"].idxmin()) if patience is not None else len(history)
    return FittedModel(model, data, seconds, best, history)


def history_table(history: dict[str, list[float]], validation_freq: int = 1) -> pd.DataFrame:
    """A Keras history (``model.fit(...).history``) as a table, one row an epoch numbered from 1.

    With ``validation_freq=k`` (as given to ``fit``) the validation columns have values
    at epochs k, 2k, ... and are empty (NaN) in between.
    """
    epochs = len(history["loss"])
    table = pd.DataFrame(index=pd.RangeIndex(1, epochs + 1, name="epoch"))
    for name, values in history.items():
        column = np.full(epochs, np.nan)
        positions = np.arange(epochs) if len(values) == epochs else np.arange(validation_freq - 1, epochs, validation_freq)
        column[positions[: len(values)]] = values
        table[name] = column
    return table


def fit_estimator(estimator: Any, data: PreparedData, *, with_genre: bool = False) -> FittedModel:
    """Fit a scikit-learn classifier on the training rows (one thread) and time it.

    With ``with_genre`` the genre codes become one more column (see
    :func:`fit_boosted_trees`, which gives them to the trees as a category).
    """
    x = data.x_train if not with_genre else np.column_stack([data.x_train, data.genre_train])
    started = time.perf_counter()
    with threadpool_limits(limits=1):  # one thread: the same model on any machine, and no oversubscription
        estimator.fit(x, data.y_train)
    return FittedModel(estimator, data, time.perf_counter() - started)


class FirstRounds:
    """Boosted trees that predict with their first ``rounds`` rounds only: the rounds
    that early stopping kept (the trees grown after them are ignored)."""

    def __init__(self, trees: HistGradientBoostingClassifier, rounds: int) -> None:
        self.trees, self.rounds = trees, rounds
        self.n_features_in_ = trees.n_features_in_

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        for rounds, probabilities in enumerate(self.trees.staged_predict_proba(x), start=1):
            if rounds == self.rounds:
                return probabilities
        raise ValueError(f"The trees have fewer than {self.rounds} rounds.")


def fit_boosted_trees(
    data: PreparedData,
    *,
    seed: int,
    class_weight: ClassWeight = None,
    with_genre: bool = False,
    max_rounds: int = 300,
    **settings: Any,
) -> FittedModel:
    """Fit histogram gradient-boosted trees and keep the rounds that do best on the validation rows.

    As a network's early stopping does, the trees keep the number of rounds with the
    lowest validation log-loss: they grow ``max_rounds`` rounds, every round's
    validation loss is measured, and predictions use the best number of rounds.
    (scikit-learn 1.7 added ``X_val`` for early stopping; doing it here works with
    every version the course supports.) ``settings`` go to
    :class:`~sklearn.ensemble.HistGradientBoostingClassifier` (``learning_rate``,
    ``max_leaf_nodes``, ...). With ``with_genre`` the genre is one more column, which
    the trees split on as a category. Fitting uses one thread, so the trees are the
    same on any machine.
    """
    trees = HistGradientBoostingClassifier(
        max_iter=max_rounds,
        early_stopping=False,
        categorical_features=[data.n_features] if with_genre else None,
        class_weight=class_weights(data.y_train, data.n_classes, class_weight),
        random_state=seed,
        **settings,
    )
    fitted = fit_estimator(trees, data, with_genre=with_genre)
    started = time.perf_counter()
    labels = np.arange(data.n_classes)
    with threadpool_limits(limits=1):
        staged = trees.staged_predict_proba(_estimator_inputs(trees, data, "validation"))
        losses = [log_loss(data.y_val, probabilities, labels=labels) for probabilities in staged]
    best = int(np.argmin(losses)) + 1
    fitted.model, fitted.rounds = FirstRounds(trees, best), best
    fitted.seconds += time.perf_counter() - started
    return fitted


ORIGINAL_MLP = "artifacts/original_mlp.keras"
"""Where notebook 03 saves the original's network trained on the honest split, for later notebooks."""


def training_settings(data: PreparedData, *, seed: int, epochs: int) -> dict[str, Any]:
    """What decides a network's weights besides its code: the data's split, features and cut points, and the training settings."""
    return {
        "split": data.split.name, "train_rows": len(data.y_train), "features": data.features,
        "thresholds": list(data.thresholds), "seed": seed, "epochs": epochs,
        "patience": PATIENCE, "batch_size": BATCH_SIZE,
    }


def save_network(model: keras.Model, path: str | Path, settings: dict[str, Any], *,
                 history: pd.DataFrame, seconds: float) -> Path:
    """Save a trained network (``.keras``) and, in a JSON file beside it, the ``settings`` it was
    trained with, its ``history`` (one row an epoch) and how many ``seconds`` training took."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model.save(path)
    record = {"settings": settings, "seconds": seconds, "history": history.to_dict(orient="list")}
    path.with_suffix(".json").write_text(json.dumps(record, indent=2, sort_keys=True))
    return path


def load_network(path: str | Path, settings: dict[str, Any], data: PreparedData) -> FittedModel | None:
    """The network saved at ``path``, if it was trained with these ``settings``, else ``None``."""
    path, saved = Path(path), Path(path).with_suffix(".json")
    if not (path.exists() and saved.exists()):
        return None
    record = json.loads(saved.read_text())
    if record.get("settings") != json.loads(json.dumps(settings)):
        return None
    history = history_table(record["history"])
    best = int(history["val_loss"].idxmin())
    return FittedModel(keras.models.load_model(path), data, record["seconds"], best, history)


def trained_original_mlp(data: PreparedData, *, seed: int, epochs: int, path: str | Path = ORIGINAL_MLP) -> FittedModel:
    """The original's network trained on ``data`` as notebook 03 trains it.

    It is loaded from ``path`` if notebook 03 saved it with the same data and
    settings; otherwise it is trained here, the same way (same seed, so the same
    weights on the same machine), and saved for the next notebook.
    """
    settings = training_settings(data, seed=seed, epochs=epochs)
    saved = load_network(path, settings, data)
    if saved is not None:
        return saved
    fitted = train_network(build_mlp(data.n_features, data.n_classes, seed=seed), data, epochs=epochs)
    save_network(fitted.model, path, settings, history=fitted.history, seconds=fitted.seconds)
    return fitted
