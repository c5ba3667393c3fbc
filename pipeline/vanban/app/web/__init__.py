"""`vanban serve`: the officials' web app, in Vietnamese.

Ask "Ai chủ trì chuyển đổi số?" and get the agency, its role (chủ trì, phối hợp …), the task,
the deadline and the passage of the document that says so, marked on the document's page
with the page it is on; filter by province, issuer, document type, role and dates; browse
every document of the store with its properties; see a document's lineage as a diagram;
export the answers and the list as CSV or Excel.

The stack: Starlette (ASGI) with Jinja2 templates, served by uvicorn, several worker
processes where the machine has the cores (see the README for why). The store is opened
read-only. Bind to 127.0.0.1 unless told otherwise: the app has no login.
"""

from __future__ import annotations

import os
import sys

from vanban.store.db import StoreError


def default_workers() -> int:
    """One worker per core, at most four: a question is CPU work, more workers than cores
    only queue, and each worker holds its own copy of the store's graph."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, workers: int | None = None, quiet: bool = False) -> int:
    """Serve the store at `db` until interrupted; 1 when it cannot (no store, port taken)."""
    import uvicorn

    from vanban.app.web.app import create_app

    try:
        create_app(db)  # fail at start, in this process, with a clear message
    except StoreError as exc:
        print(f"vanban: {exc}", file=sys.stderr)
        return 1
    workers = workers or default_workers()
    os.environ["VANBAN_DB"] = str(db)
    print(f"vanban: serving {db} on http://{host}:{port}/ with {workers} worker(s) (Ctrl-C stops)", file=sys.stderr)
    try:
        uvicorn.run("vanban.app.web.app:from_env", factory=True, host=host, port=port, workers=workers,
                    server_header=False, log_level="warning" if quiet else "info", access_log=not quiet)
    except OSError as exc:
        print(f"vanban: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # uvicorn exits 1 when it cannot bind
        return int(exc.code or 0)
    return 0
