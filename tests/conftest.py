from __future__ import annotations

from pathlib import Path

import pytest

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
