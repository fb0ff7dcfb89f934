"""tools.spread: how far re-executed notebooks moved from the committed ones, by kind of number."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools.nbval_tolerance import Number
from tools.spread import Move, Spread, fixture, main, measure, measure_run


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
    assert spread.strict_changes == [] and spread.text_changes == []
    assert [(str(move), move.kind, move.difference) for move in spread.moves] == [
        ("01.ipynb code cell 2: 0.600 -> 0.600", "score", 0.0)]


def test_moves_are_sorted_by_kind() -> None:
    committed = notebook(cell("rows 100"), cell("accuracy 0.600, 54.0% right, epoch 5; 12 weights", "nbval-tolerance"),
                         cell("took 3 s", "nbval-ignore-output"), cell("the MLP is ahead", "nbval-tolerance"))
    new = notebook(cell("rows 101"), cell("accuracy 0.590, 55.5% right, epoch 4; 12 weights", "nbval-tolerance"),
                   cell("took 9 s", "nbval-ignore-output"), cell("the MLP is behind", "nbval-tolerance"))
    spread = Spread()
    measure(committed, new, "03.ipynb", spread)
    assert spread.strict_changes == ["03.ipynb code cell 1"]
    assert spread.text_changes == ["03.ipynb code cell 4: stdout: the text differs (numbers aside):\n"
                                   "  committed: the MLP is ahead\n  new:       the MLP is behind"]
    assert {kind: [round(move.difference, 6) for move in moves] for kind, moves in spread.by_kind().items()} == {
        "score": [0.01], "percentage": [1.5], "epoch": [1.0], "unknown whole": [0.0]}
    assert spread.largest("percentage") == 1.5 and spread.largest("loss") == 0.0
    report = spread.report()
    assert "score: 1 numbers, 1 moved\n  0.01 (1.0%; within 0.021)  03.ipynb code cell 2: 0.600 -> 0.590" in report
    assert "epoch: 1 numbers, 1 moved\n  1 (20.0%; within 7.5)  03.ipynb code cell 2: 5 -> 4" in report
    assert "numbers beyond their tolerance: none" in report


def test_a_number_beyond_its_tolerance_is_reported() -> None:
    spread = Spread()
    measure(notebook(cell("macro-F1 0.600", "nbval-tolerance")), notebook(cell("macro-F1 0.640", "nbval-tolerance")),
            "08.ipynb", spread)
    assert [str(move) for move in spread.beyond_tolerance()] == ["08.ipynb code cell 1: 0.600 -> 0.640"]
    assert "numbers beyond their tolerance:\n  08.ipynb code cell 1: 0.600 -> 0.640" in spread.report()


def test_a_count_move_as_a_share() -> None:
    move = Move(Number("1,000", "count"), Number("1,075"), "x")
    assert move.kind == "count" and move.difference == 75 and move.share == 0.075 and move.allowed
    assert Move(Number("0.5"), Number("0.6"), "x").kind == "unknown decimal"


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


def runs(tmp_path: Path, committed_cells: list, new_cells: list) -> tuple[Path, Path]:
    committed, run = tmp_path / "committed", tmp_path / "run"
    committed.mkdir()
    run.mkdir()
    nbformat.write(notebook(*committed_cells), committed / "01_eda.ipynb")
    nbformat.write(notebook(*new_cells), run / "01_eda.ipynb")
    return committed, run


def test_a_run_is_compared_with_the_committed_notebooks_of_the_same_name(tmp_path: Path) -> None:
    committed, run = runs(tmp_path, [cell("rows 100")], [cell("rows 99")])
    assert measure_run(run, committed).strict_changes == ["01_eda.ipynb code cell 1"]


def table_cell(plain: str, *extra: dict) -> nbformat.NotebookNode:
    code = new_code_cell("table", metadata={"tags": ["nbval-tolerance"]})
    code.outputs = [new_output("stream", name="stderr", text="a log line\n"),
                    new_output("execute_result", data={"text/plain": plain, "text/html": "<table/>"},
                               execution_count=1),
                    *extra]
    return code


def test_the_fixture_holds_each_tolerance_cells_text_outputs(tmp_path: Path) -> None:
    figure = new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure size 9x4 with 1 Axes>"})
    committed, run = runs(tmp_path, [cell("rows 100"), table_cell("  accuracy\na  0.500", figure)],
                          [cell("rows 100"), table_cell("  accuracy\na  0.510", figure)])
    written = fixture(run, committed, "ONEDNN_MAX_CPU_ISA=AVX2")
    assert written["setting"] == "ONEDNN_MAX_CPU_ISA=AVX2" and len(written["measured"]) == 10
    assert written["cells"] == [{
        "notebook": "01_eda.ipynb", "cell": 2, "code_cell": 2,
        "committed": [{"output_type": "execute_result", "data": {"text/plain": "  accuracy\na  0.500"}},
                      {"output_type": "display_data", "data": {"text/plain": "<Figure size 9x4 with 1 Axes>"}}],
        "new": [{"output_type": "execute_result", "data": {"text/plain": "  accuracy\na  0.510"}},
                {"output_type": "display_data", "data": {"text/plain": "<Figure size 9x4 with 1 Axes>"}}]}]


def test_main_reports_and_writes_the_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    committed, run = runs(tmp_path, [cell("accuracy 0.600", "nbval-tolerance")],
                          [cell("accuracy 0.610", "nbval-tolerance")])
    main([str(run), "--committed", str(committed), "--fixture", str(tmp_path / "cells.json"), "--setting", "one core"])
    assert "score: 1 numbers, 1 moved" in capsys.readouterr().out
    cells = json.loads((tmp_path / "cells.json").read_text())["cells"]
    assert [(c["notebook"], c["new"][0]["text"]) for c in cells] == [("01_eda.ipynb", "accuracy 0.610")]
