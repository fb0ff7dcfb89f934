"""tools.run_course: `make run` executes the notebooks with papermill, with checked parameters."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from helpers.labels import ThresholdError
from tools import run_course as runner
from tools.run_course import run_course, run_name


def test_run_name() -> None:
    assert run_name({"THRESHOLDS": [25, 50, 75], "SEED": 7}) == "thresholds-25-50-75_seed-7"
    assert run_name({"THRESHOLDS": (30.5,), "EPOCHS": 3}) == "thresholds-30.5_epochs-3"
    assert run_name({"SEED": 0}) == "seed-0"
    assert run_name({}) == "defaults"


def write_notebook(folder: Path, name: str, declared: str, body: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell(declared)
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell(body)]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / name)
    return folder / name


@pytest.fixture
def papermill_calls(monkeypatch: pytest.MonkeyPatch) -> list:
    """Record what would be executed instead of starting kernels."""
    calls: list = []

    def execute(source, output, parameters, cwd, **kwargs):
        calls.append({"source": Path(source).name, "output": Path(output), "parameters": parameters, "cwd": Path(cwd)})

    monkeypatch.setattr(runner.papermill, "execute_notebook", execute)
    return calls


@pytest.mark.parametrize(
    "parameters",
    [{"THRESHOLDS": [70, 30]}, {"THRESHOLDS": [30, 100]}, {"SEED": -1}, {"EPOCHS": 0}, {"SEED": 1, "THRESHOLDS": []}],
)
def test_bad_parameters_raise_before_anything_runs(parameters: dict, tmp_path: Path, papermill_calls: list) -> None:
    notebooks = [write_notebook(tmp_path / "notebooks", "01_a.ipynb", "THRESHOLDS = (30, 70)", "pass")]
    output = tmp_path / "runs" / "bad"
    with pytest.raises(ValueError):
        run_course(parameters, output, notebook_paths=notebooks)
    assert papermill_calls == []
    assert not output.exists()  # no folder left behind either


def test_bad_thresholds_raise_the_courses_error(tmp_path: Path, papermill_calls: list) -> None:
    with pytest.raises(ThresholdError, match="increase strictly"):
        run_course({"THRESHOLDS": [70, 30]}, tmp_path / "out", notebook_paths=[])
    assert papermill_calls == []


def test_each_notebook_gets_only_the_parameters_it_declares(tmp_path: Path, papermill_calls: list) -> None:
    source = tmp_path / "notebooks"
    first = write_notebook(source, "01_a.ipynb", "THRESHOLDS = (30, 70)", "pass")
    second = write_notebook(source, "02_b.ipynb", "THRESHOLDS = (30, 70)\nSEED = 42\nEPOCHS = 100", "pass")
    output = run_course({"THRESHOLDS": [25, 50, 75], "EPOCHS": 3}, tmp_path / "out", notebook_paths=[first, second])
    assert output == tmp_path / "out" and output.is_dir()
    assert [call["source"] for call in papermill_calls] == ["01_a.ipynb", "02_b.ipynb"]
    assert papermill_calls[0]["parameters"] == {"THRESHOLDS": [25, 50, 75]}
    assert papermill_calls[1]["parameters"] == {"THRESHOLDS": [25, 50, 75], "EPOCHS": 3}
    assert all(call["cwd"] == output and call["output"].parent == output for call in papermill_calls)


def test_only_selects_notebooks_by_prefix(tmp_path: Path, papermill_calls: list) -> None:
    source = tmp_path / "notebooks"
    paths = [write_notebook(source, name, "SEED = 1", "pass") for name in ("01_a.ipynb", "02_b.ipynb", "03_c.ipynb")]
    run_course({}, tmp_path / "out", only=["01", "03"], notebook_paths=paths)
    assert [call["source"] for call in papermill_calls] == ["01_a.ipynb", "03_c.ipynb"]
    with pytest.raises(FileNotFoundError, match="No notebooks"):
        run_course({}, tmp_path / "out", only=["09"], notebook_paths=paths)


def test_an_empty_source_folder_runs_nothing_rather_than_the_committed_notebooks(tmp_path: Path,
                                                                                papermill_calls: list) -> None:
    with pytest.raises(FileNotFoundError, match="No notebooks"):
        run_course({}, tmp_path / "out", notebook_paths=[])
    assert papermill_calls == [] and not (tmp_path / "out").exists()


def test_the_default_output_folder_is_named_after_the_setting(tmp_path: Path, papermill_calls: list,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "ROOT", tmp_path)
    path = write_notebook(tmp_path / "notebooks", "01_a.ipynb", "SEED = 1", "pass")
    output = run_course({"SEED": 7}, notebook_paths=[path])
    assert output == tmp_path / "runs" / "seed-7"


def test_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    given: dict = {}

    def fake_run(parameters, output, only, paths):
        given.update(parameters=parameters, output=output, only=only, paths=paths)
        return output

    monkeypatch.setattr(runner, "run_course", fake_run)
    source = tmp_path / "src"
    write_notebook(source, "02_b.ipynb", "SEED = 1", "pass")
    write_notebook(source, "01_a.ipynb", "SEED = 1", "pass")
    runner.main(["--thresholds", "25", "50.5", "--seed", "7", "--epochs", "2", "--only", "01",
                 "--output", str(tmp_path / "out"), "--source", str(source)])
    assert given["parameters"] == {"THRESHOLDS": [25, 50.5], "SEED": 7, "EPOCHS": 2}
    assert type(given["parameters"]["THRESHOLDS"][0]) is int
    assert given["only"] == ["01"] and given["output"] == tmp_path / "out"
    assert [path.name for path in given["paths"]] == ["01_a.ipynb", "02_b.ipynb"]
    assert str(tmp_path / "out") in capsys.readouterr().out


def test_a_real_papermill_run_injects_the_parameters_and_leaves_the_source_alone(tmp_path: Path) -> None:
    pytest.importorskip("ipykernel")
    source = write_notebook(tmp_path / "notebooks", "01_demo.ipynb", "THRESHOLDS = (30, 70)\nSEED = 42",
                            "import os\nprint(tuple(THRESHOLDS), SEED, os.getcwd())")
    before = source.read_text()
    output = run_course({"THRESHOLDS": [25, 50, 75], "EPOCHS": 5}, tmp_path / "runs" / "x", notebook_paths=[source])
    executed = nbformat.read(output / "01_demo.ipynb", as_version=4)
    printed = executed.cells[-1].outputs[0]["text"]
    assert printed.startswith("(25, 50, 75) 42 ") and str(output) in printed  # the kernel runs in the run's folder
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "EPOCHS" not in injected[0].source  # not declared, so not passed
    assert source.read_text() == before
