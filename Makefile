# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test unit install jdk neo4j chromium lint

# The interop extra's followthemoney builds PyICU from source: Debian's ICU headers,
# pkg-config and a C++ compiler first, when missing.
$(STAMP): pyproject.toml
	@{ dpkg -s libicu-dev pkg-config g++ >/dev/null 2>&1; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,interop,bench]'
	touch $(STAMP)

install: $(STAMP)

# Neo4j 5.26 runs on Java 17 or 21, and its jars come from Maven Central through Maven
# (graph_service/neo4j_local.py): Debian's OpenJDK 17 and Maven, when missing.
jdk:
	@{ java -version 2>&1 | grep -Eq 'version "(17|21)[."]' && command -v mvn >/dev/null; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq openjdk-17-jre-headless maven >/dev/null; }

neo4j: install jdk
	$(BIN)/graph-service neo4j start

# Debian's Chromium drives the explorer's browser tests (Playwright's own download fails here).
chromium:
	@dpkg -s chromium fonts-wqy-microhei >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

run: neo4j
	$(BIN)/graph-service load loaders/demo
	$(BIN)/graph-service serve --host 127.0.0.1 --port 8000

# PYTEST_ARGS: e.g. the coverage options .ci/run passes.
test: install jdk chromium
	$(BIN)/pytest $(PYTEST_ARGS)  # on a Neo4j of its own (tests/private_neo4j.py), never the service's

# The tests that need no server (and the doctests of the rules and analytics).
unit: install
	$(BIN)/pytest tests/unit graph_service/rules graph_service/analytics

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
