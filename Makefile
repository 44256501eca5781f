# The map of what a person can run here; `make help` lists it.
# `make build` and `make test` each create .venv and install the pinned
# requirements when needed, so on a fresh machine they are the only commands.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
# Build the demo data by default; `make build RAW_DIR=/path/to/export` reads
# <source>.csv / <source>.parquet files (or <source>/ folders) from there.
RAW_DIR ?=
# `make build` adds the raw files that are new since the last build to the
# published warehouse; `make build FULL_REFRESH=1` rebuilds it from all of them.
FULL_REFRESH ?=
WAREHOUSE ?= $(CURDIR)/warehouse/loyalty.duckdb
TEST_WAREHOUSE ?= $(CURDIR)/warehouse/test.duckdb
# Paths reach dbt and the scripts through the environment, never through the
# shell's parsing: a space, a quote or a `$(...)` in a folder name stays text.
export LOYALTY_RAW_DIR := $(if $(RAW_DIR),$(RAW_DIR),$(CURDIR)/data/demo)
export LOYALTY_BUILD_WAREHOUSE := $(WAREHOUSE)
DBT := $(CURDIR)/$(BIN)/dbt
DBT_FLAGS := --profiles-dir $(CURDIR) --project-dir $(CURDIR)

.DEFAULT_GOAL := help
.PHONY: help install install-browser report integration-tests install-engines test-engines ci build test lint dbt-test gx gx-docs pytest demo-data benchmark-data benchmark scale-check cdnow-check docs clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-15s %s\n", $$1, $$2}'

install: $(VENV)/.installed ## Create .venv and install the pinned requirements

$(VENV)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

install-browser: ## Install Debian's Chromium when missing (the report and docs browser checks)
	scripts/ensure_chromium.sh

ENGINES_VENV ?= .venv-engines

install-engines: $(ENGINES_VENV)/.installed ## Create .venv-engines with the PostgreSQL and Spark adapters

$(ENGINES_VENV)/.installed: requirements.txt requirements-engines.txt
	@test -x $(ENGINES_VENV)/bin/python || $(PYTHON) -m venv $(ENGINES_VENV)
	$(ENGINES_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-engines.txt
	@touch $@

test-engines: install-engines ## Build the fixtures on DuckDB, PostgreSQL and Spark; compare every mart
	ENGINES_PYTHON=$(ENGINES_VENV)/bin/python scripts/engines/test_engines.sh

# A production build: every seed, model and data test. Unit tests do not
# depend on the data and the macro proofs are disabled outside the test
# suite (var loyalty_macro_tests); `make test` runs both.
build: install ## Build the whole warehouse (default: bundled demo data) with every data test, and print a summary
	$(BIN)/python scripts/build.py --warehouse "$$LOYALTY_BUILD_WAREHOUSE" $(if $(FULL_REFRESH),--full-refresh) -- $(DBT_FLAGS) --exclude resource_type:unit_test
	$(BIN)/python scripts/summary.py "$$LOYALTY_BUILD_WAREHOUSE"

ci: test scale-check test-engines ## The whole test suite, as CI runs it: make test, make scale-check, make test-engines
	@echo "make ci: all checks passed on DuckDB (demo and 100k customers), PostgreSQL and Spark"

test: install lint dbt-test gx integration-tests pytest ## Lint, dbt build with all data and unit tests, Great Expectations, the package in a second project, pytest
	@echo "make test: all checks passed"

LINT_TARGET := $(CURDIR)/target/lint
lint: install ## sqlfluff on models, tests and analyses, and on the compiled models (the SQL macros write); ruff on Python
	$(BIN)/ruff check scripts python_checks engine_checks gx
	LOYALTY_WAREHOUSE=$(TEST_WAREHOUSE) $(BIN)/sqlfluff lint models analyses tests --processes 2
	rm -rf $(LINT_TARGET)
	LOYALTY_WAREHOUSE=$(TEST_WAREHOUSE) $(DBT) compile $(DBT_FLAGS) --quiet --target-path $(LINT_TARGET) \
		--vars '{raw_dir: "$(CURDIR)/data/demo", loyalty_macro_tests: true}'
	@# Model files only: compiled data tests sit in folders named after their YAML file;
	@# int_ltv_fit compiles to 1.3 MB of generated SQL, past the parse-node limit (.sqlfluffignore).
	find $(LINT_TARGET)/compiled/loyalty/models -name '*.sql' -not -path '*.yml/*' -not -name int_ltv_fit.sql -print0 \
		| xargs -0 $(BIN)/sqlfluff lint --config .sqlfluff-compiled --disregard-sqlfluffignores --processes 2

dbt-test: install ## dbt build (models, seeds, data tests, unit tests) on the demo data
	LOYALTY_WAREHOUSE=$(TEST_WAREHOUSE) $(DBT) build $(DBT_FLAGS) --vars '{raw_dir: "$(CURDIR)/data/demo", loyalty_macro_tests: true}'

# integration_tests/ is a second dbt project that installs this one as a
# package (local path) and builds it from its own tables; its tests hold
# hand-computed expectations for the marts and the macros.
IT_DIR := $(CURDIR)/integration_tests
IT_FLAGS := --profiles-dir $(IT_DIR) --project-dir $(IT_DIR) --target-path $(IT_DIR)/target --log-path $(IT_DIR)/logs
integration-tests: install ## Build integration_tests/, a project using this one as a package, with its expected values
	rm -f $(IT_DIR)/target/integration.duckdb
	cd $(IT_DIR) && $(DBT) deps --profiles-dir $(IT_DIR) --project-dir $(IT_DIR) --quiet
	@# Linted with the repository's rules (integration_tests/.sqlfluff points the dbt templater at it).
	cd $(IT_DIR) && LOYALTY_IT_WAREHOUSE=$(IT_DIR)/target/integration.duckdb $(CURDIR)/$(BIN)/sqlfluff lint models tests
	cd $(IT_DIR) && LOYALTY_IT_WAREHOUSE=$(IT_DIR)/target/integration.duckdb $(DBT) seed $(IT_FLAGS) --quiet
	cd $(IT_DIR) && LOYALTY_IT_WAREHOUSE=$(IT_DIR)/target/integration.duckdb $(DBT) build $(IT_FLAGS) --quiet --exclude resource_type:unit_test
	@# Again with every optional domain switched off, from the same tables
	@# found through raw_database: only the core marts may be built.
	rm -f $(IT_DIR)/target/integration_core.duckdb
	cd $(IT_DIR) && LOYALTY_IT_WAREHOUSE=$(IT_DIR)/target/integration_core.duckdb $(DBT) seed $(IT_FLAGS) --quiet
	cd $(IT_DIR) && LOYALTY_IT_WAREHOUSE=$(IT_DIR)/target/integration_core.duckdb $(DBT) build $(IT_FLAGS) --quiet --exclude resource_type:unit_test \
		--vars '{raw_database: integration_core, loyalty__using_surveys: false, loyalty__using_subscriptions: false, loyalty__using_loyalty: false, loyalty__using_programs: false, loyalty__using_ltv: false}'

gx: install ## Great Expectations suites on the marts of the test warehouse
	$(BIN)/python gx/run_checkpoints.py $(TEST_WAREHOUSE) --manifest target/manifest.json

gx-docs: install ## Render the Great Expectations data-docs site for the built warehouse
	$(BIN)/python gx/run_checkpoints.py "$$LOYALTY_BUILD_WAREHOUSE" --data-docs --manifest target/manifest.json

pytest: install install-browser ## pytest: builds fixture warehouses and checks marts against hand-computed expectations
	$(BIN)/python -m pytest python_checks -q -n 2 --dist loadfile --durations=10

demo-data: install ## Regenerate the bundled demo data (deterministic)
	$(BIN)/python scripts/generate_demo_data.py --out data/demo

benchmark-data: install ## Generate the 100,000- and 1,000,000-customer benchmark data sets as Parquet
	$(BIN)/python scripts/generate_demo_data.py --customers 100000 --format parquet --out benchmarks/data/100k
	$(BIN)/python scripts/generate_demo_data.py --customers 1000000 --format parquet --out benchmarks/data/1m

benchmark: install ## Time the full dbt build at 100k and 1M customers: wall, peak memory, slowest models, growth (JSON in benchmarks/results)
	$(BIN)/python scripts/benchmark.py

scale-check: install ## Build 100,000 generated customers twice (2 DuckDB threads; 8 spilling to disk) with every data test; all tables must match
	$(BIN)/python scripts/scale_check.py

cdnow-check: install ## Predicted vs actual purchases on the full CDNOW log (as_of 1997-09-30, 273 days)
	$(BIN)/python scripts/cdnow_holdout.py

report: install ## Write warehouse/report.html: the loyalty report from the built warehouse, one self-contained page
	$(BIN)/python scripts/report.py --warehouse "$$LOYALTY_BUILD_WAREHOUSE" --out $(CURDIR)/warehouse/report.html

docs: install ## Generate and serve the dbt docs site
	LOYALTY_WAREHOUSE="$$LOYALTY_BUILD_WAREHOUSE" $(DBT) docs generate $(DBT_FLAGS)
	LOYALTY_WAREHOUSE="$$LOYALTY_BUILD_WAREHOUSE" $(DBT) docs serve $(DBT_FLAGS)

clean: ## Remove build output (target/, logs/, warehouse files); keeps .venv
	rm -rf target logs integration_tests/target integration_tests/logs integration_tests/dbt_packages warehouse/*.duckdb warehouse/*.wal warehouse/spark gx/uncommitted derby.log
