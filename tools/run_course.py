"""Execute the notebook series with other parameters, with papermill (``make run``).

Usage: ``python -m tools.run_course --thresholds 25 50 75 --seed 7 --epochs 50``
(``make run THRESHOLDS="25 50 75" SEED=7 EPOCHS=50``). The executed notebooks, and the
models they save, go to ``runs/<setting>/``; the committed notebooks are left as they
are. Each notebook gets only the parameters its parameters cell declares; parameters
not given keep the course's defaults.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any, Sequence

import papermill

from helpers.course import checked_parameters
from tools.course_files import ROOT, notebooks, numbered_notebooks


def run_name(parameters: dict[str, Any]) -> str:
    """A folder name for a setting, e.g. ``thresholds-25-50-75_seed-7``; ``defaults`` when there is none."""
    parts = []
    for name, value in parameters.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        parts.append("-".join([name.lower(), *(f"{v:g}" if isinstance(v, float) else str(v) for v in values)]))
    return "_".join(parts) or "defaults"


def run_course(parameters: dict[str, Any], output: Path | None = None, only: Sequence[str] = (),
               notebook_paths: Sequence[Path] | None = None) -> Path:
    """Execute the notebooks (in order) with ``parameters`` into ``output`` (default ``runs/<setting>/``).

    ``only`` keeps the notebooks whose names start with one of its items. The kernel
    runs in the output folder, so the models a notebook saves stay with that run.
    """
    checked_parameters(**parameters)  # fail early, with the course's own message
    paths = [p for p in (notebooks() if notebook_paths is None else notebook_paths)
             if not only or p.name.startswith(tuple(only))]
    if not paths:
        raise FileNotFoundError(f"No notebooks to run (only={list(only)}).")
    output = output or ROOT / "runs" / run_name(parameters)
    output.mkdir(parents=True, exist_ok=True)
    for path in paths:
        declared = papermill.inspect_notebook(str(path))
        given = {name: value for name, value in parameters.items() if name in declared}
        started = time.perf_counter()
        print(f"running {path.name} with {given or 'its defaults'} ...", flush=True)
        papermill.execute_notebook(str(path), str(output / path.name), parameters=given, cwd=str(output),
                                   progress_bar=False, kernel_name="python3")
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    return output


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", type=float, nargs="+", help="popularity cut points, e.g. 25 50 75")
    parser.add_argument("--seed", type=int, help="seed of the split and the models")
    parser.add_argument("--epochs", type=int, help="the most epochs a network trains")
    parser.add_argument("--only", nargs="*", default=(), help="notebook number prefixes, e.g. 01 02")
    parser.add_argument("--output", type=Path, help="folder for the executed notebooks (default runs/<setting>)")
    parser.add_argument("--source", type=Path, help="folder of the notebooks to run (default notebooks/)")
    args = parser.parse_args(argv)
    parameters: dict[str, Any] = {}
    if args.thresholds:
        parameters["THRESHOLDS"] = [int(t) if float(t).is_integer() else t for t in args.thresholds]
    if args.seed is not None:
        parameters["SEED"] = args.seed
    if args.epochs is not None:
        parameters["EPOCHS"] = args.epochs
    paths = numbered_notebooks(args.source) if args.source else None
    output = run_course(parameters, args.output, args.only, paths)
    print(f"The executed notebooks are in {output}")


if __name__ == "__main__":
    main()
