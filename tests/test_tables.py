"""The researcher's tables: typed, one row per document, every column documented; the three
first questions of a researcher in one or two lines each; Parquet export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from vanban.app.cli import main
from vanban.query.columns import COLUMNS
from vanban.query.places import level_of_code, place_of_document, place_of_name
from vanban.query.tables import Corpus, deadline_columns, load, parse_date


@pytest.fixture(scope="module")
def tables(researcher_db: Path) -> Corpus:
    return load(researcher_db)


# --- the three tasks ------------------------------------------------------------------------


def test_leading_agencies(tables: Corpus) -> None:
    leads = tables.assignments.query("lead").agency.value_counts()
    # Đồng Tháp's Sở Khoa học và Công nghệ is "cơ quan đầu mối, chủ trì" in Kế hoạch 617 and
    # the standing body, "chủ trì theo dõi, đôn đốc", of Kế hoạch 552 (read in both plans)
    assert leads["Sở Khoa học và Công nghệ tỉnh Đồng Tháp"] >= 2
    assert leads.index[0] in set(tables.agencies["agency"])


def test_2025_deadlines_by_agency(tables: Corpus) -> None:
    a = tables.assignments
    due = a[a.deadline_end.dt.year == 2025].groupby("agency").size()
    # Kế hoạch 308/KH-UBND of Hà Nội, II.1.1: "Đơn vị chủ trì: Sở Khoa học và Công nghệ …
    # Thời gian thực hiện: Hoàn thành trong năm 2025."
    assert due["Sở Khoa học và Công nghệ thành phố Hà Nội"] >= 1
    row = a[(a.doc_code == "308/KH-UBND") & (a.section == "II.1.1.b") & a.lead].iloc[0]
    assert row.agency == "Sở Khoa học và Công nghệ thành phố Hà Nội"
    assert row.deadline_end == pd.Timestamp("2025-12-31") and row.deadline_precision == "year"


def test_implementing_documents_of_57_per_province(tables: Corpus) -> None:
    per_province = tables.implementing("57-NQ/TW").groupby("province").size()
    # each of the six plans names Nghị quyết 57-NQ/TW in its preamble (căn cứ / thực hiện)
    assert per_province.to_dict() == {"Bắc Ninh": 1, "Hà Nội": 1, "Đồng Nai": 1, "Đồng Tháp": 3}


# --- the tables -----------------------------------------------------------------------------


def test_every_column_is_documented_and_typed(tables: Corpus) -> None:
    for name, frame in tables.tables().items():
        assert list(frame.columns) == list(COLUMNS[name]), name
        for col in frame.columns:
            assert frame[col].dtype != object or col in ("sources", "ids"), (name, col)
    docs = tables.documents
    assert str(docs["date"].dtype).startswith("datetime64")
    assert docs["level"].cat.ordered and list(docs["level"].cat.categories) == ["centre", "province", "district", "commune"]
    assert str(tables.assignments["deadline_end"].dtype).startswith("datetime64")
    assert tables.assignments["lead"].dtype == bool


def test_one_row_per_document(tables: Corpus) -> None:
    docs = tables.documents
    assert docs["doc"].is_unique
    nd = docs[docs["code"] == "249/2025/NĐ-CP"].iloc[0]
    # the .txt file and line 1 of the vbpl bulk file are one decree
    assert nd["copies"] == 2 and len(nd["sources"]) == 2
    assert any(s.endswith("ND-249-2025-ND-CP_ThuHutChuyenGiaKHCN.txt") for s in nd["sources"])
    assert any(s.endswith("vbpl_line1.jsonl#1") for s in nd["sources"])
    assert (tables.assignments["doc"] == nd["doc"]).sum() == nd["assignments"]
    assert len(tables.copies) == docs["copies"].sum()


def test_places_and_joined_columns(tables: Corpus) -> None:
    docs = tables.documents.set_index("code")
    assert docs.loc["249/2025/NĐ-CP", "level"] == "centre" and pd.isna(docs.loc["249/2025/NĐ-CP", "province"])
    assert (docs.loc["75-KL/TW", "level"], docs.loc["104-CTr/TU", "province"]) == ("centre", "Lào Cai")
    seed = tables.documents[tables.documents["issuer"] == "Huyện ủy Bác Ái"].iloc[0]
    assert (seed["level"], seed["province"], seed["district"]) == ("district", "Ninh Thuận", "Bác Ái")
    assert seed["date_precision"] == "month" and seed["date"] == pd.Timestamp("2024-03-01")
    a = tables.assignments[tables.assignments["doc"] == seed["doc"]]
    assert set(a["doc_province"]) == {"Ninh Thuận"} and set(a["doc_issuer"]) == {"Huyện ủy Bác Ái"}
    refs = tables.references[tables.references["doc"] == seed["doc"]]
    chain = refs[refs["relation"] == "implements"]
    assert {"28-CT/TW", "273-KH/TU"} <= set(chain["target_code"])
    assert set(chain.loc[chain.target_code == "273-KH/TU", "target_level"]) == {"province"}


def test_values() -> None:
    assert parse_date("2026") == (pd.Timestamp("2026-01-01"), "year")
    assert parse_date("2026-04") == (pd.Timestamp("2026-04-01"), "month")
    assert parse_date("2026-02-30") == (None, None) and parse_date(None) == (None, None)
    q = deadline_columns('{"text": "Quý III/2025", "interval": ["2025-07-01", "2025-09-30"]}')
    assert (q["deadline_start"], q["deadline_end"], q["deadline_precision"]) == (
        pd.Timestamp("2025-07-01"), pd.Timestamp("2025-09-30"), "quarter")
    r = deadline_columns('{"text": "hằng tháng", "recurrence": "monthly"}')
    assert r["deadline_recurrence"] == "monthly" and r["deadline_end"] is None
    assert place_of_name("Cộng hòa xã hội chủ nghĩa Việt Nam").level is None  # "xã hội" is no commune
    assert place_of_name("Thành phố Lào Cai").level == "district"  # a city under the province
    assert place_of_name("Ủy ban nhân dân Thành phố Hồ Chí Minh").province == "Hồ Chí Minh"
    assert place_of_name("Ủy ban nhân dân cấp xã").level == "commune"
    assert place_of_document("Bộ Y tế", head="V/v phòng chống dịch tại TỈNH LÀO CAI").province is None
    assert [level_of_code(c) for c in ("28-CT/TW", "273-KH/TU", "23/2024/TT-BCT", "100/KH-UBND")] == [
        "centre", "province", "centre", None]


def test_graph_nodes_carry_levels(tables: Corpus) -> None:
    g = tables.graph
    levels = {d.get("level") for n, d in g.nodes(data=True) if d.get("kind") == "document"}
    assert {"centre", "province", "district"} <= levels
    assert g.nodes["28-CT/TW"]["level"] == "centre"


def test_export_parquet_and_csv(researcher_db: Path, tmp_path: Path, tables: Corpus) -> None:
    out = tmp_path / "tables"
    assert main(["export", "--db", str(researcher_db), "-o", str(out), "-q"]) == 0
    back = pd.read_parquet(out / "documents.parquet")
    assert len(back) == len(tables.documents) and str(back["date"].dtype).startswith("datetime64")
    assert list(back.columns) == list(COLUMNS["documents"])
    assert main(["export", "assignments", "--db", str(researcher_db), "-o", str(tmp_path / "a.csv"), "-q"]) == 0
    assert len(pd.read_csv(tmp_path / "a.csv")) == len(tables.assignments)
    assert main(["export", "--db", str(researcher_db), "-o", str(tmp_path / "one.parquet")]) == 2
    assert not (tmp_path / "one.parquet").exists()


def test_docs_tables_md_is_current() -> None:
    from tests.conftest import ROOT
    from vanban.query.columns import markdown

    # regenerate with: python -c "from vanban.query.columns import markdown; open('docs/tables.md','w').write(markdown())"
    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == markdown()
