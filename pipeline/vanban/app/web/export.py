"""The answers and the documents' list as CSV (UTF-8 with a BOM, which Excel needs to read
Vietnamese) and as Excel workbooks (openpyxl).

A cell that starts with = + - @ would be run as a formula by a spreadsheet: such a cell is
written with a leading apostrophe, so a document's text can never become a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from vanban.app.web.state import Snapshot
from vanban.app.web.words import level_name, role_name, show_date, words
from vanban.store.browse import DocumentRow


def answer_columns() -> list[str]:
    return list(words()["answer_columns"])


def document_columns() -> list[str]:
    return list(words()["document_columns"])


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\x00", "")
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def answer_rows(answers: Iterable[dict[str, Any]], base: str) -> list[list[Any]]:
    rows = []
    for a in answers:
        d = a["document"]
        roles = a.get("roles") or ([a["role"]] if a.get("role") else [])
        rows.append([a.get("agency") or "", ", ".join(role_name(r) for r in roles), a.get("task") or "",
                     (a.get("deadline") or {}).get("text") or "", d.get("doc_type") or "", d.get("code") or "",
                     d.get("issuer") or "", show_date(d.get("date")), a.get("province") or "", a.get("section") or "",
                     a.get("page_label") or "", " ".join((a.get("quote") or "").split()), base + a.get("href", "")])
    return rows


def document_rows_out(docs: Iterable[DocumentRow], snap: Snapshot, base: str) -> list[list[Any]]:
    from urllib.parse import quote

    rows = []
    for d in docs:
        signer = d.signer or {}
        rows.append([d.doc_type or "", d.code or "", d.title or "", d.issuer or "", show_date(d.date),
                     snap.province.get(d.id) or "", snap_level(snap, d.id), signer.get("name") or "", d.pages or "",
                     d.assignments, f"{base}/van-ban/{quote(d.id, safe='')}"])
    return rows


def snap_level(snap: Snapshot, doc_id: str) -> str:
    return level_name(snap.level.get(doc_id, "unknown"))


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    # openpyxl (and the lxml it loads) on the first export, not in every worker's start-up
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_xlsx_cell(v) for v in row])
    for col in ws.columns:
        width = min(60, max(10, *(len(str(c.value or "")) for c in col[:200])))
        ws.column_dimensions[col[0].column_letter].width = width
        for c in col[1:]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _xlsx_cell(value: Any) -> Any:
    # XML 1.0 cannot carry control characters; openpyxl refuses them
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
    return safe(value)
