"""tools.headers: the generated header cells, the Colab set-up cell, and `make stamp`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import papermill
import pytest

from helpers.course import NOTEBOOK_PARAMETERS, PARAMETERS
from tools import headers
from tools.headers import LINKS_END, LINKS_START, apply_headers, header_cells, setup_source, stamp

from course_files import ROOT, course_notebooks

ROLES = ["badge", "setup", "parameters-help", "parameters", "checked-parameters"]


def notebook_with(cells: list, name: str, folder: Path) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = cells
    path = folder / name
    nbformat.write(notebook, path)
    return path


# --------------------------------------------------------------------------
# header_cells
# --------------------------------------------------------------------------


def test_header_cells_roles_and_kinds() -> None:
    cells = header_cells("03_mlp_training.ipynb", "owner/name")
    assert [cell.metadata["course_header"] for cell in cells] == ROLES
    assert [cell.cell_type for cell in cells] == ["markdown", "code", "markdown", "code", "code"]


def test_the_parameters_cell_declares_the_notebooks_parameters_with_their_defaults() -> None:
    cells = {cell.metadata["course_header"]: cell for cell in header_cells("03_mlp_training.ipynb", None)}
    parameters = cells["parameters"]
    assert parameters.metadata["tags"] == ["parameters"]
    namespace: dict = {}
    exec(parameters.source, namespace)  # noqa: S102
    assert {name: namespace[name] for name in NOTEBOOK_PARAMETERS["03_mlp_training"]} == {
        name: PARAMETERS[name].default for name in NOTEBOOK_PARAMETERS["03_mlp_training"]
    }
    for name in NOTEBOOK_PARAMETERS["03_mlp_training"]:
        assert f"`{name}`" in cells["parameters-help"].source


def test_the_checked_parameters_cell_checks_every_declared_parameter() -> None:
    cells = {cell.metadata["course_header"]: cell for cell in header_cells("06_thresholds.ipynb", None)}
    namespace: dict = {"THRESHOLDS": [25, 50, 75], "SEED": 3, "THRESHOLD_GRID": [[50], [30, 70]]}
    exec(cells["checked-parameters"].source, namespace)  # noqa: S102
    assert namespace["THRESHOLDS"] == (25, 50, 75)  # a list from papermill becomes a tuple
    assert namespace["THRESHOLD_GRID"] == [(50,), (30, 70)]
    namespace["THRESHOLDS"] = [70, 30]
    with pytest.raises(ValueError):
        exec(cells["checked-parameters"].source, namespace)  # noqa: S102


def test_setup_and_checked_parameters_cells_are_locked_for_nbgrader() -> None:
    cells = {cell.metadata["course_header"]: cell for cell in header_cells("01_eda.ipynb", None)}
    for role in ("setup", "checked-parameters"):
        metadata = cells[role].metadata
        assert metadata["nbgrader"]["locked"] is True and metadata["nbgrader"]["grade_id"] == role
        assert metadata["editable"] is False and metadata["deletable"] is False
    assert "nbgrader" not in cells["parameters"].metadata  # the parameters stay editable


@pytest.mark.parametrize("stem", sorted(NOTEBOOK_PARAMETERS))
def test_papermill_sees_the_declared_parameters(stem: str, tmp_path: Path) -> None:
    title = nbformat.v4.new_markdown_cell(f"# {stem[:2]} · A notebook")
    path = notebook_with([title, *header_cells(f"{stem}.ipynb", "owner/name")], f"{stem}.ipynb", tmp_path)
    declared = papermill.inspect_notebook(str(path))
    assert set(declared) == set(NOTEBOOK_PARAMETERS[stem])


def test_the_badge_links_to_colab_once_stamped() -> None:
    badge = header_cells("02_preprocessing.ipynb", "my-org/course", "dev")[0].source
    assert ("https://colab.research.google.com/github/my-org/course/blob/dev/notebooks/02_preprocessing.ipynb"
            in badge)
    assert "Maharshi Pandya" in badge  # the data credit
    unstamped = header_cells("02_preprocessing.ipynb", None)[0].source
    assert "colab.research.google.com/github" not in unstamped and "make stamp" in unstamped


# --------------------------------------------------------------------------
# The set-up cell, run as Colab would run it
# --------------------------------------------------------------------------


@pytest.fixture
def in_colab(monkeypatch: pytest.MonkeyPatch) -> list:
    """Pretend to be in Colab (a 'google.colab' module) and record, not run, subprocess calls."""
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", os.environ.get("TF_CPP_MIN_LOG_LEVEL", "3"))
    calls: list = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


def test_an_unstamped_setup_cell_stops_in_colab_with_one_sentence(in_colab: list) -> None:
    with pytest.raises(RuntimeError) as info:
        exec(setup_source(None, "main"), {})  # noqa: S102
    message = str(info.value)
    assert message.endswith(".") and ". " not in message  # one sentence
    assert "make stamp REPO=owner/name" in message
    assert in_colab == []  # nothing installed


def test_a_stamped_setup_cell_installs_the_helpers_from_github_in_colab(in_colab: list) -> None:
    exec(setup_source("owner/name", "main"), {})  # noqa: S102
    assert len(in_colab) == 2
    (first,), options = in_colab[0]
    assert first[:3] == [sys.executable, "-m", "pip"] and "install" in first
    assert "git+https://github.com/owner/name@main" in first
    assert "--no-deps" in first  # Colab's own TensorFlow stays
    assert options == {"check": True}
    (second,), _ = in_colab[1]
    assert any(argument.startswith("pooch") for argument in second)


def test_the_setup_cell_does_nothing_outside_colab(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    calls: list = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append(args))
    for repository in (None, "owner/name"):
        exec(setup_source(repository, "main"), {})  # noqa: S102
    assert calls == []


# --------------------------------------------------------------------------
# apply_headers, stamp
# --------------------------------------------------------------------------


def test_apply_headers_inserts_the_cells_after_the_title_and_is_idempotent(tmp_path: Path) -> None:
    title = nbformat.v4.new_markdown_cell("# 01 · Exploring")
    body = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_markdown_cell("## Exercises")]
    path = notebook_with([title, *body], "01_eda.ipynb", tmp_path)
    assert apply_headers(path, None) is True
    once = path.read_text()
    cells = nbformat.read(path, as_version=4).cells
    assert [cell.metadata.get("course_header") for cell in cells] == [None, *ROLES, None, None]
    assert cells[0].source == "# 01 · Exploring" and cells[-2].source == "x = 1"
    assert apply_headers(path, None) is False
    assert path.read_text() == once


def test_apply_headers_replaces_old_headers_and_keeps_their_outputs(tmp_path: Path) -> None:
    path = notebook_with([nbformat.v4.new_markdown_cell("# 02 · Data"), *header_cells("02_preprocessing.ipynb", None),
                          nbformat.v4.new_code_cell("y = 2")], "02_preprocessing.ipynb", tmp_path)
    notebook = nbformat.read(path, as_version=4)
    setup = notebook.cells[2]
    setup.execution_count, setup.outputs = 1, [nbformat.v4.new_output("stream", text="set up\n")]
    nbformat.write(notebook, path)
    assert apply_headers(path, "owner/name") is True
    cells = nbformat.read(path, as_version=4).cells
    assert len(cells) == 7 and cells[-1].source == "y = 2"
    assert "git+https://github.com/owner/name@main" in cells[2].source
    assert cells[2].execution_count == 1 and cells[2].outputs[0]["text"] == "set up\n"
    assert apply_headers(path, "owner/name") is False


@pytest.fixture
def repository_copy(tmp_path: Path) -> Path:
    """A copy of the course's notebooks, README.md and course.json."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns("artifacts", "*.py"))
    for name in ("README.md", "course.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_stamp_writes_course_json_and_regenerates_the_headers(repository_copy: Path) -> None:
    changed = stamp("my-org/spotify-course", root=repository_copy)
    assert repository_copy / "course.json" in changed
    assert json.loads((repository_copy / "course.json").read_text())["repository"] == "my-org/spotify-course"
    paths = headers.notebooks(repository_copy)
    assert paths and set(paths) <= set(changed)
    for path in paths:
        cells = {c.metadata["course_header"]: c for c in nbformat.read(path, as_version=4).cells
                 if "course_header" in c.metadata}
        assert f"github/my-org/spotify-course/blob/main/notebooks/{path.name}" in cells["badge"].source
        assert "git+https://github.com/my-org/spotify-course@main" in cells["setup"].source
    assert headers.regenerate(repository_copy) == []  # nothing left to change
    stamp("other/name", root=repository_copy)
    assert "my-org/spotify-course" not in headers.notebooks(repository_copy)[0].read_text()


def test_stamp_rewrites_the_readme_links(repository_copy: Path) -> None:
    readme = repository_copy / "README.md"
    readme.write_text(f"# Course\n\n{LINKS_START}\nold links\n{LINKS_END}\n\nMore text.\n")
    stamp("my-org/spotify-course", root=repository_copy)
    text = readme.read_text()
    assert "old links" not in text and text.endswith("More text.\n")
    for path in headers.notebooks(repository_copy):
        url = f"https://colab.research.google.com/github/my-org/spotify-course/blob/main/notebooks/{path.name}"
        assert f"[{path.name[:2]}]({url})" in text


def test_the_committed_readme_has_the_links_markers() -> None:
    """Without the markers `make stamp` cannot update the README's Colab links (and says nothing)."""
    text = (ROOT / "README.md").read_text()
    assert text.count(LINKS_START) == 1 and text.count(LINKS_END) == 1
    assert text.index(LINKS_START) < text.index(LINKS_END)


@pytest.mark.parametrize("bad", ["not a repo", "owner", "a/b/c", "", "owner/na me", "https://github.com/owner/name"])
def test_stamp_rejects_a_bad_repository_name(repository_copy: Path, bad: str) -> None:
    before = (repository_copy / "course.json").read_text()
    with pytest.raises(ValueError, match="owner/name"):
        stamp(bad, root=repository_copy)
    assert (repository_copy / "course.json").read_text() == before


# --------------------------------------------------------------------------
# The committed notebooks
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda path: path.name)
def test_committed_header_cells_are_what_header_cells_generates(path: Path) -> None:
    settings = headers.settings(ROOT)
    cells = nbformat.read(path, as_version=4).cells
    committed = [cell for cell in cells if "course_header" in cell.metadata]
    expected = header_cells(path.name, settings["repository"], settings["branch"])
    assert [(c.cell_type, c.source, dict(c.metadata)) for c in committed] == \
        [(c.cell_type, c.source, dict(c.metadata)) for c in expected], "run `python -m tools.headers`"
    assert cells[1:1 + len(expected)] == committed  # right after the title cell


def test_every_notebook_is_listed_in_notebook_parameters() -> None:
    for path in course_notebooks():
        assert path.stem in NOTEBOOK_PARAMETERS
