"""Measure how far re-executed notebooks moved from the committed ones: the numbers behind the tolerances.

The tolerances in :mod:`tools.nbval_tolerance` and the README's table ("Tests on any
machine") come from this comparison. To measure another setting, execute the series
under it into a folder of its own, then compare, for example::

    ONEDNN_MAX_CPU_ISA=AVX2 python -m tools.run_course --output runs/spread/avx2
    python -m tools.spread runs/spread/avx2

(``make spread NAME=avx2 SETTING="ONEDNN_MAX_CPU_ISA=AVX2"`` does both). The report lists
strict cells whose output changed (each one is a machine-dependent output that needs the
``nbval-tolerance`` tag), tolerance cells whose text changed (a sentence that flipped), and
the largest moves of numbers with decimals and of whole numbers.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import nbformat

from tools.headers import ROOT, numbered_notebooks
from tools.nbval_tolerance import TAG, match_outputs, output_texts

IGNORED = "nbval-ignore-output"
INJECTED = "injected-parameters"


@dataclass
class Spread:
    """What moved between the committed notebooks and a re-executed run."""

    strict_changes: list[str] = field(default_factory=list)
    text_changes: list[str] = field(default_factory=list)
    decimal_moves: list[tuple[float, str]] = field(default_factory=list)
    """(difference, where): percentages are counted in hundredths, like the tolerance."""
    whole_moves: list[tuple[float, float, str]] = field(default_factory=list)
    """(difference, difference as a share of the committed value, where)."""

    def report(self, top: int = 5) -> str:
        decimals = sorted(self.decimal_moves, reverse=True)[:top]
        wholes = sorted(self.whole_moves, reverse=True)[:top]
        relative = sorted(self.whole_moves, key=lambda move: (move[1], move[0]), reverse=True)[:top]
        lines = [f"strict cells whose output changed: {', '.join(self.strict_changes) or 'none'}",
                 "tolerance cells whose text changed:" + ("".join(f"\n  {change}" for change in self.text_changes)
                                                          or " none"),
                 "largest moves of numbers with decimals:",
                 *(f"  {difference:.4f}  {where}" for difference, where in decimals),
                 "largest moves of whole numbers (difference, share of the committed value):",
                 *(f"  {difference:g} ({share:.1%})  {where}" for difference, share, where in wholes),
                 "largest relative moves of whole numbers:",
                 *(f"  {difference:g} ({share:.1%})  {where}" for difference, share, where in relative)]
        return "\n".join(lines)


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The code cells, without the one papermill adds for parameters."""
    return [cell for cell in notebook.cells
            if cell.cell_type == "code" and INJECTED not in cell.metadata.get("tags", [])]


def measure(committed: nbformat.NotebookNode, new: nbformat.NotebookNode, name: str, spread: Spread) -> None:
    """Add what moved between one committed notebook and its re-executed copy to ``spread``."""
    old_cells, new_cells = code_cells(committed), code_cells(new)
    if len(old_cells) != len(new_cells):
        raise ValueError(f"{name}: {len(old_cells)} code cells committed, {len(new_cells)} in the run; "
                         "compare a run of the same notebooks.")
    for number, (old_cell, new_cell) in enumerate(zip(old_cells, new_cells), start=1):
        tags = old_cell.metadata.get("tags", [])
        if IGNORED in tags:
            continue
        where = f"{name} code cell {number}"
        if TAG not in tags:
            old, now = output_texts(old_cell.outputs), output_texts(new_cell.outputs)
            old.pop("stderr", None)
            now.pop("stderr", None)
            if old != now:
                spread.strict_changes.append(where)
            continue
        differences, pairs = match_outputs(old_cell.outputs, new_cell.outputs)
        spread.text_changes.extend(f"{where}: {difference}" for difference in differences)
        for _, a, b, _ in pairs:
            difference = abs(a.value - b.value)
            move = f"{where}: {a.text} -> {b.text}"
            if a.is_whole and b.is_whole:
                spread.whole_moves.append((difference, difference / max(abs(a.value), 1.0), move))
            else:
                spread.decimal_moves.append((difference / a.scale, move))


def measure_run(run: Path, committed: Path = ROOT / "notebooks") -> Spread:
    """Compare every notebook in ``run`` with the committed notebook of the same name."""
    spread = Spread()
    paths = numbered_notebooks(run)
    if not paths:
        raise FileNotFoundError(f"No executed notebooks in {run}; run `python -m tools.run_course --output {run}` first.")
    for path in paths:
        measure(nbformat.read(committed / path.name, as_version=4), nbformat.read(path, as_version=4), path.name, spread)
    return spread


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, nargs="+", help="folders of re-executed notebooks")
    for run in parser.parse_args(argv).runs:
        print(f"== {run}\n{measure_run(run).report()}")


if __name__ == "__main__":
    main()
