"""The question-answering API in one import. The work is split by job: `question.py` reads a
question, `scope.py` picks the documents, `rank.py` scores, `answer.py` assembles the typed
answers (`Result`: agencies, each with its tasks); `app/ask_cli.py` is the command.

`ask` here gives the same answers flat, one record a task in the order shown, for the readers
that filter, count and export them as records (the web app)."""

from __future__ import annotations

from typing import Any

from vanban.app.ask_cli import add_parser, ask_command, render
from vanban.query import answer
from vanban.query.answer import Answer, Deadline, DocumentRef, Quote, Reading, Result, Task, read
from vanban.query.question import Question, parse, question_words
from vanban.query.scope import Filters, allowed_documents, document_graph, under_ids, vocabulary
from vanban.store.db import Store
from vanban.store.questions import known_agencies

__all__ = ["Answer", "Deadline", "DocumentRef", "Filters", "Question", "Quote", "Reading", "Result", "Task",
           "add_parser", "allowed_documents", "answers", "ask", "ask_command", "document_graph", "known_agencies", "parse",
           "question_words", "read", "reading", "render", "under_ids", "vocabulary"]


def answers(store: Store, question: str | Question, limit: int = 10, filters: Filters | None = None) -> Result:
    """The typed answers: `limit` agencies, best first, each with its tasks."""
    return answer.ask(store, question, limit, filters)


def ask(store: Store, question: str | Question, limit: int = 10, filters: Filters | None = None) -> list[dict[str, Any]]:
    """The same answers flat: at most `limit` task records, agency by agency."""
    return answer.ask(store, question, limit, filters).flat()[:limit]


def reading(q: Question) -> str:
    """How the question was read, for the person asking."""
    return q.describe()
