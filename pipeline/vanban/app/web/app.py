"""The Starlette application: routes, templates, security headers, errors in Vietnamese.

Handlers are plain functions (Starlette runs them in its thread pool): the work is SQLite and
Python, which an event loop would not make faster, and several worker processes (`vanban
serve --workers`) give the cores. Every page is rendered by Jinja2 with autoescape on, so
what a visitor types is shown, never run; the scripts are files of the package (the CSP
allows no inline script and nothing from another origin).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vanban.app.web import answers as answers_mod
from vanban.app.web import diagram, documents, export
from vanban.app.web.filters import SORTS, Form, read_form
from vanban.app.web.state import State
from vanban.app.web.words import level_name, long_date, provinces, relation_colour, role_name, say, show_date, words
from vanban.store.browse import pages_of
from vanban.store.db import StoreError

STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"content-security-policy", CSP.encode()),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
           (b"permissions-policy", b"camera=(), microphone=(), geolocation=()")]
DIRECTIONS = ("both", "down", "up")


class SecurityHeaders:
    """Pure ASGI (no BaseHTTPMiddleware: it would buffer every response)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [h for h in message.get("headers", []) if h[0].lower() != b"server"] + HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


def _env() -> Environment:
    env = Environment(loader=PackageLoader("vanban.app.web", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date=show_date, long_date=long_date, role=role_name, colour=relation_colour, urlq=lambda s: quote(str(s), safe=""))
    env.globals.update(words=words, sorts=SORTS, all_provinces=sorted({n for _, n in provinces()}))
    return env


def create_app(db: str | Path, warm: bool = False) -> Starlette:
    """The app of the store at `db`; `warm` loads at once what the first questions would wait
    for (each of `vanban serve`'s workers does, before it takes a request)."""
    state = State(db)
    env = _env()
    if warm:
        state.warm()
        for name in env.list_templates(extensions=["html"]):
            env.get_template(name)  # compiled now, not in the first visitor's request

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(request=request, path=request.url.path, **context)
        return HTMLResponse(html, status_code=status)

    def params(request: Request) -> dict[str, str]:
        return {k: v for k, v in request.query_params.items()}

    def _answers(request: Request) -> answers_mod.Search:
        result = answers_mod.search(state, read_form(params(request)))
        shown = result.answers if request.url.path.startswith(("/xuat", "/in")) else result.page()
        _link(state, shown + result.weak)
        return result

    def home(request: Request) -> HTMLResponse:
        result = _answers(request)
        return render(request, "ask.html", result=result, form=result.form, examples=answers_mod.examples(),
                      snap=state.snapshot(), roles=words()["roles"])

    def print_answers(request: Request) -> HTMLResponse:
        result = _answers(request)
        return render(request, "print.html", result=result, form=result.form)

    def api_ask(request: Request) -> JSONResponse:
        result = _answers(request)
        return JSONResponse({"question": result.form.q, "reading": result.reading, "place": result.place,
                             "total": result.total, "page": result.form.page, "pages": result.pages,
                             "answers": result.page(), "weak": result.weak, "facets": result.facets,
                             "notes": result.form.notes, "unknown_under": result.unknown_under})

    def export_answers(request: Request) -> Response:
        result = _answers(request)
        rows = export.answer_rows(result.answers, str(request.base_url).rstrip("/"))
        return _file(request, "tra-loi", say("sheet_answers"), export.answer_columns(), rows)

    def browse_page(request: Request) -> HTMLResponse:
        form = read_form(params(request))
        level = request.query_params.get("level", "")[:40]
        result = documents.browse(state.snapshot(), form, level)
        return render(request, "documents.html", result=result, form=form, level=level, snap=state.snapshot())

    def export_documents(request: Request) -> Response:
        form = read_form(params(request))
        snap = state.snapshot()
        result = documents.browse(snap, form, request.query_params.get("level", "")[:40])
        rows = export.document_rows_out(result.documents, snap, str(request.base_url).rstrip("/"))
        return _file(request, "van-ban", say("sheet_documents"), export.document_columns(), rows)

    def _file(request: Request, stem: str, title: str, header: list[str], rows: list[list[Any]]) -> Response:
        if request.url.path.endswith(".xlsx"):
            return Response(export.to_xlsx(title, header, rows), media_type=export.XLSX,
                            headers={"content-disposition": f'attachment; filename="{stem}.xlsx"'})
        return Response(export.to_csv(header, rows), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{stem}.csv"'})

    def document(request: Request) -> HTMLResponse:
        doc_id = request.path_params["doc_id"]
        page = documents.document_page(state, doc_id, documents.offset(request.query_params.get("start")),
                                       documents.offset(request.query_params.get("end")))
        if page is None:
            raise HTTPException(404, say("no_document", doc=doc_id[:80]))
        return render(request, "document.html", **page)

    def _lineage(request: Request) -> tuple[str, str, list[str], diagram.Diagram | None]:
        doc = request.query_params.get("doc", "").strip()[:200]
        direction = request.query_params.get("direction", "both")
        direction = direction if direction in DIRECTIONS else "both"
        starts = state.resolve(doc) if doc else []
        if not starts:
            return doc, direction, [], None
        return doc, direction, starts, diagram.build(state.lineage(starts, direction), starts)

    def lineage_page(request: Request) -> HTMLResponse:
        doc, direction, _, found = _lineage(request)
        status = 404 if doc and found is None else 200
        data = json.dumps(diagram.list_json(found), ensure_ascii=False) if found else "null"
        return render(request, "lineage.html", status, doc=doc, direction=direction, diagram=found,
                      directions=words()["directions"], data=data, level_name=level_name)

    def api_lineage(request: Request) -> JSONResponse:
        doc, _, _, found = _lineage(request)
        if found is None:
            return JSONResponse({"error": say("no_document", doc=doc)}, status_code=404)
        return JSONResponse(diagram.list_json(found))

    def old_doc(request: Request) -> RedirectResponse:
        return RedirectResponse(f"/van-ban/{quote(request.path_params['doc_id'], safe='')}?{request.url.query}", 301)

    async def not_found(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", "") or say("no_page")
        status = getattr(exc, "status_code", 404)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": detail}, status_code=status)
        return render(request, "error.html", status, message=detail if status == 404 else say("bad_request"))

    async def store_error(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", 503, message=say("store_unusable", error=exc))

    async def server_error(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", 500, message=say("server_error"))

    routes = [
        Route("/", home), Route("/api/ask", api_ask), Route("/in/tra-loi", print_answers),
        Route("/xuat/tra-loi.csv", export_answers), Route("/xuat/tra-loi.xlsx", export_answers),
        Route("/van-ban", browse_page), Route("/xuat/van-ban.csv", export_documents), Route("/xuat/van-ban.xlsx", export_documents),
        Route("/van-ban/{doc_id:path}", document), Route("/doc/{doc_id:path}", old_doc),
        Route("/luoc-do", lineage_page), Route("/api/luoc-do", api_lineage), Route("/api/lineage", api_lineage),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                     exception_handlers={HTTPException: not_found, StoreError: store_error, Exception: server_error})


def _link(state: State, answers: list[dict[str, Any]]) -> None:
    """Each answer's link to its passage and the page it is on."""
    pages: dict[str, Any] = {}
    with state.store() as store:
        for a in answers:
            doc_id = a["document"]["id"]
            if doc_id not in pages:
                row = state.snapshot().by_id.get(doc_id)
                pages[doc_id] = pages_of(store.db, doc_id, row.pages if row else None)
            # an assignment knows its page; a passage's page is read off the sections' pages
            a["page_label"] = f"trang {a['page']}" if a.get("page") else documents.page_label(pages[doc_id], a["start"])
            a["href"] = f"/van-ban/{quote(doc_id, safe='')}?start={a['start']}&end={a['end']}#doan"
            a["lineage_href"] = f"/luoc-do?doc={quote(doc_id, safe='')}"


def from_env() -> Starlette:
    """The app of the store named by VANBAN_DB: what each of uvicorn's worker processes builds."""
    return create_app(os.environ.get("VANBAN_DB", "vanban.db"), warm=True)


__all__ = ["Form", "create_app", "from_env"]
