"""A progress bar on stderr for long commands: files, documents, pages/s, time left.

Drawn only when stderr is a terminal and not --quiet: a log file or a CI run gets the
summary line alone. Messages printed while it runs go above it.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import Any

import click


class Progress:
    def __init__(self, documents: int, files: int, enabled: bool, what: str = "extracting") -> None:
        self.documents, self.files = documents, files
        self.done_files: set[str] = set()
        self.pages = 0
        self.started = time.perf_counter()
        self._bar: Any = None
        self._task: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            console = Console(stderr=True)
            if console.is_terminal:
                self._bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("documents · {task.fields[files]} · {task.fields[rate]}"),
                                TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                                console=console, transient=True)
                self._task = self._bar.add_task(what, total=documents or None, files=self._files(), rate="")

    def _files(self) -> str:
        return f"{len(self.done_files)}/{self.files} files"

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self, record: dict[str, Any]) -> None:
        source = record.get("source") or ""
        self.done_files.add(source.rpartition("#")[0] if "#" in source else source)
        self.pages += record.get("pages") or 0
        if self._bar is not None:
            elapsed = max(time.perf_counter() - self.started, 1e-6)
            task = self._bar.tasks[0]
            rate = f"{(task.completed + 1) / elapsed:.1f} documents/s"
            if self.pages:
                rate += f", {self.pages / elapsed:.1f} pages/s"
            self._bar.update(self._task, advance=1, files=self._files(), rate=rate)

    def echo(self, message: str) -> None:
        """A line on stderr, above the bar while it is drawn."""
        if self._bar is not None:
            self._bar.console.print(message, markup=False, highlight=False)
        else:
            click.echo(message, err=True)
