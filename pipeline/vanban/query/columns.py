"""What every column of the tables of `vanban.query.tables.load()` holds (and of the Parquet
files of `vanban export`). `tests/test_tables.py` checks that the tables have exactly these
columns, so this list cannot drift from them; `docs/tables.md` is written from it."""

from __future__ import annotations

_DOC = {
    "doc_code": "the code of the document the row belongs to (its `doc`)",
    "doc_type": "that document's type (Kế hoạch, Chỉ thị, Quyết định …)",
    "doc_date": "that document's date (datetime; see `date_precision` in documents)",
    "doc_issuer": "that document's issuer",
    "doc_level": "that document's level: centre, province, district or commune",
    "doc_province": "that document's province (None for a central document)",
}

COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "doc": "the document's node in `graph`: its identity key (code|issuer), or id:ID when it has none; one row per document",
        "id": "id of the copy that stands for it (the one the stages read best: most assignments, then sections)",
        "key": "identity key shared by every file of the document and by the references that name it (None: unidentified)",
        "code": "number and symbol as written: 273-KH/TU, 23/2024/TT-BCT",
        "doc_type": "type of document (category)",
        "number": "its number",
        "symbol": "its symbol (the part after the number)",
        "issuer": "the issuing body, canonical, with its locality",
        "parent_issuer": "the body above the issuer in the header (Đảng bộ tỉnh Ninh Thuận above Huyện ủy Bác Ái)",
        "signer": "name of the person who signed",
        "place": "where it was signed (Hà Nội for a central document: not its province; see `province`)",
        "date": "date of issue (datetime); a partial date is the first day of its month or year",
        "date_precision": "how much of `date` the document gives: day, month or year (category; None: no date)",
        "year": "year of issue (Int64)",
        "title": "its title (trích yếu)",
        "level": "centre, province, district or commune (ordered category), from the issuer, its parent and the header",
        "province": "the province the document belongs to (None for a central one), from the issuer, its parent and the header",
        "district": "the district, for a district or commune document",
        "format": "format of the standing copy: txt, md, pdf, docx, doc, bulk",
        "pages": "pages of the standing copy (Int64; None for text)",
        "chars": "characters of its text (Int64)",
        "sections": "sections found (Int64)",
        "references": "mentions of other documents (Int64)",
        "assignments": "assignments found (Int64)",
        "copies": "stored copies merged into this row (Int64): the .md page and the bulk line of one document are one row",
        "sources": "every input file (or bulkfile#line) that gave the document (list of str)",
        "ids": "ids of every stored copy (list of str); `copies` has one row each",
    },
    "copies": {
        "doc": "the document (its row in documents)",
        "id": "the stored copy's id (the sha256 of its bytes, 16 hex digits)",
        "source": "the input it was first stored from",
        "format": "its format",
        "chars": "characters of its text (Int64)",
        "assignments": "assignments the stages found in it (Int64)",
        "standing": "whether it is the copy that stands for the document (bool)",
    },
    "assignments": {
        "doc": "the document that gives the task (its row in documents)",
        "doc_id": "the stored copy it was read from",
        "seq": "order in the document (Int64)",
        "agency": "the agency, canonical, with its locality (Sở Y tế tỉnh Lào Cai)",
        "mention": "the words the document wrote for it",
        "role": "lead (chủ trì), cooperate (phối hợp), implement, advise, supervise, report, none (category)",
        "lead": "role is lead (bool)",
        "task": "the task, as written in the agency's clause",
        "deadline": "the deadline as printed (trước ngày 30/6/2025, hằng quý …); None when the task has none",
        "deadline_start": "first day of the deadline's window (datetime): the date itself for a single date",
        "deadline_end": "the day the task is due (datetime): the last day of a month, a quarter or a year when that is what is written",
        "deadline_precision": "day, month, quarter or year of a dated deadline; None for a recurrence or a phrase",
        "deadline_recurrence": "daily, weekly, monthly, quarterly, yearly, continuous, periodic (category); None for a one-off deadline",
        "report_to": "whom the agency reports to, when said",
        "section": "path of the section that holds the clause",
        "page": "page of the clause (Int64; None for text)",
        "start": "offset of the clause in the document's text (Int64)",
        "end": "its end (Int64)",
        "agency_level": "the agency's level: centre, province, district, commune (category)",
        "agency_province": "the agency's province: named in its name, else the document's for a local agency",
        **_DOC,
    },
    "references": {
        "doc": "the citing document (its row in documents)",
        "doc_id": "the stored copy the mention was read in",
        "seq": "order in the document (Int64)",
        "relation": "implements, based_on, guides, amends, replaces, repeals, cites (category)",
        "target": "the cited document's node in `graph` (None: a mention naming no document)",
        "target_code": "the cited document's code",
        "target_type": "the cited document's type",
        "target_level": "the cited document's level (from its issuer, else its code: /TW centre, /TU province …)",
        "target_in_corpus": "whether the cited document is in the store (bool)",
        "text": "the mention as written",
        "cited_code": "the code the mention gives",
        "cited_type": "the type the mention gives",
        "cited_date": "the date the mention gives (datetime)",
        "cited_issuer": "the issuer the mention gives",
        "name": "the name the mention gives, for a law or code named without a number",
        "section": "path of the section of the mention",
        "page": "its page (Int64)",
        "start": "offset of the mention (Int64)",
        "end": "its end (Int64)",
        **_DOC,
    },
    "agencies": {
        "agency": "canonical name",
        "level": "centre, province, district, commune (category), from the name (a class such as cấp tỉnh gives the level alone)",
        "province": "province of the agency, named in its name or that of the documents it is assigned in",
        "assignments": "assignments it has (Int64)",
        "lead": "of which it leads (chủ trì) (Int64)",
        "documents": "documents that assign it something (Int64)",
        "issued": "documents it issued (Int64)",
        "aliases": "how many different wordings name it (Int64)",
    },
    "aliases": {
        "agency": "canonical name",
        "mention": "the words a document wrote for it",
        "assignments": "assignments under these words (Int64)",
        "documents": "documents that use these words (Int64)",
    },
}


def markdown() -> str:
    """The column reference as Markdown (docs/tables.md)."""
    out = ["# The tables of `vanban.query.tables.load()`", "",
           "Written from `pipeline/vanban/query/columns.py`; `vanban export` writes the same tables.", ""]
    for table, columns in COLUMNS.items():
        out += [f"## {table}", "", "| column | what |", "|---|---|"]
        out += [f"| `{c}` | {what.replace('|', chr(92) + '|')} |" for c, what in columns.items()]
        out.append("")
    return "\n".join(out)
