# Two commands: `make run` (index the sample corpus, serve the UI) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= data/events.sqlite3
SOURCE ?= tests/data/releases
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test setup chromium

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,serve]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/python -m indexer run --source $(SOURCE) --store $(STORE) -v
	EVENTS_WARM_UP=1 $(BIN)/python -m webui --store $(STORE) --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium; install it when we can (root), else they skip.
chromium:
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

test: setup chromium
	$(BIN)/python -m pytest
