# One-command entry points for the course. Every target that needs Python builds
# the virtual environment first (once; a stamp file makes re-runs instant).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Parameters for `make run` (empty means the notebooks' own defaults).
THRESHOLDS ?=
SEED ?=
EPOCHS ?=
# Public GitHub repository (owner/name) for `make stamp`.
REPO ?=

# TensorFlow's C++ log lines are noise for students and break nbval's comparison.
export TF_CPP_MIN_LOG_LEVEL := 3

.PHONY: setup test unit notebooks run lab student stamp clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Run every test: unit tests, then each notebook re-executed and compared by nbval.
test: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg -v

## Unit tests only (fast).
unit: $(STAMP)
	$(BIN)/python -m pytest tests

## Execute the whole series with papermill into runs/<setting>/; the committed notebooks stay as they are.
run: $(STAMP)
	$(BIN)/python -m helpers.run_course \
		$(if $(THRESHOLDS),--thresholds $(THRESHOLDS)) \
		$(if $(SEED),--seed $(SEED)) \
		$(if $(EPOCHS),--epochs $(EPOCHS))

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## Write student copies (solutions replaced by placeholders) to student/.
student: $(STAMP)
	$(BIN)/python -m helpers.student notebooks student

## Point the Colab badges and install cells at the public repository: make stamp REPO=owner/name
stamp: $(STAMP)
	@test -n "$(REPO)" || { echo "usage: make stamp REPO=owner/name"; exit 2; }
	$(BIN)/python -m helpers.stamp $(REPO)

clean:
	rm -rf $(VENV) runs student notebooks/artifacts *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
