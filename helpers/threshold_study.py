"""How the choice of popularity cut points shapes the classification task.

The cut points decide how many classes there are and how many tracks fall into
each. :func:`study_thresholds` labels the same honest split with every set of cut
points in a grid and reports, for each, the class balance, a fast model's scores and
what guessing scores (a majority-class and a stratified random dummy). Cut points
that make classes of equal size come from :func:`quantile_thresholds`.
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.base import ClassifierMixin
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from helpers.evaluation import classification_metrics
from helpers.labels import POPULARITY_MAX, POPULARITY_MIN, popularity_classes, validate_thresholds
from helpers.pipeline import make_split, prepare_data
from helpers.plots import new_figure
from helpers.splits import Split

ModelFactory = Callable[[int], ClassifierMixin]


def format_cuts(thresholds: Sequence[float]) -> str:
    """Name cut points compactly, e.g. ``(30, 70)`` -> ``"30/70"``."""
    return "/".join(f"{t:g}" for t in thresholds)


def quantile_thresholds(popularity: Sequence[float] | pd.Series, n_classes: int) -> tuple[int, ...]:
    """Integer cut points that split ``popularity`` into ``n_classes`` classes of near-equal size.

    Cut point ``i`` is the popularity value ``v`` whose share of tracks with
    popularity <= ``v`` is closest to ``i / n_classes`` (class ``i`` includes its upper
    cut point, as in :func:`helpers.labels.popularity_classes`). Popularity is a whole
    number with many ties, so the classes are only as equal as the ties allow. The cut
    points are strictly increasing and valid (0 to 99).
    """
    if not isinstance(n_classes, (int, np.integer)) or isinstance(n_classes, bool) or n_classes < 2:
        raise ValueError(f"n_classes must be a whole number of at least 2, got {n_classes!r}.")
    if n_classes > POPULARITY_MAX - POPULARITY_MIN + 1:
        raise ValueError(f"At most {POPULARITY_MAX - POPULARITY_MIN + 1} classes are possible.")
    values = np.asarray(popularity, dtype=float)
    if values.size == 0:
        raise ValueError("popularity is empty.")
    candidates = np.arange(POPULARITY_MIN, POPULARITY_MAX)  # 100 can never be a cut point
    share_at_or_below = np.searchsorted(np.sort(values), candidates, side="right") / values.size
    cuts: list[int] = []
    for i in range(1, n_classes):
        target = i / n_classes
        best = int(candidates[np.argmin(np.abs(share_at_or_below - target))])
        lowest = cuts[-1] + 1 if cuts else POPULARITY_MIN
        highest = POPULARITY_MAX - 1 - (n_classes - 1 - i)
        cuts.append(min(max(best, lowest), highest))
    return tuple(validate_thresholds(tuple(cuts)))


def class_shares(popularity: Sequence[float] | pd.Series, thresholds: Sequence[float]) -> np.ndarray:
    """Share of tracks in each class made by ``thresholds`` (sums to 1)."""
    labels = popularity_classes(popularity, thresholds)
    counts = np.bincount(labels, minlength=len(validate_thresholds(thresholds)) + 1)
    return counts / counts.sum()


def balance_score(shares: Sequence[float]) -> float:
    """How evenly tracks spread over the classes: 1 for equal classes, near 0 if one holds all.

    The entropy of the class shares divided by its largest possible value, ``log(k)``.
    """
    p = np.asarray(shares, dtype=float)
    nonzero = p[p > 0]
    return float(-(nonzero * np.log(nonzero)).sum() / np.log(len(p))) if len(p) > 1 else 0.0


def make_grid(
    fixed: Iterable[Sequence[float]],
    popularity: Sequence[float] | pd.Series,
    quantile_classes: Iterable[int] = (),
    chosen: Sequence[float] | None = None,
) -> dict[str, tuple[float, ...]]:
    """Name each set of cut points to study: the ``fixed`` ones, then quantile cut points.

    Quantile entries (see :func:`quantile_thresholds`) are named like
    ``"quantiles, 3 classes (19/45)"``. ``chosen`` (the notebook's own thresholds) is
    added if the grid lacks it. A set of cut points that is already in the grid is not
    added twice.
    """
    grid: dict[str, tuple[float, ...]] = {}

    def add(name: str, cuts: Sequence[float]) -> None:
        cuts = tuple(validate_thresholds(tuple(cuts)))
        if cuts not in grid.values():
            grid[name] = cuts

    for cuts in fixed:
        add(format_cuts(cuts), cuts)
    for k in quantile_classes:
        cuts = quantile_thresholds(popularity, k)
        add(f"quantiles, {k} classes ({format_cuts(cuts)})", cuts)
    if chosen is not None:
        add(format_cuts(chosen), chosen)
    return grid


def fast_model(seed: int) -> ClassifierMixin:
    """A cheap, seeded model for the study: small histogram gradient boosting (50 trees)."""
    return HistGradientBoostingClassifier(max_iter=50, early_stopping=False, random_state=seed)


def study_thresholds(
    tracks: pd.DataFrame,
    grid: Mapping[str, Sequence[float]] | Sequence[Sequence[float]],
    seed: int,
    model_factory: ModelFactory = fast_model,
    chosen: Sequence[float] | None = None,
) -> pd.DataFrame:
    """Score a model and two dummies for every set of cut points in ``grid``, on one honest split.

    ``grid`` maps names to cut points (see :func:`make_grid`), or is a list of cut
    points (then named by :func:`format_cuts`). The honest split is made once with
    ``seed``; for each entry the rows are labelled, the model from
    ``model_factory(seed)`` is fitted on the training rows and scored on the test rows
    (on one thread, which on a busy machine is much faster for gradient boosting).

    One row an entry, in grid order, with columns: ``thresholds`` (tuple),
    ``n_classes``, ``largest_class`` and ``smallest_class`` (shares of all tracks),
    ``balance`` (:func:`balance_score`), the model's ``accuracy``, ``macro_f1`` and
    ``balanced_accuracy``, the majority-class dummy's ``majority_accuracy`` and
    ``majority_macro_f1``, the stratified random dummy's ``stratified_macro_f1``, and
    ``chosen`` (whether the entry equals ``chosen``).
    """
    named = dict(grid) if isinstance(grid, Mapping) else {format_cuts(c): c for c in grid}
    split = make_split(tracks, "honest", seed)
    chosen_cuts = tuple(float(c) for c in chosen) if chosen is not None else None
    rows = []
    with threadpool_limits(limits=1):
        for name, cuts in named.items():
            rows.append(_study_one(tracks, split, name, cuts, seed, model_factory, chosen_cuts))
    return pd.DataFrame(rows).set_index("name")


def _study_one(
    tracks: pd.DataFrame,
    split: Split,
    name: str,
    cuts: Sequence[float],
    seed: int,
    model_factory: ModelFactory,
    chosen_cuts: tuple[float, ...] | None,
) -> dict[str, object]:
    """One row of :func:`study_thresholds`."""
    cuts = tuple(validate_thresholds(tuple(cuts)))
    data = prepare_data(tracks, cuts, split=split, seed=seed)
    shares = class_shares(tracks["popularity"], cuts)
    model = model_factory(seed).fit(data.x_train, data.y_train)
    scores = classification_metrics(data.y_test, model.predict(data.x_test))
    majority = DummyClassifier(strategy="most_frequent").fit(data.x_train, data.y_train)
    stratified = DummyClassifier(strategy="stratified", random_state=seed).fit(
        data.x_train, data.y_train
    )
    majority_scores = classification_metrics(data.y_test, majority.predict(data.x_test))
    stratified_scores = classification_metrics(data.y_test, stratified.predict(data.x_test))
    return {
        "name": name,
        "thresholds": cuts,
        "n_classes": len(cuts) + 1,
        "largest_class": float(shares.max()),
        "smallest_class": float(shares.min()),
        "balance": balance_score(shares),
        **scores,
        "majority_accuracy": majority_scores["accuracy"],
        "majority_macro_f1": majority_scores["macro_f1"],
        "stratified_macro_f1": stratified_scores["macro_f1"],
        "chosen": chosen_cuts is not None and tuple(float(c) for c in cuts) == chosen_cuts,
    }


def display_table(results: pd.DataFrame, decimals: int = 3) -> pd.DataFrame:
    """The study's results ready to show: rounded, the chosen entry marked with ``*``."""
    table = results.drop(columns=["thresholds", "chosen"]).round(decimals)
    table.index = [f"{name} *" if chosen else name for name, chosen in results["chosen"].items()]
    table.index.name = "cut points"
    return table


def plot_threshold_study(results: pd.DataFrame, title: str = "Where to cut?") -> Figure:
    """Two panels per grid entry: class balance (largest and smallest class share) and scores.

    The right panel shows the model's accuracy and macro-F1 next to the majority-class
    dummy's accuracy and the stratified dummy's macro-F1 (the chance levels). The
    chosen entry (see :func:`study_thresholds`) is marked with ``*`` and a grey band.
    """
    labels = [f"{name} *" if chosen else name for name, chosen in results["chosen"].items()]
    y = np.arange(len(results))
    figure, (left, right) = new_figure(width=12, height=0.55 * len(results) + 1.8, ncols=2)
    left.barh(y + 0.2, results["largest_class"], height=0.4, label="largest class")
    left.barh(y - 0.2, results["smallest_class"], height=0.4, label="smallest class")
    left.set(title="Class balance", xlabel="share of tracks", xlim=(0, 1))
    series = [
        ("accuracy", "model accuracy", "o", "C0"),
        ("majority_accuracy", "majority-class accuracy", "x", "C0"),
        ("macro_f1", "model macro-F1", "o", "C3"),
        ("stratified_macro_f1", "stratified guess macro-F1", "x", "C3"),
    ]
    for column, label, marker, color in series:
        right.scatter(results[column], y, marker=marker, color=color, label=label, s=50)
    right.set(title="Test scores", xlabel="score", xlim=(0, 1))
    for ax in (left, right):
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.grid(axis="x", alpha=0.3)
        for i, chosen in enumerate(results["chosen"]):
            if chosen:
                ax.axhspan(i - 0.5, i + 0.5, color="grey", alpha=0.15)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8)
    right.set_yticklabels([])
    left.set_ylabel("cut points")
    figure.suptitle(title)
    return figure
