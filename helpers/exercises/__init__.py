"""Exercises at the end of each notebook, in the style of Kaggle Learn.

Each exercise is an object with ``check(answer)``, ``hint()`` and ``solution()``.
``check`` compares the student's answer with what the helpers compute from the same
data and parameters (never with a typed number), so it stays right when an
instructor changes the thresholds. An answer still equal to the placeholder
``____`` is reported as not answered yet, so a student copy runs top to bottom.

The exercises of notebook ``NN`` live in ``helpers.exercises.nbNN``.
"""

from helpers.exercises.base import (
    ____,
    Exercise,
    Outcome,
    Status,
    as_number,
    as_whole_number,
    is_percentage_of,
)

__all__ = ["____", "Exercise", "Outcome", "Status", "as_number", "as_whole_number", "is_percentage_of"]
