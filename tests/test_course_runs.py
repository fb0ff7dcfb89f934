"""Whole-course runs beyond nbval: what students and instructors do with the notebooks.

- The student copies (``make student``) run top to bottom with only the blanks left,
  under an extreme cut point and few epochs: any valid ``THRESHOLDS`` runs the series.
- nbgrader's round trip with its default settings: ``generate_assignment`` releases the
  course, and ``autograde`` gives the instructor's solutions every autograded point and an
  unanswered copy none.

Both execute every notebook, so they are marked ``course_run`` (``make unit`` leaves them out).
Submissions set ``EPOCHS = 2`` in their parameters cell, as a student may, to keep the runs short.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("nbgrader")  # the lower-bound environment has no nbgrader (nor runs these)

from tools.headers import ROOT, notebooks  # noqa: E402
from tools.run_course import run_course  # noqa: E402
from tools.student import write_student_copies  # noqa: E402

pytestmark = pytest.mark.course_run
ASSIGNMENT = "spotify"


def nbgrader_cells(notebook: nbformat.NotebookNode, key: str) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get(key)]


def printed(cell: nbformat.NotebookNode) -> str:
    return "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")


def test_student_copies_run_top_to_bottom_with_an_extreme_cut_point(tmp_path: Path) -> None:
    copies = write_student_copies(ROOT / "notebooks", tmp_path / "student")
    run_course({"THRESHOLDS": [70], "EPOCHS": 2}, output=tmp_path / "run", notebook_paths=copies)  # raises on any error
    for copy in copies:
        executed = nbformat.read(tmp_path / "run" / copy.name, as_version=4)
        checks = [cell for cell in nbgrader_cells(executed, "grade") if cell.cell_type == "code"]
        assert checks, copy.name
        for cell in checks:
            assert "Not answered yet" in printed(cell), (copy.name, cell.source)


def with_few_epochs(notebook_path: Path, target: Path) -> None:
    """Copy a notebook, setting EPOCHS = 2 in its parameters cell (what a student may edit)."""
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = "\n".join("EPOCHS = 2" if line.startswith("EPOCHS =") else line for line in cell.source.splitlines())
    nbformat.write(notebook, target)


def nbgrader(*args: str, root: Path) -> None:
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=environment, check=True)


def test_nbgrader_round_trip_with_default_settings(tmp_path: Path) -> None:
    from nbgrader.api import Gradebook

    root = tmp_path / "course"
    source = root / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    for path in notebooks():
        shutil.copy(path, source / path.name)
    nbgrader("generate_assignment", ASSIGNMENT, root=root)
    release = root / "release" / ASSIGNMENT
    for student, folder in (("solutions", source), ("blank", release)):
        submitted = root / "submitted" / student / ASSIGNMENT
        submitted.mkdir(parents=True)
        for path in sorted(folder.glob("*.ipynb")):
            with_few_epochs(path, submitted / path.name)
    nbgrader("autograde", ASSIGNMENT, root=root)

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="") as gradebook:
        for path in notebooks():
            source_notebook = gradebook.find_notebook(path.stem, ASSIGNMENT)
            written = {cell.name for cell in source_notebook.solution_cells} & {cell.name for cell in source_notebook.grade_cells}
            for student in ("solutions", "blank"):
                submission = gradebook.find_submission_notebook(path.stem, ASSIGNMENT, student)
                checks = [grade for grade in submission.grades if grade.cell.name not in written]
                scored, possible = sum(grade.score or 0 for grade in checks), sum(grade.max_score for grade in checks)
                assert possible >= 2, path.name  # at least two autograded exercises per notebook
                assert scored == (possible if student == "solutions" else 0), (path.name, student, scored, possible)
