"""Measure how far re-executed notebooks moved from the committed ones: the numbers behind the tolerances.

The tolerances in :mod:`tools.nbval_tolerance` and the README's table ("Tests on any
machine") come from this comparison. To measure another setting, execute the series
under it into a folder of its own, then compare, for example::

    ONEDNN_MAX_CPU_ISA=AVX2 python -m tools.run_course --output runs/spread/avx2
    python -m tools.spread runs/spread/avx2

(``make spread NAME=avx2 SETTING="ONEDNN_MAX_CPU_ISA=AVX2"`` does both). The report lists
strict cells whose output changed (each one is a machine-dependent output that needs the
``nbval-tolerance`` tag), tolerance cells whose text changed (a sentence that flipped), and,
for each kind of number, the largest moves and the tolerance they are held to.

``--fixture FILE`` also writes the tolerance cells' committed and re-executed outputs (text
only) to a small JSON file, which ``tests/test_nbval_tolerance.py`` checks against the
tolerances: ``python -m tools.spread runs/spread/avx2 --fixture tests/fixtures/nbval_spread_avx2.json
--setting ONEDNN_MAX_CPU_ISA=AVX2``.
"""

from __future__ import annotations

import argparse
import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

import nbformat

from tools.course_files import ROOT, numbered_notebooks
from tools.nbval_tolerance import TAG, Number, match_outputs, output_texts

IGNORED = "nbval-ignore-output"
INJECTED = "injected-parameters"


@dataclass(frozen=True)
class Move:
    """One number of a tolerance cell: committed, re-executed, and where."""

    committed: Number
    new: Number
    where: str

    @property
    def kind(self) -> str:
        """The committed number's kind; an unknown one by its format (``unknown decimal``, ``unknown whole``)."""
        if self.committed.kind != "unknown":
            return self.committed.kind
        return "unknown whole" if self.committed.is_whole else "unknown decimal"

    @property
    def difference(self) -> float:
        """In the number's unit: points for a percentage."""
        return abs(self.new.value - self.committed.value)

    @property
    def share(self) -> float:
        """The difference as a share of the committed value (of 1 for values below 1)."""
        return self.difference / max(abs(self.committed.value), 1.0)

    @property
    def limit(self) -> float:
        """The committed number's tolerance at its value."""
        return self.committed.tolerance.limit(self.committed.value)

    @property
    def allowed(self) -> bool:
        return self.committed.tolerance.allows(self.committed.value, self.new.value)

    def __str__(self) -> str:
        return f"{self.where}: {self.committed.text} -> {self.new.text}"


@dataclass
class Spread:
    """What moved between the committed notebooks and a re-executed run."""

    strict_changes: list[str] = field(default_factory=list)
    text_changes: list[str] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)

    def by_kind(self) -> dict[str, list[Move]]:
        """The moves of each kind, largest first."""
        kinds: dict[str, list[Move]] = {}
        for move in sorted(self.moves, key=lambda move: move.difference, reverse=True):
            kinds.setdefault(move.kind, []).append(move)
        return kinds

    def largest(self, kind: str) -> float:
        """The largest move of a kind (0 if no number of it moved or none was printed)."""
        return max((move.difference for move in self.moves if move.kind == kind), default=0.0)

    def beyond_tolerance(self) -> list[Move]:
        return [move for move in self.moves if not move.allowed]

    def report(self, top: int = 3) -> str:
        lines = [f"strict cells whose output changed: {', '.join(self.strict_changes) or 'none'}",
                 "tolerance cells whose text changed:" + ("".join(f"\n  {change}" for change in self.text_changes)
                                                          or " none"),
                 "numbers beyond their tolerance:" + ("".join(f"\n  {move}" for move in self.beyond_tolerance())
                                                      or " none"),
                 "largest moves of each kind (difference; as a share of the committed value; the tolerance there):"]
        for kind, moves in sorted(self.by_kind().items()):
            lines.append(f"{kind}: {len(moves)} numbers, {sum(move.difference > 0 for move in moves)} moved")
            shown = moves[:top]
            if kind == "count":  # a count is held to a share of its value: the largest shares too
                shown += [move for move in sorted(moves, key=lambda move: move.share, reverse=True)[:top]
                          if move not in shown]
            lines.extend(f"  {move.difference:.4g} ({move.share:.1%}; within {move.limit:.4g})  {move}"
                         for move in shown)
        return "\n".join(lines)


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The code cells, without the one papermill adds for parameters."""
    return [cell for cell in notebook.cells
            if cell.cell_type == "code" and INJECTED not in cell.metadata.get("tags", [])]


def cell_pairs(committed: nbformat.NotebookNode, new: nbformat.NotebookNode,
               name: str) -> Iterator[tuple[int, nbformat.NotebookNode, nbformat.NotebookNode]]:
    """(code cell number from 1, committed cell, re-executed cell) for the cells not ignored by nbval."""
    old_cells, new_cells = code_cells(committed), code_cells(new)
    if len(old_cells) != len(new_cells):
        raise ValueError(f"{name}: {len(old_cells)} code cells committed, {len(new_cells)} in the run; "
                         "compare a run of the same notebooks.")
    for number, (old_cell, new_cell) in enumerate(zip(old_cells, new_cells), start=1):
        if IGNORED not in old_cell.metadata.get("tags", []):
            yield number, old_cell, new_cell


def measure(committed: nbformat.NotebookNode, new: nbformat.NotebookNode, name: str, spread: Spread) -> None:
    """Add what moved between one committed notebook and its re-executed copy to ``spread``."""
    for number, old_cell, new_cell in cell_pairs(committed, new, name):
        where = f"{name} code cell {number}"
        if TAG not in old_cell.metadata.get("tags", []):
            old, now = output_texts(old_cell.outputs), output_texts(new_cell.outputs)
            old.pop("stderr", None)
            now.pop("stderr", None)
            if old != now:
                spread.strict_changes.append(where)
            continue
        differences, pairs = match_outputs(old_cell.outputs, new_cell.outputs)
        spread.text_changes.extend(f"{where}: {difference}" for difference in differences)
        spread.moves.extend(Move(a, b, where) for _, a, b, _ in pairs)


def notebook_pairs(run: Path, committed: Path) -> Iterator[tuple[str, nbformat.NotebookNode, nbformat.NotebookNode]]:
    """(name, committed notebook, re-executed notebook) for every notebook in ``run``."""
    paths = numbered_notebooks(run)
    if not paths:
        raise FileNotFoundError(f"No executed notebooks in {run}; run `python -m tools.run_course --output {run}` first.")
    for path in paths:
        yield path.name, nbformat.read(committed / path.name, as_version=4), nbformat.read(path, as_version=4)


def measure_run(run: Path, committed: Path = ROOT / "notebooks") -> Spread:
    """Compare every notebook in ``run`` with the committed notebook of the same name."""
    spread = Spread()
    for name, old, new in notebook_pairs(run, committed):
        measure(old, new, name, spread)
    return spread


def text_outputs(outputs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A cell's outputs as nbval compares them in a tolerance cell: streams but stderr, and text data only."""
    kept = []
    for output in outputs:
        if output["output_type"] == "stream":
            if output["name"] != "stderr":
                kept.append({"output_type": "stream", "name": output["name"], "text": output["text"]})
        elif "data" in output:
            texts = output_texts([{"output_type": output["output_type"], "data": output["data"]}])
            kept.append({"output_type": output["output_type"], "data": {mime: text for mime, (text,) in texts.items()}})
    return kept


def fixture(run: Path, committed: Path = ROOT / "notebooks", setting: str = "") -> dict[str, Any]:
    """The tolerance cells of a run, committed and re-executed outputs side by side (text only), for the tests.

    Each cell has its notebook's name, its index among the notebook's cells and its code
    cell number (as in :meth:`Spread.report`).
    """
    cells = []
    for name, old, new in notebook_pairs(run, committed):
        for number, old_cell, new_cell in cell_pairs(old, new, name):
            if TAG in old_cell.metadata.get("tags", []):
                cells.append({"notebook": name, "cell": old.cells.index(old_cell), "code_cell": number,
                              "committed": text_outputs(old_cell.outputs), "new": text_outputs(new_cell.outputs)})
    return {"setting": setting, "measured": datetime.date.today().isoformat(), "cells": cells}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, nargs="+", help="folders of re-executed notebooks")
    parser.add_argument("--committed", type=Path, default=ROOT / "notebooks", help="the committed notebooks' folder")
    parser.add_argument("--fixture", type=Path, help="write the (one) run's tolerance cells to this JSON file")
    parser.add_argument("--setting", default="", help="the setting the run was executed under, for the fixture")
    args = parser.parse_args(argv)
    for run in args.runs:
        print(f"== {run}\n{measure_run(run, args.committed).report()}")
    if args.fixture:
        args.fixture.write_text(json.dumps(fixture(args.runs[0], args.committed, args.setting), indent=1) + "\n")
        print(f"wrote {args.fixture}")


if __name__ == "__main__":
    main()
