"""Start-up loads only what a command needs: `vanban --help`, `ask` and `serve` start without
the readers' and the NLP's libraries (pdfplumber alone takes ~0.3 s to import, underthesea ~2 s)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import store_of

DONG_NAI_179 = "tvpl_tai_lieu_noi_bo/Ke-hoach-179-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Dong-Nai-2026-2030.md"
HEAVY = ("underthesea", "pdfplumber", "pypdfium2", "spacy", "docx", "lxml")

_PROBE = """
import runpy, sys
sys.argv = {argv!r}
try:
    runpy.run_module("vanban", run_name="__main__")
except SystemExit:
    pass
{imports}
print("LOADED:" + ",".join(sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))))
"""


def _loaded(argv: list[str], imports: str = "") -> set[str]:
    code = _PROBE.format(argv=argv, imports=imports, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("LOADED:"))
    return set(filter(None, line[len("LOADED:"):].split(",")))


def test_help_loads_no_reader_and_no_nlp() -> None:
    assert _loaded(["vanban", "--help"]) == set()


def test_ask_and_serve_modules_load_no_reader_and_no_nlp() -> None:
    # the modules `ask` and `serve` run on, imported as those commands import them
    assert _loaded(["vanban", "ask", "--help"], "import vanban.query.ask, vanban.app.web") == set()
    assert _loaded(["vanban", "serve", "--help"]) == set()


def test_the_package_api_loads_on_first_use() -> None:
    assert _loaded(["vanban", "--help"], "import vanban; vanban.process_file") == set()
    assert "pypdfium2" not in _loaded(["vanban", "--help"], "from vanban import ingest; ingest.read")


def test_a_question_answered_loads_no_nlp_library(tmp_path: Path, corpus: Path) -> None:
    # a marked question is cut into words (`nlp.question_words`) without importing underthesea,
    # which took about a second of every fresh `ask`
    store_of(tmp_path, [DONG_NAI_179]).close()
    question = "Ai chủ trì phát triển hạ tầng định danh, xác thực điện tử?"
    assert _loaded(["vanban", "ask", question, "--db", str(tmp_path / "vanban.db")]) == set()


def test_the_web_app_answers_without_nlp_library(tmp_path: Path, corpus: Path) -> None:
    # `serve` warms up and answers a marked question, on the page and the API, with no reader
    # and no NLP library loaded
    store_of(tmp_path, [DONG_NAI_179]).close()
    code = (
        "import sys\n"
        "from starlette.testclient import TestClient\n"
        "from vanban.app.web.app import create_app\n"
        f"client = TestClient(create_app({str(tmp_path / 'vanban.db')!r}))\n"
        "q = 'Ai chủ trì phát triển hạ tầng định danh, xác thực điện tử?'\n"
        "assert client.get('/api/ask', params={'q': q}).json()['answers']\n"
        "assert client.get('/', params={'q': q}).status_code == 200\n"
        f"print('LOADED:' + ','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("LOADED:"))
    assert line == "LOADED:", line
