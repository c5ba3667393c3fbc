"""The store as typed, tidy pandas tables and a networkx graph, for notebooks.

    >>> from vanban.query.tables import load
    >>> corpus = load("vanban.db")
    >>> corpus.assignments.query("lead").agency.value_counts().head()          # who leads most
    >>> a = corpus.assignments; a[a.deadline_end.dt.year == 2025].groupby("agency").size()
    >>> corpus.implementing("57-NQ/TW").groupby("province").size()              # per province

One row per document: the copies of one document (the .md page and the bulk line, a DOCX
and its scanned PDF) are merged into one row listing their sources, and the assignments and
references are those of the copy that stands for it, so nothing is counted twice. Dates are
datetimes (with their precision where the document gives only a month or a year), deadlines
are start / end / recurrence columns, every document and agency has its level and province,
and the document's code, type, date, issuer, level and province are joined onto each
assignment and reference. Every column is described in `vanban.query.columns.COLUMNS`
(docs/tables.md); `vanban export` writes the same tables as Parquet, CSV or JSON lines.
"""

from __future__ import annotations

import calendar
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from vanban.query.columns import COLUMNS
from vanban.query.graph import build_graph, connect, copies, doc_node
from vanban.query.places import LEVELS, level_of_code, place_of_document, place_of_name
from vanban.store import queries

LEVEL = pd.CategoricalDtype(list(LEVELS), ordered=True)
PRECISION = {4: "year", 7: "month", 10: "day"}
INTS = ("seq", "page", "start", "end", "pages", "chars", "sections", "references", "assignments", "copies", "year",
        "lead", "documents", "issued", "aliases")
CATEGORIES = ("doc_type", "format", "role", "relation", "deadline_recurrence", "date_precision", "deadline_precision",
              "target_type")
DATES = ("date", "doc_date", "deadline_start", "deadline_end", "cited_date")


@dataclass
class Corpus:
    """A store for a notebook: the graph, and its tables (columns in `vanban.query.columns`)."""

    graph: nx.MultiDiGraph
    documents: pd.DataFrame
    copies: pd.DataFrame
    references: pd.DataFrame
    assignments: pd.DataFrame
    agencies: pd.DataFrame
    # One row per (canonical agency, the words a document wrote for it), with how often and in
    # how many documents: the aliases the gazetteer and the locality resolution folded together.
    aliases: pd.DataFrame

    def lineage(self, doc: str, direction: str = "down",
                relations: tuple[str, ...] = ("implements", "guides", "amends", "based_on")) -> nx.MultiDiGraph:
        """The lineage of a document given by its code ("57-NQ/TW") or id: see `vanban lineage`."""
        from vanban.query.lineage import lineage, resolve

        starts = resolve(self.graph, doc)
        if not starts:
            raise KeyError(f"no document {doc!r} in the store (neither stored nor cited)")
        return lineage(self.graph, starts, direction, relations)

    def implementing(self, doc: str, relations: tuple[str, ...] = ("implements", "guides", "based_on")) -> pd.DataFrame:
        """The stored documents that implement `doc`, directly or through others (its
        lineage down), one row each, from `documents` (so with their level and province).
        A provincial plan made "căn cứ" (based on) a Politburo resolution implements it too;
        `relations` narrows that."""
        sub = self.lineage(doc, "down", relations)
        starts = {n for n in sub.nodes if sub.in_degree(n) and not sub.out_degree(n)} or set(sub.nodes)
        below = set(sub.nodes) - starts
        return self.documents[self.documents["doc"].isin(below)].reset_index(drop=True)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in COLUMNS}


def load(db: str | Path, agencies: bool = True) -> Corpus:
    """The graph and the typed tables of a store (see the module docstring, and
    `vanban.query.columns.COLUMNS` for every column). `agencies=False` leaves the agency
    nodes out of the graph (the tables keep them)."""
    conn = connect(db)
    try:
        graph = build_graph(conn, agencies=agencies)
        documents, copy_table, standing = _documents(conn)
        _place_nodes(graph, documents)
        assignments = _assignments(conn, standing, documents)
        references = _references(conn, standing, documents, graph)
    finally:
        conn.close()
    aliases = _aliases(assignments)
    agency_table = _agencies(assignments, documents, aliases)
    return Corpus(graph, documents, copy_table, references, assignments, agency_table, aliases)


# --- values ---------------------------------------------------------------------------------


def parse_date(value: str | None) -> tuple[pd.Timestamp | None, str | None]:
    """("2026-04" ->) the first day of what the text gives, and how much it gives."""
    if not value or len(value) not in PRECISION:
        return None, None
    padded = value + "-01-01"[len(value) - 4:] if len(value) < 10 else value
    try:
        return pd.Timestamp(padded[:10]), PRECISION[len(value)]
    except ValueError:
        return None, None


def _last_day(ts: pd.Timestamp, precision: str | None) -> pd.Timestamp:
    if precision == "year":
        return pd.Timestamp(ts.year, 12, 31)
    if precision == "month":
        return pd.Timestamp(ts.year, ts.month, calendar.monthrange(ts.year, ts.month)[1])
    return ts


def deadline_columns(raw: str | None) -> dict[str, Any]:
    """The stored deadline (JSON) as columns: text, start, end, precision, recurrence."""
    out: dict[str, Any] = {"deadline": None, "deadline_start": None, "deadline_end": None,
                           "deadline_precision": None, "deadline_recurrence": None}
    if not raw:
        return out
    d = json.loads(raw)
    out["deadline"], out["deadline_recurrence"] = d.get("text"), d.get("recurrence")
    if d.get("date"):
        start, precision = parse_date(d["date"])
        if start is not None:
            out.update(deadline_start=start, deadline_end=_last_day(start, precision), deadline_precision=precision)
    elif d.get("interval"):
        (start, _), (end, _) = parse_date(d["interval"][0]), parse_date(d["interval"][1])
        if start is not None and end is not None:
            out.update(deadline_start=start, deadline_end=end, deadline_precision=_window(start, end))
    return out


def _window(start: pd.Timestamp, end: pd.Timestamp) -> str:
    if start.day == 1 and (end + pd.Timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if start.month == 1 and months % 12 == 0:
            return "year"
        return {1: "month", 3: "quarter"}.get(months, "day")
    return "day"


# --- tables ---------------------------------------------------------------------------------


def _frame(rows: list[sqlite3.Row] | list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r[c] for c in columns) for r in rows], columns=columns)


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Nullable integers, categories, datetimes, strings, in the documented order."""
    for col in df.columns:
        values = df[col]
        if len(values) and values.map(lambda v: isinstance(v, bool)).all():
            df[col] = values.astype(bool)
        elif col in INTS:
            df[col] = pd.array(values.tolist(), dtype="Int64")
        elif col in CATEGORIES:
            df[col] = values.astype("category")
        elif col in DATES:
            df[col] = pd.to_datetime(values).astype("datetime64[us]")
        elif col.endswith("level"):
            df[col] = values.astype(LEVEL)
        elif col in ("sources", "ids"):
            continue  # lists of str
        else:
            df[col] = values.astype("string")
    return df


def _documents(conn: sqlite3.Connection) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, dict[str, Any]]]:
    """(documents, copies, {standing copy id: its document's row}) ."""
    inputs: dict[str, list[str]] = {}
    for src in queries.sources(conn):
        inputs.setdefault(src["doc_id"], []).append(src["source"])
    fields = ("key", "code", "doc_type", "number", "symbol", "issuer", "parent_issuer", "signer", "place", "date", "title")
    docs: list[dict[str, Any]] = []
    copy_rows: list[dict[str, Any]] = []
    standing: dict[str, dict[str, Any]] = {}
    for node, group in copies(queries.documents(conn)).items():
        best = group[0]
        values = {f: best[f] for f in fields}
        for other in group[1:]:
            values.update({f: other[f] for f in fields if not values[f] and other[f]})
        place = place_of_document(values["issuer"], values["parent_issuer"],
                                  json.loads(best["issuers"]) if best["issuers"] else None, best["head"])
        date, precision = parse_date(values["date"])
        row: dict[str, Any] = {"doc": node, "id": best["id"], **values, "date": date, "date_precision": precision,
               "year": date.year if date is not None else None, "level": place.level, "province": place.province,
               "district": place.district, "format": best["format"], "pages": best["pages"], "chars": best["chars"],
               "sections": best["n_sections"], "references": best["n_references"], "assignments": best["n_assignments"],
               "copies": len(group), "sources": sorted({s for c in group for s in inputs.get(c["id"], [c["source"]])}),
               "ids": [c["id"] for c in group]}
        docs.append(row)
        standing[best["id"]] = row
        copy_rows += [{"doc": node, "id": c["id"], "source": c["source"], "format": c["format"], "chars": c["chars"],
                       "assignments": c["n_assignments"], "standing": c is best} for c in group]
    return (_typed(_frame(docs, list(COLUMNS["documents"]))), _typed(_frame(copy_rows, list(COLUMNS["copies"]))),
            standing)


def _joined(doc: dict[str, Any]) -> dict[str, Any]:
    return {"doc_code": doc["code"], "doc_type": doc["doc_type"], "doc_date": doc["date"], "doc_issuer": doc["issuer"],
            "doc_level": doc["level"], "doc_province": doc["province"]}


def agency_place(name: str | None, doc: dict[str, Any]) -> tuple[str | None, str | None]:
    """(level, province) of an agency assigned in a document: a local agency whose name gives
    no province is of the document's ("Ủy ban nhân dân huyện Bác Ái" in a plan of Ninh Thuận)."""
    place = place_of_name(name)
    province = place.province
    local = place.level in ("district", "commune") or (place.level is None and doc["level"] not in (None, "centre"))
    if province is None and local:
        province = doc["province"]
    return place.level, province


def _assignments(conn: sqlite3.Connection, standing: dict[str, dict[str, Any]], documents: pd.DataFrame) -> pd.DataFrame:
    rows = []
    places: dict[tuple[str | None, str], tuple[str | None, str | None]] = {}
    for a in queries.assignments(conn):
        doc = standing.get(a["doc_id"])
        if doc is None:
            continue  # another copy of a document whose standing copy is in
        key = (a["agency"], doc["doc"])
        if key not in places:
            places[key] = agency_place(a["agency"], doc)
        level, province = places[key]
        rows.append({"doc": doc["doc"], "doc_id": a["doc_id"], "seq": a["seq"], "agency": a["agency"], "mention": a["mention"],
                     "role": a["role"], "lead": a["role"] == "lead", "task": a["task"], **deadline_columns(a["deadline"]),
                     "report_to": a["report_to"], "section": a["section"], "page": a["page"], "start": a["start"],
                     "end": a["end"], "agency_level": level, "agency_province": province, **_joined(doc)})
    return _typed(_frame(rows, list(COLUMNS["assignments"])))


def _references(conn: sqlite3.Connection, standing: dict[str, dict[str, Any]], documents: pd.DataFrame,
                graph: nx.MultiDiGraph) -> pd.DataFrame:
    rows = []
    for r in queries.references(conn):
        doc = standing.get(r["doc_id"])
        if doc is None:
            continue
        target = r["target"] or (f"code:{r['code']}" if r["code"] else None)
        node = graph.nodes[target] if target in graph else None
        if node is None and r["code"]:
            target = next((t for t in graph.successors(doc["doc"]) if graph.nodes[t].get("code") == r["code"]), None)
            node = graph.nodes[target] if target else None
        cited_date, _ = parse_date(r["date"])
        rows.append({"doc": doc["doc"], "doc_id": r["doc_id"], "seq": r["seq"], "relation": r["relation"] or "cites",
                     "target": target if node is not None else None,
                     "target_code": node.get("code") if node else r["code"],
                     "target_type": node.get("doc_type") if node else r["doc_type"],
                     "target_level": node.get("level") if node else level_of_code(r["code"]),
                     "target_in_corpus": bool(node and node.get("in_corpus")), "text": r["text"], "cited_code": r["code"],
                     "cited_type": r["doc_type"], "cited_date": cited_date, "cited_issuer": r["issuer"], "name": r["name"],
                     "section": r["section"], "page": r["page"], "start": r["start"], "end": r["end"], **_joined(doc)})
    return _typed(_frame(rows, list(COLUMNS["references"])))


def _aliases(assignments: pd.DataFrame) -> pd.DataFrame:
    named = assignments.dropna(subset=["agency", "mention"])
    groups = named.groupby(["agency", "mention"], observed=True)
    out = pd.DataFrame({"assignments": groups.size(), "documents": groups["doc"].nunique()}).reset_index()
    out = out.sort_values(["agency", "assignments", "mention"], ascending=[True, False, True], kind="stable")
    return _typed(out.reset_index(drop=True)[list(COLUMNS["aliases"])])


def _agencies(assignments: pd.DataFrame, documents: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    names = sorted(set(assignments["agency"].dropna()) | set(documents["issuer"].dropna()))
    by_agency = assignments.groupby("agency", observed=True)
    counts = by_agency.size()
    leads = by_agency["lead"].sum()
    docs = by_agency["doc"].nunique()
    provinces = by_agency["agency_province"].agg(lambda s: Counter(s.dropna()).most_common(1)[0][0] if s.notna().any() else None)
    issued = documents.groupby("issuer").size()
    wordings = aliases.groupby("agency").size()
    rows = []
    for name in names:
        place = place_of_name(name)
        rows.append({"agency": name, "level": place.level, "province": place.province or provinces.get(name),
                     "assignments": int(counts.get(name, 0)), "lead": int(leads.get(name, 0)),
                     "documents": int(docs.get(name, 0)), "issued": int(issued.get(name, 0)),
                     "aliases": int(wordings.get(name, 0))})
    return _typed(_frame(rows, list(COLUMNS["agencies"])))


def _place_nodes(graph: nx.MultiDiGraph, documents: pd.DataFrame) -> None:
    """Level and province on every document node (for the lineage drawn in levels), stubs
    from their issuer or code; the agency nodes from their names."""
    known = documents.set_index("doc")[["level", "province"]].to_dict("index")
    for node, data in graph.nodes(data=True):
        if data.get("kind") == "agency":
            place = place_of_name(data.get("name"))
            data.update(level=place.level, province=place.province)
        elif node in known:
            level = known[node]["level"]
            data.update(level=None if pd.isna(level) else level,
                        province=None if pd.isna(known[node]["province"]) else known[node]["province"])
        else:
            place = place_of_name(data.get("issuer"))
            data.update(level=place.level or level_of_code(data.get("code")), province=place.province)


def write_table(frame: pd.DataFrame, fmt: str, out: Any) -> None:
    """One table to a path or a text stream: parquet (pyarrow, types kept), csv (lists as
    JSON), jsonl (one JSON object a row, dates ISO)."""
    if fmt == "parquet":
        frame.to_parquet(out, index=False)
        return
    flat = frame.copy()
    for col in ("sources", "ids"):
        if col in flat and fmt == "csv":
            flat[col] = flat[col].map(lambda v: json.dumps(list(v), ensure_ascii=False))
    if fmt == "csv":
        flat.to_csv(out, index=False)
    elif fmt == "jsonl":
        flat.to_json(out, orient="records", lines=True, force_ascii=False, date_format="iso")
    else:
        raise ValueError(f"unknown table format {fmt!r}: parquet, csv or jsonl")


__all__ = ["COLUMNS", "Corpus", "agency_place", "deadline_columns", "doc_node", "load", "parse_date", "write_table"]
