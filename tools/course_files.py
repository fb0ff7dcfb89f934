"""Where the course's files are: the repository's root and the numbered notebooks, in order.

The notebooks folder is the list of the course: every ``NN_name.ipynb`` in it is a
notebook of the series (``tests/test_headers.py`` checks that each one declares its
parameters in :data:`helpers.course.NOTEBOOK_PARAMETERS`).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository's root folder."""


def numbered_notebooks(folder: Path) -> list[Path]:
    """The numbered notebooks (``NN_*.ipynb``) in ``folder``, in order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def notebooks(root: Path = ROOT) -> list[Path]:
    """The course's notebooks, in order."""
    return numbered_notebooks(root / "notebooks")
