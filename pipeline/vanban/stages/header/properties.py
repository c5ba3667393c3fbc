"""A web page's own properties table (vbpl.vn "Số hiệu" / value lines), filling what the header lacks."""

from __future__ import annotations

import re

from vanban.model import Document, Signer
from vanban.stages.header.fields import make_date, parse_number_line
from vanban.stages.header.lines import Line, header_data


def page_properties(text: str) -> dict[str, str]:
    """The label / value lines of a vbpl.vn properties table ("Số hiệu" / "8376 /VBHN-BTP"),
    as {field: value}; empty for a document without one."""
    labels: dict[str, str] = header_data()["page_properties"]["labels"]
    code_label = next(label for label, field in labels.items() if field == "code")
    if code_label + "\n" not in text[:8000]:
        return {}
    out: dict[str, str] = {}
    lines = [ln.strip() for ln in text[:8000].split("\n")]
    for i, ln in enumerate(lines[:-1]):
        field = labels.get(ln)
        value = lines[i + 1]
        if field and field not in out and value and value != "--" and value not in labels:
            out[field] = value
    return out


def fill_from_page_properties(doc: Document) -> None:
    """Fields the header left empty, or filled implausibly (a code as the issuer), from the web
    page's own properties table."""
    web = (doc.layout or {}).get("web_page") or {}
    # a saved page's table stands outside the document's text (vanban.ingest.webpage)
    props = dict(web.get("properties") or {}) or page_properties(doc.text)
    if not props:
        return
    before = {f: getattr(doc, f) for f in ("issuer", "code", "doc_type", "date", "signer")}
    if doc.issuer and re.search(r"\d|/", doc.issuer):
        doc.issuer, doc.parent_issuer = None, None
    if not doc.issuer and props.get("issuer"):
        doc.issuer = props["issuer"]
    if not doc.code and props.get("code"):
        parse_number_line([Line(header_data()["number_label"]["text"] + props["code"], 0)], doc)  # the header's own grammar
    if not doc.doc_type and props.get("doc_type"):
        doc.doc_type = props["doc_type"]
    day = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", props.get("date", ""))
    if not doc.date and day:
        doc.date = make_date(day.group(3), day.group(2), day.group(1), doc)
    if doc.signer is None and props.get("signer"):
        doc.signer = Signer(name=props["signer"], title=props.get("signer_title"), authority=None)
    if web:
        # provenance: which fields are the site's, not the document's own header
        web["filled"] = [f for f, v in before.items() if getattr(doc, f) is not v and getattr(doc, f) is not None]
