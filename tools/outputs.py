"""Re-record the committed notebooks' outputs: execute each in place, in order, from a clean state.

Use it (``make outputs``) after a deliberate change to a notebook, the helpers or a
default, then review the diff and commit. Run for every notebook, it first deletes
``notebooks/artifacts`` (the models notebooks save for later ones), so every notebook
runs as on a fresh machine; it then executes each notebook top to bottom in a fresh
kernel, in the ``notebooks`` folder, and writes it back with its new outputs.

Usage: ``python -m tools.outputs`` (every notebook) or ``python -m tools.outputs 03 04``
(only those, reusing the models that earlier notebooks saved in ``notebooks/artifacts``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools.course_files import ROOT, notebooks


TENSORFLOW_LOG = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IWE]\d{4} [\d:. ]+\d+ [\w.]+:\d+\] .*"
    r"|To enable the following instructions: .*)\n?", re.MULTILINE)
"""TensorFlow's C++ start-up lines on stderr, which even TF_CPP_MIN_LOG_LEVEL=3 does not silence in
recent versions: noise in a committed notebook (nbval never compares stderr)."""


def drop_tensorflow_log_lines(notebook: nbformat.NotebookNode) -> None:
    """Remove TensorFlow's C++ log lines from the stderr outputs, and outputs left empty."""
    for cell in notebook.cells:
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                output["text"] = TENSORFLOW_LOG.sub("", output["text"])
                if not output["text"].strip():
                    continue
            kept.append(output)
        if cell.cell_type == "code":
            cell.outputs = kept


def execute_in_place(path: Path) -> float:
    """Execute the notebook at ``path`` top to bottom and save it; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(
        notebook, timeout=None, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    drop_tensorflow_log_lines(notebook)
    nbformat.write(notebook, path)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="notebook number prefixes, e.g. 03 04 (default: all)")
    args = parser.parse_args(argv)
    chosen = [path for path in notebooks() if not args.only or path.name.startswith(tuple(args.only))]
    if not args.only:
        shutil.rmtree(ROOT / "notebooks" / "artifacts", ignore_errors=True)
    for path in chosen:
        print(f"executing {path.name} ...", flush=True)
        print(f"  done in {execute_in_place(path):.0f} s", flush=True)


if __name__ == "__main__":
    main()
