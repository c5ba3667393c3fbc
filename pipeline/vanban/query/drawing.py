"""Figures for notebooks (matplotlib, from the `notebook` extra): a lineage drawn in levels,
centre -> province -> district -> commune, with its relations labelled; and who must do what
by when, as a table of tasks per agency and a timeline of deadlines."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

from vanban.rules import load_rules

LEVEL_ROWS = {"centre": 3.0, "province": 2.0, "district": 1.0, "commune": 0.0}
# display labels (data/display.json; the cue phrases that find the relations are in relation_cues.json)
LEVEL_NAMES: dict[str, str] = load_rules("display")["levels"]
RELATION_NAMES: dict[str, str] = load_rules("display")["relations"]
RELATION_COLORS = {"implements": "#1f77b4", "guides": "#2ca02c", "amends": "#ff7f0e", "based_on": "#9467bd",
                   "cites": "#7f7f7f", "replaces": "#d62728", "repeals": "#8c564b"}


def node_label(data: dict[str, Any], node: str) -> str:
    """Two short lines: type and code, then issuer and date."""
    head = " ".join(x for x in (data.get("doc_type"), data.get("code")) if x) or node
    tail = " · ".join(str(x) for x in (data.get("issuer"), data.get("date")) if x)
    return f"{head}\n{tail[:48]}" if tail else head


def lineage_layout(sub: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Rows by level, top down; a document citing one of its own level goes in a row under
    it (a district plan implementing the district's own programme), one of unknown level
    under what it cites. Within a row, documents sit under what they cite, then by date."""
    simple = nx.DiGraph(sub)
    rows: dict[str, float] = {}

    def row(node: str, seen: frozenset[str] = frozenset()) -> float:
        if node in rows:
            return rows[node]
        level = sub.nodes[node].get("level")
        cited = [t for t in simple.successors(node) if t not in seen]
        base = 2.0 * LEVEL_ROWS[level] if level in LEVEL_ROWS else None
        below = [row(t, seen | {node}) - 0.8 for t in cited
                 if base is None or sub.nodes[t].get("level") == level or sub.nodes[t].get("level") not in LEVEL_ROWS]
        value = min([*below, *([base] if base is not None else [])]) if below or base is not None else 0.0
        if base is not None:
            value = max(value, base - 1.6)  # stays inside its level's band
        rows[node] = value
        return value

    for node in sub.nodes:
        row(node)
    pos: dict[str, tuple[float, float]] = {}
    for r in sorted(set(rows.values()), reverse=True):
        members = [n for n in rows if rows[n] == r]

        def anchor(n: str) -> tuple[float, str]:
            xs = [pos[t][0] for t in simple.successors(n) if t in pos]
            return (sum(xs) / len(xs) if xs else 0.0, str(sub.nodes[n].get("date") or ""))

        members.sort(key=lambda n: (*anchor(n), n))
        for i, node in enumerate(members):
            pos[node] = (1.6 * (i - (len(members) - 1) / 2), r)
    return pos


def draw_lineage(sub: nx.MultiDiGraph, title: str | None = None, ax: Any = None) -> Any:
    """The lineage `sub` (from `Corpus.lineage`), arrows from a document to those that
    implement it, coloured and labelled by relation; filled: in the store, hollow: cited only;
    dashed: stated by a third document. Returns the figure."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    pos = lineage_layout(sub)
    width = max((sum(1 for p in pos.values() if p[1] == row) for row in {p[1] for p in pos.values()}), default=1)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(8.0, 2.3 * width + 3), 1.3 * (len({p[1] for p in pos.values()}) + 1)))
    fig = ax.figure
    left = min((p[0] for p in pos.values()), default=0.0) - 1.0
    for level, band in LEVEL_ROWS.items():
        if any(2 * band - 1.7 <= p[1] <= 2 * band for p in pos.values()):
            ax.axhspan(2 * band - 1.75, 2 * band + 0.3, color="#f4f4f4" if band % 2 else "#fafafa", zorder=0)
            ax.text(left, 2 * band, LEVEL_NAMES[level], va="center", ha="right", fontsize=9, color="#555555")
    used: set[str] = set()
    for citing, cited, data in sub.edges(data=True):
        relation = data.get("relation", "cites")
        used.add(relation)
        (x0, y0), (x1, y1) = pos[cited], pos[citing]
        # an edge past a row bends, so that it does not run over the documents between
        bend = 0.25 if abs(y0 - y1) > 2.1 or y0 == y1 else 0.0
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "color": RELATION_COLORS.get(relation, "black"), "lw": 1.4,
                                "linestyle": "--" if data.get("inferred") else "-", "shrinkA": 7, "shrinkB": 7,
                                "connectionstyle": f"arc3,rad={bend}"})
        ax.text(0.55 * x0 + 0.45 * x1, 0.55 * y0 + 0.45 * y1, relation.replace("_", " "), fontsize=7, ha="center",
                va="center", color=RELATION_COLORS.get(relation, "black"),
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3, "alpha": 0.8})
    for node, (x, y) in pos.items():
        data = sub.nodes[node]
        stored = bool(data.get("in_corpus"))
        ax.scatter([x], [y], s=140, zorder=3, edgecolors="#333333", facecolors="#4c72b0" if stored else "white")
        ax.text(x + 0.09, y - 0.12, node_label(data, node), fontsize=7, va="top", ha="left")
    handles = [Line2D([0], [0], color=RELATION_COLORS[r], lw=2, label=RELATION_NAMES[r]) for r in RELATION_NAMES if r in used]
    handles += [Line2D([0], [0], marker="o", color="white", markerfacecolor="#4c72b0", markeredgecolor="#333333",
                       markersize=9, label="in the store"),
                Line2D([0], [0], marker="o", color="white", markerfacecolor="white", markeredgecolor="#333333",
                       markersize=9, label="cited only"),
                Line2D([0], [0], color="#555555", lw=1.5, linestyle="--", label="stated by a citing document")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    xs = [p[0] for p in pos.values()] or [0.0]
    ax.set_xlim(min(xs) - 1.0, max(xs) + 1.5)
    ys = [p[1] for p in pos.values()] or [0.0]
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.4)
    ax.axis("off")
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    fig.tight_layout()
    return fig


def tasks_per_agency(assignments: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Tasks of the `top` agencies with most, by when: one column per deadline year, then
    recurring tasks and tasks with no deadline; rows sorted by their total."""
    a = assignments.dropna(subset=["agency"])
    when = a["deadline_end"].dt.year.astype("Int64").astype("string")
    when = when.where(a["deadline_end"].notna(), a["deadline_recurrence"].notna().map({True: "recurring", False: "no deadline"}))
    table = pd.crosstab(a["agency"], when)
    years = sorted(c for c in table.columns if c[:1].isdigit())
    table = table[[*years, *(c for c in ("recurring", "no deadline") if c in table.columns)]]
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False).head(top)


def deadline_timeline(assignments: pd.DataFrame, top: int = 12, ax: Any = None) -> Any:
    """Each dated task of the `top` agencies with most as a mark at its due day (a bar over
    its window when it has one); filled: the agency leads it. Returns the figure."""
    import matplotlib.pyplot as plt

    dated = assignments.dropna(subset=["agency", "deadline_end"])
    agencies = dated["agency"].value_counts().head(top).index[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.45 * max(len(agencies), 3) + 1.2))
    fig = ax.figure
    for y, agency in enumerate(agencies):
        rows = dated[dated["agency"] == agency]
        for _, r in rows.iterrows():
            if pd.notna(r["deadline_start"]) and r["deadline_start"] < r["deadline_end"]:
                ax.plot([r["deadline_start"], r["deadline_end"]], [y, y], color="#9ecae1", lw=5, solid_capstyle="butt", zorder=1)
        lead = rows[rows["lead"]]
        other = rows[~rows["lead"]]
        # the leads on top: a lead and a cooperating task due the same day show as a lead
        ax.scatter(other["deadline_end"], [y] * len(other), facecolors="white", edgecolors="#08519c", zorder=2, s=30,
                   label="cooperates, implements …" if y == 0 else None)
        ax.scatter(lead["deadline_end"], [y] * len(lead), color="#08519c", zorder=3, s=30, label=load_rules("display")["lead"] if y == 0 else None)
    ax.set_yticks(range(len(agencies)), [a[:60] for a in agencies], fontsize=8)
    ax.set_xlabel("deadline (the day a task is due; bars: its window)")
    ax.grid(axis="x", color="#eeeeee")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Who must do what by when", loc="left", fontsize=11)
    fig.tight_layout()
    return fig
