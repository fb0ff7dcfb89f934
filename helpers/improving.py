"""Improving the MLP step by step, and comparing it with gradient-boosted trees.

Notebook 07 asks how far a careful student can push the MLP on the honest split.
Each step changes one thing (class weights, more audio features, the genre as an
input, the network's size), is judged on the validation rows, and only at the end
is every step scored on the test rows, next to a
:class:`~sklearn.ensemble.HistGradientBoostingClassifier` fed the same inputs.

Typical use::

    data = prepare_inputs(tracks, split, ALL_AUDIO_FEATURES, use_genre=True, thresholds=THRESHOLDS)
    search = search_mlp(data, SEARCH_GRID, seed=SEED, class_weight="balanced")
    trees = search_hgb(data, HGB_GRID, seed=SEED)
    comparison_table({"MLP": search.best, "HGB": trees.best}, rows="test")
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, Sequence

import keras
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.preprocessing import OneHotEncoder

import helpers  # noqa: F401  (silences TensorFlow's C++ log before Keras loads it)
from helpers.evaluation import METRIC_NAMES, classification_metrics
from helpers.features import SEED_FEATURES
from helpers.labels import DEFAULT_THRESHOLDS
from helpers.pipeline import PreparedData, SplitName, prepare_data
from helpers.splits import SEED_RANDOM_STATE, Split
from helpers.training import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_EPOCHS,
    DEFAULT_PATIENCE,
    DEFAULT_SEED,
    ClassWeight,
    resolve_class_weight,
    train_on,
)

GENRE_COLUMN = "track_genre"
"""The column holding a track's genre (one of 114 in the real data)."""

GENRE_PREFIX = "genre="
"""Prefix of the one-hot genre columns' names in :attr:`InputData.features`."""

Rows = Literal["train", "validation", "test"]

@dataclass
class InputData(PreparedData):
    """:class:`~helpers.pipeline.PreparedData` whose inputs may end with one-hot genre columns.

    The first ``n_numeric`` columns of each ``x_*`` array are the scaled audio
    features; the rest (if ``genre_encoder`` is set) are 0/1 columns, one per genre
    seen in the training rows, named ``genre=<name>`` in ``features``.
    """

    n_numeric: int = 0
    genre_encoder: OneHotEncoder | None = None

    @property
    def uses_genre(self) -> bool:
        """Whether the inputs include the one-hot genre columns."""
        return self.genre_encoder is not None

    def rows(self, which: Rows) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(x, y)`` of the training, validation or test rows."""
        if which == "train":
            return self.x_train, self.y_train
        if which == "validation":
            return self.x_val, self.y_val
        if which == "test":
            return self.x_test, self.y_test
        raise ValueError(f"Unknown rows {which!r}; use 'train', 'validation' or 'test'.")


def prepare_inputs(
    tracks: pd.DataFrame,
    split: SplitName | Split = "honest",
    features: Sequence[str] = SEED_FEATURES,
    use_genre: bool = False,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    seed: int = SEED_RANDOM_STATE,
) -> InputData:
    """Label, split and scale the tracks as :func:`~helpers.pipeline.prepare_data` does,
    optionally appending the genre as one-hot columns.

    The one-hot encoder is fitted on the training rows only; a genre that never
    occurs there gets all zeros (``handle_unknown="ignore"``). Pass a
    :class:`~helpers.splits.Split` to reuse one split for several input sets.
    """
    base = prepare_data(tracks, thresholds, split, features, seed)
    values = {name: getattr(base, name) for name in PreparedData.__dataclass_fields__}
    values["n_numeric"] = base.n_features
    if not use_genre:
        return InputData(**values)
    if GENRE_COLUMN not in tracks.columns:
        raise KeyError(f"use_genre=True needs a {GENRE_COLUMN!r} column.")
    encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False, dtype=np.float32)
    encoder.fit(tracks.loc[base.split.train, [GENRE_COLUMN]])

    def with_genre(x: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return np.hstack([x, encoder.transform(tracks.loc[rows, [GENRE_COLUMN]])])

    names = [f"{GENRE_PREFIX}{name}" for name in encoder.categories_[0]]
    values.update(
        features=base.features + names,
        genre_encoder=encoder,
        x_train=with_genre(base.x_train, base.split.train),
        x_val=with_genre(base.x_val, base.split.validation),
        x_test=with_genre(base.x_test, base.split.test),
    )
    return InputData(**values)


def tree_inputs(data: InputData, which: Rows) -> np.ndarray:
    """Return the rows' inputs for the boosted trees: the one-hot genre block becomes one column.

    That column holds the genre's number (0, 1, ...) as a float, or NaN for a genre
    unseen in training, so :class:`~sklearn.ensemble.HistGradientBoostingClassifier`
    can split on it as a category (its last column; see :func:`fit_hgb`).
    """
    x, _ = data.rows(which)
    numeric = x[:, : data.n_numeric]
    if not data.uses_genre:
        return numeric
    onehot = x[:, data.n_numeric :]
    codes = np.where(onehot.any(axis=1), onehot.argmax(axis=1), np.nan)
    return np.column_stack([numeric, codes])


@dataclass
class FittedModel:
    """A fitted MLP or boosted-trees model together with the inputs it was fitted on."""

    model: Any
    data: InputData
    seconds: float = 0.0
    rounds: int = 0
    settings: dict[str, Any] = field(default_factory=dict)
    _predictions: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def is_trees(self) -> bool:
        """Whether the model is a boosted-trees classifier (else a Keras MLP)."""
        return isinstance(self.model, HistGradientBoostingClassifier)

    def predict(self, which: Rows = "validation") -> np.ndarray:
        """Return the predicted class of each training, validation or test row (computed once)."""
        if which not in self._predictions:
            if self.is_trees:
                predicted = self.model.predict(tree_inputs(self.data, which))
            else:
                predicted = _mlp_classes(self.model, self.data.rows(which)[0])
            self._predictions[which] = np.asarray(predicted, dtype=np.int64)
        return self._predictions[which]

    def scores(self, which: Rows = "validation") -> dict[str, float]:
        """Accuracy, macro-F1 and balanced accuracy on the training, validation or test rows."""
        _, y = self.data.rows(which)
        return classification_metrics(y, self.predict(which))


def _mlp_classes(model: keras.Model, x: np.ndarray, batch_size: int = 8192) -> np.ndarray:
    """Most probable class per row, calling the model directly in batches.

    Unlike ``model.predict`` this builds no new ``tf.function`` per model, so scoring
    many models in a row triggers no TensorFlow retracing warnings.
    """
    if len(x) == 0:
        return np.zeros(0, dtype=np.int64)
    parts = [
        np.argmax(keras.ops.convert_to_numpy(model(x[i : i + batch_size], training=False)), axis=1)
        for i in range(0, len(x), batch_size)
    ]
    return np.concatenate(parts)


def train_step(
    data: InputData,
    *,
    seed: int = DEFAULT_SEED,
    epochs: int = DEFAULT_EPOCHS,
    patience: int | None = DEFAULT_PATIENCE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    class_weight: ClassWeight = None,
    **model_params: Any,
) -> FittedModel:
    """Train the MLP on ``data`` with :func:`~helpers.training.train_on` (early stopping
    on the validation rows) and return it as a :class:`FittedModel`.

    ``model_params`` (width, depth, dropout, learning_rate) go to
    :func:`~helpers.model.build_mlp`; the defaults are the seed's 4 x 512 network.
    ``class_weight`` is any weighting :func:`~helpers.training.resolve_class_weight` knows.
    """
    result = train_on(
        data,
        seed=seed,
        epochs=epochs,
        patience=patience,
        batch_size=batch_size,
        class_weight=class_weight,
        **model_params,
    )
    settings = dict(model_params, class_weight=class_weight, best_epoch=result.best_epoch)
    return FittedModel(result.model, data, result.seconds, result.epochs_run, settings)


def wrap_model(model: keras.Model, data: InputData) -> FittedModel:
    """Wrap an already trained MLP (e.g. from :func:`~helpers.training.load_or_train`)."""
    return FittedModel(model, data)


@dataclass
class SearchResult:
    """The candidates of a small search, their validation scores, and the best one."""

    table: pd.DataFrame
    fitted: list[FittedModel]
    grid: list[dict[str, Any]]
    metric: str

    @property
    def best_index(self) -> int:
        """Position of the candidate with the highest validation ``metric`` (first on ties)."""
        return int(np.argmax(self.table[f"val_{self.metric}"].to_numpy()))

    @property
    def best(self) -> FittedModel:
        """The candidate with the highest validation ``metric``."""
        return self.fitted[self.best_index]

    @property
    def best_config(self) -> dict[str, Any]:
        """The settings of the best candidate (the grid entry)."""
        return dict(self.grid[self.best_index])

    def display(self, decimals: int = 3) -> pd.DataFrame:
        """The table without timings (which differ between runs), rounded for display."""
        return self.table.drop(columns=["seconds"]).round(decimals)


def _search_table(grid: Sequence[Mapping[str, Any]], fitted: list[FittedModel]) -> pd.DataFrame:
    rows = []
    for config, candidate in zip(grid, fitted):
        scores = candidate.scores("validation")
        rows.append(
            {
                **config,
                "rounds": candidate.rounds,
                "seconds": candidate.seconds,
                **{f"val_{name}": scores[name] for name in METRIC_NAMES},
            }
        )
    return pd.DataFrame(rows)


def _check_grid(grid: Sequence[Mapping[str, Any]]) -> None:
    if len(grid) == 0:
        raise ValueError("The search grid is empty; give at least one configuration.")


def search_mlp(
    data: InputData,
    grid: Sequence[Mapping[str, Any]],
    *,
    seed: int = DEFAULT_SEED,
    epochs: int = DEFAULT_EPOCHS,
    patience: int | None = DEFAULT_PATIENCE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    class_weight: ClassWeight = None,
    metric: str = "macro_f1",
) -> SearchResult:
    """Train one MLP per grid entry (each seeded with ``seed``, early-stopped) and score
    each on the validation rows.

    Each grid entry is a dict of :func:`~helpers.model.build_mlp` settings, e.g.
    ``dict(width=128, depth=2, dropout=0.1, learning_rate=1e-3)``; an entry may also
    set ``class_weight``, overriding the argument. The table has one
    row per entry: its settings, ``rounds`` (epochs run), ``seconds`` and the
    validation metrics; ``best`` is the entry with the highest validation ``metric``.
    """
    _check_grid(grid)
    fitted = [
        train_step(
            data,
            seed=seed,
            epochs=epochs,
            patience=patience,
            batch_size=batch_size,
            **{"class_weight": class_weight, **config},
        )
        for config in grid
    ]
    return SearchResult(_search_table(grid, fitted), fitted, [dict(c) for c in grid], metric)


def fit_hgb(
    data: InputData,
    *,
    seed: int = DEFAULT_SEED,
    class_weight: ClassWeight = "balanced",
    learning_rate: float = 0.1,
    max_leaf_nodes: int = 31,
    min_samples_leaf: int = 20,
    l2_regularization: float = 0.0,
    max_iter: int = 1000,
    patience: int = 10,
) -> FittedModel:
    """Fit a seeded :class:`~sklearn.ensemble.HistGradientBoostingClassifier` on ``data``.

    It sees the same rows and columns as the MLP (see :func:`tree_inputs`; the genre,
    if used, as one categorical column) and stops adding trees when the validation
    rows' log-loss has not improved for ``patience`` rounds, as the MLP's early
    stopping does. ``class_weight`` (see :func:`~helpers.training.resolve_class_weight`) weighs the
    classes as the MLP's class weights do.
    """
    categorical = [data.n_numeric] if data.uses_genre else None
    trees = dict(
        learning_rate=learning_rate,
        max_leaf_nodes=max_leaf_nodes,
        min_samples_leaf=min_samples_leaf,
        l2_regularization=l2_regularization,
    )
    model = HistGradientBoostingClassifier(
        **trees,
        max_iter=max_iter,
        early_stopping=True,
        n_iter_no_change=patience,
        categorical_features=categorical,
        class_weight=resolve_class_weight(class_weight, data.y_train, data.n_classes),
        random_state=seed,
    )
    started = time.perf_counter()
    model.fit(
        tree_inputs(data, "train"),
        data.y_train,
        X_val=tree_inputs(data, "validation"),
        y_val=data.y_val,
    )
    seconds = time.perf_counter() - started
    settings = dict(trees, class_weight=class_weight)
    return FittedModel(model, data, seconds, int(model.n_iter_), settings)


def search_hgb(
    data: InputData,
    grid: Sequence[Mapping[str, Any]],
    *,
    seed: int = DEFAULT_SEED,
    class_weight: ClassWeight = "balanced",
    metric: str = "macro_f1",
) -> SearchResult:
    """Fit :func:`fit_hgb` once per grid entry (e.g. ``dict(learning_rate=0.1,
    max_leaf_nodes=63)``) and score each on the validation rows; see :func:`search_mlp`.
    """
    _check_grid(grid)
    fitted = [fit_hgb(data, seed=seed, **{"class_weight": class_weight, **config}) for config in grid]
    return SearchResult(_search_table(grid, fitted), fitted, [dict(c) for c in grid], metric)


def comparison_table(
    models: Mapping[str, FittedModel], which: Rows = "test", decimals: int = 3
) -> pd.DataFrame:
    """One row per named model, one column per metric, on the chosen rows, rounded."""
    table = pd.DataFrame.from_dict(
        {name: fitted.scores(which) for name, fitted in models.items()}, orient="index"
    )
    return table[list(METRIC_NAMES)].round(decimals)


def best_gain(table: pd.DataFrame, metric: str = "macro_f1") -> tuple[str, float]:
    """Return the step (row of ``table``, in order) that raised ``metric`` most over the
    row before it, and by how much. ``table`` needs at least two rows."""
    if len(table) < 2:
        raise ValueError("Need at least two steps to compare.")
    gains = table[metric].diff().iloc[1:]
    step = str(gains.idxmax())
    return step, float(gains.max())


def verdict(
    table: pd.DataFrame, mlp: str, trees: str, metric: str = "macro_f1", tolerance: float = 0.005
) -> str:
    """A sentence saying whether the MLP (row ``mlp``) matches or beats the trees (row
    ``trees``) in ``metric``, with the numbers; within ``tolerance`` counts as a tie."""
    a, b = float(table.loc[mlp, metric]), float(table.loc[trees, metric])
    gap = a - b
    label = metric.replace("_", "-")
    if abs(gap) <= tolerance:
        outcome = f"matches the boosted trees (within {tolerance:.3f})"
    elif gap > 0:
        outcome = f"beats the boosted trees by {gap:.3f}"
    else:
        outcome = f"does not reach the boosted trees: it is {-gap:.3f} behind"
    return f"In test {label}, the best MLP ({a:.3f}) {outcome} (trees: {b:.3f})."


def step_decision(
    what: str, new: FittedModel, old: FittedModel, metric: str = "macro_f1"
) -> tuple[bool, str]:
    """Whether ``new`` beats ``old`` in validation ``metric``, and a sentence saying so.

    Only the validation rows decide; the test rows stay untouched until the end.
    """
    before, after = old.scores("validation")[metric], new.scores("validation")[metric]
    keep = after > before
    label = metric.replace("_", "-")
    action = f"keep {what}" if keep else f"drop {what} and go on without it"
    return keep, f"Validation {label}: {before:.3f} -> {after:.3f} ({after - before:+.3f}), so {action}."


def plot_step_scores(table: pd.DataFrame, title: str = "Test scores, step by step") -> Figure:
    """Horizontal grouped bars: one group per row of ``table`` (a step or model, top to
    bottom in order), one bar per metric, each labelled with its score."""
    metrics = [m for m in METRIC_NAMES if m in table.columns]
    figure = Figure(figsize=(8, 0.55 * len(table) * len(metrics) / 1.5 + 1.5), layout="constrained")
    ax = figure.subplots()
    positions = np.arange(len(table))[::-1]
    height = 0.8 / len(metrics)
    for i, metric in enumerate(metrics):
        bars = ax.barh(
            positions + (len(metrics) / 2 - i - 0.5) * height,
            table[metric].to_numpy(),
            height=height,
            label=metric.replace("_", " "),
        )
        ax.bar_label(bars, fmt="%.3f", fontsize=7, padding=2)
    ax.set_yticks(positions, [str(name) for name in table.index])
    ax.set(title=title, xlabel="score on the test rows", xlim=(0, 1))
    ax.legend(loc="lower right", fontsize=8)
    return figure
