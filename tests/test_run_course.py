"""`make run`: papermill executes the series with other parameters into runs/<setting>/."""

import nbformat
import pytest

from helpers.labels import ThresholdError
from helpers.run_course import run_course, run_name, run_parameters


def test_run_parameters_and_names():
    parameters = run_parameters([25, 50, 75], seed=7, epochs=3)
    assert parameters == {"THRESHOLDS": [25, 50, 75], "SEED": 7, "EPOCHS": 3}
    assert run_name(parameters) == "thresholds-25-50-75_seed-7_epochs-3"
    assert run_name(run_parameters([30.5])) == "thresholds-30.5"
    assert run_name({}) == "defaults"
    with pytest.raises(ThresholdError):
        run_parameters([70, 30])
    with pytest.raises(ValueError):
        run_parameters(epochs=0)


def test_run_course_injects_declared_parameters_and_leaves_sources_alone(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell("THRESHOLDS = (30, 70)\nSEED = 42")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [
        parameters,
        nbformat.v4.new_code_cell("import os\nprint(tuple(THRESHOLDS), SEED, os.getcwd())"),
    ]
    source = notebooks / "01_demo.ipynb"
    nbformat.write(notebook, source)
    before = source.read_text()

    output = run_course(run_parameters([25, 50, 75], epochs=5), notebooks=notebooks, runs=tmp_path / "runs")

    assert output == tmp_path / "runs" / "thresholds-25-50-75_epochs-5"
    executed = nbformat.read(output / "01_demo.ipynb", as_version=4)
    printed = executed.cells[-1].outputs[0]["text"]
    assert printed.startswith("(25, 50, 75) 42 ") and str(output) in printed
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "EPOCHS" not in injected[0].source  # not declared: not passed
    assert source.read_text() == before
