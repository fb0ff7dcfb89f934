"""Point every notebook's Colab badge and install cell at the course's public repository.

Usage: ``python -m helpers.stamp owner/name`` (or ``make stamp REPO=owner/name``).
It replaces the repository currently named in :mod:`helpers.course` with the new
one, in every notebook and the README, then records the new one in
``helpers/course.py``. Notebook outputs are left as they are.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from helpers import course

ROOT = Path(__file__).resolve().parent.parent
REPOSITORY_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def stamp(repository: str, root: Path = ROOT) -> list[Path]:
    """Replace the current repository with ``repository``; return the files changed."""
    if not REPOSITORY_PATTERN.match(repository):
        raise ValueError(f"Give the repository as owner/name, e.g. my-org/spotify-course; got {repository!r}.")
    current = course.REPOSITORY
    old_links = (f"github/{current}/", f"github.com/{current}")
    new_links = (f"github/{repository}/", f"github.com/{repository}")
    changed = []
    for path in sorted((root / course.NOTEBOOK_FOLDER).glob("*.ipynb")) + [root / "README.md"]:
        text = path.read_text(encoding="utf-8")
        updated = text
        for old, new in zip(old_links, new_links):
            updated = updated.replace(old, new)
        if path.suffix == ".ipynb" and new_links[0] not in updated:
            raise RuntimeError(f"{path} has no Colab badge for {current}; add the standard header first.")
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            changed.append(path)
    settings = root / "helpers" / "course.py"
    source = settings.read_text(encoding="utf-8")
    settings.write_text(
        source.replace(f'REPOSITORY = "{current}"', f'REPOSITORY = "{repository}"'), encoding="utf-8"
    )
    changed.append(settings)
    course.REPOSITORY = repository
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repository", help="the public GitHub repository, as owner/name")
    args = parser.parse_args()
    for path in stamp(args.repository):
        print(f"stamped {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
