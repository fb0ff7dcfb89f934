"""Where the course lives, for the Colab badges and install cells of the notebooks.

``REPOSITORY`` is the one setting: ``make stamp REPO=owner/name`` (see
:mod:`helpers.stamp`) rewrites it here and in every notebook.
"""

from __future__ import annotations

REPOSITORY = "OWNER/REPO"
"""The public GitHub repository of the course, as ``owner/name``."""

BRANCH = "main"
PACKAGE = "spotify-popularity-course"
NOTEBOOK_FOLDER = "notebooks"


def colab_url(notebook: str, repository: str = REPOSITORY) -> str:
    """Address that opens ``notebook`` (a file name in ``notebooks/``) in Google Colab."""
    return f"https://colab.research.google.com/github/{repository}/blob/{BRANCH}/{NOTEBOOK_FOLDER}/{notebook}"


def colab_badge(notebook: str, repository: str = REPOSITORY) -> str:
    """Markdown for the "Open in Colab" badge of ``notebook``."""
    return (
        "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        f"({colab_url(notebook, repository)})"
    )


def install_requirement(repository: str = REPOSITORY) -> str:
    """The pip requirement that installs the course package from GitHub (used in Colab)."""
    return f"{PACKAGE} @ git+https://github.com/{repository}@{BRANCH}"


def setup_cell_source(repository: str = REPOSITORY) -> str:
    """Source of the set-up cell that opens every notebook.

    Colab already has TensorFlow, pandas, scikit-learn and the plotting libraries, so
    the cell installs only the course package (without its dependencies, keeping
    Colab's own TensorFlow build) and pooch, which downloads the data set.
    """
    return (
        "# Set-up: in Google Colab, install the course package (the helpers) and pooch;\n"
        "# Colab has the other libraries. In JupyterLab, `make setup` did all this.\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        "    import subprocess\n"
        "\n"
        '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pooch>=1.8"], check=True)\n'
        "    subprocess.run(\n"
        f'        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "{install_requirement(repository)}"],\n'
        "        check=True,\n"
        "    )"
    )
