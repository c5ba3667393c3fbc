"""The evaluation itself: the scorer on edge cases, and the regression gate on the gold set."""

from __future__ import annotations

import json

from vanban.app.evaluate import BASELINE, GOLD_DIR, agreement, evaluate, load_gold, reference_sets, score_document, section_paths


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
    assert len(gold) >= 30
    keys = {"source", "doc_type", "number", "symbol", "code", "issuer", "parent_issuer", "place", "date", "title",
            "signer", "recipients", "sections", "references", "assignments"}
    for name, g in gold:
        assert keys <= set(g), f"{name} lacks {keys - set(g)}"
        for a in g["assignments"]:
            assert a["role"] in {"lead", "cooperate", "implement", "advise", "supervise", "report"}, (name, a)
        for r in g["references"]:
            assert r["relation"] in {"implements", "based_on", "guides", "amends", "replaces", "repeals", "cites"}, (name, r)


def test_doubly_annotated_documents_exist() -> None:
    assert len(agreement().docs) >= 2


def test_no_headline_figure_drops_below_the_baseline(corpus) -> None:
    """Quality can only go up: update corpus/gold/baseline.json deliberately with
    `vanban evaluate --write-baseline` when a change raises the figures."""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    current = evaluate().headline()
    dropped = {k: (v, current.get(k)) for k, v in baseline.items() if current.get(k, 0.0) + 1e-9 < v}
    assert not dropped, f"figures below the baseline (baseline, now): {dropped}"
