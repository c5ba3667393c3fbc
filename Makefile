# Two entry points for a fresh machine: `make demo` and `make test`. Each creates .venv itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus
DB ?= vanban.db

.PHONY: setup system-deps browser-deps demo test lint bench bench-scale bench-web notebooks model clean

$(BIN)/vanban: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(BIN)/vanban

# Debian packages: antiword reads Word 97 .doc files; Tesseract with its Vietnamese data reads
# scanned PDFs (`vanban extract --ocr`). Without them those files are reported, not read.
system-deps:
	@{ command -v antiword && command -v tesseract && tesseract --list-langs | grep -qx vie; } >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq antiword tesseract-ocr tesseract-ocr-vie) >/dev/null 2>&1 || echo "note: antiword/tesseract-ocr-vie not installed; .doc and scanned PDF files will be reported as unreadable"; }

# Debian's Chromium (and its driver) for the browser tests (tests/test_browser.py), which
# Playwright drives through executable_path: no browser is downloaded.
browser-deps:
	@{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || { (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 || echo "note: chromium not installed; the browser tests will fail"; }

setup: $(BIN)/vanban system-deps browser-deps

demo: setup
	$(BIN)/vanban extract corpus/seed $(wildcard $(CORPUS)) --ocr --jsonl vanban.jsonl --db $(DB) --summary || test $$? -eq 1

test: setup lint
	$(BIN)/python -m pytest -q

# ruff and mypy as configured in pyproject.toml; part of `make test`, so CI runs them.
lint: setup
	$(BIN)/ruff check pipeline tests tools/compare_records.py
	$(BIN)/mypy

# Run the notebooks on the demo's store; their figures go to notebooks/figures/.
notebooks: setup
	cd notebooks && VANBAN_DB=../$(DB) ../$(BIN)/python -c "import nbformat, sys; from nbclient import NotebookClient; [NotebookClient(nbformat.read(n, as_version=4), timeout=600, kernel_name='python3').execute() for n in sys.argv[1:]]" lineage.ipynb who_must_do_what.ipynb

bench: setup
	$(BIN)/python -m vanban.app.bench $(CORPUS)

# The store at the corpus's size and at ten times it: store speed, bytes per document, and
# `ask`/`lineage` latency from a fresh process (records from `make demo`'s vanban.jsonl).
bench-scale: setup
	$(BIN)/python -m vanban.app.bench_scale --records vanban.jsonl

# The web app under load on loopback (1 and 20 clients); needs a store: `make demo` first.
bench-web: setup
	$(BIN)/python -m vanban.app.web.bench --db $(DB)

# The agency-role model of models/agency-roles (models/README.md): silver labels from the rules
# over the corpus, corrected by corpus/gold/dev, the test part left out; minutes on 2 idle cores.
model: setup
	$(BIN)/vanban train --corpus $(CORPUS) --jobs 2

clean:
	rm -rf $(VENV) vanban.jsonl $(DB)
