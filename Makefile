# Two commands on a fresh machine with Python 3.11 + pip: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Fully offline at run time: no hub downloads, no analytics, no telemetry.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: run test bench install index

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# NOTE: torch is installed first and pinned: the CPU build lies on the machine's disk; a bare
# requirement would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e ".[st,test]"
	touch $(STAMP)

install: $(STAMP)

index: $(STAMP)
	$(BIN)/budget-qa index

# The chat UI and HTTP API on http://127.0.0.1:7860 (the retrieval index is built on first use and cached).
run: $(STAMP)
	$(BIN)/budget-qa serve

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m eval.bench_parse
	$(BIN)/python -m tools.bench
	$(BIN)/python -m eval.bench_library
	$(BIN)/python -m eval.retrieval_bench
	$(BIN)/python -m eval.bench_assistant
	$(BIN)/python -m eval.load_bench --clients 20 --duration 60
