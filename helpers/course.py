"""The course's parameters: their defaults, what they mean, and the one call that checks them.

This module is the one place where the defaults live. Each notebook's parameters
cell (tagged ``parameters``, so papermill can replace it) is written from
:data:`PARAMETERS` by ``tools/headers.py``; to change a default for the whole
course, change it here and run ``make outputs``. Inside a notebook,
:func:`checked_parameters` turns whatever was passed in (by an instructor editing
the cell, or by papermill, which passes lists instead of tuples) into checked values.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real
from typing import Any

from helpers.labels import validate_thresholds


@dataclass(frozen=True)
class Parameter:
    """One course parameter: its default, the comment beside it, and what it does."""

    default: Any
    comment: str
    explanation: str


PARAMETERS: dict[str, Parameter] = {
    "THRESHOLDS": Parameter(
        default=(30, 70),
        comment="popularity cut points; each class includes its upper cut point",
        explanation=(
            "the popularity cut points that define the classes. `(30, 70)` makes three classes, "
            "`(25, 50, 75)` four, `(70,)` two (\"hit or not\"); any increasing cut points from 0 to 99 work"
        ),
    ),
    "SEED": Parameter(
        default=42,
        comment="seeds the split by song and every model",
        explanation="seeds everything random (the split by song, the weights, the batches), so a run repeats",
    ),
    "EPOCHS": Parameter(
        default=100,
        comment="the most epochs a network trains; early stopping usually ends sooner",
        explanation=(
            "the most passes over the training rows a network makes. With early stopping training "
            "usually ends much sooner; the original notebook's protocol trains exactly this many"
        ),
    ),
    "THRESHOLD_GRID": Parameter(
        default=[(30, 70), (50,), (70,), (10, 90), (40, 60), (20, 40, 60), (25, 50, 75)],
        comment="the sets of cut points to compare",
        explanation="the sets of cut points this notebook compares, one tuple each",
    ),
}
"""Every parameter a notebook may declare, by the name it has in the notebook."""

NOTEBOOK_PARAMETERS: dict[str, tuple[str, ...]] = {
    "01_eda": ("THRESHOLDS",),
    "02_preprocessing": ("THRESHOLDS", "SEED"),
    "03_mlp_training": ("THRESHOLDS", "SEED", "EPOCHS"),
    "04_evaluation": ("THRESHOLDS", "SEED", "EPOCHS"),
    "05_baselines": ("THRESHOLDS", "SEED", "EPOCHS"),
    "06_thresholds": ("THRESHOLDS", "SEED", "THRESHOLD_GRID"),
    "07_improving": ("THRESHOLDS", "SEED", "EPOCHS"),
    "08_beating_trees": ("THRESHOLDS", "SEED", "EPOCHS"),
}
"""The parameters each notebook declares, by the notebook's file name without ``.ipynb``."""


def _whole_number(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Real) or not float(value).is_integer() or value < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum}, got {value!r}.")
    return int(value)


def _check(name: str, value: Any) -> Any:
    if name == "THRESHOLDS":
        return tuple(int(v) if float(v).is_integer() else float(v) for v in validate_thresholds(value))
    if name == "SEED":
        return _whole_number(name, value, 0)
    if name == "EPOCHS":
        return _whole_number(name, value, 1)
    if name == "THRESHOLD_GRID":
        grid = [_check("THRESHOLDS", cuts) for cuts in value]
        if not grid:
            raise ValueError("THRESHOLD_GRID is empty; give at least one set of cut points.")
        return grid
    raise KeyError(f"Unknown parameter {name!r}; the course knows {sorted(PARAMETERS)}.")


def checked_parameters(**given: Any) -> Any:
    """Check the notebook's parameters and return them normalised, in the order given.

    ``THRESHOLDS`` becomes a tuple of increasing cut points (papermill passes a
    list), ``SEED`` and ``EPOCHS`` whole numbers, ``THRESHOLD_GRID`` a list of
    tuples. A bad value raises an error that says what is wrong. With one
    parameter the value itself is returned, with several a tuple::

        THRESHOLDS, SEED = checked_parameters(THRESHOLDS=THRESHOLDS, SEED=SEED)
    """
    values = tuple(_check(name, value) for name, value in given.items())
    return values[0] if len(values) == 1 else values

