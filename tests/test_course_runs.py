"""Whole-course runs beyond nbval, with real nbgrader: what instructors and students do with the notebooks.

One round trip covers three promises:

- nbgrader, with its default settings, releases the course (``generate_assignment``), and
  ``autograde`` gives the instructor's solutions every autograded point;
- an unanswered copy (the release, which is exactly what ``make student`` writes) scores none;
- the student copies run top to bottom, under any valid cut points: the unanswered copies are
  graded with one extreme cut point, ``THRESHOLDS = (70,)``, and only their check cells may fail.

Submissions set ``EPOCHS = 2`` in their parameters cell, as a student may, to keep the runs short.
The unanswered copies are graded with a longer time limit per cell than nbgrader's 30 s, so that a
slow cell on a busy machine cannot hide whether the series runs; the solutions keep the default.
These tests execute every notebook twice, so they are marked ``course_run`` (``make unit`` skips them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("nbgrader")  # the lower-bound environment has no nbgrader (and does not run these)

from tools.course_files import notebooks  # noqa: E402
from tools.student import student_copy  # noqa: E402

pytestmark = pytest.mark.course_run
ASSIGNMENT = "spotify"


def with_parameters(source: Path, target: Path, **values: object) -> None:
    """Copy a notebook, setting parameters in its parameters cell (as a student may edit them)."""
    notebook = nbformat.read(source, as_version=4)
    for cell in notebook.cells:
        if "parameters" in cell.metadata.get("tags", []):
            lines = cell.source.splitlines()
            for name, value in values.items():
                lines = [f"{name} = {value!r}" if line.startswith(f"{name} =") else line for line in lines]
            cell.source = "\n".join(lines)
    nbformat.write(notebook, target)


def nbgrader(*args: str, root: Path) -> None:
    # nbgrader calls the `alembic` program: the environment's bin folder must be on PATH
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=environment, check=True)


def errors(cell: nbformat.NotebookNode) -> list[str]:
    return [f"{output.ename}: {output.evalue}" for output in cell.get("outputs", []) if output.output_type == "error"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course folder after nbgrader's release and autograding of two submissions."""
    root = tmp_path_factory.mktemp("course")
    source = root / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    for path in notebooks():
        shutil.copy(path, source / path.name)
    nbgrader("generate_assignment", ASSIGNMENT, root=root)
    for student, folder, values in (("solutions", source, {"EPOCHS": 2}),
                                    ("blank", root / "release" / ASSIGNMENT, {"EPOCHS": 2, "THRESHOLDS": (70,)})):
        submitted = root / "submitted" / student / ASSIGNMENT
        submitted.mkdir(parents=True)
        for path in sorted(folder.glob("*.ipynb")):
            with_parameters(path, submitted / path.name, **values)
    nbgrader("autograde", ASSIGNMENT, "--student", "solutions", "--Execute.timeout=900", root=root)  # 08: trees cell > 30 s
    nbgrader("autograde", ASSIGNMENT, "--student", "blank", "--Execute.timeout=900", root=root)
    return root


def scores(root: Path, student: str) -> dict[str, tuple[float, float]]:
    """(autograded points scored, autograded points possible) per notebook; written answers left out."""
    from nbgrader.api import Gradebook

    result = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="") as gradebook:
        for path in notebooks():
            source = gradebook.find_notebook(path.stem, ASSIGNMENT)
            written = {cell.name for cell in source.solution_cells} & {cell.name for cell in source.grade_cells}
            submission = gradebook.find_submission_notebook(path.stem, ASSIGNMENT, student)
            checks = [grade for grade in submission.grades if grade.cell.name not in written]
            result[path.name] = (sum(grade.score or 0 for grade in checks), sum(grade.max_score for grade in checks))
    return result


def test_the_solutions_get_every_autograded_point(graded: Path) -> None:
    for name, (scored, possible) in scores(graded, "solutions").items():
        assert possible >= 2, f"{name}: at least two autograded exercises"
        assert scored == possible, f"{name}: {scored} of {possible}"


def test_an_unanswered_copy_gets_no_point(graded: Path) -> None:
    for name, (scored, possible) in scores(graded, "blank").items():
        assert possible >= 2 and scored == 0, f"{name}: {scored} of {possible}"


def test_the_student_copies_run_top_to_bottom_with_an_extreme_cut_point(graded: Path) -> None:
    for path in notebooks():
        executed = nbformat.read(graded / "autograded" / "blank" / ASSIGNMENT / path.name, as_version=4)
        assert "THRESHOLDS = (70,)" in next(c.source for c in executed.cells if "parameters" in c.metadata.get("tags", []))
        for cell in executed.cells:
            if cell.cell_type != "code" or cell.metadata.get("nbgrader", {}).get("grade"):
                continue  # the unanswered checks fail on purpose under nbgrader
            assert not errors(cell), f"{path.name}: {cell.source[:80]!r} -> {errors(cell)}"


def test_make_student_writes_exactly_what_nbgrader_releases(graded: Path) -> None:
    for path in notebooks():
        released = nbformat.reads((graded / "release" / ASSIGNMENT / path.name).read_text(), as_version=4)
        assert nbformat.reads(student_copy(path), as_version=4) == released, path.name
