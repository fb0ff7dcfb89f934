"""Student copies: solutions replaced by placeholders, exercises kept."""

import ast
import re
from pathlib import Path

import nbformat
import pytest

import helpers.exercises
from helpers.exercises.base import Exercise, Status
from helpers.student import (
    PLACEHOLDER,
    SolutionMarkerError,
    assigned_names,
    strip_solutions,
    student_notebook,
    write_student_copies,
)

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CHECK_CALL = re.compile(r"^(\w+)\.check\((.*)\)\s*$", re.MULTILINE)


def test_assigned_names():
    code = "a = 1\nb, (c, d) = 2, (3, 4)\ne: int = 5\na += 1\nprint(a)\nfor x in []:\n    y = 1"
    assert assigned_names(code) == ["a", "b", "c", "d", "e"]


def test_strip_solutions_keeps_the_check():
    source = (
        "# count the genres\n### BEGIN SOLUTION\ngenres = tracks['track_genre']\n"
        "n_genres = genres.nunique()\n### END SOLUTION\nq1.check(n_genres)"
    )
    assert strip_solutions(source) == (
        "# count the genres\ngenres = ____  # your answer here\n"
        "n_genres = ____  # your answer here\nq1.check(n_genres)"
    )


def test_strip_solutions_indented_and_without_assignment():
    source = "if True:\n    ### BEGIN SOLUTION\n    x = 1\n    ### END SOLUTION\n### BEGIN SOLUTION\nplot()\n### END SOLUTION"
    assert strip_solutions(source) == "if True:\n    x = ____  # your answer here\n# your code here"


@pytest.mark.parametrize(
    "source",
    ["### BEGIN SOLUTION\nx = 1", "x = 1\n### END SOLUTION", "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"],
)
def test_unpaired_markers_are_errors(source):
    with pytest.raises(SolutionMarkerError):
        strip_solutions(source)


def test_student_notebook_clears_outputs():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\nq.check(x)")
    cell.execution_count = 3
    cell.outputs = [nbformat.v4.new_output("stream", text="Correct")]
    notebook.cells.append(cell)
    copy = student_notebook(notebook)
    assert copy.cells[0].outputs == [] and copy.cells[0].execution_count is None
    assert notebook.cells[0].outputs  # the instructor version is not modified


def test_a_placeholder_is_never_correct():
    class Always(Exercise):
        title = "always"

        def evaluate_answer(self, *answers):
            return self.correct("anything goes")

    assert Always().evaluate(helpers.exercises.____).status is Status.NOT_ANSWERED
    assert Always().evaluate(helpers.exercises.____, 1).status is Status.NOT_ANSWERED
    assert Always().evaluate(1).status is Status.CORRECT


def test_no_exercise_class_bypasses_the_placeholder_check():
    import importlib
    import pkgutil

    classes = []
    for module in pkgutil.iter_modules(helpers.exercises.__path__):
        loaded = importlib.import_module(f"helpers.exercises.{module.name}")
        classes += [c for c in vars(loaded).values() if isinstance(c, type) and issubclass(c, Exercise) and c is not Exercise]
    for cls in classes:
        assert cls.evaluate is Exercise.evaluate, f"{cls.__name__} overrides evaluate()"
        assert cls.title and cls.hint_text and cls.solution_text, f"{cls.__name__} lacks texts"


@pytest.fixture(scope="module")
def student_copies(tmp_path_factory):
    target = tmp_path_factory.mktemp("student")
    return write_student_copies(NOTEBOOKS, target)


def code_of(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_student_copies_hold_no_solution_and_keep_every_exercise(student_copies):
    assert [p.name for p in student_copies] == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    for copy in student_copies:
        instructor = "\n".join(code_of(NOTEBOOKS / copy.name))
        student = "\n".join(code_of(copy))
        assert "BEGIN SOLUTION" not in student and "END SOLUTION" not in student
        solutions = re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", instructor, re.DOTALL)
        assert len(solutions) >= 2, f"{copy.name} has fewer than two exercises"
        for solution in solutions:
            for line in solution.strip().splitlines():
                # every line of solution code (not comments, not lone brackets) is gone
                if re.search(r"\w", line) and not line.strip().startswith("#"):
                    assert line not in student.splitlines(), f"{copy.name} keeps solution line {line!r}"
        assert CHECK_CALL.findall(student) == CHECK_CALL.findall(instructor)
        assert student.count(PLACEHOLDER + "  # your answer here") >= len(solutions)


def test_every_check_in_a_student_copy_gets_placeholders(student_copies):
    """Each checked variable is set to ____ before its check, so the check says 'not answered'."""
    for copy in student_copies:
        for source in code_of(copy):
            for _, arguments in CHECK_CALL.findall(source):
                if not arguments:
                    continue
                for argument in ast.parse(f"f({arguments})").body[0].value.args:
                    assert isinstance(argument, ast.Name), f"{copy.name}: check({arguments}) must pass variables"
                    assert f"{argument.id} = {PLACEHOLDER}" in source, (
                        f"{copy.name}: {argument.id} is not a placeholder before its check"
                    )
        joined = "\n".join(code_of(copy))
        if PLACEHOLDER in joined:
            assert re.search(r"from helpers\.exercises import .*____", joined), f"{copy.name} does not import ____"

