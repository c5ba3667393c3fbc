"""The question-answering API in one import, as it was before it was split by job:
`question.py` reads a question, `scope.py` picks the documents, `rank.py` scores, `answer.py`
assembles the typed answers; `app/ask_cli.py` is the command."""

from vanban.app.ask_cli import add_parser, render, run
from vanban.query.answer import Answer, Deadline, DocumentRef, Quote, Reading, Result, Task, ask
from vanban.query.question import Question, parse, question_words
from vanban.query.scope import Filters, allowed_documents, document_graph, under_ids
from vanban.store.questions import known_agencies

__all__ = ["Answer", "Deadline", "DocumentRef", "Filters", "Question", "Quote", "Reading", "Result", "Task",
           "add_parser", "allowed_documents", "ask", "document_graph", "known_agencies", "parse", "question_words",
           "render", "run", "under_ids"]
