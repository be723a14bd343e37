# PTĐV — two commands on a fresh machine:
#   make run    install, migrate, load the demo data, serve http://127.0.0.1:$(PORT)
#   make test   install what the tests need and run the whole suite (lint included)
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PTDV := $(BIN)/ptdv
# The suite in one process per core (pytest-xdist), a test file's tests together; PYTEST_PARALLEL= runs it in one.
# The processes must collect the same tests in the same order: one hash seed for all (sets iterate alike).
PYTEST_PARALLEL ?= -n auto --dist loadfile
export PYTHONHASHSEED ?= 0

# The first Python >= 3.12: python3, python3.13, python3.12, then pyenv's installed versions (newest first).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.* 2>/dev/null | sort -t. -k2 -n -r | sed 's|$$|/bin/python3|'); do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    command -v $$p; break; fi; done)

.PHONY: run test test-db lint format install install-dev install-bench browser-deps document-deps demo messages lock bench \
	bench-national bench-load bench-report bench-pages clean help

help:
	@echo "make run   — cài đặt, tạo CSDL, nạp dữ liệu mẫu, chạy http://127.0.0.1:$(PORT)"
	@echo "make test  — cài đặt và chạy toàn bộ kiểm thử"

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Không tìm thấy Python >= 3.12 (đã thử python3, python3.13, python3.12 và pyenv)."; \
	  echo "No Python >= 3.12 found: install one (e.g. apt-get install python3.12 or pyenv install 3.13) and retry."; \
	  exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	@# without build isolation when the venv has setuptools (offline), else pip fetches the build backend: no error shown
	@if $(BIN)/python -c "import setuptools" 2>/dev/null; then \
	  $(BIN)/pip install --quiet --no-deps --no-build-isolation -e .; \
	else $(BIN)/pip install --quiet --no-deps -e .; fi
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed-base

# The benchmarks' own tools (locust, duckdb; requirements/bench.txt), installed by the bench-* targets only.
$(VENV)/.installed-bench: requirements/bench.txt $(VENV)/.installed-dev
	$(BIN)/pip install --quiet --require-hashes -r requirements/bench.txt
	touch $@

install: $(VENV)/.installed-base document-deps
install-dev: $(VENV)/.installed-dev document-deps
install-bench: install-dev $(VENV)/.installed-bench

# System packages the browser tests need: Debian's Chromium and fonts with Vietnamese glyphs.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans'; then \
	  echo "Installing chromium and fonts-noto-core with apt…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null; \
	fi

# System packages the PDF forms need (documents app, WeasyPrint): Pango, and Liberation Serif (metric-compatible with
# Times New Roman, full Vietnamese coverage). Installed with apt only when missing.
document-deps:
	@if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q libpangoft2-1.0 || ! fc-list 2>/dev/null | grep -qi 'Liberation Serif'; then \
	  echo "Installing Pango and Liberation Serif with apt (PDF forms)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fontconfig >/dev/null; \
	fi

run: install
	@$(PTDV) migrate --noinput -v 0
	@$(PTDV) demo
	@$(PTDV) reminders_schedule >/dev/null
	@echo "Mở http://127.0.0.1:$(PORT) và đăng nhập bằng một tài khoản ở trên. (Ctrl+C để dừng)"
	@# the background worker (large imports) beside the server, stopped with it
	@$(PTDV) db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PTDV) runserver 127.0.0.1:$(PORT)

demo: install
	$(PTDV) migrate --noinput
	$(PTDV) demo

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -r ptdv -x '*/tests/*' -q
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install-dev browser-deps document-deps lint
	$(PTDV) makemigrations --check --dry-run >/dev/null || (echo "Thiếu migration: chạy 'ptdv makemigrations'." && exit 1)
	$(BIN)/pytest $(PYTEST_PARALLEL)

# The database tests again on another engine, e.g. DATABASE_URL=postgres://postgres@127.0.0.1/ptdv make test-db
test-db: install-dev browser-deps document-deps
	$(BIN)/pytest $(PYTEST_PARALLEL)

messages: install-dev
	cd ptdv && ../$(PTDV) makemessages -l vi --no-obsolete --add-location file && ../$(PTDV) compilemessages

lock:
	uv pip compile pyproject.toml --python-version 3.12 --generate-hashes -o requirements/base.txt
	uv pip compile pyproject.toml --extra dev --python-version 3.12 --generate-hashes -o requirements/dev.txt
	uv pip compile pyproject.toml --extra bench -c requirements/dev.txt --python-version 3.12 --generate-hashes \
	  -o requirements/bench.txt

bench: install-dev
	$(BIN)/python benchmarks/unit_tree.py
	$(BIN)/python benchmarks/import_members.py
	$(BIN)/python benchmarks/report_admissions.py 50000
	$(BIN)/python benchmarks/api_pagination.py --persons 50000
	$(BIN)/python benchmarks/dossier_documents.py
	$(BIN)/python benchmarks/due_items.py
	$(BIN)/python benchmarks/roll_page.py --members 50000
	$(BIN)/python benchmarks/reader_compare.py 100000

# The province-scale benchmarks, on PostgreSQL (BENCH_DB; only that database is written). bench-national builds it
# (idempotent: provinces already there are kept; BENCH_ARGS="--provinces 63" for the country), bench-load runs
# 50 users against gunicorn, bench-report times the admissions report beside DuckDB's scan of the same rows,
# bench-pages times each page alone with its queries (EXPLAIN ANALYZE of the slowest in benchmarks/results/).
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/ptdv_bench
BENCH_ARGS ?=
LOAD_ARGS ?=
bench-national: install-bench
	nice -n 10 $(BIN)/python benchmarks/national.py --database-url $(BENCH_DB) $(BENCH_ARGS)

bench-load: bench-national
	$(BIN)/python benchmarks/load_test.py --database-url $(BENCH_DB) $(LOAD_ARGS)

bench-report: bench-national
	$(BIN)/python benchmarks/report_duckdb.py --database-url $(BENCH_DB) --explain

bench-pages: bench-national
	$(BIN)/python benchmarks/page_profile.py --database-url $(BENCH_DB) --user p01.tochuc --user tw.tochuc

clean:
	rm -rf $(VENV) var/static test-artifacts
