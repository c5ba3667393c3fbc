"""The SQLite store, on a store built from real documents: re-runs, replacement, full-text search."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS, SEED
from vanban.app.cli import main
from vanban.extract import extract_paths
from vanban.store.db import Store, fts_query, own_spans

# The documents every store test, graph test and ask test reads: the seed, the Lào Cai Party
# chain (KL 75-KL/TW -> CTr 104-CTr/TU -> CV 2449-CV/ĐU -> CV 9387/UBND-KT) and three
# provincial plans with clear assignments (Sở Y tế in Đắk Lắk, Sở Khoa học và Công nghệ in
# Hà Nội, a Đồng Tháp plan under NQ 57-NQ/TW).
LAOCAI = CORPUS / "laocai_skill_sct" / "index_only"
CHAIN = {
    "KL75": LAOCAI / "KL-75-KL-TW_2026-07-28_BCHTW_BVMT-BDKH_OCR.txt",
    "CTr104": LAOCAI / "CTr-104-CTr-TU_2026-08-30_TinhUyLaoCai_thuc-hien-KL-75-KL-TW_CTr-31-CTr-TW.txt",
    "CV2449": LAOCAI / "CV-2449-CV-DU_2026-09-07_DangUyUBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU.txt",
    "CV9387": LAOCAI / "CV-9387-UBND-KT_2026-09-15_UBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU_giao-So-NNMT.txt",
}
TVPL = CORPUS / "tvpl_tai_lieu_noi_bo"
PLANS = [
    TVPL / "Ke-hoach-0130-KH-UBND-2025-phong-chong-dich-benh-truyen-nhiem-sau-lut-bao-Dak-Lak.md",
    TVPL / "Ke-hoach-308-KH-UBND-2025-trien-khai-Nghi-quyet-214-NQ-CP-chuyen-doi-so-toan-dien-Ha-Noi.md",
    TVPL / "Ke-hoach-617-KH-UBND-2025-chuyen-doi-so-cho-cac-doanh-nghiep-Dong-Thap.md",
]
STORE_FILES = [SEED, *CHAIN.values(), *PLANS]


def real_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of STORE_FILES, built once per session (the graph and ask tests share it
    through the session's base temp folder)."""
    folder = tmp_path_factory.getbasetemp() / "real-store"
    db = folder / "vanban.db"
    if (folder / "done").exists():
        return db
    folder.mkdir(exist_ok=True)
    store = Store(db)
    try:
        for record in extract_paths([str(p) for p in STORE_FILES], skip=store.unchanged):
            store.put(record)
    finally:
        store.close()
    (folder / "done").touch()
    return db






def test_every_file_is_a_document_and_round_trips(store: Store) -> None:
    docs = {Path(r["source"]).name: r["id"] for r in store.documents()}
    assert set(docs) == {p.name for p in STORE_FILES}
    seed = store.record(docs[SEED.name])
    assert seed is not None
    fresh = next(extract_paths([str(SEED)]))
    for field in ("id", "sha256", "doc_type", "code", "date", "text", "sections", "references", "assignments",
                  "entities", "recipients", "signer", "key", "format"):
        assert seed[field] == fresh[field], field


def test_rerun_skips_unchanged_files(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = Store(db)
    rows = before.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    before.close()
    assert main(["extract", *map(str, STORE_FILES), "--db", str(db), "--summary"]) == 0
    err = capsys.readouterr().err
    assert f"{len(STORE_FILES)} unchanged, skipped" in err
    assert err.startswith("0 documents")
    after = Store(db)
    assert after.db.execute("SELECT count(*) FROM documents").fetchone()[0] == rows
    after.close()


def test_changed_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.txt"
    shutil.copy(SEED, path)
    db = tmp_path / "v.db"
    assert main(["extract", str(path), "--db", str(db)]) == 0
    store = Store(db)
    old_id = store.documents()[0]["id"]
    assert store.search("đuối nước", mode="all")
    store.close()
    # The same plan, its paragraph about drowning dropped and a new one added.
    text = SEED.read_text(encoding="utf-8").replace("hạn chế tình trạng đuối nước", "hạn chế tình trạng tảo hôn")
    path.write_text(text, encoding="utf-8")
    assert main(["extract", str(path), "--db", str(db)]) == 0
    store = Store(db)
    docs = store.documents()
    assert len(docs) == 1 and docs[0]["id"] != old_id
    assert store.search("tảo hôn", mode="all") and not store.search("đuối nước", mode="all")
    for table in ("sections", "doc_references", "assignments", "entities", "chunks"):
        assert not store.db.execute(f"SELECT 1 FROM {table} WHERE doc_id = ?", (old_id,)).fetchone(), table
    # The index forgot the old rows: its integrity check compares it with the chunks it indexes.
    store.db.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 1)")
    store.close()


def test_unreadable_file_is_stored_with_its_reason_and_tried_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    db = tmp_path / "v.db"
    assert main(["extract", str(bad), "--db", str(db)]) == 1
    assert main(["extract", str(bad), "--db", str(db), "--summary"]) == 1
    assert "0 unchanged" in capsys.readouterr().err
    store = Store(db)
    rows = store.db.execute("SELECT id, meta FROM documents").fetchall()
    store.close()
    assert len(rows) <= 1 and all("warnings" in r["meta"] for r in rows)


def test_same_bytes_under_two_paths_are_one_document_and_both_skip(tmp_path: Path) -> None:
    """The seed sits in corpus/seed and in the shared corpus: `make demo` reads both."""
    a, b = tmp_path / "a" / "seed.txt", tmp_path / "b" / "seed.txt"
    for p in (a, b):
        p.parent.mkdir()
        shutil.copy(SEED, p)
    db = tmp_path / "v.db"
    main(["extract", str(a), str(b), "--db", str(db)])
    store = Store(db)
    assert len(store.documents()) == 1
    assert store.unchanged(str(a), store.db.execute("SELECT sha256 FROM files WHERE source = ?", (str(a),)).fetchone()[0])
    assert store.unchanged(str(b), store.db.execute("SELECT sha256 FROM files WHERE source = ?", (str(b),)).fetchone()[0])
    store.close()


def test_bulk_file_is_skipped_once_complete_and_shrinks(tmp_path: Path) -> None:
    lines = []
    with gzip.open(CORPUS / "tvpl_tai_lieu_noi_bo" / "tvpl_nghidinh_subset_all_vietnamese_docs.jsonl.gz", "rt",
                   encoding="utf-8") as fh:
        for line in fh:
            lines.append(line)
            if len(lines) == 3:
                break
    bulk = tmp_path / "three.jsonl"
    bulk.write_text("".join(lines), encoding="utf-8")
    db = tmp_path / "v.db"
    main(["extract", str(bulk), "--db", str(db)])
    store = Store(db)
    assert len(store.documents()) == 3
    store.close()
    store = Store(db)
    assert list(extract_paths([str(bulk)], skip=store.unchanged)) == [] and store.skipped == 1
    store.close()
    bulk.write_text("".join(lines[:2]), encoding="utf-8")
    main(["extract", str(bulk), "--db", str(db)])
    store = Store(db)
    assert sorted(r["source"] for r in store.documents()) == [f"{bulk}#1", f"{bulk}#2"]
    store.close()


@pytest.mark.parametrize("query", ["tổ chức dạy kỹ năng bơi", "to chuc day ky nang boi", "TỔ CHỨC DẠY KỸ NĂNG BƠI"])
def test_search_with_and_without_diacritics(store: Store, query: str) -> None:
    hits = store.search(query, mode="all", limit=5)
    assert hits, query
    quote = store.text(hits[0].doc_id, hits[0].start, hits[0].end)
    assert "dạy kỹ năng bơi" in " ".join(quote.split())


@pytest.mark.parametrize("query", ["Đảng ủy Ủy ban nhân dân tỉnh", "dang uy uy ban nhan dan tinh"])
def test_search_folds_d_with_stroke(store: Store, query: str) -> None:
    hits = store.search(query, mode="all", limit=20)
    assert any("CV-2449" in store.db.execute("SELECT source FROM documents WHERE id = ?", (h.doc_id,)).fetchone()[0]
               for h in hits)


def test_search_uses_word_segmentation(store: Store) -> None:
    # "trẻ em" is one word: a passage with the word ranks above passages that only have the
    # syllables "trẻ" and "em" apart, and the query is a whole-word match in the words column.
    assert 'words : "trẻ_em"' in fts_query("trẻ em")
    row = store.db.execute("SELECT words FROM chunks WHERE words LIKE '%trẻ_em%' LIMIT 1").fetchone()
    assert row and "trẻ_em" in row[0]
    # An unmarked question is cut with the unmarked forms of the words the index has met.
    assert store.plain_compounds(["cham", "soc", "tre", "em"]) == ["cham_soc", "tre_em"]


def test_sections_are_indexed_once_not_once_per_ancestor() -> None:
    sections = [{"path": "I", "level": 1, "start": 10, "end": 100}, {"path": "I.1", "level": 2, "start": 20, "end": 60},
                {"path": "I.2", "level": 2, "start": 60, "end": 100}]
    assert own_spans(sections, 120) == [(None, 0, 10), ("I", 10, 20), ("I.1", 20, 60), ("I.2", 60, 100),
                                        (None, 100, 120)]
    # A parent starting where its first child starts: the child holds the text once.
    sections = [{"path": "III", "level": 1, "start": 10, "end": 100}, {"path": "III.1", "level": 2, "start": 10, "end": 60}]
    assert own_spans(sections, 100) == [(None, 0, 10), ("III.1", 10, 60)]
