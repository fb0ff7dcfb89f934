"""The exercise base class, its outcomes and the placeholder ``____``."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Any


class _Placeholder:
    """The blank a student replaces with an answer; see :data:`____`."""

    def __repr__(self) -> str:
        return "____"


____ = _Placeholder()
"""Placeholder in student copies: ``answer = ____`` means "not answered yet"."""


def as_number(answer: Any) -> float | None:
    """The answer as a finite float, or ``None`` when it is not a number (text is not)."""
    if isinstance(answer, (str, bytes)):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def as_whole_number(answer: Any) -> int | None:
    """The answer as an int, or ``None`` when it is not a whole number (2.0 counts, 2.5 not)."""
    value = as_number(answer)
    return int(value) if value is not None and value.is_integer() else None


def is_percentage_of(value: float, share: float, tolerance: float) -> bool:
    """Whether ``value`` is ``share`` written as a percentage (37.0 for 0.370), the usual slip."""
    return abs(value - 100 * share) <= 100 * tolerance


class Status(enum.Enum):
    """What a check found."""

    CORRECT = "Correct"
    INCORRECT = "Not quite"
    NOT_ANSWERED = "Not answered yet"
    REVIEW = "Checked"  # open questions: what a good answer contains


@dataclass(frozen=True)
class Outcome:
    """The result of checking one answer."""

    status: Status
    message: str

    @property
    def correct(self) -> bool:
        """Whether the answer was right (or, for an open question, had what it needs)."""
        return self.status in (Status.CORRECT, Status.REVIEW)

    def __str__(self) -> str:
        return f"{self.status.value}: {self.message}"


class Exercise:
    """One exercise. Subclasses set ``title``, ``hint_text`` and ``solution_text``,
    and implement :meth:`evaluate_answer`, computing the expected answer with the helpers.
    """

    title: str = ""
    hint_text: str = ""
    solution_text: str = ""

    def evaluate(self, *answers: Any) -> Outcome:
        """Return the :class:`Outcome` of checking ``answers`` (without printing)."""
        if not answers or any(answer is ____ for answer in answers):
            return Outcome(Status.NOT_ANSWERED, "replace ____ with your answer, then run the cell again.")
        return self.evaluate_answer(*answers)

    def evaluate_answer(self, *answers: Any) -> Outcome:
        """Check real answers; subclasses compare them with what the helpers compute."""
        raise NotImplementedError

    def check(self, *answers: Any) -> None:
        """Print whether the answer is right, and why."""
        print(f"{self.title}: {self.evaluate(*answers)}")

    def hint(self) -> None:
        """Print a hint."""
        print(f"Hint ({self.title}): {self.hint_text}")

    def solution(self) -> None:
        """Print a worked solution."""
        print(f"Solution ({self.title}):\n{self.solution_text}")

    @staticmethod
    def correct(message: str) -> Outcome:
        """A right answer, with why it is right."""
        return Outcome(Status.CORRECT, message)

    @staticmethod
    def incorrect(message: str) -> Outcome:
        """A wrong answer, with what is wrong."""
        return Outcome(Status.INCORRECT, message)

    @staticmethod
    def review(message: str) -> Outcome:
        """An open question: what a good answer contains."""
        return Outcome(Status.REVIEW, message)
