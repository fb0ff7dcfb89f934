"""What every exercise shares: checking a student's function on cases they have not seen.

Most exercises ask for a function. ``check`` calls it on inputs the student has
never seen (small synthetic tables, random arrays, other thresholds) and compares
each result with what the course's own code computes, so copying a number printed
in the notebook cannot pass. A function whose body still raises
``NotImplementedError`` (the blank that nbgrader and ``make student`` leave, see
``tools/student.py``) counts as not answered yet.

In self-study, ``check`` prints its verdict and never raises, so a student copy
runs top to bottom. Under nbgrader's autograder (which sets ``NBGRADER_EXECUTION``
in the kernel) any answer that is not correct raises, so it scores no points.
"""

from __future__ import annotations

import copy
import enum
import os
import warnings
from dataclasses import dataclass
from typing import Any


class Status(enum.Enum):
    CORRECT = "Correct"
    INCORRECT = "Not quite"
    NOT_ANSWERED = "Not answered yet"


@dataclass(frozen=True)
class Outcome:
    """What a check found, and why."""

    status: Status
    message: str

    def __str__(self) -> str:
        return f"{self.status.value}: {self.message}"


class ExerciseNotPassed(AssertionError):
    """Raised by ``check`` under nbgrader when an answer is not correct, so the test cell fails."""

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a long traceback
        return [f"ExerciseNotPassed: {self}"]


def grading() -> bool:
    """Whether nbgrader is executing the notebook (autograde or validate)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


class Exercise:
    """An exercise with ``check(answer)`` and ``hint()``. Subclasses implement :meth:`evaluate`."""

    number: int = 0
    title: str = ""
    hint_text: str = ""

    def evaluate(self, answer: Any) -> Outcome:
        """Check an answer without printing anything."""
        raise NotImplementedError

    def check(self, answer: Any) -> None:
        """Print whether the answer is right, and why (under nbgrader, raise if it is not)."""
        outcome = self.evaluate(answer)
        print(f"Exercise {self.number} · {self.title}. {outcome}")
        if grading() and outcome.status is not Status.CORRECT:
            raise ExerciseNotPassed(str(outcome))

    def hint(self) -> None:
        """Print a hint."""
        print(f"Hint for exercise {self.number}: {self.hint_text}")


class FunctionExercise(Exercise):
    """The student writes a function; it is called on hidden cases and compared with the course's answer.

    Subclasses give :meth:`cases` (a list of argument tuples), :meth:`expected` (the
    right result for one case, computed by the course's own code) and, where
    "equal" needs care, :meth:`difference`; ``success`` is printed when every case passes.
    """

    function_name: str = "your function"
    success: str = "your function gives the right answer on every case it was tried on."
    copy_inputs: bool = True
    """Pass the function copies of the inputs (so it cannot spoil them); off for axes to draw on."""

    def cases(self) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def expected(self, *args: Any) -> Any:
        raise NotImplementedError

    def difference(self, got: Any, expected: Any, args: tuple[Any, ...]) -> str | None:
        """Why ``got`` is not ``expected`` (``None`` when it is right). Default: exact equality."""
        return None if got == expected else f"it returned {got!r} where {expected!r} was expected."

    def evaluate(self, answer: Any) -> Outcome:
        if not callable(answer):
            return Outcome(Status.INCORRECT, f"pass the function itself, {self.function_name}, without calling it.")
        with warnings.catch_warnings():  # a warning from the student's code is not the point (and nbgrader
            warnings.simplefilter("ignore")  # gives no points to a test cell that writes to stderr)
            return self._evaluate_cases(answer)

    def _evaluate_cases(self, answer: Any) -> Outcome:
        for args in self.cases():
            try:
                got = answer(*(copy.deepcopy(args) if self.copy_inputs else args))
            except NotImplementedError:
                return Outcome(Status.NOT_ANSWERED, f"write the body of {self.function_name}, then run this cell again.")
            except Exception as error:  # the student's code failed: say how, on which input
                return Outcome(Status.INCORRECT, f"{self.function_name} raised {type(error).__name__}: {error}")
            try:
                problem = self.difference(got, self.expected(*copy.deepcopy(args)), args)
            except Exception as error:  # an answer so far off that comparing it fails
                problem = f"{self.function_name} returned something unexpected ({type(error).__name__}: {error})."
            if problem:
                return Outcome(Status.INCORRECT, problem)
        return Outcome(Status.CORRECT, self.success)


class SelfAssessed:
    """An open question: nothing checks the answer; the model answer is shown on request."""

    def __init__(self, number: int, title: str, model_answer: str) -> None:
        self.number, self.title, self.model_answer = number, title, model_answer

    def show_model_answer(self) -> None:
        """Print the model answer, to compare with what you wrote (this question is self-assessed)."""
        print(f"Exercise {self.number} · {self.title}. Self-assessed: compare your answer with this one.\n")
        print(self.model_answer)


def layer_difference(got: Any, expected: Any, keys: tuple[str, ...]) -> str | None:
    """How a student's Keras model differs from the expected one, layer by layer (``None`` if it does not).

    Compares the kinds of layers in order, then each layer's settings named in ``keys``
    (such as ``units``, ``activation``, ``rate``), as :func:`helpers.networks.architecture` lists them.
    """
    from helpers.networks import architecture

    mine, right = architecture(got), architecture(expected)
    if [kind for kind, _ in mine] != [kind for kind, _ in right]:
        return f"the layers should be {[kind for kind, _ in right]}, got {[kind for kind, _ in mine]}."
    for (kind, config), (_, wanted) in zip(mine, right):
        for key in keys:
            if key in wanted and config.get(key) != wanted[key]:
                return f"a {kind} layer has {key}={config.get(key)!r}, expected {wanted[key]!r}."
    return None
