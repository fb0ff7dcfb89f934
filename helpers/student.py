"""Student copies of the notebooks: worked solutions replaced by placeholders.

The committed notebooks are the instructor versions. In them, each exercise's
worked solution stands between ``### BEGIN SOLUTION`` and ``### END SOLUTION``
(the nbgrader convention), and the check that follows stays outside the block::

    ### BEGIN SOLUTION
    n_genres = tracks["track_genre"].nunique()
    ### END SOLUTION
    q1.check(n_genres)

A student copy replaces the block with one placeholder line for each variable the
solution assigns (``n_genres = ____  # your answer here``), so the copy still runs top
to bottom and the check says "Not answered yet". Outputs are cleared.

Usage: ``python -m helpers.student notebooks student`` (or ``make student``).
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import nbformat

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
PLACEHOLDER = "____"
NO_ASSIGNMENT_STUB = "# your code here"


class SolutionMarkerError(ValueError):
    """Raised when BEGIN/END SOLUTION markers do not pair up."""


def assigned_names(code: str) -> list[str]:
    """Names that the code assigns at its top level, in order, each once."""
    names: list[str] = []

    def collect(target: ast.expr) -> None:
        if isinstance(target, ast.Name) and target.id not in names:
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                collect(element)

    for statement in ast.parse(code).body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                collect(target)
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            collect(statement.target)
    return names


def stub_for(solution: str, indent: str = "") -> list[str]:
    """Placeholder lines that replace a solution."""
    names = assigned_names(solution)
    if not names:
        return [indent + NO_ASSIGNMENT_STUB]
    return [f"{indent}{name} = {PLACEHOLDER}  # your answer here" for name in names]


def strip_solutions(source: str) -> str:
    """Replace every BEGIN/END SOLUTION block of a cell's source with placeholders."""
    lines = source.split("\n")
    out: list[str] = []
    block: list[str] | None = None
    indent = ""
    for number, line in enumerate(lines, start=1):
        marker = line.strip()
        if marker == BEGIN_SOLUTION:
            if block is not None:
                raise SolutionMarkerError(f"line {number}: {BEGIN_SOLUTION} inside another solution")
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif marker == END_SOLUTION:
            if block is None:
                raise SolutionMarkerError(f"line {number}: {END_SOLUTION} without {BEGIN_SOLUTION}")
            dedented = "\n".join(text[len(indent):] if text.startswith(indent) else text for text in block)
            out.extend(stub_for(dedented, indent))
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise SolutionMarkerError(f"{BEGIN_SOLUTION} without {END_SOLUTION}")
    return "\n".join(out)


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a student copy: solutions stripped, outputs and execution counts cleared."""
    copy = nbformat.from_dict(notebook)
    for cell in copy.cells:
        if cell.cell_type != "code":
            continue
        cell.source = strip_solutions(cell.source)
        cell.outputs = []
        cell.execution_count = None
    return copy


def write_student_copies(source_dir: Path, target_dir: Path) -> list[Path]:
    """Write a student copy of every notebook in ``source_dir`` into ``target_dir``."""
    target_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source_dir.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        target = target_dir / path.name
        nbformat.write(student_notebook(notebook), target)
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Write student copies of the course notebooks.")
    parser.add_argument("source", type=Path, help="folder of instructor notebooks")
    parser.add_argument("target", type=Path, help="folder for the student copies")
    args = parser.parse_args()
    for path in write_student_copies(args.source, args.target):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
