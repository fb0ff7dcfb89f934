"""Where the course's files are, for the tests (a module of its own: `conftest` is ambiguous when
pytest also collects notebooks/, which has a conftest.py too)."""

from __future__ import annotations

from pathlib import Path

from tools.course_files import ROOT, notebooks


def course_notebooks() -> list[Path]:
    """The course's notebooks (``notebooks/NN_*.ipynb``) that exist now, in order."""
    return notebooks(ROOT)
