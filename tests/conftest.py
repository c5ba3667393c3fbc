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
