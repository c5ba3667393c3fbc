"""The notebooks run on a real store and save their figures (the README shows one)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"


def _run(name: str, db: Path, figures: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    env = {"VANBAN_DB": str(db), "VANBAN_FIGURES": str(figures), "MPLBACKEND": "Agg"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the kernel inherits them
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def _text(nb: nbformat.NotebookNode) -> str:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            out.append(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")))
    return "\n".join(out)


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("figures")


def test_lineage_notebook(researcher_db: Path, figures: Path) -> None:
    nb = _run("lineage.ipynb", researcher_db, figures)
    text = _text(nb)
    # the seed's chain: 28-CT/TW <- 273-KH/TU <- the Bác Ái plan
    assert "Chỉ thị 28-CT/TW" in text and "Kế hoạch 273-KH/TU" in text
    assert "Đồng Tháp" in text and "Bắc Ninh" in text
    for name in ("lineage-28-CT-TW.png", "lineage-57-NQ-TW.png"):
        assert (figures / name).stat().st_size > 20_000, name


def test_who_must_do_what_notebook(researcher_db: Path, figures: Path) -> None:
    nb = _run("who_must_do_what.ipynb", researcher_db, figures)
    assert "Sở Khoa học và Công nghệ thành phố Hà Nội" in _text(nb)
    assert (figures / "deadlines.png").stat().st_size > 20_000


def test_the_readme_shows_a_figure() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "![" in readme and "docs/figures/lineage-57-NQ-TW.png" in readme
    assert (ROOT / "docs" / "figures" / "lineage-57-NQ-TW.png").is_file()
