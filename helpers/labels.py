"""Popularity classes from cut points (thresholds).

A track's ``popularity`` (0-100) is sorted into classes by cut points, each class
including its upper cut point: with ``(30, 70)``, class 0 is popularity <= 30,
class 1 is 31-70 and class 2 is above 70. ``k`` cut points make ``k + 1`` classes.
"""

from __future__ import annotations

from numbers import Real
from typing import Sequence

import numpy as np

POPULARITY_MIN, POPULARITY_MAX = 0, 100

_WORDS_BY_COUNT: dict[int, tuple[str, ...]] = {
    2: ("low", "high"),
    3: ("low", "mid", "high"),
    4: ("low", "mid-low", "mid-high", "high"),
    5: ("very low", "low", "mid", "high", "very high"),
}


class ThresholdError(ValueError):
    """Cut points that cannot define popularity classes."""


def validate_thresholds(thresholds: Sequence[float]) -> tuple[float, ...]:
    """Check cut points and return them as a tuple.

    They must be one or more numbers, strictly increasing, from 0 to below 100
    (a cut point of 100 would leave the class above it empty).
    """
    if isinstance(thresholds, np.ndarray):
        thresholds = thresholds.tolist()
    if isinstance(thresholds, (str, bytes)) or not isinstance(thresholds, Sequence):
        raise ThresholdError(f"Cut points must be a sequence of numbers such as (30, 70), got {thresholds!r}.")
    if len(thresholds) == 0:
        raise ThresholdError("Give at least one cut point, e.g. THRESHOLDS = (30, 70).")
    for value in thresholds:
        if isinstance(value, bool) or not isinstance(value, Real) or np.isnan(value):
            raise ThresholdError(f"Cut point {value!r} is not a number; use numbers such as (30, 70).")
        if not POPULARITY_MIN <= value < POPULARITY_MAX:
            raise ThresholdError(f"Cut point {value!r} is outside 0-99: popularity runs from {POPULARITY_MIN} to "
                                 f"{POPULARITY_MAX}, and every class must be able to hold tracks.")
    if any(low >= high for low, high in zip(thresholds, thresholds[1:])):
        raise ThresholdError(f"Cut points must increase strictly, got {tuple(thresholds)!r}; "
                             f"try {tuple(sorted(set(thresholds)))!r}.")
    return tuple(thresholds)


def popularity_classes(popularity: Sequence[float] | np.ndarray, thresholds: Sequence[float]) -> np.ndarray:
    """The class (0, 1, ...) of each popularity value; a cut point belongs to the class below it.

    With ``(30, 70)``: 30 is class 0, 31 class 1, 70 class 1, 71 class 2.
    """
    cuts = np.asarray(validate_thresholds(thresholds), dtype=float)
    values = np.asarray(popularity, dtype=float)
    if np.isnan(values).any():
        raise ValueError("Popularity holds missing values; drop or fill them before labelling.")
    if ((values < POPULARITY_MIN) | (values > POPULARITY_MAX)).any():
        raise ValueError(f"Popularity must lie within 0-100, found {values.min():g} to {values.max():g}.")
    return np.searchsorted(cuts, values, side="left").astype(np.int64)


def class_ranges(thresholds: Sequence[float]) -> list[str]:
    """Each class's popularity range as text, e.g. ``["0-30", "31-70", "71-100"]``."""
    ranges, lower = [], f"{POPULARITY_MIN}"
    for cut in validate_thresholds(thresholds):
        ranges.append(f"{lower}-{cut:g}")
        lower = f"{int(cut) + 1}" if float(cut).is_integer() else f">{cut:g}"
    return [*ranges, f"{lower}-{POPULARITY_MAX}"]


def class_names(thresholds: Sequence[float]) -> list[str]:
    """Readable class names, e.g. ``["low (0-30)", "mid (31-70)", "high (71-100)"]``."""
    ranges = class_ranges(thresholds)
    words = _WORDS_BY_COUNT.get(len(ranges), tuple(f"class {i}" for i in range(len(ranges))))
    return [f"{word} ({span})" for word, span in zip(words, ranges)]


def format_cuts(thresholds: Sequence[float]) -> str:
    """Cut points in short, e.g. ``(30, 70)`` -> ``"30/70"``."""
    return "/".join(f"{t:g}" for t in validate_thresholds(thresholds))


def class_shares(popularity: Sequence[float] | np.ndarray, thresholds: Sequence[float]) -> np.ndarray:
    """The share of tracks in each class (sums to 1)."""
    counts = np.bincount(popularity_classes(popularity, thresholds), minlength=len(thresholds) + 1)
    return counts / counts.sum()


def balance(shares: Sequence[float]) -> float:
    """How evenly the tracks spread over the classes: 1 for equal classes, near 0 when one
    class holds almost all. It is the entropy of the shares divided by its largest value, log(k)."""
    p = np.asarray(shares, dtype=float)
    present = p[p > 0]
    return float(-(present * np.log(present)).sum() / np.log(len(p))) if len(p) > 1 else 0.0


def quantile_thresholds(popularity: Sequence[float] | np.ndarray, n_classes: int) -> tuple[int, ...]:
    """Whole-number cut points that make ``n_classes`` classes of (nearly) equal size.

    Cut point ``i`` is the popularity value whose share of tracks at or below it is closest to ``i / n_classes``.
    Popularity has many ties (thousands of tracks at 0), so the classes are only as equal as the ties allow.
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or not 2 <= n_classes <= 100:
        raise ValueError(f"n_classes must be a whole number from 2 to 100, got {n_classes!r}.")
    values = np.sort(np.asarray(popularity, dtype=float))
    if values.size == 0:
        raise ValueError("popularity is empty.")
    candidates = np.arange(POPULARITY_MIN, POPULARITY_MAX)
    share_at_or_below = np.searchsorted(values, candidates, side="right") / values.size
    cuts = [POPULARITY_MIN - 1]  # each cut point above the one before, and room left for the ones after
    for i in range(1, n_classes):
        nearest = int(candidates[np.argmin(np.abs(share_at_or_below - i / n_classes))])
        cuts.append(min(max(nearest, cuts[-1] + 1), POPULARITY_MAX - n_classes + i))
    return tuple(cuts[1:])
