"""The lineage graph: merging by key, stubs, exports, and the lineage of the Lào Cai chain."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from tests.conftest import CORPUS, SEED
from tests.test_store import CHAIN
from vanban.app.cli import main
from vanban.query import graph as G
from vanban.query.lineage import lineage, resolve
from vanban.store.db import Store


@pytest.fixture(scope="session")
def corpus(db: Path) -> G.Corpus:
    return G.load(db)


def _record(seed_text: str, doc_id: str, source: str, key: str | None, code: str | None,
            references: list[dict[str, Any]]) -> dict[str, Any]:
    """A contract record over the seed's real text; only identity and references vary."""
    return {"id": doc_id, "source": source, "sha256": doc_id * 4, "doc_type": "Kế hoạch", "number": None,
            "symbol": None, "code": code, "issuer": "Huyện ủy Bác Ái", "parent_issuer": None, "place": None,
            "date": "2024-03", "title": None, "signer": None, "recipients": [], "text": seed_text, "sections": [],
            "references": references, "assignments": [], "entities": [], "warnings": [], "key": key, "format": "txt"}


def _reference(text: str, phrase: str, code: str, target: str, relation: str) -> dict[str, Any]:
    start = text.index(phrase)
    return {"text": phrase, "doc_type": None, "code": code, "date": None, "issuer": None, "relation": relation,
            "target": target, "section": None, "start": start, "end": start + len(phrase)}


def test_stubs_merge_with_documents_by_key(tmp_path: Path) -> None:
    """Two files of one document are one node; a reference whose target is a stored key lands
    on that document; targets nobody stores are stubs carrying what the mentions say."""
    text = SEED.read_text(encoding="utf-8")
    plan = "273-KH/TU|tỉnh ủy ninh thuận"
    refs = [_reference(text, "Kế hoạch số 273-KH/TU", "273-KH/TU", plan, "implements"),
            _reference(text, "Chỉ thị số 28-CT/TW", "28-CT/TW", "28-CT/TW", "implements")]
    store = Store(tmp_path / "v.db", segmented=False)
    store.put(_record(text, "aaaa", "plan-273.txt", plan, "273-KH/TU", []))
    store.put(_record(text, "bbbb", "plan-273-scan.pdf", plan, "273-KH/TU", []))
    store.put(_record(text, "cccc", "bac-ai.txt", "KH/HU|huyện ủy bác ái", None, refs))
    store.close()
    g = G.load(tmp_path / "v.db").graph
    docs = G.document_nodes(g)
    assert sorted(docs) == sorted([plan, "28-CT/TW", "KH/HU|huyện ủy bác ái"])
    assert g.nodes[plan]["in_corpus"] and sorted(g.nodes[plan]["ids"]) == ["aaaa", "bbbb"]
    stub = g.nodes["28-CT/TW"]
    assert not stub["in_corpus"] and stub["code"] == "28-CT/TW" and stub["ids"] == []
    edge = g.edges["KH/HU|huyện ủy bác ái", plan, "implements"]
    assert text[edge["start"]:edge["end"]] == edge["text"] == "Kế hoạch số 273-KH/TU" and edge["doc"] == "cccc"
    assert resolve(g, "273-KH/TU") == [plan] and resolve(g, "28-ct/tw") == ["28-CT/TW"]
    down = lineage(g, ["28-CT/TW"], "down")
    assert set(down.nodes) == {"28-CT/TW", "KH/HU|huyện ủy bác ái"}


def test_graph_of_the_real_store(corpus: G.Corpus) -> None:
    g = corpus.graph
    assert isinstance(g, nx.MultiDiGraph)
    in_corpus = [n for n in G.document_nodes(g) if g.nodes[n]["in_corpus"]]
    # one row per document node, one row of `copies` per stored file
    assert sum(len(g.nodes[n]["ids"]) for n in in_corpus) == len(corpus.copies)
    assert sorted(in_corpus) == sorted(corpus.documents["doc"])
    # Merged by key: no two nodes of the corpus carry the same key, and a reference whose
    # target is a corpus document's key points at that document's node.
    keys = corpus.documents["key"].dropna()
    assert set(keys) <= set(g.nodes)
    for _, ref in corpus.references.dropna(subset=["target"]).iterrows():
        if ref["target"] in set(keys):
            assert g.nodes[ref["target"]]["in_corpus"]
    for column in ("id", "key", "code", "doc_type", "issuer", "date", "title"):
        assert column in corpus.documents.columns
    for column in ("doc_id", "cited_code", "relation", "target", "start", "end"):
        assert column in corpus.references.columns
    for column in ("doc_id", "agency", "role", "task", "deadline", "section", "start", "end"):
        assert column in corpus.assignments.columns


def test_aliases_fold_the_seeds_two_names_of_the_front(corpus: G.Corpus) -> None:
    """The seed writes "MTTQ" in item 1 and "Ủy ban Mặt trận Tổ quốc Việt Nam huyện" in item 4:
    the aliases table shows both under one canonical name with the district's locality."""
    front = corpus.aliases[corpus.aliases["agency"] == "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Bác Ái"]
    assert {"MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện"} <= set(front["mention"])
    assert (corpus.aliases["assignments"] >= 1).all()
    # Every alias row is backed by the assignments table it summarises.
    assert corpus.aliases["assignments"].sum() == corpus.assignments.dropna(subset=["agency", "mention"]).shape[0]


@pytest.mark.parametrize("fmt", G.FORMATS)
def test_export_formats(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    assert main(["graph", "--db", str(db), "--format", fmt, "-o", str(out)]) == 0
    g = G.load(db).graph
    if fmt == "graphml":
        back = nx.read_graphml(out)
        assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
    elif fmt == "gexf":
        assert nx.read_gexf(out).number_of_nodes() == g.number_of_nodes()
    elif fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert len(data["nodes"]) == g.number_of_nodes() and len(data["edges"]) == g.number_of_edges()
    else:
        with open(tmp_path / "graph.nodes.csv", encoding="utf-8") as fh:
            assert len(list(csv.DictReader(fh))) == g.number_of_nodes()
        with open(tmp_path / "graph.edges.csv", encoding="utf-8") as fh:
            assert len(list(csv.DictReader(fh))) == g.number_of_edges()


def test_graph_and_lineage_without_a_store_are_usage_errors(tmp_path: Path) -> None:
    assert main(["graph", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "g.graphml")]) == 2
    assert main(["lineage", "75-KL/TW", "--db", str(tmp_path / "none.db")]) == 2
    assert not (tmp_path / "none.db").exists()


# --- the Lào Cai chain: needs the references stage ----------------------------------------------


def _node_of(corpus: G.Corpus, path: Path) -> str:
    row = corpus.copies[corpus.copies["source"] == str(path)].iloc[0]
    return G.node_of_document(corpus.graph, row["id"])


@pytest.fixture(scope="module")
def chain(corpus: G.Corpus) -> dict[str, str]:
    return {name: _node_of(corpus, path) for name, path in CHAIN.items()}


def test_lineage_down_from_kl75_reaches_the_province(corpus: G.Corpus, chain: dict[str, str],
                                                     capsys: pytest.CaptureFixture[str], db: Path) -> None:
    g = corpus.graph
    assert resolve(g, "75-KL/TW") == [chain["KL75"]]
    down = lineage(g, [chain["KL75"]], "down")
    assert chain["CTr104"] in down and chain["CV2449"] in down and chain["CV9387"] in down
    assert down.has_edge(chain["CTr104"], chain["KL75"], "implements")
    assert down.has_edge(chain["CV2449"], chain["CTr104"], "implements")
    assert down.has_edge(chain["CV9387"], chain["CTr104"], "implements")
    # KL 75's own basis (NQ 24-NQ/TW, only mentioned) is up, not down.
    assert all(down.nodes[n]["in_corpus"] for n in down)

    assert main(["lineage", "75-KL/TW", "--db", str(db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {n["id"] for n in data["nodes"]} == set(down.nodes)
    assert set(data["nodes"][0]) >= {"id", "code", "doc_type", "issuer", "date", "in_corpus"}
    assert {(e["source"], e["target"], e["relation"]) for e in data["edges"]} == set(down.edges(keys=True))
    assert main(["lineage", "KL 75-KL/TW", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "104-CTr/TU" in text and "9387/UBND-KT" in text


def test_lineage_up_from_cv9387_reaches_kl75_and_the_stub_ctr31(corpus: G.Corpus, chain: dict[str, str]) -> None:
    up = lineage(corpus.graph, [chain["CV9387"]], "up")
    assert {chain["CTr104"], chain["CV2449"], chain["KL75"]} <= set(up.nodes)
    assert up.has_edge(chain["CV9387"], chain["CV2449"], "implements")
    # CTr 104 implements both KL 75 and CTr 31-CTr/TW, which is only mentioned: a stub.
    stubs = [n for n in up if not up.nodes[n]["in_corpus"]]
    assert any(up.nodes[n].get("code") == "31-CTr/TW" and up.has_edge(chain["CTr104"], n, "implements") for n in stubs)


def test_seed_lineage_through_stubs(corpus: G.Corpus, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bác Ái's plan implements CT 28 of the Politburo and KH 273 of Ninh Thuận, neither of
    which is in the corpus: both are stubs, and the plan is in CT 28's lineage."""
    g = corpus.graph
    seed = _node_of(corpus, SEED)
    roots = resolve(g, "28-CT/TW")
    assert len(roots) == 1 and not g.nodes[roots[0]]["in_corpus"]
    assert seed in lineage(g, roots, "down")
    up = lineage(g, [seed], "up")
    plan = [n for n in up if up.nodes[n].get("code") == "273-KH/TU"]
    assert len(plan) == 1 and not up.nodes[plan[0]]["in_corpus"] and up.has_edge(seed, plan[0], "implements")
    assert main(["lineage", "28-CT/TW", "--db", str(db), "--direction", "both", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["roots"] == roots and any(e["source"] == seed for e in data["edges"])


def test_notebook_is_a_valid_small_notebook() -> None:
    path = Path(__file__).resolve().parents[1] / "notebooks" / "lineage.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4 and path.stat().st_size < 20_000
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] for c in code)
    for cell in code:
        compile("".join(cell["source"]), "cell", "exec")
    assert any("load(" in "".join(c["source"]) for c in code)


def test_the_lineage_of_kl75_from_the_tables(db: Path) -> None:
    """On the store of the Lào Cai chain (tests/test_notebooks.py runs the notebooks
    themselves): the lineage of 75-KL/TW reaches the province's letter, and the assignments
    of the documents under it include the one CV 9387 gives Sở Nông nghiệp và Môi trường."""
    corpus = G.load(db)
    sub = corpus.lineage("75-KL/TW")
    codes = {sub.nodes[n].get("code") for n in sub.nodes}
    assert {"75-KL/TW", "104-CTr/TU", "2449-CV/ĐU", "9387/UBND-KT"} <= codes
    under = corpus.assignments[corpus.assignments["doc"].isin(set(sub.nodes))]
    assert "Sở Nông nghiệp và Môi trường tỉnh Lào Cai" in set(under["agency"])


@pytest.fixture(scope="module")
def provinces_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the provincial and Party documents of ../shared/corpus (the TVPL pages and
    the Lào Cai Party chain), as `vanban extract … --db` builds it."""
    db = tmp_path_factory.mktemp("provinces") / "v.db"
    folders = [CORPUS / "tvpl_tai_lieu_noi_bo", CORPUS / "laocai_skill_sct" / "index_only"]
    files = [str(f) for folder in folders for f in sorted(folder.glob("*")) if f.suffix in (".md", ".txt")]
    assert main(["extract", *files, "--db", str(db)]) == 0
    return db


def _lineage_codes(db: Path, code: str, capsys: pytest.CaptureFixture[str]) -> set[str]:
    capsys.readouterr()
    assert main(["lineage", code, "--db", str(db), "--json"]) == 0
    return {n["code"] for n in json.loads(capsys.readouterr().out)["nodes"]}


def test_lineage_of_nq57_lists_the_provincial_plans(provinces_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # SOURCES.md: NQ 57-NQ/TW -> each province's Party plan -> KH 310 Hà Nội, KH 144 Bắc Ninh,
    # KH 552 and 617 Đồng Tháp, KH 179 Đồng Nai.
    codes = _lineage_codes(provinces_db, "57-NQ/TW", capsys)
    assert {"310/KH-UBND", "144/KH-UBND", "552/KH-UBND", "617/KH-UBND", "179/KH-UBND"} <= codes


def test_lineage_of_kl75_lists_the_lao_cai_chain(provinces_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    codes = _lineage_codes(provinces_db, "75-KL/TW", capsys)
    assert {"104-CTr/TU", "2449-CV/ĐU", "9387/UBND-KT"} <= codes
