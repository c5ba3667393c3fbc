from __future__ import annotations

from pathlib import Path

import pytest

import vanban.rules

# Every data file the code loads is checked against its schema on the way (once per process;
# tests/test_data_schemas.py checks all of them whether loaded or not).
vanban.rules.VALIDATE = True

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "corpus" / "seed" / "KH-HU-BacAi-2024-03_CT28.txt"


def pytest_configure(config: pytest.Config) -> None:
    # Every test reads real documents: without the corpus, one clear message instead of a
    # hundred confusing errors (and a failing run, so CI cannot pass by testing nothing).
    if not CORPUS.is_dir():
        pytest.exit(f"the shared corpus is missing at {CORPUS}: the tests read real documents from there "
                    "(clone the repository next to shared/, as CI does)", returncode=1)


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


def doc_path(rel: str) -> Path:
    """A document of ../shared/corpus (or the seed)."""
    if rel.startswith("seed/"):
        return ROOT / "corpus" / rel
    return CORPUS / rel


def store_of(folder: Path, files: list[str]):
    """A store at `folder`/vanban.db of the real documents `files` (paths in ../shared/corpus)."""
    from vanban.extract import extract_paths
    from vanban.store.db import Store

    s = Store(folder / "vanban.db")
    for record in extract_paths([str(doc_path(f)) for f in files]):
        s.put(record)
    return s


@pytest.fixture(scope="session")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store built from real documents for the store, graph and ask tests."""
    from tests.test_store import real_store

    return real_store(tmp_path_factory)


@pytest.fixture()
def store(db: Path):
    from vanban.store.db import Store

    s = Store(db)
    yield s
    s.close()


# The researcher's store: the seed and its chain, the Lào Cai chain, six provincial plans that
# implement Nghị quyết 57-NQ/TW (Đồng Tháp three times, Đồng Nai, Hà Nội, Bắc Ninh: each says
# so in its preamble), and Nghị định 249/2025/NĐ-CP twice, as its .txt file and as line 1 of
# the vbpl bulk file, to be merged into one row.
PLANS_57 = [
    "tvpl_tai_lieu_noi_bo/Ke-hoach-597-KH-UBND-2025-chuyen-doi-so-trong-xay-dung-ket-cau-ha-tang-giao-thong-Dong-Thap.md",
    "tvpl_tai_lieu_noi_bo/Ke-hoach-179-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Dong-Nai-2026-2030.md",
    "tvpl_tai_lieu_noi_bo/Ke-hoach-552-KH-UBND-2025-lo-trinh-doi-moi-cong-nghe-nganh-kinh-te-mui-nhon-Dong-Thap.md",
    "tvpl_tai_lieu_noi_bo/Ke-hoach-310-KH-UBND-2025-phat-trien-ha-tang-5G-IoT-trong-cac-khu-cong-nghiep-Ha-Noi-den-2030.md",
    "tvpl_tai_lieu_noi_bo/Ke-hoach-144-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Bac-Ninh-2026-2030.md",
    "tvpl_tai_lieu_noi_bo/Ke-hoach-617-KH-UBND-2025-chuyen-doi-so-cho-cac-doanh-nghiep-Dong-Thap.md",
]
ND249 = "vbpl_vn/ND-249-2025-ND-CP_ThuHutChuyenGiaKHCN.txt"


@pytest.fixture(scope="session")
def researcher_db(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    import gzip

    from tests.test_store import STORE_FILES
    from vanban.app.cli import main

    folder = tmp_path_factory.mktemp("researcher")
    bulk = folder / "vbpl_line1.jsonl"
    with gzip.open(corpus / "vbpl_vn" / "vbpl_all_999_extracted.jsonl.gz", "rt", encoding="utf-8") as fh:
        bulk.write_text(next(fh), encoding="utf-8")
    db = folder / "vanban.db"
    files = [*map(str, STORE_FILES), *(str(corpus / p) for p in PLANS_57), str(corpus / ND249), str(bulk)]
    assert main(["extract", *files, "--db", str(db), "--jobs", "2", "-q"]) == 0
    return db
