"""One mention on its own, and the mentions seen for each agency over many documents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from vanban.model import Document
from vanban.stages.agencies.locality import Locality, locality_of
from vanban.stages.agencies.mentions import find_mentions
from vanban.text.normalize import fold


def canonical(mention: str, doc: Document | None = None) -> str | None:
    """The canonical name of one mention written on its own ("UBND tỉnh", "Sở GD&ĐT")."""
    loc = locality_of(doc) if doc is not None else Locality()
    found = find_mentions(mention, loc)
    return found[0].agency if found else None


def aliases_seen(docs: Iterable[Document]) -> dict[str, set[str]]:
    """{canonical agency: the mentions written for it} over documents already run (their ORG
    entities and assignments)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        loc = locality_of(doc)
        for m in find_mentions(doc.text, loc):
            seen[m.agency].add(" ".join(m.text.split()))
    return dict(seen)


def same_agency(a: str, b: str) -> bool:
    return fold(a) == fold(b)
