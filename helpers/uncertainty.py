"""How sure is a score? Paired bootstrap intervals and the spread over training seeds.

A test score is measured on one sample of songs; another sample would give a somewhat different number.
:func:`paired_bootstrap` redraws the test songs many times (with replacement, every copy of a song together, since
rows of one song are not independent) and scores two models on the same redrawn rows each time; the middle 95% of
their differences is the interval. When it contains 0 the test rows cannot tell the two models apart.
:func:`seed_spread` shows the other source of noise: how much a score moves when only the training seed changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from helpers.evaluation import METRICS

BOOTSTRAP_RESAMPLES = 1000
LEVEL = 0.95
MACHINE_NOISE = 0.005
"""How far an interval's end must be from 0 for a verdict to name a winner. The ends of the
course's intervals moved by up to 0.003 between kernel paths on the same test rows (README,
"Tests on any machine"): an end closer to 0 than this could fall on either side on another
computer, so such a result is reported as "no clear difference" rather than as a win that might flip."""


def _confusions(y_true: np.ndarray, y_pred: np.ndarray, groups: np.ndarray, n_classes: int) -> np.ndarray:
    """One flattened confusion matrix per group: shape (groups, n_classes ** 2)."""
    cells = (groups * n_classes + y_true) * n_classes + y_pred
    return np.bincount(cells, minlength=(groups.max() + 1) * n_classes**2).reshape(-1, n_classes**2).astype(float)


def metric_from_confusions(confusions: np.ndarray, n_classes: int, metric: str) -> np.ndarray:
    """A score from each of several flattened confusion matrices (rows: true class), as scikit-learn computes it.

    Macro-F1 averages the classes that occur in the truth or the predictions,
    balanced accuracy the classes that occur in the truth.
    """
    matrix = confusions.reshape(-1, n_classes, n_classes)
    hits = np.diagonal(matrix, axis1=1, axis2=2)
    truth, predicted = matrix.sum(axis=2), matrix.sum(axis=1)
    if metric == "accuracy":
        return hits.sum(axis=1) / matrix.sum(axis=(1, 2))
    recall = np.divide(hits, truth, out=np.zeros_like(hits), where=truth > 0)
    if metric == "balanced_accuracy":
        return recall.sum(axis=1) / (truth > 0).sum(axis=1)
    if metric == "macro_f1":
        precision = np.divide(hits, predicted, out=np.zeros_like(hits), where=predicted > 0)
        both = precision + recall
        f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(hits), where=both > 0)
        return f1.sum(axis=1) / ((truth > 0) | (predicted > 0)).sum(axis=1)
    raise ValueError(f"Unknown metric {metric!r}; use one of {list(METRICS)}.")


@dataclass(frozen=True)
class Difference:
    """Model A's score minus model B's on the same test rows, with a bootstrap interval."""

    metric: str
    estimate: float
    low: float
    high: float
    level: float = LEVEL

    @property
    def verdict(self) -> str:
        """``"ahead"`` when the whole interval is above 0, ``"behind"`` when it is below, else ``"no clear difference"``.

        An end within :data:`MACHINE_NOISE` of 0 counts as touching 0.
        """
        if self.low > MACHINE_NOISE:
            return "ahead"
        if self.high < -MACHINE_NOISE:
            return "behind"
        return "no clear difference"

    def sentence(self, a: str, b: str) -> str:
        """The comparison in words, e.g. ``the MLP is 0.012 behind the trees in macro-F1 (95% interval ...)``.

        Without a winner, the sentence states the rule, so that an interval that misses 0 by less than
        :data:`MACHINE_NOISE` does not read as a contradiction. Its words are the same for every such
        interval: an end moving across 0 between computers changes no word.
        """
        interval = f"{self.level:.0%} interval {self.low:+.3f} to {self.high:+.3f}"
        name = METRICS.get(self.metric, self.metric)
        if self.verdict == "ahead" or self.verdict == "behind":
            position = "ahead of" if self.verdict == "ahead" else "behind"
            return f"{a} is {abs(self.estimate):.3f} {position} {b} in {name} ({interval})"
        return (f"no clear difference between {a} and {b} in {name}: {self.estimate:+.3f} ({interval}; a model "
                f"counts as ahead or behind only when the whole interval is more than {MACHINE_NOISE} away from 0)")


def paired_bootstrap(
    y_true: np.ndarray,
    pred_a: np.ndarray,
    pred_b: np.ndarray,
    *,
    groups: np.ndarray | None = None,
    metric: str = "macro_f1",
    n_resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = 0,
    level: float = LEVEL,
) -> Difference:
    """Model A's score minus model B's, with a paired bootstrap interval.

    ``groups`` gives each test row its song (rows of one song are redrawn together);
    without it every row is its own group. Each resample draws as many groups as
    there are, with replacement, and scores both models on the same drawn rows.
    """
    y_true, pred_a, pred_b = (np.asarray(a, dtype=np.int64) for a in (y_true, pred_a, pred_b))
    n_classes = int(max(y_true.max(), pred_a.max(), pred_b.max())) + 1
    groups = np.arange(len(y_true)) if groups is None else np.unique(np.asarray(groups), return_inverse=True)[1]
    confusion_a, confusion_b = (_confusions(y_true, pred, groups, n_classes) for pred in (pred_a, pred_b))

    def difference(weights: np.ndarray) -> float:
        """A's score minus B's on the rows of each group taken as many times as ``weights`` says."""
        return float(metric_from_confusions(weights @ confusion_a, n_classes, metric)[0]
                     - metric_from_confusions(weights @ confusion_b, n_classes, metric)[0])

    n_groups = len(confusion_a)
    rng = np.random.default_rng(seed)  # one resample at a time, to keep memory small
    spread = [difference(np.bincount(rng.integers(0, n_groups, n_groups), minlength=n_groups))
              for _ in range(n_resamples)]
    tail = (1 - level) / 2
    low, high = np.quantile(spread, [tail, 1 - tail])
    return Difference(metric, difference(np.ones(n_groups)), float(low), float(high), level)


def seed_spread(scores_by_seed: Mapping[int, Mapping[str, float]], decimals: int = 3) -> pd.DataFrame:
    """Mean, standard deviation, lowest and highest of each score over training seeds.

    ``scores_by_seed`` maps each seed to the scores it gave (e.g. ``fitted.scores("test")``).
    """
    table = pd.DataFrame(scores_by_seed).T[[m for m in METRICS if m in next(iter(scores_by_seed.values()))]]
    return table.agg(["mean", "std", "min", "max"]).T.rename_axis("score").round(decimals)
