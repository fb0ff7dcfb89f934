"""Student copies for self-study, made by nbgrader's own preprocessors.

The committed notebooks are the instructor versions: each exercise's solution
stands between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` in an nbgrader
solution cell. This runs the same preprocessors as ``nbgrader generate_assignment``
(except the one that writes nbgrader's database), so a self-study copy is exactly
what nbgrader would release: solutions replaced by ``raise NotImplementedError()``,
outputs cleared, checks locked. In a self-study copy the checks say "Not answered
yet" instead of failing, so the copy runs top to bottom.

Usage: ``python -m tools.student notebooks student`` (``make student``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nbconvert.exporters import NotebookExporter
from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import SaveCells
from traitlets.config import Config

from tools.course_files import numbered_notebooks


def student_copy(path: Path) -> str:
    """The student copy of the notebook at ``path``, as nbgrader would release it (JSON text)."""
    exporter = NotebookExporter(config=Config())
    for preprocessor in GenerateAssignment.class_traits()["preprocessors"].default():
        if preprocessor is not SaveCells:  # the only step that needs nbgrader's database
            exporter.register_preprocessor(preprocessor(config=Config()), enabled=True)
    body, _ = exporter.from_filename(str(path), resources={"metadata": {"path": str(path.parent)}})
    return body


def write_student_copies(source: Path, target: Path) -> list[Path]:
    """Write a student copy of every numbered notebook in ``source`` into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in numbered_notebooks(source):
        (target / path.name).write_text(student_copy(path), encoding="utf-8")
        written.append(target / path.name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder of instructor notebooks")
    parser.add_argument("target", type=Path, help="folder for the student copies")
    args = parser.parse_args()
    for path in write_student_copies(args.source, args.target):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
