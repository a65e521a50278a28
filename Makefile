# Waymark developer commands. The README's two: `make run` and `make test`.
# The work is done by the stdlib-only Python scripts in scripts/ (see their docstrings).

SHELL := /bin/sh
PY := sh scripts/python.sh

.DEFAULT_GOAL := help
.PHONY: help run test lint pytest fuzz frontend e2e bootstrap services check-tooling fmt clean

help: ## list the commands
	@echo "Waymark - make <command>:"
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z0-9-]+):.*## (.*)/  \1\t\2/' | expand -t 14

run: ## install what is missing, start Postgres + Redis + API + worker on http://127.0.0.1:8000
	@$(PY) -m scripts.run

test: ## every check: lint, types, pytest, API fuzzer, frontend, browser e2e (TEST_ARGS=--one-lane)
	@$(PY) -m scripts.test $(TEST_ARGS)

lint: ## ruff, ruff format --check, mypy, lint-imports, schema drift
	@$(PY) -m scripts.test --only lint

pytest: ## pytest against throwaway Postgres + Redis (extra args: PYTEST_ARGS="-k x")
	@$(PY) -m scripts.test --only pytest

fuzz: ## the OpenAPI fuzzer (schemathesis) against a real API process (WAYMARK_FUZZ_SECONDS)
	@$(PY) -m scripts.test --only fuzz

frontend: ## frontend typecheck, lint, types drift, vitest, build
	@$(PY) -m scripts.test --only frontend

e2e: ## build the SPA and run the Playwright tests against a throwaway stack (E2E_ARGS="tests/x.spec.ts")
	@$(PY) -m scripts.test --only frontend,e2e

bootstrap: ## only install what is missing (.venv, node_modules, system packages)
	@$(PY) -m scripts.bootstrap

services: ## only start the private Postgres + Redis of `make run` (prints the URLs)
	@$(PY) -m scripts.localstack

check-tooling: ## self-check of the private Postgres/Redis helper (start, reuse, signals)
	@$(PY) -m scripts.check_localstack

fmt: ## format and auto-fix Python (ruff) and the frontend (biome)
	@$(PY) -m scripts.bootstrap
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
	cd frontend && npm run format

clean: ## remove .venv, node_modules, frontend/dist, stamps and caches (keeps .data)
	rm -rf .venv frontend/node_modules e2e/node_modules frontend/dist .stamps .test-logs \
		.mypy_cache .ruff_cache .pytest_cache e2e/test-results
