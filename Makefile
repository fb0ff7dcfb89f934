# One-command entry points for the course. Targets that need Python build the virtual
# environment first (once; a stamp file makes later runs instant).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOWER := .venv-lower
# Python 3.10, the lowest version pyproject.toml declares (pyenv's copy if there is one).
LOWER_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10.*/bin/python3.10) python3.10)
# nbgrader calls the `alembic` program, so the environment's bin folder goes first on PATH.
export PATH := $(abspath $(BIN)):$(PATH)

# Parameters for `make run` (empty: the notebooks' own defaults).
THRESHOLDS ?=
SEED ?=
EPOCHS ?=
# Public GitHub repository (owner/name) for `make stamp`.
REPO ?=
# For `make spread`: a name for the run, and environment settings or a command prefix to run it under.
NAME ?=
SETTING ?=

PYTEST := $(BIN)/python -m pytest --nbval --nbval-current-env

.PHONY: setup run test unit notebooks test-lower outputs export spread student stamp lab clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

## Run the course: execute every notebook with papermill into runs/<setting>/ (the committed notebooks stay as they are).
run: $(STAMP)
	$(BIN)/python -m tools.run_course \
		$(if $(THRESHOLDS),--thresholds $(THRESHOLDS)) $(if $(SEED),--seed $(SEED)) $(if $(EPOCHS),--epochs $(EPOCHS))

## Every test CI runs: unit tests, the notebooks (nbval), the course's other runs, and, alongside them (it needs
## mostly the network and one core), the lower-bound environment; its log is printed at the end.
test: $(STAMP)
	@$(MAKE) --no-print-directory test-lower > test-lower.log 2>&1 & lower=$$!; \
	$(PYTEST) tests notebooks; main=$$?; \
	wait $$lower; status=$$?; echo "--- make test-lower (ran alongside), exit $$status:"; cat test-lower.log; \
	test $$main -eq 0 -a $$status -eq 0

## Unit tests only (about a minute).
unit: $(STAMP)
	$(BIN)/python -m pytest tests -m "not course_run"

## The notebooks only, re-executed and compared with their committed outputs.
notebooks: $(STAMP)
	$(PYTEST) notebooks

## The unit tests and notebook 07 in a second environment with every dependency at its lowest declared version.
test-lower:
	test -x $(LOWER)/bin/python || $(LOWER_PYTHON) -m venv $(LOWER)
	$(LOWER)/bin/python -m pip install --quiet --upgrade pip
	$(LOWER)/bin/python -m pip install --quiet -c constraints-lower.txt -e ".[lower]"
	$(LOWER)/bin/python -m pytest tests -m "not course_run" -p no:nbval
	$(LOWER)/bin/python -m tools.run_course --only 07 --epochs 2 --output runs/lower-bounds

## Re-record the committed notebooks' outputs (after a deliberate change): execute each in place, in order, from a clean state.
outputs: $(STAMP)
	$(BIN)/python -m tools.outputs

## Write the helpers modules made from the notebooks' cells marked `#@save helpers.X`, and the exercises' answers
## (tools/export.py; tests/test_export.py fails while they are out of date).
export: $(STAMP)
	$(BIN)/python -m tools.export

## How far the outputs move under another setting (the README's spread table), e.g.
## make spread NAME=avx2 SETTING="ONEDNN_MAX_CPU_ISA=AVX2"   or   make spread NAME=one-core SETTING="taskset -c 0"
spread: $(STAMP)
	@test -n "$(NAME)" || { echo 'usage: make spread NAME=avx2 SETTING="ONEDNN_MAX_CPU_ISA=AVX2"'; exit 2; }
	rm -rf runs/spread/$(NAME)
	env $(SETTING) $(BIN)/python -m tools.run_course --output runs/spread/$(NAME)
	$(BIN)/python -m tools.spread runs/spread/$(NAME)

## Write student copies (solutions cleared by nbgrader's own preprocessors) to student/.
student: $(STAMP)
	$(BIN)/python -m tools.student notebooks student

## Point the Colab badges and set-up cells at the public repository: make stamp REPO=owner/name
stamp: $(STAMP)
	@test -n "$(REPO)" || { echo "usage: make stamp REPO=owner/name"; exit 2; }
	$(BIN)/python -m tools.headers --stamp $(REPO)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) $(LOWER) runs student notebooks/artifacts *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
