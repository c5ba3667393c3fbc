from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "corpus" / "seed" / "KH-HU-BacAi-2024-03_CT28.txt"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}: tests read real documents from there")
    return CORPUS


def doc_path(rel: str) -> Path:
    """A document of ../shared/corpus (or the seed)."""
    if rel.startswith("seed/"):
        return ROOT / "corpus" / rel
    return CORPUS / rel


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
