# Two entry points for a fresh machine: `make demo` and `make test`. Each creates .venv itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus
DB ?= vanban.db

.PHONY: setup demo test bench clean

$(BIN)/vanban: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(BIN)/vanban

# Debian packages: antiword reads Word 97 .doc files; Tesseract with its Vietnamese data reads
# scanned PDFs (`vanban extract --ocr`). Without them those files are reported, not read.
system-deps:
	@{ command -v antiword && command -v tesseract && tesseract --list-langs | grep -qx vie; } >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq antiword tesseract-ocr tesseract-ocr-vie) >/dev/null 2>&1 || echo "note: antiword/tesseract-ocr-vie not installed; .doc and scanned PDF files will be reported as unreadable"; }

setup: $(BIN)/vanban system-deps

demo: setup
	$(BIN)/vanban extract corpus/seed $(wildcard $(CORPUS)) --ocr --jsonl vanban.jsonl --db $(DB) --summary || test $$? -eq 1

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m vanban.app.bench $(CORPUS)

clean:
	rm -rf $(VENV) vanban.jsonl $(DB)
