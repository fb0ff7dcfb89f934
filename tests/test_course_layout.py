"""Every notebook follows the course's layout; `make stamp` rewrites the repository everywhere."""

import shutil
from pathlib import Path

import nbformat
import papermill
import pytest

from helpers import course
from helpers.stamp import stamp

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = [
    "01_eda.ipynb",
    "02_preprocessing.ipynb",
    "03_mlp_training.ipynb",
    "04_evaluation.ipynb",
    "05_baselines.ipynb",
    "06_thresholds.ipynb",
    "07_improving.ipynb",
]


def notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_series_is_complete():
    assert [p.name for p in notebooks()] == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_layout(name):
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    title, setup, _, parameters = notebook.cells[:4]
    assert title.cell_type == "markdown" and title.source.startswith(f"# {name[:2]} ")
    assert course.colab_badge(name) in title.source
    assert setup.source == course.setup_cell_source()
    assert parameters.metadata.get("tags") == ["parameters"]
    assert "THRESHOLDS = (" in parameters.source and "SEED = " in parameters.source
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    code = [c for c in notebook.cells if c.cell_type == "code" and c.source.strip()]
    assert all(c.execution_count is not None for c in code), "commit notebooks executed"
    assert all("error" not in [o.output_type for o in c.outputs] for c in code)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert "## Exercises" in markdown
    assert notebook.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("name", EXPECTED)
def test_papermill_sees_the_parameters(name):
    """`make run` passes only parameters that papermill finds in the parameters cell."""
    declared = papermill.inspect_notebook(str(ROOT / "notebooks" / name))
    assert {"THRESHOLDS", "SEED"} <= set(declared)


def test_stamp_points_badges_and_install_cells_at_the_repository(tmp_path):
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns("artifacts"))
    shutil.copytree(ROOT / "helpers", tmp_path / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    original = course.REPOSITORY
    try:
        changed = stamp("my-org/spotify-course", root=tmp_path)
        assert tmp_path / "helpers" / "course.py" in changed
        assert 'REPOSITORY = "my-org/spotify-course"' in (tmp_path / "helpers" / "course.py").read_text()
        for path in sorted((tmp_path / "notebooks").glob("*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            assert course.colab_badge(path.name, "my-org/spotify-course") in notebook.cells[0].source
            assert notebook.cells[1].source == course.setup_cell_source("my-org/spotify-course")
            assert original not in path.read_text()
        assert "my-org/spotify-course" in (tmp_path / "README.md").read_text()
        stamp("other/name", root=tmp_path)  # stamping again moves everything on
        assert "my-org/spotify-course" not in (tmp_path / "notebooks" / EXPECTED[0]).read_text()
        with pytest.raises(ValueError, match="owner/name"):
            stamp("not a repo", root=tmp_path)
    finally:
        course.REPOSITORY = original
    assert (ROOT / "helpers" / "course.py").read_text().count(f'REPOSITORY = "{original}"') == 1
