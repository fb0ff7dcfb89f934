"""What every exercise shares: exercises declared, not programmed.

An exercise that asks for a function declares the inputs the student has not seen
(``cases``), the right result (``reference``: the course's own function, else the
instructor's solution exported from the notebook), how results are compared
(``compare``, a key of :data:`COMPARISONS` or ``"custom"``) and typical wrong answers
(``wrong``): when the student's results match one's on every case, its feedback is
printed. The tests run on the same declarations. A body that still raises
``NotImplementedError`` (nbgrader's blank, see ``tools/student.py``) is not answered yet.

``check`` prints its verdict and never raises in self-study; under nbgrader (which sets
``NBGRADER_EXECUTION``) an answer that is not correct raises, so it scores no points.
Model answers and solutions are the instructor notebooks' nbgrader answer cells, which
``python -m tools.export`` writes into ``answers.json``.
"""

from __future__ import annotations

import __future__
import copy
import enum
import json
import os
import textwrap
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

ANSWERS = Path(__file__).with_name("answers.json")
"""The instructor notebooks' answer cells, ``{notebook stem: {"exN": source}}``, written by ``tools/export.py``."""
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


class Status(enum.Enum):
    CORRECT = "Correct"
    INCORRECT = "Not quite"
    NOT_ANSWERED = "Not answered yet"
    CANNOT_CHECK = "Cannot check"


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


class SolutionMissing(LookupError):
    """``answers.json`` does not hold the answer cell an exercise needs."""


@dataclass(frozen=True)
class Wrong:
    """A typical wrong answer: a function that makes the mistake, and the feedback that names it."""

    function: Callable[..., Any]
    feedback: str


def grading() -> bool:
    """Whether nbgrader is executing the notebook (autograde or validate)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def answer_cell(notebook: str, number: int) -> str:
    """The source of answer cell ``ex{number}-answer`` of notebook ``notebook`` ("05"), from :data:`ANSWERS`."""
    cells = json.loads(ANSWERS.read_text(encoding="utf-8")) if ANSWERS.exists() else {}
    source = next((found for stem, found in cells.items() if stem.startswith(f"{notebook}_")), {}).get(f"ex{number}")
    if source is None:
        raise SolutionMissing(f"{ANSWERS.name} holds no answer for exercise {number} of notebook {notebook} "
                              "(python -m tools.export writes it from the instructor notebooks).")
    return "\n".join(line for line in source.splitlines() if line.strip() not in MARKERS)


def notebook_solution(notebook: str, number: int, name: str) -> Callable[..., Any]:
    """The function ``name`` as the instructor's answer cell of exercise ``number`` defines it."""
    namespace: dict[str, Any] = {"np": np, "pd": pd}  # what the solutions use; annotations are not evaluated
    code = compile(answer_cell(notebook, number), f"notebook {notebook}, ex{number}-answer", "exec",
                   flags=__future__.annotations.compiler_flag, dont_inherit=True)
    exec(code, namespace)  # noqa: S102 (the course's own notebook cell)
    return namespace[name]


def shown(value: np.ndarray) -> str:
    """A short array of numbers as a message shows it (whole numbers without a decimal point)."""
    if np.all(np.mod(value, 1) == 0):
        return np.array2string(value.astype(np.int64), separator=", ")
    return f"{value.item():.4g}" if value.ndim == 0 else np.array2string(value, separator=", ", precision=4)


def allclose(got: Any, expected: Any, tolerance: float) -> str | None:
    """The same shape and the same numbers within ``tolerance`` (exactly the same for 0; NaN where NaN is expected)."""
    mine, right = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    return values_difference(mine, right, mine.shape == right.shape
                             and np.isclose(mine, right, rtol=0, atol=tolerance, equal_nan=True))


def values_difference(mine: np.ndarray, right: np.ndarray, same: Any) -> str | None:
    """What differs between two arrays, given which values are the same (``False`` when the shapes differ)."""
    if np.all(same):
        return None
    if max(mine.size, right.size) <= 12:
        return f"it returned {shown(mine)} where {shown(right)} was expected."
    if mine.shape != right.shape:
        return f"it returned an array of shape {mine.shape} where shape {right.shape} was expected."
    at = tuple(int(i) for i in np.argwhere(~np.asarray(same))[0])
    return (f"{np.size(same) - np.count_nonzero(same)} of {right.size} values are not the expected ones: "
            f"at {at} it returned {shown(mine[at])} where {shown(right[at])} was expected.")


def same_series(got: Any, expected: pd.Series | dict, tolerance: float) -> str | None:
    """A Series (or dict) with the same labels, the same value for each, in the same order of values."""
    if type(got) is not type(expected):
        return f"return a {type(expected).__name__}, not a {type(got).__name__}."
    mine, right = pd.Series(got, dtype=float), pd.Series(expected, dtype=float)
    if set(mine.index) != set(right.index):
        return f"it has the labels {sorted(mine.index)} where {sorted(right.index)} were expected."
    if not np.allclose(mine.loc[right.index], right, atol=tolerance):
        return "some values are off."
    if not np.allclose(mine, right, atol=tolerance):
        return "the values are right, but not in the expected order."
    return None


LAYER_SETTINGS = ("units", "activation", "rate", "input_dim", "output_dim", "num_tokens", "output_mode")
"""The layer settings :func:`model_difference` compares."""


def architecture(model: Any) -> list[tuple[str, dict]]:
    """Each layer's kind and settings (input layers left out), without the names Keras numbers automatically."""
    return [(type(layer).__name__, {key: value for key, value in layer.get_config().items()
                                    if key not in ("name", "dtype", "trainable")})
            for layer in model.layers if type(layer).__name__ != "InputLayer"]


def layer_difference(got: Any, expected: Any) -> str | None:
    """The first layer in which two Keras models differ (kinds in order, then :data:`LAYER_SETTINGS`)."""
    mine, right = architecture(got), architecture(expected)
    if [kind for kind, _ in mine] != [kind for kind, _ in right]:
        return f"the layers should be {[kind for kind, _ in right]}, got {[kind for kind, _ in mine]}."
    for number, ((kind, config), (_, wanted)) in enumerate(zip(mine, right), start=1):
        for key in LAYER_SETTINGS:
            if key in wanted and config.get(key) != wanted[key]:
                return f"layer {number} ({kind}) has {key}={config.get(key)!r}, expected {wanted[key]!r}."
    return None


def model_difference(got: Any, expected: Any, tolerance: float) -> str | None:
    """How a Keras model differs from the expected one: its inputs, its layers, then how it is compiled.

    The inputs' names count when there are several (such a model is fed a dict of them).
    """
    import keras

    def inputs(model: keras.Model) -> Any:
        if len(model.inputs) == 1:
            return tuple(model.inputs[0].shape)
        return sorted((tensor.name, tuple(tensor.shape)) for tensor in model.inputs)

    def compiled(model: keras.Model) -> str:
        optimizer = getattr(model, "optimizer", None)
        if optimizer is None:
            return "not compiled"
        rate = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
        return f"compiled with {type(optimizer).__name__}(learning_rate={rate:g}) and the loss {model.loss!r}"

    if not isinstance(got, keras.Model):
        return f"return the Keras model, got {type(got).__name__}."
    if inputs(got) != inputs(expected):
        return f"the inputs should be {inputs(expected)}, not {inputs(got)}."
    problem = layer_difference(got, expected)
    if problem is None and compiled(got) != compiled(expected):
        problem = f"the model should be {compiled(expected)}; it is {compiled(got)}."
    return problem


COMPARISONS: dict[str, Callable[[Any, Any, float], str | None]] = {
    "equal": lambda got, expected, tolerance: allclose(got, expected, 0.0), "allclose": allclose,
    "series": same_series, "model": model_difference}
"""The comparisons an exercise can name: each takes ``(got, expected, tolerance)`` and says why they differ
(``None`` when they do not)."""


class Exercise:
    """What every exercise has: its notebook ("05"), its number and title, and the solution on request."""

    notebook: str = ""
    number: int = 0
    title: str = ""

    def heading(self, hidden: bool = False) -> str:
        """``Exercise N · title.`` as a verdict line starts (no period after a title that ends with ``?``)."""
        title = f"Exercise {self.number} · {self.title}{' (hidden cases)' if hidden else ''}"
        return title if title.endswith("?") else f"{title}."

    def _print_answer(self, introduction: str, what: str) -> None:
        print(f"{self.heading()} {introduction}\n")
        try:
            print(answer_cell(self.notebook, self.number))
        except SolutionMissing as missing:
            print(f"The {what} is not available: {missing}")

    def solution(self) -> None:
        """Print the instructor's answer (the notebook's answer cell), for self-learners."""
        self._print_answer("Try it yourself first: you learn from the attempt; the solution is for afterwards.",
                           "solution")


class SelfAssessed(Exercise):
    """An open question: nothing checks the answer; the model answer is shown on request."""

    def __init__(self, notebook: str, number: int, title: str) -> None:
        self.notebook, self.number, self.title = notebook, number, title

    def show_model_answer(self) -> None:
        """Print the model answer, to compare with what you wrote (this question is self-assessed)."""
        self._print_answer("Self-assessed: compare your answer with this one.", "model answer")


class FunctionExercise(Exercise):
    """The student writes ``function_name``; it is called on :meth:`cases` and compared with :meth:`reference`.

    ``check(answer, *inputs)`` passes the notebook's own objects (``tracks``, ``data``, ...) on to
    :meth:`cases`, so an exercise can be tried on the real data; with ``hidden=True`` (nbgrader's hidden tests)
    the answer is run on :meth:`hidden_cases` instead, which every exercise declares.
    """

    function_name: str = "your function"
    hint_text: str = ""
    success: str = "your function gives the right answer on every case it was tried on."
    compare: str = "equal"
    """A key of :data:`COMPARISONS`, or ``"custom"`` for an exercise with its own :meth:`difference`."""
    tolerance: float = 1e-8
    wrong: Sequence[Wrong] = ()
    """Typical wrong answers. With a ``"custom"`` comparison they are not matched: :meth:`difference` itself names
    the mistake, and ``feedback`` is what it must say (the tests check it)."""
    same_seed: str = ""
    """If set, the answer (which returns a pair) is called twice on :meth:`seeded_case`; this is the feedback
    when the two results differ."""
    copy_inputs: bool = True
    """Pass the function copies of the inputs (so it cannot spoil them); off for axes to draw on."""

    def cases(self, *inputs: Any) -> list[tuple[Any, ...]]:
        """The arguments the answer is called with, one tuple a case, made from the notebook's ``inputs``."""
        raise NotImplementedError

    def hidden_cases(self, *inputs: Any) -> list[tuple[Any, ...]]:
        """Other cases, for nbgrader's hidden tests (other seeds, sizes, cut points or rows). None by default."""
        return []

    def reference(self, *args: Any) -> Any:
        """The right result for one case. Default: the instructor's solution, as exported from the notebook."""
        return notebook_solution(self.notebook, self.number, self.function_name)(*args)

    def seeded_case(self, *inputs: Any) -> tuple[Any, ...]:
        return self.cases(*inputs)[0]

    def difference(self, got: Any, expected: Any, args: tuple[Any, ...]) -> str | None:
        """Why ``got`` is not ``expected`` for the inputs ``args`` (``None`` when it is right)."""
        return COMPARISONS[self.compare](got, expected, self.tolerance)

    def hint(self) -> None:
        """Print a hint."""
        print(f"Hint for exercise {self.number}: {self.hint_text}")

    def check(self, answer: Any, *inputs: Any, hidden: bool = False) -> None:
        """Print whether the answer is right, and why (under nbgrader, raise if it is not)."""
        outcome = self.evaluate(answer, *inputs, hidden=hidden)
        print(f"{self.heading(hidden)} {outcome}")
        if grading() and outcome.status is not Status.CORRECT:
            raise ExerciseNotPassed(str(outcome))

    def evaluate(self, answer: Any, *inputs: Any, hidden: bool = False) -> Outcome:
        """Check an answer without printing anything."""
        if not callable(answer):
            return Outcome(Status.INCORRECT, f"pass the function itself, {self.function_name}, without calling it.")
        cases = self.hidden_cases(*inputs) if hidden else self.cases(*inputs)
        if not cases:
            return Outcome(Status.CANNOT_CHECK, f"exercise {self.number} declares no hidden cases.")
        with warnings.catch_warnings():  # a warning from the student's code is not the point (and nbgrader
            warnings.simplefilter("ignore")  # gives no points to a test cell that writes to stderr)
            try:
                return self._evaluate(answer, cases, [self.seeded_case(*inputs)] * 2 if self.same_seed else [])
            except SolutionMissing as missing:
                return Outcome(Status.CANNOT_CHECK, f"the course's solution is needed to check this answer. {missing}")

    def _call(self, function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        return function(*(copy.deepcopy(args) if self.copy_inputs else args))

    def _matches(self, results: list[Any], wrong: Wrong, cases: list[tuple[Any, ...]]) -> bool:
        """Whether the student's results are the wrong answer's on every case."""
        try:
            return all(self.difference(got, self._call(wrong.function, args), args) is None
                       for got, args in zip(results, cases))
        except Exception:  # the wrong answer does not run on these inputs: not the student's mistake
            return False

    def _evaluate(self, answer: Callable[..., Any], cases: list[tuple[Any, ...]],
                  seeded: list[tuple[Any, ...]]) -> Outcome:
        results = []
        for args in cases + seeded:
            try:
                results.append(self._call(answer, args))
            except NotImplementedError:
                return Outcome(Status.NOT_ANSWERED, f"write the body of {self.function_name}, then run this cell again.")
            except Exception as error:  # the student's code failed: say how
                return Outcome(Status.INCORRECT, f"{self.function_name} raised {type(error).__name__}: {error}")
        for got, args in zip(results, cases):
            expected = self.reference(*copy.deepcopy(args))
            try:
                problem = self.difference(got, expected, args)
            except Exception as error:  # an answer so far off that comparing it fails
                problem = f"{self.function_name} returned something unexpected ({type(error).__name__}: {error})."
            if problem:
                matched = self.compare != "custom" and next(
                    (wrong for wrong in self.wrong if self._matches(results, wrong, cases)), None)
                return Outcome(Status.INCORRECT, matched.feedback if matched else problem)
        if seeded and not all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(*results[-2:])):
            return Outcome(Status.INCORRECT, self.same_seed)
        return Outcome(Status.CORRECT, self.success)


@dataclass(frozen=True)
class Question:
    """A multiple-choice question of a wrap-up quiz: its choices by letter, and why each is right or wrong."""

    text: str
    choices: dict[str, str]
    explanations: dict[str, str]


class Quiz(Exercise):
    """A wrap-up quiz: the student's function returns ``{question number: letter}``.

    The right letters are the instructor's answer cell (``exN-answer``, a function ``quiz_answers``), read from
    :data:`ANSWERS` like every solution, so they are written in one place. A quiz has no hidden cases: its
    questions are in the notebook for everyone to read.
    """

    function_name = "quiz_answers"

    def __init__(self, notebook: str, number: int, title: str, questions: Sequence[Question]) -> None:
        self.notebook, self.number, self.title, self.questions = notebook, number, title, list(questions)

    def show(self) -> None:
        """Print each question with its lettered choices."""
        for number, question in enumerate(self.questions, start=1):
            print(textwrap.fill(f"{number}. {question.text}", 110, subsequent_indent="   "))
            for letter, choice in question.choices.items():
                print(textwrap.fill(f"({letter}) {choice}", 110, initial_indent="   ", subsequent_indent="       "))
            print()

    def right_answers(self) -> dict[int, str]:
        """The right letter of each question, from the instructor's answer cell."""
        return notebook_solution(self.notebook, self.number, self.function_name)()

    def feedback(self, answers: Callable[[], dict[int, str]]) -> tuple[Outcome, list[str]]:
        """The verdict, and one line per question answered: right or not, and the explanation of the letter chosen."""
        if not callable(answers):
            return Outcome(Status.INCORRECT, f"pass the function itself, {self.function_name}, without calling it."), []
        try:
            given = answers()
        except NotImplementedError:
            return Outcome(Status.NOT_ANSWERED, f"write your letters in {self.function_name}, then run this cell "
                                                "again."), []
        try:
            right = self.right_answers()
        except SolutionMissing as missing:
            return Outcome(Status.CANNOT_CHECK, f"the course's answers are needed to check the quiz. {missing}"), []
        if not isinstance(given, dict):
            return Outcome(Status.INCORRECT, "return a dict such as {1: 'a', 2: 'c'}, "
                                             f"not a {type(given).__name__}."), []
        lines, n_right = [], 0
        for number, question in enumerate(self.questions, start=1):
            letter = str(given.get(number, "")).strip().lower()
            if letter not in question.choices:
                lines.append(f"Question {number}: choose one of {', '.join(question.choices)}.")
                continue
            n_right += letter == right[number]
            verdict = "right" if letter == right[number] else "not right"
            lines.append(f"Question {number} ({letter}): {verdict}. {question.explanations[letter]}")
        if n_right == len(self.questions):
            return Outcome(Status.CORRECT, f"all {n_right} answers are right."), lines
        return Outcome(Status.INCORRECT, f"{n_right} of {len(self.questions)} answers are right; read the "
                                         "explanations above and try the others again."), lines

    def evaluate(self, answers: Callable[[], dict[int, str]]) -> Outcome:
        """Check the answers without printing anything."""
        return self.feedback(answers)[0]

    def check(self, answers: Callable[[], dict[int, str]]) -> None:
        """Print, per question, whether the answer is right and why; under nbgrader, raise unless all are right."""
        outcome, lines = self.feedback(answers)
        print("\n".join([*lines, f"{self.heading()} {outcome}"]))
        if grading() and outcome.status is not Status.CORRECT:
            raise ExerciseNotPassed(str(outcome))
