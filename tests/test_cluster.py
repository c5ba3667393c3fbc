"""Extraction on a Dask cluster (`vanban extract --dask`): the same records as one process,
bulk files cut into chunks, and a store that stays whole when chunks finish out of order."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.conftest import SEED, doc_path
from vanban.app.cli import main
from vanban.extract import Unit, extract_paths, process_unit, work_units
from vanban.store.db import Store

FILES = ["laocai_skill_sct/index_only/CV-9387-UBND-KT_2026-09-15_UBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU_giao-So-NNMT.txt",
         "laocai_skill_sct/QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf"]
BULK = "tvpl_tai_lieu_noi_bo/tvpl_nghidinh_subset_all_vietnamese_docs.jsonl.gz"


@pytest.fixture(scope="module")
def client():
    import distributed  # the cluster extra is part of the test extra

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as c:
        yield c


def _small_bulk(tmp_path: Path, corpus: Path, n: int = 7) -> Path:
    """The first n lines of the real bulk file, so chunks of 3 leave a short last one."""
    with gzip.open(doc_path(BULK), "rt", encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(n)]
    out = tmp_path / "bulk.jsonl"
    out.write_text("".join(lines), encoding="utf-8")
    return out


def test_bulk_files_are_cut_into_chunks(tmp_path: Path, corpus: Path) -> None:
    bulk = _small_bulk(tmp_path, corpus)
    units = work_units([bulk, SEED], bulk_chunk=3)
    assert units == [Unit(bulk, (1, 3)), Unit(bulk, (4, 6)), Unit(bulk, (7, 7)), Unit(SEED)]
    sources = [r["source"] for u in units for r in process_unit(u)]
    assert sources == [f"{bulk}#{i}" for i in range(1, 8)] + [str(SEED)]


def test_cluster_gives_the_records_of_one_process(client, tmp_path: Path, corpus: Path) -> None:
    from vanban.app.cluster import extract_on

    paths = [SEED, *(doc_path(f) for f in FILES), _small_bulk(tmp_path, corpus)]
    here = {r["source"]: r for r in extract_paths(paths)}
    there = {r["source"]: r for r in extract_on(client, paths, bulk_chunk=3)}
    assert there.keys() == here.keys() and len(there) == 3 + 7
    assert all(r["text"] for r in there.values())
    for source, record in here.items():
        assert json.dumps(there[source], sort_keys=True) == json.dumps(record, sort_keys=True), source


def test_records_bag_computes_with_any_scheduler(tmp_path: Path, corpus: Path) -> None:
    from vanban.app.cluster import records_bag

    bag = records_bag([SEED, _small_bulk(tmp_path, corpus, 4)], bulk_chunk=2)
    records = bag.compute(scheduler="sync")
    assert sorted(r["source"] for r in records) == sorted([str(SEED), *(f"{tmp_path / 'bulk.jsonl'}#{i}" for i in range(1, 5))])
    assert any(a["agency"] == "Ban Tuyên giáo Huyện ủy Bác Ái" for r in records for a in r["assignments"])


def test_bulk_stored_out_of_order_is_complete_only_when_every_line_is_in(tmp_path: Path, corpus: Path) -> None:
    bulk = _small_bulk(tmp_path, corpus, 5)
    records = [r for u in work_units([bulk], bulk_chunk=2) for r in process_unit(u)]
    store = Store(tmp_path / "v.db", segmented=False)
    try:
        assert not store.unchanged(str(bulk), _sha(bulk))  # registers the bulk file and its 5 lines
        for r in reversed(records[1:]):  # the last chunk first, line 1 still missing
            store.put(r)
        assert not store.unchanged(str(bulk), _sha(bulk))
        store.put(records[0])
        assert store.unchanged(str(bulk), _sha(bulk))
    finally:
        store.close()


def _sha(path: Path) -> str:
    from vanban.extract import file_sha256

    return file_sha256(path)


def test_cli_on_a_local_cluster_fills_the_store(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "v.db"
    assert main(["extract", str(SEED), str(doc_path(FILES[0])), "--dask", "local", "--db", str(db), "--summary"]) == 0
    assert "2 documents" in capsys.readouterr().err
    store = Store(db)
    try:
        assert {Path(r["source"]).name for r in store.documents()} == {SEED.name, Path(FILES[0]).name}
    finally:
        store.close()


def test_an_unreachable_scheduler_is_said(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no --db: the default store is made in the working folder, not the checkout
    assert main(["extract", str(SEED), "--dask", "tcp://127.0.0.1:9"]) == 1
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_a_bad_bulk_line_costs_only_that_line(tmp_path: Path, corpus: Path) -> None:
    good = _small_bulk(tmp_path, corpus, 2).read_bytes().splitlines(keepends=True)
    bulk = tmp_path / "mixed.jsonl"
    bulk.write_bytes(good[0] + b'{"text": "caf\xe9"}\n' + b"[1, 2]\n" + good[1])
    records = process_unit(Unit(bulk))
    assert [r["source"] for r in records] == [f"{bulk}#{i}" for i in range(1, 5)]
    assert records[0]["text"] and records[3]["text"]
    assert records[1]["warnings"] == ["bulk line 2: not UTF-8 (byte 13)"]
    assert records[2]["warnings"] == ["bulk record has no text"]


def test_a_unit_lost_on_the_cluster_is_a_failure_record(client, monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path, corpus: Path) -> None:
    from vanban.app import cluster

    def flaky(unit: Unit, ocr: bool = False) -> list:
        if unit.lines == (3, 4):
            raise MemoryError("worker killed")
        return process_unit(unit, ocr)

    monkeypatch.setattr(cluster, "process_unit", flaky)
    bulk = _small_bulk(tmp_path, corpus, 5)
    records = list(cluster.extract_on(client, [bulk], bulk_chunk=2))
    by_source = {r["source"]: r for r in records}
    assert set(by_source) == {f"{bulk}#1", f"{bulk}#2", f"{bulk}#3-4", f"{bulk}#5"}
    assert by_source[f"{bulk}#3-4"]["warnings"] == ["failed on the cluster: MemoryError: worker killed"]


def test_not_an_address_is_said(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["extract", str(SEED), "--dask", "foo"]) == 1
    assert "not a Dask scheduler address" in capsys.readouterr().err


def test_jobs_give_the_records_of_one_process_in_order(tmp_path: Path, corpus: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import vanban.extract

    paths = [*(doc_path(f) for f in FILES), _small_bulk(tmp_path, corpus, 5), SEED]
    one = list(extract_paths(paths))
    monkeypatch.setattr(vanban.extract, "BULK_CHUNK", 2)  # the bulk file over both workers, out of order
    two = list(extract_paths(paths, jobs=2))
    assert [r["source"] for r in two] == [r["source"] for r in one]
    assert two == one
