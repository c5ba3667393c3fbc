"""vanban: Vietnamese administrative documents -> records, assignments and a lineage graph.

    >>> from vanban import process_file
    >>> doc = process_file("corpus/seed/KH-HU-BacAi-2024-03_CT28.txt")
    >>> doc.to_record()["issuer"]
"""

from vanban.extract import extract_paths, process_file, process_text
from vanban.model import Document

__all__ = ["Document", "extract_paths", "process_file", "process_text"]
