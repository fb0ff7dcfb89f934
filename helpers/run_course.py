"""Execute the whole notebook series with other parameters, using papermill.

Usage: ``python -m helpers.run_course --thresholds 25 50 75 --seed 7 --epochs 50``
(or ``make run THRESHOLDS="25 50 75" SEED=7 EPOCHS=50``). The executed notebooks,
and the models they save, go to ``runs/<setting>/``; the committed notebooks are
left untouched. Parameters not given keep each notebook's own defaults.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any, Sequence

import papermill

from helpers.labels import validate_thresholds

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
RUNS = ROOT / "runs"


def run_parameters(
    thresholds: Sequence[float] | None = None, seed: int | None = None, epochs: int | None = None
) -> dict[str, Any]:
    """The parameters to inject, named as in the notebooks' parameters cells."""
    parameters: dict[str, Any] = {}
    if thresholds is not None:
        parameters["THRESHOLDS"] = list(validate_thresholds(tuple(thresholds)))
    if seed is not None:
        parameters["SEED"] = int(seed)
    if epochs is not None:
        if epochs < 1:
            raise ValueError(f"EPOCHS must be at least 1, got {epochs}.")
        parameters["EPOCHS"] = int(epochs)
    return parameters


def run_name(parameters: dict[str, Any]) -> str:
    """Folder name for a setting, e.g. ``thresholds-25-50-75_seed-7``; ``defaults`` if none."""
    parts = []
    for name, value in parameters.items():
        values = value if isinstance(value, list) else [value]
        parts.append("-".join([name.lower()] + [f"{v:g}" if isinstance(v, float) else str(v) for v in values]))
    return "_".join(parts) or "defaults"


def run_course(
    parameters: dict[str, Any],
    notebooks: Path = NOTEBOOKS,
    runs: Path = RUNS,
    only: Sequence[str] = (),
) -> Path:
    """Execute each notebook (in order) with ``parameters`` into ``runs/<setting>/``.

    Each notebook gets only the parameters its parameters cell declares. The
    kernel runs in the output folder, so saved models stay with that run.
    ``only`` restricts the run to notebooks whose names start with one of its items.
    """
    output = runs / run_name(parameters)
    output.mkdir(parents=True, exist_ok=True)
    paths = [p for p in sorted(notebooks.glob("[0-9]*.ipynb")) if not only or p.name.startswith(tuple(only))]
    if not paths:
        raise FileNotFoundError(f"No notebooks to run in {notebooks} (only={list(only)}).")
    for path in paths:
        declared = papermill.inspect_notebook(str(path))
        given = {name: value for name, value in parameters.items() if name in declared}
        started = time.perf_counter()
        print(f"running {path.name} with {given or 'its defaults'} ...", flush=True)
        papermill.execute_notebook(
            str(path), str(output / path.name), parameters=given, cwd=str(output), progress_bar=False
        )
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    return output


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Execute the course notebooks with other parameters.")
    parser.add_argument("--thresholds", type=float, nargs="+", help="popularity cut points, e.g. 25 50 75")
    parser.add_argument("--seed", type=int, help="seed for the split and the training")
    parser.add_argument("--epochs", type=int, help="the most epochs to train")
    parser.add_argument("--only", nargs="*", default=(), help="notebook name prefixes, e.g. 01 02")
    args = parser.parse_args(argv)
    thresholds = [int(t) if float(t).is_integer() else t for t in args.thresholds] if args.thresholds else None
    output = run_course(run_parameters(thresholds, args.seed, args.epochs), only=args.only)
    print(f"Executed notebooks are in {output}")


if __name__ == "__main__":
    main()
