"""The committed notebooks follow the course's layout, and are committed executed, cleanly.

Every test is parametrised over the notebooks that exist (``notebooks/NN_*.ipynb``).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
import pytest

from course_files import course_notebooks

NOTEBOOKS = course_notebooks()
GRADE_ID = re.compile(r"^[a-zA-Z0-9_-]*$")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
MAX_LINES = 40

parametrize = pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def nbgrader(cell: nbformat.NotebookNode) -> dict:
    return cell.metadata.get("nbgrader", {})


def where(path: Path, index: int, cell: nbformat.NotebookNode) -> str:
    first = cell.source.splitlines()[0][:60] if cell.source else ""
    return f"{path.name} cell {index} ({first!r})"


def headings(notebook: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, heading) of every level-2 heading in the markdown cells."""
    return [(i, line.strip()) for i, cell in enumerate(notebook.cells) if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if line.startswith("## ")]


def exercises_start(notebook: nbformat.NotebookNode) -> int:
    """Index of the cell that opens the '## Exercises' section (len(cells) when there is none)."""
    return next((i for i, heading in headings(notebook) if heading == "## Exercises"), len(notebook.cells))


def test_the_series_starts_at_01_and_has_no_gaps() -> None:
    numbers = [int(path.name[:2]) for path in NOTEBOOKS]
    assert numbers == list(range(1, len(numbers) + 1))


# --------------------------------------------------------------------------
# Committed executed, cleanly
# --------------------------------------------------------------------------


@parametrize
def test_every_code_cell_was_executed_top_to_bottom(path: Path) -> None:
    code = [(i, c) for i, c in enumerate(read(path).cells) if c.cell_type == "code" and c.source.strip()]
    unexecuted = [where(path, i, c) for i, c in code if c.execution_count is None]
    assert not unexecuted, f"commit the notebook executed (make outputs); not run: {unexecuted}"
    counts = [c.execution_count for _, c in code]
    assert counts == list(range(1, len(counts) + 1)), "run the notebook top to bottom in a fresh kernel"


@parametrize
def test_no_cell_shows_an_error(path: Path) -> None:
    for i, cell in enumerate(read(path).cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{where(path, i, cell)}: {output.get('ename')}: {output.get('evalue')}"


@parametrize
def test_every_figure_is_shown_as_an_image(path: Path) -> None:
    for i, cell in enumerate(read(path).cells):
        for output in cell.get("outputs", []):
            plain = output.get("data", {}).get("text/plain", "")
            if plain.startswith("<Figure size"):
                assert "image/png" in output["data"], f"{where(path, i, cell)} shows {plain!r} instead of the figure"


@parametrize
def test_no_cell_shows_the_same_image_twice(path: Path) -> None:
    for i, cell in enumerate(read(path).cells):
        images = [hashlib.sha256(output["data"]["image/png"].encode()).hexdigest()
                  for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]
        assert len(images) == len(set(images)), f"{where(path, i, cell)} shows a figure twice (still tracked by pyplot?)"


@parametrize
def test_the_kernel_is_python3(path: Path) -> None:
    assert read(path).metadata["kernelspec"]["name"] == "python3"


# --------------------------------------------------------------------------
# Structure
# --------------------------------------------------------------------------


@parametrize
def test_the_title_cell(path: Path) -> None:
    first = read(path).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.name[:2]} ·")


@parametrize
def test_exactly_one_parameters_cell(path: Path) -> None:
    tagged = [cell for cell in read(path).cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"


@parametrize
def test_a_summary_then_the_exercises_last(path: Path) -> None:
    found = [heading for _, heading in headings(read(path))]
    assert "## Summary" in found, f"{path.name} has no '## Summary' heading"
    assert found[-1] == "## Exercises", f"{path.name}: the last section is {found[-1]!r}, not '## Exercises'"
    assert found.index("## Summary") < len(found) - 1


@parametrize
def test_no_long_cells_before_the_exercises(path: Path) -> None:
    notebook = read(path)
    for i, cell in enumerate(notebook.cells[: exercises_start(notebook)]):
        lines = len(cell.source.splitlines())
        assert lines <= MAX_LINES, f"{where(path, i, cell)} has {lines} lines (at most {MAX_LINES}); split it"


# --------------------------------------------------------------------------
# nbgrader metadata
# --------------------------------------------------------------------------


@parametrize
def test_grade_ids_are_valid_and_unique(path: Path) -> None:
    ids = []
    for i, cell in enumerate(read(path).cells):
        metadata = nbgrader(cell)
        if metadata.get("grade") or metadata.get("solution") or metadata.get("locked"):
            assert metadata.get("grade_id"), f"{where(path, i, cell)} lacks a grade_id"
            assert GRADE_ID.match(metadata["grade_id"]), f"{where(path, i, cell)}: bad grade_id {metadata['grade_id']!r}"
            ids.append(metadata["grade_id"])
    assert len(ids) == len(set(ids)), f"{path.name}: repeated grade_ids {sorted({x for x in ids if ids.count(x) > 1})}"


@parametrize
def test_at_least_two_code_exercises_all_after_the_exercises_heading(path: Path) -> None:
    notebook = read(path)
    solutions = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code" and nbgrader(cell).get("solution")]
    assert len(solutions) >= 2, f"{path.name} has {len(solutions)} code exercises"
    assert min(solutions) > exercises_start(notebook)


@parametrize
def test_each_code_solution_is_followed_by_its_locked_check(path: Path) -> None:
    cells = read(path).cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or not nbgrader(cell).get("solution"):
            continue
        check = next((c for c in cells[i + 1:] if c.cell_type == "code"), None)
        assert check is not None, f"{where(path, i, cell)} has no check cell after it"
        metadata = nbgrader(check)
        assert metadata.get("grade") and metadata.get("locked"), f"{where(path, i, cell)}: the next code cell is not a locked grade cell"
        match = re.search(r"\.check\((\w+)", check.source)
        assert match, f"{where(path, i, cell)}: the check cell does not call .check(...)"
        defined = re.findall(r"^def (\w+)\(", cell.source, re.MULTILINE)
        assert match.group(1) in defined, f"{where(path, i, cell)}: the check passes {match.group(1)}, the cell defines {defined}"


@parametrize
def test_check_cells_are_locked_graded_and_call_check(path: Path) -> None:
    for i, cell in enumerate(read(path).cells):
        metadata = nbgrader(cell)
        if cell.cell_type == "code" and metadata.get("grade"):
            assert metadata.get("locked") and not metadata.get("solution"), where(path, i, cell)
            assert ".check(" in cell.source, where(path, i, cell)
            assert metadata.get("points", 0) > 0, f"{where(path, i, cell)} gives no points"


@parametrize
def test_markdown_solution_cells_are_graded_with_points(path: Path) -> None:
    """Written answers are manually graded cells; a self-assessed answer may be worth 0 points, but must say so."""
    for i, cell in enumerate(read(path).cells):
        metadata = nbgrader(cell)
        if cell.cell_type == "markdown" and metadata.get("solution"):
            assert metadata.get("grade"), f"{where(path, i, cell)} is a written answer that is not a grade cell"
            points = metadata.get("points")
            assert isinstance(points, (int, float)) and points >= 0, f"{where(path, i, cell)} has points={points!r}"


@parametrize
def test_nbgrader_accepts_the_metadata(path: Path) -> None:
    pytest.importorskip("nbgrader")
    from nbgrader.nbgraderformat import MetadataValidator

    MetadataValidator().validate_nb(read(path))  # raises on missing points, ids, or mixed-up cell kinds


@parametrize
def test_solution_regions_only_inside_solution_cells(path: Path) -> None:
    for i, cell in enumerate(read(path).cells):
        begins, ends = cell.source.count(BEGIN), cell.source.count(END)
        if nbgrader(cell).get("solution") and cell.cell_type == "code":
            assert begins == ends == 1, f"{where(path, i, cell)}: {begins} BEGIN and {ends} END markers"
            assert cell.source.index(BEGIN) < cell.source.index(END), where(path, i, cell)
        else:
            assert begins == ends == 0, f"{where(path, i, cell)} has solution markers outside an nbgrader solution cell"


@parametrize
def test_locked_cells_are_not_solutions(path: Path) -> None:
    for i, cell in enumerate(read(path).cells):
        metadata = nbgrader(cell)
        assert not (metadata.get("locked") and metadata.get("solution")), where(path, i, cell)


@parametrize
def test_hidden_tests_only_in_check_cells_and_after_the_visible_check(path: Path) -> None:
    for i, cell in enumerate(read(path).cells):
        begins, ends = cell.source.count(BEGIN_HIDDEN), cell.source.count(END_HIDDEN)
        if begins or ends:
            assert nbgrader(cell).get("grade") and cell.cell_type == "code", (
                f"{where(path, i, cell)}: hidden tests outside a check cell")
            assert begins == ends == 1, f"{where(path, i, cell)}: {begins} BEGIN and {ends} END hidden-tests markers"
            visible, hidden = cell.source.split(BEGIN_HIDDEN)
            assert ".check(" in visible and cell.source.rstrip().endswith(END_HIDDEN), where(path, i, cell)
            assert "hidden=True" in hidden and "hidden=True" not in visible, where(path, i, cell)


@parametrize
def test_the_exercises_have_a_quiz(path: Path) -> None:
    """The wrap-up quiz: a locked cell shows the questions, the student's quiz_answers follows, then its check."""
    cells = [cell for cell in read(path).cells if cell.cell_type == "code" and nbgrader(cell)]
    shows = [i for i, cell in enumerate(cells) if re.fullmatch(r"\w+\.show\(\)", cell.source.strip())]
    assert len(shows) == 1, f"{path.name}: one locked cell should show the quiz (exN.show())"
    show, answers, check = cells[shows[0]:shows[0] + 3]
    assert nbgrader(show).get("locked") and not nbgrader(show).get("grade"), (
        f"{path.name}: lock the cell that shows the quiz")
    number = re.fullmatch(r"ex(\d+)-answer", nbgrader(answers).get("grade_id", ""))
    assert nbgrader(answers).get("solution") and number, f"{path.name}: the quiz's answers cell follows its questions"
    assert re.search(r"^def quiz_answers\(\)", answers.source, re.MULTILINE), f"{path.name}: the quiz's answers cell"
    assert check.source.strip() == f"ex{number.group(1)}.check(quiz_answers)", f"{path.name}: the quiz's check"
    assert nbgrader(check).get("grade_id") == f"ex{number.group(1)}-check"
