"""helpers.exercises: the checking machinery, and every exercise as it is declared.

Most tests are generic over the declared exercises: the reference passes, a body that
still raises ``NotImplementedError`` is not answered yet, and each declared wrong answer
gets its own feedback, on the visible and on the hidden cases. An exercise checked on the
notebook's own objects (``ex2.check(split_by_artist, tracks)``) gets synthetic stand-ins
for them here (:func:`stand_ins`), never real rows. Then the solutions are taken from the
committed notebooks (the code of their nbgrader solution cells, run after the notebook's
own imports and its exercises set-up cell): each check cell's exercise must find it
correct. The answers file is made by ``tools/export.py`` from the committed notebooks into
a temporary folder.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import json
import pkgutil
import re
import warnings
from pathlib import Path
from typing import Any

import keras
import numpy as np
import pandas as pd
import pytest

import helpers.exercises
from helpers.exercises import base
from helpers.exercises.base import (
    ExerciseNotPassed,
    FunctionExercise,
    Outcome,
    Question,
    Quiz,
    SelfAssessed,
    Status,
    Wrong,
    allclose,
    answer_cell,
    grading,
    model_difference,
    same_series,
)
from helpers.exercises.synthetic import synthetic_tracks
from helpers.networks import build_mlp, compile_classifier
from helpers.preprocessing import prepare_data
from helpers.splits import honest_split
from tools.export import answers

from course_files import course_notebooks

NOTEBOOKS = course_notebooks()
NOTEBOOK_IDS = [path.name for path in NOTEBOOKS]


def heading(exercise) -> str:
    """How a verdict line starts: the title, then a period unless the title ends with a question mark."""
    title = f"Exercise {exercise.number} · {exercise.title}"
    return title if title.endswith("?") else f"{title}."


@pytest.fixture(scope="session")
def answers_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("answers") / "answers.json"
    path.write_text(json.dumps(answers(NOTEBOOKS)), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def exported_answers(answers_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test reads the answers exported from the committed notebooks, whatever helpers/exercises holds."""
    monkeypatch.setattr(base, "ANSWERS", answers_file)
    return answers_file


@pytest.fixture
def self_study(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture
def autograding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")


# --------------------------------------------------------------------------
# The machinery (helpers.exercises.base)
# --------------------------------------------------------------------------


class Square(FunctionExercise):
    notebook, number, title = "99", 9, "squares"
    function_name = "square"
    hint_text = "multiply x by itself."
    success = "every square is right."
    wrong = [Wrong(lambda x: 2 * x, "that is twice x, not x times x.")]

    def cases(self) -> list[tuple[Any, ...]]:
        return [(2,), (3,), (-4,)]

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        return [(7,), (-1,)]

    def reference(self, x: int) -> int:
        return x * x


class SquareOfGiven(Square):
    """Checked on the notebook's own values: ``check(answer, value)``."""

    def cases(self, value: int) -> list[tuple[Any, ...]]:
        return [(value,), (value + 1,)]

    def hidden_cases(self, value: int) -> list[tuple[Any, ...]]:
        return [(-value,)]


class SumOfFirstTwo(FunctionExercise):
    notebook, number, title = "99", 8, "a sum"
    function_name = "total"

    def __init__(self) -> None:
        self.values = [3, 1, 2]

    def cases(self) -> list[tuple[Any, ...]]:
        return [(self.values,)]

    def reference(self, values: list[int]) -> int:
        return sum(values[:2])  # depends on the order, so a student's in-place sort would spoil it


def not_written(*args: Any) -> Any:
    raise NotImplementedError()


def test_the_right_function_is_correct() -> None:
    assert Square().evaluate(lambda x: x * x) == Outcome(Status.CORRECT, "every square is right.")


def test_the_notebooks_inputs_reach_the_cases_and_hidden_cases_are_said(self_study,
                                                                        capsys: pytest.CaptureFixture) -> None:
    assert SquareOfGiven().evaluate(lambda x: x * x, 5) == Outcome(Status.CORRECT, "every square is right.")
    assert SquareOfGiven().evaluate(lambda x: 25 if x == 5 else 36, 5).status is Status.CORRECT
    assert SquareOfGiven().evaluate(lambda x: 25 if x == 5 else 36, 5, hidden=True).message == (
        "it returned 36 where 25 was expected.")  # the hidden case is -5
    SquareOfGiven().check(lambda x: x * x, 5, hidden=True)
    assert capsys.readouterr().out == "Exercise 9 · squares (hidden cases). Correct: every square is right.\n"


def test_an_exercise_without_hidden_cases_cannot_be_checked_hidden() -> None:
    outcome = SumOfFirstTwo().evaluate(lambda values: 4, hidden=True)
    assert outcome.status is Status.CANNOT_CHECK and "declares no hidden cases" in outcome.message


def test_a_declared_wrong_answer_gets_its_feedback_and_another_the_difference() -> None:
    assert Square().evaluate(lambda x: x + x) == Outcome(Status.INCORRECT, "that is twice x, not x times x.")
    assert Square().evaluate(lambda x: x * abs(x)) == Outcome(Status.INCORRECT, "it returned -16 where 16 was expected.")


def test_a_function_not_written_yet_is_not_answered() -> None:
    outcome = Square().evaluate(not_written)
    assert outcome.status is Status.NOT_ANSWERED and "write the body of square" in outcome.message


def test_a_function_that_fails_or_is_called_is_incorrect_and_says_how() -> None:
    assert Square().evaluate(lambda x: 1 / 0).message == "square raised ZeroDivisionError: division by zero"
    assert "without calling it" in Square().evaluate(4).message


def test_the_function_gets_copies_of_the_inputs() -> None:
    exercise = SumOfFirstTwo()

    def sorts_in_place(values: list[int]) -> int:
        values.sort()
        return sum(values[:2])

    assert exercise.evaluate(sorts_in_place).status is Status.INCORRECT  # compared on the unsorted input
    assert exercise.values == [3, 1, 2]


def test_check_prints_the_verdict_and_never_raises_in_self_study(self_study, capsys: pytest.CaptureFixture) -> None:
    assert not grading()
    for answer in (lambda x: x * x, lambda x: 2 * x, not_written, lambda x: 1 / 0, "not a function"):
        assert Square().check(answer) is None
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Exercise 9 · squares. Correct: every square is right."
    assert lines[1] == "Exercise 9 · squares. Not quite: that is twice x, not x times x."
    assert lines[2].startswith("Exercise 9 · squares. Not answered yet: ")
    assert len(lines) == 5


def test_check_raises_under_nbgrader_unless_correct(autograding, capsys: pytest.CaptureFixture) -> None:
    assert grading()
    Square().check(lambda x: x * x)  # correct: no error
    for answer in (lambda x: 2 * x, not_written):
        with pytest.raises(ExerciseNotPassed) as info:
            Square().check(answer)
        assert isinstance(info.value, AssertionError)  # nbgrader counts a failed test cell
        assert info.value._render_traceback_() == [f"ExerciseNotPassed: {info.value}"]
    assert "Correct" in capsys.readouterr().out  # the verdict is printed before raising


def test_warnings_inside_the_students_function_do_not_escape(self_study, capsys: pytest.CaptureFixture) -> None:
    def noisy(x: int) -> int:
        warnings.warn("something the student did", RuntimeWarning)
        np.log(np.array([0.0]))  # numpy's divide-by-zero warning
        return x * x

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Square().check(noisy)
    assert caught == []
    assert "Correct" in capsys.readouterr().out
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # even where warnings are errors, the answer is judged on its result
        assert Square().evaluate(noisy).status is Status.CORRECT


def test_the_comparisons_say_what_differs() -> None:
    equal = base.COMPARISONS["equal"]
    assert equal([1, 2], np.array([1, 2]), 0) is None
    assert equal([1, 2], [1, 3], 0) == "it returned [1, 2] where [1, 3] was expected."
    assert allclose(np.ones(3), np.ones(3) + 1e-9, 1e-8) is None and allclose([np.nan], [np.nan], 1e-8) is None
    assert allclose([0.5, 1], np.ones(3), 1e-8) == "it returned [0.5, 1. ] where [1, 1, 1] was expected."
    assert "an array of shape (20,) where shape (30,) was expected" in allclose(np.ones(20), np.ones(30), 1e-8)
    one_off = np.r_[np.zeros(19), 0.5]
    assert allclose(np.zeros(20), one_off, 1e-8) == (
        "1 of 20 values are not the expected ones: at (19,) it returned 0 where 0.5 was expected.")
    right = pd.Series({"a": 0.5, "b": 0.25})
    assert same_series(right.copy(), right, 1e-8) is None
    assert same_series(right.to_frame(), right, 1e-8) == "return a Series, not a DataFrame."
    assert same_series(right.sort_values(), right, 1e-8) == "the values are right, but not in the expected order."
    assert same_series(right * 2, right, 1e-8) == "some values are off."
    assert "labels ['a']" in same_series(right.head(1), right, 1e-8)


def test_model_difference_names_the_first_difference() -> None:
    right = compile_classifier(build_mlp(4, 2, width=8, depth=2, dropout=0.2))
    assert model_difference(compile_classifier(build_mlp(4, 2, width=8, depth=2, dropout=0.2)), right, 0) is None
    assert "units=16" in model_difference(compile_classifier(build_mlp(4, 2, width=16, depth=2, dropout=0.2)), right, 0)
    assert "the layers should be" in model_difference(compile_classifier(build_mlp(4, 2, width=8, depth=3)), right, 0)
    assert "(None, 5)" in model_difference(compile_classifier(build_mlp(5, 2, width=8, depth=2, dropout=0.2)), right, 0)
    assert model_difference(build_mlp(4, 2, width=8, depth=2, dropout=0.2), right, 0) == (
        "the model should be compiled with Adam(learning_rate=0.001) and the loss 'sparse_categorical_crossentropy'; "
        "it is not compiled.")
    fast = compile_classifier(build_mlp(4, 2, width=8, depth=2, dropout=0.2), keras.optimizers.SGD(0.01))
    assert "; it is compiled with SGD(learning_rate=0.01)" in model_difference(fast, right, 0)
    assert model_difference("a model", right, 0) == "return the Keras model, got str."


def test_the_solution_and_the_model_answer_come_from_the_answer_cells(exported_answers: Path,
                                                                       capsys: pytest.CaptureFixture) -> None:
    cells = json.loads(exported_answers.read_text(encoding="utf-8"))["01_eda"]
    nb01 = importlib.import_module("helpers.exercises.nb01")
    nb01.ZeroShareByGenre().solution()
    out = capsys.readouterr().out
    assert out.startswith("Exercise 2 · popularity 0 by genre. Try it yourself first")
    assert "def zero_share_by_genre(" in out and "BEGIN SOLUTION" not in out
    nb01.q4.show_model_answer()
    out = capsys.readouterr().out
    assert "Self-assessed" in out and out.rstrip().endswith(cells["ex4"].rstrip())


class FromTheNotebook(Square):
    """Its reference is the notebook's solution, which notebook 99 does not have."""

    reference = FunctionExercise.reference


def test_a_missing_answers_file_or_entry_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture) -> None:
    Square().solution()  # the answers file exists, but notebook 99 is not in it
    assert "The solution is not available: answers.json holds no answer for exercise 9 of notebook 99" in (
        capsys.readouterr().out)
    monkeypatch.setattr(base, "ANSWERS", tmp_path / "absent.json")
    SelfAssessed("05", 3, "why").show_model_answer()
    assert "The model answer is not available: absent.json holds no answer for exercise 3 of notebook 05" in (
        capsys.readouterr().out)
    outcome = FromTheNotebook().evaluate(lambda x: x * x)
    assert outcome.status is Status.CANNOT_CHECK and "tools.export" in outcome.message


# --------------------------------------------------------------------------
# Every declared exercise
# --------------------------------------------------------------------------


def exercise_modules() -> list[Any]:
    names = [m.name for m in pkgutil.iter_modules(helpers.exercises.__path__) if re.fullmatch(r"nb\d\d", m.name)]
    return [importlib.import_module(f"helpers.exercises.{name}") for name in sorted(names)]


CLASSES = [value for module in exercise_modules() for value in vars(module).values()
           if isinstance(value, type) and issubclass(value, FunctionExercise) and value.__module__ == module.__name__]
CLASS_IDS = [f"{cls.__module__.rsplit('.', 1)[1]}.{cls.__name__}" for cls in CLASSES]
WRONG = [(cls, i) for cls in CLASSES for i in range(len(cls.wrong))]
QUESTIONS = [value for module in exercise_modules() for value in vars(module).values() if isinstance(value, SelfAssessed)]
QUIZZES = [value for module in exercise_modules() for value in vars(module).values() if isinstance(value, Quiz)]
QUIZ_IDS = [f"nb{quiz.notebook}.ex{quiz.number}" for quiz in QUIZZES]


@functools.lru_cache(maxsize=None)
def stand_ins() -> dict[str, Any]:
    """Synthetic stand-ins for the notebook objects a check is given, by the names the notebooks (and the exercises'
    ``cases``) give them. Popularity follows danceability, so that a network can learn something from them."""
    tracks = synthetic_tracks(1500, 3)
    tracks["popularity"] = np.where(tracks["popularity"] == 0, 0, 1 + np.round(98 * tracks["danceability"])).astype(int)
    split = honest_split(tracks, 0)
    return {"tracks": tracks, "split": split, "honest": split, "data": prepare_data(tracks, (30, 70), split),
            "THRESHOLDS": (30, 70), "SEED": 0, "EPOCHS": 3}


def stand_ins_for(names: list[str]) -> tuple[Any, ...]:
    missing = [name for name in names if name not in stand_ins()]
    assert not missing, f"add synthetic stand-ins for {missing} to stand_ins() in tests/test_exercises.py"
    return tuple(stand_ins()[name] for name in names)


def inputs(exercise: FunctionExercise) -> tuple[Any, ...]:
    """Stand-ins for the notebook objects the exercise's cases are made from: its parameters without a default
    (an exercise whose parameters have defaults makes its own inputs when none are given)."""
    parameters = inspect.signature(exercise.cases).parameters.values()
    return stand_ins_for([parameter.name for parameter in parameters if parameter.default is inspect.Parameter.empty])


def test_every_notebook_has_its_exercise_module() -> None:
    modules = {module.__name__.rsplit(".", 1)[1] for module in exercise_modules()}
    assert modules == {f"nb{path.name[:2]}" for path in NOTEBOOKS}


@pytest.mark.parametrize("cls", CLASSES, ids=CLASS_IDS)
def test_every_exercise_is_declared_in_full(cls: type[FunctionExercise]) -> None:
    exercise = cls()
    assert cls.__module__.endswith(f"nb{exercise.notebook}") and exercise.number >= 1 and exercise.title
    assert exercise.hint_text and exercise.function_name != FunctionExercise.function_name
    assert exercise.success != FunctionExercise.success
    assert exercise.compare in {*base.COMPARISONS, "custom"}
    cases = exercise.cases(*inputs(exercise))
    assert len(cases) >= (1 if exercise.compare == "custom" else 2)  # several inputs, or properties of the real data
    assert exercise.hidden_cases(*inputs(exercise)), "declare hidden cases for nbgrader's hidden tests"
    assert exercise.wrong, "declare the typical wrong answers"
    assert len({wrong.feedback for wrong in exercise.wrong}) == len(exercise.wrong)


@pytest.mark.parametrize("cls", CLASSES, ids=CLASS_IDS)
def test_no_hint_gives_a_line_of_the_solution(cls: type[FunctionExercise]) -> None:
    exercise = cls()
    lines = {line.strip() for line in answer_cell(exercise.notebook, exercise.number).splitlines()}
    given = [line for line in lines if len(line) > 15 and line in exercise.hint_text]
    assert not given, f"the hint of {cls.__name__} holds the solution's lines {given}"


@pytest.mark.parametrize("cls", [cls for cls in CLASSES if cls.compare != "custom"],
                         ids=[i for cls, i in zip(CLASSES, CLASS_IDS) if cls.compare != "custom"])
@pytest.mark.parametrize("hidden", [False, True], ids=["visible", "hidden"])
def test_the_reference_passes(cls: type[FunctionExercise], hidden: bool) -> None:
    exercise = cls()
    assert exercise.evaluate(exercise.reference, *inputs(exercise), hidden=hidden) == Outcome(Status.CORRECT,
                                                                                                exercise.success)


@pytest.mark.parametrize("cls", CLASSES, ids=CLASS_IDS)
def test_a_function_not_written_yet_is_not_answered(cls: type[FunctionExercise], self_study,
                                                    capsys: pytest.CaptureFixture) -> None:
    cls().check(not_written, *inputs(cls()))
    assert capsys.readouterr().out.startswith(f"{heading(cls)} Not answered yet: ")


@pytest.mark.parametrize(("cls", "i"), WRONG, ids=[f"{cls.__module__[-4:]}.{cls.__name__}-{i}" for cls, i in WRONG])
def test_each_wrong_answer_gets_its_own_feedback(cls: type[FunctionExercise], i: int, self_study,
                                                 capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    wrong, exercise, outcomes = cls.wrong[i], cls(), []
    evaluate = exercise.evaluate
    monkeypatch.setattr(exercise, "evaluate", lambda *args, **options: outcomes.append(evaluate(*args, **options))
                        or outcomes[-1])  # check's own verdict, so that a slow exercise is tried once
    exercise.check(wrong.function, *inputs(exercise))  # check prints the verdict, and does not raise
    outcome = outcomes[0]
    assert outcome.status is Status.INCORRECT, outcome
    if cls.compare == "custom":  # the exercise's own difference names the mistake
        assert wrong.feedback in outcome.message
    else:
        assert outcome.message == wrong.feedback
    assert capsys.readouterr().out == f"{heading(cls)} {outcome}\n"


def test_a_wrong_answer_fails_under_nbgrader(autograding) -> None:
    with pytest.raises(ExerciseNotPassed, match="that is twice x"):
        Square().check(lambda x: 2 * x)
    learned_by_heart = {2: 4, 3: 9, -4: 16}.get  # right on the visible cases only
    Square().check(learned_by_heart)
    with pytest.raises(ExerciseNotPassed, match="where 49 was expected"):
        Square().check(learned_by_heart, hidden=True)


@pytest.mark.parametrize("exercise", [*(cls() for cls in CLASSES), *QUESTIONS, *QUIZZES],
                         ids=[*CLASS_IDS, *(f"nb{q.notebook}.q{q.number}" for q in QUESTIONS), *QUIZ_IDS])
def test_every_exercise_shows_its_answer_cell(exercise: Any, capsys: pytest.CaptureFixture) -> None:
    (exercise.show_model_answer if isinstance(exercise, SelfAssessed) else exercise.solution)()
    out = capsys.readouterr().out
    assert "not available" not in out and len(out.splitlines()) >= 3


# --------------------------------------------------------------------------
# The wrap-up quizzes
# --------------------------------------------------------------------------


@pytest.mark.parametrize("quiz", QUIZZES, ids=QUIZ_IDS)
def test_every_quiz_is_declared_in_full(quiz: Quiz) -> None:
    assert 3 <= len(quiz.questions) <= 5 and quiz.title and quiz.number >= 1
    assert all(isinstance(question, Question) for question in quiz.questions)
    for question in quiz.questions:
        assert question.text.strip() and len(question.choices) >= 3
        assert set(question.explanations) == set(question.choices), f"explain every choice of {question.text!r}"
        assert all(text.strip() for text in [*question.choices.values(), *question.explanations.values()])
    right = quiz.right_answers()  # from the instructor's answer cell
    assert sorted(right) == list(range(1, len(quiz.questions) + 1))
    assert all(right[number] in question.choices for number, question in enumerate(quiz.questions, start=1))


def wrong_letter(question: Question, right: str) -> str:
    return next(letter for letter in question.choices if letter != right)


@pytest.mark.parametrize("quiz", QUIZZES, ids=QUIZ_IDS)
def test_the_quiz_check_on_right_wrong_and_blank_answers(quiz: Quiz, self_study, capsys: pytest.CaptureFixture) -> None:
    right = quiz.right_answers()
    quiz.check(lambda: dict(right))
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"{heading(quiz)} Correct: all {len(right)} answers are right."
    for number, question in enumerate(quiz.questions, start=1):
        assert lines[number - 1] == f"Question {number} ({right[number]}): right. {question.explanations[right[number]]}"
    for number, question in enumerate(quiz.questions, start=1):
        letter = wrong_letter(question, right[number])
        quiz.check(lambda: {**right, number: letter.upper()})  # letters are read in either case
        out = capsys.readouterr().out
        assert f"Question {number} ({letter}): not right. {question.explanations[letter]}" in out
        assert f"Not quite: {len(right) - 1} of {len(right)} answers are right" in out
    quiz.check(not_written)
    assert capsys.readouterr().out.startswith(f"{heading(quiz)} Not answered yet: ")
    quiz.check(lambda: {**right, 1: "z"})
    assert f"Question 1: choose one of {', '.join(quiz.questions[0].choices)}." in capsys.readouterr().out
    assert quiz.evaluate(lambda: [right[1]]).message == "return a dict such as {1: 'a', 2: 'c'}, not a list."
    assert "without calling it" in quiz.evaluate(dict(right)).message


@pytest.mark.parametrize("quiz", QUIZZES, ids=QUIZ_IDS)
def test_the_quiz_raises_under_nbgrader_unless_every_answer_is_right(quiz: Quiz, autograding) -> None:
    right = quiz.right_answers()
    quiz.check(lambda: dict(right))
    for answers in (not_written, lambda: {**right, 2: wrong_letter(quiz.questions[1], right[2])},
                    lambda: {number: letter for number, letter in right.items() if number != 1}):
        with pytest.raises(ExerciseNotPassed):
            quiz.check(answers)


def test_a_quiz_without_the_instructors_answers_cannot_be_checked(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "ANSWERS", tmp_path / "absent.json")
    quiz = Quiz("99", 5, "quiz", [Question("Why?", {"a": "x", "b": "y", "c": "z"}, {"a": "1", "b": "2", "c": "3"})])
    outcome = quiz.evaluate(lambda: {1: "a"})
    assert outcome.status is Status.CANNOT_CHECK and "absent.json" in outcome.message


def test_a_quiz_shows_its_questions_and_lettered_choices(capsys: pytest.CaptureFixture) -> None:
    quiz = Quiz("99", 5, "quiz", [Question("Why?", {"a": "x", "b": "y"}, {"a": "1", "b": "2"}),
                                  Question("How?", {"a": "u", "b": "v"}, {"a": "3", "b": "4"})])
    quiz.show()
    assert capsys.readouterr().out == "1. Why?\n   (a) x\n   (b) y\n\n2. How?\n   (a) u\n   (b) v\n\n"


# --------------------------------------------------------------------------
# The committed solutions, taken from the notebooks
# --------------------------------------------------------------------------


def check_calls(source: str) -> list[tuple[str, str, tuple[str, ...], bool]]:
    """Each ``ex2.check(function, input, ..., hidden=True)`` of a cell: (exercise, function, inputs, hidden)."""
    calls = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check":
            hidden = any(keyword.arg == "hidden" and ast.literal_eval(keyword.value) for keyword in node.keywords)
            calls.append((ast.unparse(node.func.value), *(ast.unparse(arg) for arg in node.args[:1]),
                          tuple(ast.unparse(arg) for arg in node.args[1:]), hidden))
    return calls


def notebook_exercises(notebook: Any) -> tuple[dict[str, Any], dict[str, tuple[str, tuple[str, ...]]], set[str]]:
    """Run a notebook's imports, exercise set-up and solution cells; return the namespace and its checks.

    The checks map each exercise variable (``ex1``) to the function its check cell passes (``class_counts``) and
    the notebook objects it passes with it (``("tracks",)``); the set holds the variables whose check cell also
    runs the hidden cases (the same call with ``hidden=True``, between nbgrader's hidden-tests markers).
    """
    namespace: dict[str, Any] = {}
    imports = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython syntax: not an import cell
            continue
        imports += [ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    exec("\n".join(imports), namespace)  # noqa: S102 (the course's own notebooks)
    checks, hidden = {}, set()
    for cell in notebook.cells:
        nbgrader = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        if nbgrader.get("solution") or "from helpers.exercises import" in cell.source:
            exec(cell.source, namespace)  # noqa: S102
        elif nbgrader.get("grade"):
            calls = check_calls(cell.source)
            visible = [(variable, function, given) for variable, function, given, is_hidden in calls if not is_hidden]
            assert len(visible) == 1, f"a check cell calls one check: {cell.source!r}"
            variable, function, given = visible[0]
            checks[variable] = (function, given)
            hidden_calls = [call[:3] for call in calls if call[3]]
            if hidden_calls == visible and re.search(r"### BEGIN HIDDEN TESTS\n.*hidden=True\)\n### END HIDDEN TESTS",
                                                     cell.source):
                hidden.add(variable)
    return namespace, checks, hidden


@functools.lru_cache(maxsize=None)
def committed(path: Path) -> tuple[dict[str, Any], dict[str, tuple[str, tuple[str, ...]]], set[str]]:
    import nbformat

    return notebook_exercises(nbformat.read(path, as_version=4))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_the_committed_solutions_are_correct(path: Path) -> None:
    namespace, checks, hidden = committed(path)
    assert len(checks) >= 2, f"{path.name}: fewer than two checked exercises"
    for variable, (function, given) in checks.items():
        exercise, answer = namespace[variable], namespace[function]
        if isinstance(exercise, Quiz):
            outcomes = [exercise.evaluate(answer)]
        else:
            outcomes = [exercise.evaluate(answer, *inputs(exercise), hidden=is_hidden)
                        for is_hidden in sorted({False, variable in hidden})]
        for outcome in outcomes:
            assert outcome.status is Status.CORRECT, f"{path.name} {variable}.check({function}): {outcome}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_each_notebook_checks_every_exercise_of_its_module_and_a_quiz(path: Path) -> None:
    namespace, checks, hidden = committed(path)
    module = f"helpers.exercises.nb{path.name[:2]}"
    used = {type(namespace[variable]) for variable in checks if not isinstance(namespace[variable], Quiz)}
    assert used == {cls for cls in CLASSES if cls.__module__ == module}
    numbers = sorted([namespace[variable].number for variable in checks]
                     + [question.number for question in QUESTIONS if question.notebook == path.name[:2]])
    assert numbers == list(range(1, len(numbers) + 1)), "number the exercises 1, 2, ... (self-assessed ones too)"
    assert all(f"ex{namespace[variable].number}" == variable for variable in checks)  # ex2 is exercise 2
    quizzes = [namespace[variable] for variable in checks if isinstance(namespace[variable], Quiz)]
    assert quizzes == [quiz for quiz in QUIZZES if quiz.notebook == path.name[:2]] and len(quizzes) == 1, (
        f"{path.name}: check one wrap-up quiz, the one its module declares")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_every_graded_check_also_runs_the_hidden_cases(path: Path) -> None:
    namespace, checks, hidden = committed(path)
    for variable in checks:
        if isinstance(namespace[variable], Quiz):
            assert variable not in hidden, f"{path.name}: a quiz has no hidden cases"
        else:
            assert variable in hidden, (f"{path.name}: the check cell of {variable} should end with its call again, "
                                        "with hidden=True, between ### BEGIN HIDDEN TESTS and ### END HIDDEN TESTS")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_student_copies_leave_every_exercise_not_answered(path: Path, self_study) -> None:
    """What `make student` (nbgrader's preprocessors) releases: no solution, no hidden test, and every check says
    'not answered yet'."""
    pytest.importorskip("nbgrader")
    import nbformat

    from tools.student import student_copy

    copy = nbformat.reads(student_copy(path), as_version=4)
    text = "".join(cell.source for cell in copy.cells)
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "hidden=True" not in text
    namespace, checks, hidden = notebook_exercises(copy)
    assert checks == committed(path)[1] and not hidden
    for variable, (function, given) in checks.items():
        exercise = namespace[variable]
        outcome = (exercise.evaluate(namespace[function]) if isinstance(exercise, Quiz)
                   else exercise.evaluate(namespace[function], *inputs(exercise)))
        assert outcome.status is Status.NOT_ANSWERED
