# Two commands: `make run` (index the sample corpus, serve the UI) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= data/events.sqlite3
SOURCE ?= tests/data/releases
HOST   ?= 127.0.0.1
PORT   ?= 8000

ES_NODES ?= 1
ES_URL  ?= http://127.0.0.1:9201/events

.PHONY: run run-es test setup chromium java es-node es-stop axe

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,serve]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/python -m indexer run --source $(SOURCE) --store $(STORE) -v
	EVENTS_WARM_UP=1 $(BIN)/python -m webui --store $(STORE) --host $(HOST) --port $(PORT)

# A real Elasticsearch 8.19.2 from Maven Central on 127.0.0.1, no Docker (es-node/README.md).
es-node: java
	$(PYTHON) es-node/esnode.py start --nodes $(ES_NODES)

es-stop:
	$(PYTHON) es-node/esnode.py stop --nodes $(ES_NODES)

# The same as `run`, on Elasticsearch: start the node, index the sample corpus into it, serve the UI.
run-es: setup es-node
	$(BIN)/python -m indexer run --source $(SOURCE) --store $(ES_URL) -v
	$(BIN)/python -m webui --store $(ES_URL) --host $(HOST) --port $(PORT)

# The Elasticsearch tests start nodes themselves and need a JDK and Maven; install them when we can (root).
java:
	@(command -v javac >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1) || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jdk-headless maven)

# Browser tests drive Debian's Chromium; install it when we can (root), else they skip.
chromium:
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

# axe-core for the accessibility tests, pinned in tests/browser/package.json (they skip without it).
axe: tests/browser/node_modules/axe-core/axe.min.js
tests/browser/node_modules/axe-core/axe.min.js: tests/browser/package.json tests/browser/package-lock.json
	command -v npm >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm)
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund && touch $@; \
	 else echo "npm is not installed: the accessibility tests will skip"; fi

test: setup chromium java axe
	$(BIN)/python -m pytest
