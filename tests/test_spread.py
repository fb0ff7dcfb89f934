"""tools.spread: how far re-executed notebooks moved from the committed ones."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools.spread import Spread, measure, measure_run


def cell(text: str, *tags: str) -> nbformat.NotebookNode:
    code = new_code_cell("print(...)", metadata={"tags": list(tags)} if tags else {})
    code.outputs = [new_output("stream", name="stdout", text=text)]
    return code


def notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return new_notebook(cells=[new_markdown_cell("# A lesson"), *cells])


def test_an_identical_run_moved_nothing() -> None:
    committed = notebook(cell("rows 100"), cell("accuracy 0.600", "nbval-tolerance"))
    spread = Spread()
    measure(committed, notebook(cell("rows 100"), cell("accuracy 0.600", "nbval-tolerance")), "01.ipynb", spread)
    assert spread == Spread(decimal_moves=[(0.0, "01.ipynb code cell 2: 0.600 -> 0.600")])


def test_moves_are_sorted_by_kind() -> None:
    committed = notebook(cell("rows 100"), cell("accuracy 0.600, 54.0% right, best epoch 5", "nbval-tolerance"),
                         cell("took 3 s", "nbval-ignore-output"), cell("the MLP is ahead", "nbval-tolerance"))
    new = notebook(cell("rows 101"), cell("accuracy 0.590, 55.0% right, best epoch 4", "nbval-tolerance"),
                   cell("took 9 s", "nbval-ignore-output"), cell("the MLP is behind", "nbval-tolerance"))
    spread = Spread()
    measure(committed, new, "03.ipynb", spread)
    assert spread.strict_changes == ["03.ipynb code cell 1"]
    assert spread.text_changes == ["03.ipynb code cell 4: stdout: the text differs (numbers aside):\n"
                                   "  committed: the MLP is ahead\n  new:       the MLP is behind"]
    assert [round(difference, 6) for difference, _ in spread.decimal_moves] == [0.01, 0.01]
    assert spread.whole_moves == [(1.0, 0.2, "03.ipynb code cell 2: 5 -> 4")]
    report = spread.report()
    assert "0.0100  03.ipynb code cell 2: 0.600 -> 0.590" in report
    assert "1 (20.0%)  03.ipynb code cell 2: 5 -> 4" in report


def test_papermills_parameters_cell_is_not_counted() -> None:
    injected = new_code_cell("THRESHOLDS = [70]", metadata={"tags": ["injected-parameters"]})
    spread = Spread()
    measure(notebook(cell("rows 100")), notebook(injected, cell("rows 100")), "06.ipynb", spread)
    assert spread == Spread()


def test_a_run_of_other_notebooks_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2 code cells committed, 1 in the run"):
        measure(notebook(cell("a"), cell("b")), notebook(cell("a")), "02.ipynb", Spread())
    with pytest.raises(FileNotFoundError, match="No executed notebooks"):
        measure_run(tmp_path)


def test_a_run_is_compared_with_the_committed_notebooks_of_the_same_name(tmp_path: Path) -> None:
    committed, run = tmp_path / "committed", tmp_path / "run"
    committed.mkdir()
    run.mkdir()
    nbformat.write(notebook(cell("rows 100")), committed / "01_eda.ipynb")
    nbformat.write(notebook(cell("rows 99")), run / "01_eda.ipynb")
    assert measure_run(run, committed).strict_changes == ["01_eda.ipynb code cell 1"]
