"""`vanban serve`: the questions in a browser, for the officials who ask them.

A page with one box: a Vietnamese question ("Ai chủ trì chuyển đổi số?") and the filters of
`vanban ask`. Each answer names the agency, its role, the task, the deadline and the
document, and links to the document itself with the quoted passage marked, so the answer
can be checked where it was written. The lineage of a document (`/lineage?doc=57-NQ/TW`) is
one click from every answer.

Only the standard library: a threaded `http.server` over a read-only store, HTML made on the
server (no script, no assets fetched from anywhere), and the same answers as JSON at
`/api/ask` and `/api/lineage`. It binds to 127.0.0.1 unless told otherwise: it has no login.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import networkx as nx

from vanban.query.ask import Filters, ask, document_graph, known_agencies, parse, reading
from vanban.query.lineage import DIRECTIONS, lineage, resolve, to_json, tree
from vanban.store.db import Store, StoreError, files_stamp, open_store

# How the page names OUTPUT.md's roles: the words the documents themselves use for them.
ROLE_NAMES = {"lead": "chủ trì", "cooperate": "phối hợp", "implement": "thực hiện", "advise": "tham mưu",
              "supervise": "theo dõi, đôn đốc", "report": "báo cáo"}
EXAMPLES = ("Ai chịu trách nhiệm dạy bơi cho trẻ em?", "Cơ quan nào chủ trì chuyển đổi số?",
            "Sở Y tế phải làm gì?")
CONTEXT_CHARS = 600  # shown around a quote on the document page before "whole document"

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#222}
form{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0} input[name=q]{flex:1 1 30rem;font-size:1.1rem;padding:.4rem}
input,select,button{font:inherit;padding:.3rem} .answer{border-top:1px solid #ddd;padding:.6rem 0}
.agency{font-weight:600;font-size:1.1rem} .role{background:#eef;border-radius:.3rem;padding:0 .4rem;margin-left:.4rem}
.meta,.reading{color:#555;font-size:.9rem} blockquote{margin:.3rem 0 .3rem 1rem;border-left:3px solid #cc8;padding-left:.6rem}
mark{background:#ffe066} pre.text{white-space:pre-wrap;font:15px/1.5 system-ui,sans-serif} pre.tree{font-size:.9rem}
"""


class App:
    """What the handlers share: the store's path and what is worth computing once per store
    (the agencies a question can name; the lineage graph is `ask`'s cached one); both are
    rebuilt when the store's files change under a running server."""

    def __init__(self, db: str | Path) -> None:
        self.db = Path(db)
        open_store(self.db).close()  # fail at start, not at the first question
        self._lock = threading.Lock()
        self._stamp: tuple[tuple[int, int], ...] | None = None
        self._agencies: list[tuple[str, str, str]] = []

    def store(self) -> Store:
        return Store.reader(self.db)

    def _fresh(self) -> None:
        stamp = files_stamp(self.db)
        if not stamp:
            raise StoreError(f"no store at {self.db} any more")
        if stamp != self._stamp:
            self._stamp = stamp
            conn = open_store(self.db)
            try:
                self._agencies = known_agencies(conn)
            finally:
                conn.close()

    def agencies(self) -> list[tuple[str, str, str]]:
        with self._lock:
            self._fresh()
            return self._agencies

    def graph(self) -> nx.MultiDiGraph:
        # The one cached graph of `ask`, which the scoped questions use too.
        store = self.store()
        try:
            return document_graph(store)
        finally:
            store.close()

    # -- what the pages show ----------------------------------------------------------------

    def answers(self, params: dict[str, str]) -> dict[str, Any]:
        question = params.get("q", "").strip()
        if not question:
            return {"question": "", "reading": "", "answers": []}
        limit = _int(params.get("limit"), 10, 1, 100)
        filters = Filters(params.get("issuer") or None, params.get("under") or None, params.get("since") or None)
        q = parse(question, self.agencies())
        store = self.store()
        try:
            found = ask(store, q, limit, filters)
        finally:
            store.close()
        return {"question": question, "reading": reading(q), "answers": found}

    def lineage(self, params: dict[str, str]) -> dict[str, Any] | None:
        doc = params.get("doc", "").strip()
        direction = params.get("direction") or "down"
        if direction not in DIRECTIONS:
            direction = "down"
        graph = self.graph()
        starts = resolve(graph, doc) if doc else []
        if not starts:
            return None
        sub = lineage(graph, starts, direction)
        return {**to_json(sub, starts), "direction": direction, "tree": tree(sub, starts, direction)}

    def document(self, doc_id: str) -> dict[str, Any] | None:
        store = self.store()
        try:
            row = store.db.execute("SELECT id, code, doc_type, issuer, date, title, source, text FROM documents"
                                   " WHERE id = ?", (doc_id,)).fetchone()
            return dict(row) if row else None
        finally:
            store.close()


def _offset(value: str | None) -> int | None:
    """A character offset from the query string, or None ("²" is a digit to str.isdigit)."""
    return int(value) if value and re.fullmatch(r"[0-9]{1,9}", value) else None


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(value))) if value else default
    except ValueError:
        return default


# --- HTML ---------------------------------------------------------------------------------


def page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=vi><meta charset=utf-8><meta name=viewport content='width=device-width'>"
            f"<title>{escape(title)} · vanban</title><style>{STYLE}</style>"
            f"<body><p><a href='/'>vanban</a> · <a href='/lineage'>lineage</a></p>{body}</body></html>")


def ask_form(params: dict[str, str]) -> str:
    def field(name: str, label: str, size: int) -> str:
        return (f"<label>{label} <input name={name} size={size} value='{escape(params.get(name, ''), quote=True)}'>"
                "</label>")
    q = escape(params.get("q", ""), quote=True)
    examples = " · ".join(f"<a href='/?q={quote(e)}'>{escape(e)}</a>" for e in EXAMPLES)
    return (f"<form action='/'><input name=q value='{q}' placeholder='Ai chịu trách nhiệm …?' autofocus>"
            f"<button>Hỏi</button><br>{field('issuer', 'Cơ quan ban hành', 18)} {field('under', 'Thuộc dòng văn bản', 12)}"
            f" {field('since', 'Từ ngày', 10)}</form><p class=meta>Ví dụ: {examples}</p>")


def describe_document(d: dict[str, Any]) -> str:
    return " · ".join(escape(str(x)) for x in (d.get("doc_type"), d.get("code"), d.get("issuer"), d.get("date")) if x)


def render_answer(a: dict[str, Any]) -> str:
    roles = sorted(a.get("roles") or ([a["role"]] if a.get("role") else []),
                   key=lambda r: list(ROLE_NAMES).index(r) if r in ROLE_NAMES else len(ROLE_NAMES))
    role = "".join(f"<span class=role>{escape(ROLE_NAMES.get(r, r))}</span>" for r in roles)
    who = escape(a["agency"]) if a.get("agency") else "<i>(đoạn văn liên quan, không rõ cơ quan)</i>"
    d = a["document"]
    where = [f"mục {escape(a['section'])}"] if a.get("section") else []
    if a.get("page"):
        where.append(f"trang {a['page']}")
    link = f"/doc/{quote(d['id'])}?start={a['start']}&end={a['end']}#hit"
    parts = [f"<div class=answer><div class=agency>{who}{role}</div>"]
    if a.get("task"):
        parts.append(f"<div>Nhiệm vụ: {escape(a['task'])}</div>")
    if a.get("deadline"):
        parts.append(f"<div>Thời hạn: {escape(a['deadline'].get('text') or '')}</div>")
    parts.append(f"<blockquote>{escape(a['quote'])}</blockquote>")
    if a.get("evidence"):
        ev = a["evidence"]
        parts.append(f"<blockquote class=meta>Căn cứ (mục {escape(str(ev.get('section')))}): {escape(ev['quote'])}</blockquote>")
    lineage_link = f" · <a href='/lineage?doc={quote(d['code'])}&direction=up'>dòng văn bản</a>" if d.get("code") else ""
    title = f" — {escape(d['title'])}" if d.get("title") else ""
    parts.append(f"<div class=meta><a href='{link}'>{describe_document(d) or escape(d['id'])}</a>{title}"
                 f"{' · ' + ', '.join(where) if where else ''}{lineage_link}</div></div>")
    return "".join(parts)


def ask_page(params: dict[str, str], result: dict[str, Any]) -> str:
    body = ["<h1>Ai phải làm gì?</h1>", ask_form(params)]
    if result["question"]:
        body.append(f"<p class=reading>({escape(result['reading'])})</p>")
        if result["answers"]:
            body += [render_answer(a) for a in result["answers"]]
        else:
            body.append("<p>Không tìm thấy câu trả lời.</p>")
    return page(result["question"] or "Hỏi", "".join(body))


def document_page(doc: dict[str, Any], start: int | None, end: int | None, whole: bool) -> str:
    text: str = doc["text"]
    head = (f"<h1>{describe_document(doc) or escape(doc['id'])}</h1>"
            f"<p>{escape(doc.get('title') or '')}</p><p class=meta>{escape(doc['source'])}</p>")
    if start is None or end is None or not (0 <= start <= end <= len(text)):
        return page(doc.get("code") or doc["id"], head + f"<pre class=text>{escape(text)}</pre>")
    lo, hi = (0, len(text)) if whole else (max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS))
    shown = (("…" if lo else "") + escape(text[lo:start]) + f"<mark id=hit>{escape(text[start:end])}</mark>"
             + escape(text[end:hi]) + ("…" if hi < len(text) else ""))
    more = "" if whole else (f"<p><a href='/doc/{quote(doc['id'])}?start={start}&end={end}&whole=1#hit'>"
                             "Toàn văn</a></p>")
    return page(doc.get("code") or doc["id"], head + f"<p class=meta>ký tự {start}–{end}</p>"
                + f"<pre class=text>{shown}</pre>{more}")


def lineage_page(params: dict[str, str], result: dict[str, Any] | None) -> str:
    doc = escape(params.get("doc", ""), quote=True)
    options = "".join(f"<option{' selected' if params.get('direction') == d else ''}>{d}</option>" for d in DIRECTIONS)
    body = [f"<h1>Dòng văn bản</h1><form action='/lineage'><input name=doc value='{doc}' placeholder='57-NQ/TW'>"
            f"<select name=direction>{options}</select><button>Xem</button></form>"]
    if params.get("doc") and result is None:
        body.append(f"<p>Không có văn bản {escape(params['doc'])} trong kho.</p>")
    elif result is not None:
        body.append(f"<pre class=tree>{escape(result['tree'])}</pre><h2>Văn bản trong kho</h2><ul>")
        for n in result["nodes"]:
            for i in n["ids"]:
                body.append(f"<li><a href='/doc/{quote(i)}'>{describe_document(n)}</a> {escape(n.get('title') or '')}</li>")
        body.append("</ul>")
    return page("Dòng văn bản", "".join(body))


# --- HTTP ---------------------------------------------------------------------------------


def make_handler(app: App) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "vanban"

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            try:
                self.route(url.path, params)
            except StoreError as exc:
                self.send(HTTPStatus.SERVICE_UNAVAILABLE, page("Lỗi", f"<p>{escape(str(exc))}</p>"))
            except Exception as exc:  # noqa: BLE001 - one bad request must not stop the server
                self.log_error("%s: %r", self.path, exc)
                self.send(HTTPStatus.INTERNAL_SERVER_ERROR, page("Lỗi", "<p>Lỗi máy chủ.</p>"))

        def route(self, path: str, params: dict[str, str]) -> None:
            if path == "/":
                self.send(HTTPStatus.OK, ask_page(params, app.answers(params)))
            elif path == "/api/ask":
                self.send_json(app.answers(params))
            elif path in ("/lineage", "/api/lineage"):
                result = app.lineage(params)
                if path == "/lineage":
                    self.send(HTTPStatus.OK, lineage_page(params, result))
                elif result is None:
                    self.send_json({"error": f"no document {params.get('doc', '')!r}"}, HTTPStatus.NOT_FOUND)
                else:
                    self.send_json({k: v for k, v in result.items() if k != "tree"})
            elif path.startswith("/doc/"):
                doc = app.document(path[len("/doc/"):])
                if doc is None:
                    self.send(HTTPStatus.NOT_FOUND, page("Không có", "<p>Không có văn bản này trong kho.</p>"))
                    return
                self.send(HTTPStatus.OK, document_page(doc, _offset(params.get("start")), _offset(params.get("end")),
                                                       params.get("whole") == "1"))
            else:
                self.send(HTTPStatus.NOT_FOUND, page("Không có", "<p>Không có trang này.</p>"))

        def send(self, status: HTTPStatus, html: str) -> None:
            self._write(status, html.encode("utf-8"), "text/html; charset=utf-8")

        def send_json(self, data: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
            self._write(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

        def _write(self, status: HTTPStatus, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            if not getattr(self.server, "quiet", False):
                super().log_message(format, *args)

    return Handler


def server(db: str | Path, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> ThreadingHTTPServer:
    """A server ready to `serve_forever()` (port 0: any free port, see `server_address`)."""
    httpd = ThreadingHTTPServer((host, port), make_handler(App(db)))
    httpd.quiet = quiet  # type: ignore[attr-defined]
    httpd.daemon_threads = True
    return httpd


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="answer questions in a browser (http://127.0.0.1:8000)")
    p.add_argument("--db", default="vanban.db", metavar="FILE", help="the store (default vanban.db)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        httpd = server(args.db, args.host, args.port)
    except StoreError as exc:
        print(f"vanban: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"vanban: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    host, port = str(httpd.server_address[0]), httpd.server_address[1]
    print(f"vanban: serving {args.db} on http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0
