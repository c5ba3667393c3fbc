"""`vanban evaluate --questions`: the questions of corpus/questions/ asked of a store of real
documents, scored against the answers their annotator read in the documents. A figure below
corpus/questions/baseline.json fails: the ranking may not silently get worse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vanban.app.evaluate_questions import (
    BASELINE,
    FIGURES,
    SPLITS,
    GoldQuestion,
    agency_key,
    build_store,
    evaluate,
    load_questions,
    text_key,
)


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> dict[str, dict[str, float]]:
    """The store the baseline was recorded on: the questions' documents and a fixed sample of
    the corpus's other files (the whole corpus is measured in docs/accuracy.md)."""
    sample = json.loads(BASELINE.read_text(encoding="utf-8"))["store"]["sample"]
    db = build_store(tmp_path_factory.mktemp("questions") / "questions.db", corpus, sample)
    return {s.split: s.figures() for s in evaluate(db)}


def test_the_questions_are_well_formed() -> None:
    from tests.conftest import doc_path

    seen: set[str] = set()
    for split in SPLITS:
        questions = load_questions(split)
        assert len(questions) >= (40 if split == "dev" else 70)
        for q in questions:
            assert isinstance(q, GoldQuestion) and q.id not in seen and q.agencies and q.question.strip()
            seen.add(q.id)
            # the evidence is the document's own words: each an exact substring of its file
            assert q.evidence and all(e in doc_path(q.source).read_text(encoding="utf-8") for e in q.evidence), q.id


def test_comparisons_fold_what_an_official_does_not_see() -> None:
    assert text_key("**5.Ban Tuyên giáo** Huyện ủy\nhướng dẫn") == text_key("5.Ban Tuyên giáo Huyện uỷ hướng dẫn")
    assert agency_key("Sở Y tế tỉnh Đắk Lắk") == agency_key("SỞ Y TẾ TỈNH ĐẮK LẮK")
    assert agency_key("Sở Y tế tỉnh Đắk Lắk") != agency_key("Sở Y tế tỉnh Lai Châu")


@pytest.mark.parametrize("split", SPLITS)
def test_no_figure_drops_below_the_baseline(scores: dict[str, dict[str, float]], split: str) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))[split]
    for name in FIGURES:
        assert scores[split][name] >= baseline[name] - 1e-9, (split, name, scores[split][name], baseline[name])


def test_every_evidence_is_found_in_its_stored_document(scores: dict[str, dict[str, float]]) -> None:
    """The comparison itself is sound: the evidence of every question is in the stored text of its
    document, so a miss of the passage figure is the answer's, not the normalisation's."""
    assert all(scores[s]["evidence_in_store"] == 1.0 for s in SPLITS), scores


def test_evidence_may_be_several_places_of_the_document() -> None:
    # d061: NĐ 254/2025/NĐ-CP gives Bộ Tài chính the settlement forms three times (Điều 27.7, 32.2 and
    # 50.6.d); a one-string evidence still reads as a one-place tuple
    by_id = {q.id: q for q in load_questions("dev")}
    assert len(by_id["d061"].evidence) == 3 and all("mẫu biểu" in e for e in by_id["d061"].evidence)
    assert len(by_id["d001"].evidence) == 1
