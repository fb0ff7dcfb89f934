"""The README tells the truth about the repository: its first commands, CI's command, its map of the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def layout() -> str:
    return README.split("## Layout", 1)[1]


def test_the_readme_starts_with_the_run_and_the_test_command() -> None:
    first_block = re.search(r"```bash\n(.*?)```", README, re.DOTALL)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.MULTILINE)


@pytest.mark.parametrize("folder", ["helpers", "helpers/exercises", "tools"])
def test_the_layout_names_every_module(folder: str) -> None:
    modules = {path.name for path in (ROOT / folder).glob("*.py") if path.name != "__init__.py"}
    if folder == "helpers/exercises":  # listed as a range: nb01.py ... nb08.py
        modules = {name for name in modules if not re.fullmatch(r"nb\d\d\.py", name)}
    missing = sorted(name for name in modules if name not in layout())
    assert not missing, f"README.md's Layout section does not mention {missing}"


def test_the_layout_names_every_make_target() -> None:
    targets = re.search(r"^\.PHONY: (.*)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert targets is not None
    listed = re.search(r"^Makefile\s+(.*)$", layout(), re.MULTILINE)
    assert listed is not None
    assert listed.group(1).split(", ") == targets.group(1).split()
