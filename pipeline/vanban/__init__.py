"""vanban: Vietnamese administrative documents -> records, assignments and a lineage graph.

    >>> from vanban import process_file
    >>> doc = process_file("corpus/seed/KH-HU-BacAi-2024-03_CT28.txt")
    >>> doc.to_record()["issuer"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vanban.extract import extract_paths, process_file, process_text
    from vanban.model import Document

__all__ = ["Document", "extract_paths", "process_file", "process_text"]


def __getattr__(name: str) -> Any:
    # Loaded on first use, so that `vanban --help` or `python -m vanban.app.bench` start
    # without the pipeline's imports.
    if name == "Document":
        from vanban.model import Document

        return Document
    if name in ("extract_paths", "process_file", "process_text"):
        from vanban import extract

        return getattr(extract, name)
    raise AttributeError(f"module 'vanban' has no attribute {name!r}")
