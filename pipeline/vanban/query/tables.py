"""The store as pandas tables and a networkx graph, for notebooks."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd

from vanban.query.graph import build_graph, connect
from vanban.store import queries


@dataclass
class Corpus:
    """What a notebook needs: the graph and the tables behind it."""

    graph: nx.MultiDiGraph
    documents: pd.DataFrame
    references: pd.DataFrame
    assignments: pd.DataFrame
    # One row per (canonical agency, the words a document wrote for it), with how often and in
    # how many documents: the aliases the gazetteer and the locality resolution folded together.
    aliases: pd.DataFrame


def _frame(rows: list[sqlite3.Row], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r[c] for c in columns) for r in rows], columns=columns)


def load(db: str | Path, agencies: bool = True) -> Corpus:
    conn = connect(db)
    try:
        documents = _frame(queries.documents(conn), ["id", "key", "source", "format", "doc_type", "number", "symbol", "code",
                                                     "issuer", "parent_issuer", "place", "date", "title", "chars"])
        references = _frame(queries.references(conn), ["doc_id", "seq", "text", "doc_type", "code", "date", "issuer",
                                                       "relation", "target", "section", "start", "end", "name"])
        assignments = _frame(queries.assignments(conn), ["id", "doc_id", "seq", "agency", "mention", "role", "task", "deadline",
                                                         "deadline_date", "report_to", "section", "start", "end"])
        aliases = _frame(queries.aliases(conn), ["agency", "mention", "assignments", "documents"])
        graph = build_graph(conn, agencies=agencies)
    finally:
        conn.close()
    return Corpus(graph, documents, references, assignments, aliases)
