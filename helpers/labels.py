"""Popularity classes from cut points (thresholds).

A track's ``popularity`` (0-100) is sorted into classes by cut points, each class
including its upper cut point: with the default ``(30, 70)``, class 0 is
popularity <= 30, class 1 is 31-70 and class 2 is > 70. Any number of cut points
gives that many + 1 classes.
"""

from __future__ import annotations

from numbers import Real
from typing import Sequence

import numpy as np
import pandas as pd

DEFAULT_THRESHOLDS: tuple[int, ...] = (30, 70)
POPULARITY_MIN = 0
POPULARITY_MAX = 100

_NAMES_BY_COUNT: dict[int, tuple[str, ...]] = {
    2: ("low", "high"),
    3: ("low", "mid", "high"),
    4: ("low", "mid-low", "mid-high", "high"),
    5: ("very low", "low", "mid", "high", "very high"),
}


class ThresholdError(ValueError):
    """Raised when cut points cannot define popularity classes."""


def validate_thresholds(thresholds: Sequence[float]) -> tuple[float, ...]:
    """Check cut points and return them as a tuple.

    Cut points must be one or more real numbers, strictly increasing, and within
    0-100 such that every class can hold at least one popularity value
    (so a cut point of 100 is rejected: nothing could be above it).
    """
    if isinstance(thresholds, (str, bytes)) or not isinstance(thresholds, Sequence):
        raise ThresholdError(
            f"Thresholds must be a sequence of numbers such as (30, 70), got {thresholds!r}."
        )
    if len(thresholds) == 0:
        raise ThresholdError("Give at least one cut point, e.g. THRESHOLDS = (30, 70).")
    for value in thresholds:
        if isinstance(value, bool) or not isinstance(value, Real) or np.isnan(value):
            raise ThresholdError(
                f"Cut point {value!r} is not a number; use numbers such as (30, 70)."
            )
        if not POPULARITY_MIN <= value < POPULARITY_MAX:
            raise ThresholdError(
                f"Cut point {value!r} is outside popularity's range: each must be at least "
                f"{POPULARITY_MIN} and below {POPULARITY_MAX}, so that every class can hold tracks."
            )
    for low, high in zip(thresholds, thresholds[1:]):
        if low == high:
            raise ThresholdError(f"Cut point {low!r} is given twice; remove the duplicate.")
        if low > high:
            raise ThresholdError(
                f"Cut points must be sorted in increasing order, got {tuple(thresholds)!r}; "
                f"try {tuple(sorted(set(thresholds)))!r}."
            )
    return tuple(thresholds)


def n_classes(thresholds: Sequence[float] = DEFAULT_THRESHOLDS) -> int:
    """Return the number of classes that the cut points make."""
    return len(validate_thresholds(thresholds)) + 1


def _format(value: float) -> str:
    return f"{value:g}"


def class_ranges(thresholds: Sequence[float] = DEFAULT_THRESHOLDS) -> list[str]:
    """Return each class's popularity range as text, e.g. ``["0-30", "31-70", "71-100"]``.

    Integer cut points give integer ranges, since popularity is a whole number.
    """
    cuts = validate_thresholds(thresholds)
    ranges = []
    lower = _format(POPULARITY_MIN)
    for cut in cuts:
        ranges.append(f"{lower}-{_format(cut)}")
        lower = _format(np.floor(cut) + 1) if float(cut).is_integer() else f">{_format(cut)}"
    ranges.append(f"{lower}-{_format(POPULARITY_MAX)}")
    return ranges


def class_names(thresholds: Sequence[float] = DEFAULT_THRESHOLDS) -> list[str]:
    """Return readable class names, e.g. ``["low (0-30)", "mid (31-70)", "high (71-100)"]``."""
    ranges = class_ranges(thresholds)
    words = _NAMES_BY_COUNT.get(len(ranges), tuple(f"class {i}" for i in range(len(ranges))))
    return [f"{word} ({span})" for word, span in zip(words, ranges)]


def popularity_classes(
    popularity: Sequence[float] | np.ndarray | pd.Series,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
) -> np.ndarray:
    """Return the class (0, 1, ...) of each popularity value.

    Class ``i`` holds values above cut point ``i - 1`` and at most cut point ``i``:
    with ``(30, 70)``, 30 is class 0, 31 is class 1, 70 is class 1 and 71 is class 2.
    Popularity values must lie within 0-100.
    """
    cuts = validate_thresholds(thresholds)
    values = np.asarray(popularity, dtype=float)
    if np.isnan(values).any():
        raise ValueError("Popularity holds missing values; drop or fill them before labelling.")
    outside = (values < POPULARITY_MIN) | (values > POPULARITY_MAX)
    if outside.any():
        raise ValueError(
            f"{int(outside.sum())} popularity values lie outside 0-100 "
            f"(found {values.min():g} to {values.max():g}); check the data."
        )
    return np.searchsorted(np.asarray(cuts, dtype=float), values, side="left").astype(np.int64)
