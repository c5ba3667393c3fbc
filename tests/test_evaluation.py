"""The evaluation itself: the scorer on edge cases, and the regression gate on the gold set."""

from __future__ import annotations

import json

import pytest

from vanban.app.evaluate import (
    BASELINE,
    GOLD_DIR,
    SPLITS,
    Report,
    agreement,
    evaluate,
    gold_document,
    load_gold,
    score_document,
)
from vanban.app.scoring import reference_sets, section_paths


def test_strongest_relation_wins_per_code() -> None:
    codes, pairs = reference_sets([
        {"code": "28-CT/TW", "relation": "cites"},
        {"code": "28-CT/TW", "relation": "implements"},
        {"code": "30/2020/NĐ-CP", "relation": "based_on"},
        {"code": None, "name": "Luật Đầu tư công", "relation": "cites"},
    ])
    assert codes == {"28-ct/tw", "30/2020/nđ-cp"}
    assert ("28-ct/tw", "implements") in pairs


def test_names_compare_after_folding_case_spaces_and_tones() -> None:
    gold = {"issuer": "Ủy ban nhân dân tỉnh Bắc Ninh", "code": "7432/UBND-XD", "assignments": [{"agency": "Sở Y tế tỉnh Bắc Ninh", "role": "lead"}]}
    pred = {"issuer": "UỶ BAN NHÂN DÂN  TỈNH BẮC NINH", "code": "7432 /UBND-XD", "assignments": [{"agency": "sở y tế tỉnh bắc ninh", "role": "lead"}]}
    s = score_document("x", gold, pred)
    assert s.meta["issuer"][0] == s.meta["issuer"][1]
    assert s.meta["code"][0] == s.meta["code"][1]
    assert s.sets["agency+role"][0] == s.sets["agency+role"][1]


def test_section_filter_keeps_the_levels_the_gold_annotates() -> None:
    plan = [{"path": "III", "kind": "body"}, {"path": "III.3", "kind": "body"}, {"path": "III.3.a", "kind": "body"},
            {"path": "closing", "kind": "closing"}]
    assert section_paths(plan, legal=False) == {"iii", "iii.3"}
    law = [{"path": "Chương II", "kind": "body"}, {"path": "Chương II.Điều 12", "kind": "body"}, {"path": "Chương II.Điều 12.2", "kind": "body"}]
    assert section_paths(law, legal=True) == {"chương ii", "chương ii.điều 12"}


def test_gold_set_is_large_enough_and_well_formed() -> None:
    gold = load_gold(GOLD_DIR)
    assert len(gold) >= 80
    keys = {"source", "doc_type", "number", "symbol", "code", "issuer", "parent_issuer", "place", "date", "title",
            "signer", "recipients", "sections", "references", "assignments"}
    for name, g in gold:
        assert keys <= set(g), f"{name} lacks {keys - set(g)}"
        for a in g["assignments"]:
            assert a["role"] in {"lead", "cooperate", "implement", "advise", "supervise", "report"}, (name, a)
        for r in g["references"]:
            assert r["relation"] in {"implements", "based_on", "guides", "amends", "replaces", "repeals", "cites"}, (name, r)


def test_gold_is_split_once_into_dev_and_test() -> None:
    """A document is in one part only, and each part is big enough to mean something."""
    dev, test = (dict(load_gold(GOLD_DIR, s)) for s in SPLITS)
    assert len(dev) >= 30 and len(test) >= 30
    assert not set(dev) & set(test)
    assert not {g["source"] for g in dev.values()} & {g["source"] for g in test.values()}
    assert all(g["split"] == "test" for g in test.values())


def test_a_gold_source_can_be_a_line_of_a_bulk_file(corpus) -> None:
    """"<bulk file>#N" is line N of that file, read as `vanban extract` reads it (the record's
    source says the line): the dev part holds documents of the two bulk files."""
    bulk = [(name, g) for name, g in load_gold(GOLD_DIR, "dev") if "#" in g["source"]]
    assert len(bulk) >= 2
    for name, gold in bulk:
        record = gold_document(gold, corpus).to_record()
        assert record["source"].endswith(gold["source"]), name
        assert record["code"] == gold["code"], name


def test_the_modes_table_reads_a_bulk_gold_document_from_its_line(corpus) -> None:
    """`evaluate --assignments all` scores the same Document as `evaluate`: a gold source
    "<bulk file>#N" is that line, not the whole bulk file (which reads as nothing)."""
    from vanban.learn.scores import evaluate_modes

    name = "Nghi-quyet-36-2025-NQ-HDND"
    report = evaluate_modes(GOLD_DIR, corpus, only=name, split="dev", which=("rules",))["rules"]
    assert len(report.docs) == 1
    gold_code, pred_code = report.docs[0].meta["code"]
    assert gold_code and pred_code == gold_code


def test_doubly_annotated_documents_exist() -> None:
    assert len(agreement().docs) >= 2


def test_report_parts_keep_their_documents_apart() -> None:
    gold = {"assignments": [{"agency": "Sở Y tế", "role": "lead"}]}
    a, b = score_document("a", gold, gold), score_document("b", gold, {"assignments": []})
    b.split = "test"
    report = Report([a, b])
    assert report.splits() == ["dev", "test"]
    assert report.part("dev").headline()["agencies"] == 1.0
    assert report.part("test").headline()["agencies"] == 0.0
    assert len(report.part("all").docs) == 2


@pytest.fixture(scope="module")
def scored(corpus) -> Report:
    return evaluate()


@pytest.mark.parametrize("split", SPLITS)
def test_no_headline_figure_drops_below_the_baseline(scored: Report, split: str) -> None:
    """Quality can only go up, on each part of the gold: update corpus/gold/baseline.json
    deliberately with `vanban evaluate --write-baseline` when a change raises the figures."""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))[split]
    current = scored.part(split).headline()
    dropped = {k: (v, current.get(k)) for k, v in baseline.items() if current.get(k, 0.0) + 1e-9 < v}
    assert not dropped, f"{split}: figures below the baseline (baseline, now): {dropped}"
