"""Word 97 .doc through antiword (a Debian package, installed by `make setup`).

Without antiword the file is reported, with the fix, rather than guessed at."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from vanban.ingest.base import Ingested, IngestError


def read_doc(data: bytes) -> Ingested:
    if not data.startswith(b"\xd0\xcf\x11\xe0"):
        if data.startswith(b"PK"):
            from vanban.ingest.docx import read_docx

            result = read_docx(data)
            result.warnings.append("file named .doc is a DOCX package: read as DOCX")
            return result
        raise IngestError("not a Word 97 .doc file (no OLE2 signature)")
    tool = shutil.which("antiword")
    if tool is None:
        raise IngestError(".doc (Word 97) needs antiword, which is not installed: apt-get install antiword")
    with tempfile.NamedTemporaryFile(suffix=".doc", delete=False) as fh:
        fh.write(data)
        path = fh.name
    try:
        # -m UTF-8.txt: Unicode output; -w 0: no hard wrapping, one paragraph per line.
        proc = subprocess.run([tool, "-m", "UTF-8.txt", "-w", "0", path], capture_output=True, timeout=120)
    finally:
        os.unlink(path)
    if proc.returncode != 0:
        raise IngestError(f"antiword could not read the .doc: {proc.stderr.decode('utf-8', 'replace').strip()[:200]}")
    text = untable(proc.stdout.decode("utf-8", errors="replace"))
    return Ingested(text, "doc", [], [] if text.strip() else [".doc has no text"])


def _is_pipe_row(line: str) -> bool:
    return line.startswith("|") and line.rstrip().endswith("|") and line.count("|") >= 2


def untable(text: str) -> str:
    """antiword writes tables as "|cell |cell |" rows; give them the same shape as the DOCX
    reader: the header table column by column, other tables cell by cell or row by row."""
    from vanban.ingest.docx import is_header_table, render_table

    lines = text.split("\n")
    out: list[str] = []
    i = 0
    seen_header = False
    while i < len(lines):
        if not _is_pipe_row(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        rows: list[list[list[str]]] = []
        while i < len(lines) and _is_pipe_row(lines[i]):
            cells = [c.strip() for c in lines[i].strip()[1:-1].split("|")]
            rows.append([[c] if c else [] for c in cells])
            i += 1
        header = not seen_header and is_header_table(rows)
        seen_header = seen_header or header
        out.extend(render_table(rows, header))
    return "\n".join(out)
