"""Write the header cells every notebook shares, from one place; stamp the repository address.

Every notebook opens with its own title cell, then these generated cells:

- ``badge``: the "Open in Colab" badge and the data credit;
- ``setup``: the set-up cell (in Colab it installs the course's helpers from GitHub);
- ``parameters-help`` and ``parameters``: the parameters the notebook declares, with
  their defaults from :data:`helpers.course.PARAMETERS` (the cell papermill replaces);
- ``checked-parameters``: the call that checks and normalises them.

Each generated cell carries ``metadata.course_header`` with its role, so running
this again replaces them. The repository address lives in ``course.json`` (data,
not code): ``make stamp REPO=owner/name`` writes it there and regenerates the
headers and the README's Colab links.

Usage: ``python -m tools.headers`` (regenerate), ``python -m tools.headers --stamp owner/name``.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import nbformat

from helpers.course import NOTEBOOK_PARAMETERS, PARAMETERS
from tools.course_files import ROOT, notebooks

REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
LINKS_START, LINKS_END = "<!-- colab-links -->", "<!-- /colab-links -->"


def settings(root: Path = ROOT) -> dict[str, Any]:
    """The course's settings: ``repository`` (``owner/name``, or ``null`` before stamping) and ``branch``."""
    return json.loads((root / "course.json").read_text())


def colab_url(notebook: str, repository: str, branch: str) -> str:
    return f"https://colab.research.google.com/github/{repository}/blob/{branch}/notebooks/{notebook}"


def badge_source(notebook: str, repository: str | None, branch: str) -> str:
    if repository:
        badge = (f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
                 f"({colab_url(notebook, repository, branch)})")
    else:
        badge = "*(No Colab badge yet: the course's GitHub address is set with `make stamp REPO=owner/name`.)*"
    return (f"{badge}\n\n*Data: the Spotify Tracks Dataset by Maharshi Pandya "
            "([Hugging Face](https://huggingface.co/datasets/maharshipandya/spotify-tracks-dataset), "
            "also on Kaggle). Thanks to the author for sharing it.*")


def setup_source(repository: str | None, branch: str) -> str:
    if repository:
        colab = (
            '    import subprocess\n\n'
            '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",\n'
            f'                    "git+https://github.com/{repository}@{branch}"], check=True)\n'
            '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pooch>=1.8"], check=True)'
        )
    else:
        colab = (
            '    raise RuntimeError("This copy of the course does not name its GitHub repository, so Colab cannot "\n'
            '                       "install its helpers: open the notebook from the published course "\n'
            '                       "(maintainers: run `make stamp REPO=owner/name` once).")'
        )
    return (
        "# Set-up. In Google Colab this installs the course's helpers; in JupyterLab they are installed already.\n"
        "import os\n"
        "import sys\n\n"
        'os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # fewer TensorFlow log lines\n'
        'if "google.colab" in sys.modules:\n'
        f"{colab}"
    )


def parameters_help(names: tuple[str, ...]) -> str:
    lines = "\n".join(f"- `{name}`: {PARAMETERS[name].explanation}." for name in names)
    return ("## Parameters\n\nChange them in the next cell and run the notebook again, or run the whole course "
            'with other values from a terminal (`make run THRESHOLDS="25 50 75"`, see the README).\n\n' + lines)


def parameters_source(names: tuple[str, ...]) -> str:
    lines = []
    for name in names:
        parameter = PARAMETERS[name]
        value = repr(parameter.default)
        lines.append(f"{name} = {value}  # {parameter.comment}")
    return "\n".join(lines)


def checked_source(names: tuple[str, ...]) -> str:
    targets = ", ".join(names)
    arguments = ", ".join(f"{name}={name}" for name in names)
    return ("from helpers.course import checked_parameters\n\n"
            f"{targets} = checked_parameters({arguments})  # checks them, and turns lists into tuples")


def _cell(kind: str, role: str, source: str, **metadata: Any) -> nbformat.NotebookNode:
    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = make(source)
    cell.metadata.update({"course_header": role, **metadata})
    return cell


def header_cells(notebook: str, repository: str | None, branch: str = "main") -> list[nbformat.NotebookNode]:
    """The generated cells that follow the title cell of ``notebook`` (a file name)."""
    names = NOTEBOOK_PARAMETERS[Path(notebook).stem]
    locked = {"grade": False, "solution": False, "locked": True, "schema_version": 3}
    return [
        _cell("markdown", "badge", badge_source(notebook, repository, branch)),
        _cell("code", "setup", setup_source(repository, branch), deletable=False, editable=False,
              nbgrader={**locked, "grade_id": "setup"}),
        _cell("markdown", "parameters-help", parameters_help(names)),
        _cell("code", "parameters", parameters_source(names), tags=["parameters"]),
        _cell("code", "checked-parameters", checked_source(names), deletable=False, editable=False,
              nbgrader={**locked, "grade_id": "checked-parameters"}),
    ]


def apply_headers(path: Path, repository: str | None, branch: str = "main") -> bool:
    """Replace the header cells of the notebook at ``path``; return whether the file changed."""
    text = path.read_text(encoding="utf-8")
    notebook = nbformat.reads(text, as_version=4)
    old = {cell.metadata["course_header"]: cell for cell in notebook.cells if "course_header" in cell.metadata}
    body = [cell for cell in notebook.cells if "course_header" not in cell.metadata]
    new = header_cells(path.name, repository, branch)
    for cell in new:  # keep what running the notebook recorded, so `make outputs` is not needed
        previous = old.get(cell.metadata["course_header"])
        if cell.cell_type == "code" and previous is not None:
            cell.execution_count, cell.outputs = previous.execution_count, previous.outputs
        if previous is not None and "id" in previous:
            cell["id"] = previous["id"]
    notebook.cells = body[:1] + new + body[1:]
    updated = nbformat.writes(notebook) + "\n"
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        return True
    return False


def readme_links(names: list[str], repository: str | None, branch: str) -> str:
    if not repository:
        return "Colab links appear here once the repository is stamped (`make stamp REPO=owner/name`)."
    return " ·\n".join(f"[{name[:2]}]({colab_url(name, repository, branch)})" for name in names)


def apply_readme(root: Path, repository: str | None, branch: str) -> bool:
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(LINKS_START) + ".*?" + re.escape(LINKS_END), re.DOTALL)
    links = readme_links([path.name for path in notebooks(root)], repository, branch)
    updated = pattern.sub(lambda _: f"{LINKS_START}\n{links}\n{LINKS_END}", text)
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
        return True
    return False


def regenerate(root: Path = ROOT) -> list[Path]:
    """Rewrite every notebook's header cells and the README's links from ``course.json``; return what changed."""
    current = settings(root)
    changed = [path for path in notebooks(root) if apply_headers(path, current["repository"], current["branch"])]
    if apply_readme(root, current["repository"], current["branch"]):
        changed.append(root / "README.md")
    return changed


def stamp(repository: str, root: Path = ROOT) -> list[Path]:
    """Record the public repository (``owner/name``) in ``course.json`` and regenerate the headers."""
    if not REPOSITORY.match(repository):
        raise ValueError(f"Give the repository as owner/name, e.g. my-org/spotify-course; got {repository!r}.")
    current = settings(root)
    current["repository"] = repository
    (root / "course.json").write_text(json.dumps(current, indent=2) + "\n")
    return [root / "course.json", *regenerate(root)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stamp", metavar="OWNER/NAME", help="record the public GitHub repository first")
    args = parser.parse_args()
    changed = stamp(args.stamp) if args.stamp else regenerate()
    for path in changed:
        print(f"updated {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
