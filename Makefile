# The two commands of the README: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint

# The environment is rebuilt when a requirements file changes.
$(VENV)/installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

demo: $(VENV)/installed
	$(BIN)/scrapy crawl independent -a fixtures=samples/ -s NEWSBOT_REEMIT=True
	@echo "Feed written: $$(ls -t output/independent/2*.jsonl | head -n 1)"

test: $(VENV)/installed
	$(BIN)/ruff check newsbot tests bench
	$(BIN)/python -m pytest

lint: $(VENV)/installed
	$(BIN)/ruff format --check newsbot tests bench
	$(BIN)/ruff check newsbot tests bench
