"""References: every mention of another document, typed, dated, with its issuer and the
relation the citing document has to it, resolved to one identity key (`vanban.stages.identity`).

The grammar is data (`data/citations.json`), the relation cues too (`data/relation_cues.json`).
Mentions are found code-first: a "số và ký hiệu" is the most reliable thing in a citation, so
every code is found wherever it stands, then the words around it say what it is (type word,
name, "số", list of numbers on the left; date and issuer on the right). Short forms ("Chỉ thị
28", "Nghị định nêu trên") are resolved to a full mention of the same document; names without
a number ("Luật Đầu tư công", "Chương trình … giai đoạn 2021-2030") become mentions with `name`.

Split by job: `grammar`, `context`, `issuers`, `mentions`, `names`, `relations`; the stage here."""

from __future__ import annotations

from typing import TYPE_CHECKING

# Only what reading a question needs is imported here (a code's finder and its grammar):
# `vanban ask` finds the code a question names without loading the whole stage (its relation
# cues and names), which `run` imports on first use.
from vanban.stages.references.grammar import expand, grammar
from vanban.stages.references.mentions import Citation, find_codes

if TYPE_CHECKING:
    from vanban.model import Document


def run(doc: Document) -> Document:
    """The stage (`stage.run`): every mention of another document in `doc`, typed and resolved."""
    from vanban.stages.references.stage import run as run_stage

    return run_stage(doc)


__all__ = ["Citation", "expand", "find_codes", "grammar", "run"]
