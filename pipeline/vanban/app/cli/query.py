"""`vanban ask`, `vanban lineage`, `vanban serve`: questions to a store."""

from __future__ import annotations

import json
import sys

import click

from vanban.app.cli.common import DateParam, Failure, quiet, store_option, verbosity

LINEAGE_RELATIONS = ("implements", "guides", "amends", "based_on")


def _text_or_stdin(value: str, what: str) -> str:
    if value == "-":
        value = sys.stdin.read()
    if not value.strip():
        raise click.BadParameter(f"the {what} is empty")
    return value.strip()


@click.command()
@click.argument("question", metavar="QUESTION")
@store_option
@click.option("--json", "as_json", is_flag=True, help="print the answers as JSON")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True, metavar="N", help="answers at most")
@click.option("--issuer", metavar="NAME", help="only documents whose issuer contains NAME")
@click.option("--under", metavar="DOC", help="only documents in the lineage of DOC (e.g. 28-CT/TW)")
@click.option("--since", type=DateParam(), help="only documents dated DATE (YYYY[-MM[-DD]]) or later")
@verbosity
def ask(question: str, db: str, as_json: bool, limit: int, issuer: str | None, under: str | None, since: str | None) -> None:
    """Ask who must do what, in Vietnamese or keywords ('-': the question from stdin).

    \b
    vanban ask "Ai chủ trì thực hiện Chỉ thị 28-CT/TW?"
    vanban ask "So Y te phai lam gi" --since 2025 --json
    """
    from argparse import Namespace

    from vanban.app import ask_cli

    text = _text_or_stdin(question, "question")
    ctx = click.get_current_context()
    ctx.exit(ask_cli.ask_command(Namespace(db=db, question=text, json=as_json, limit=limit, issuer=issuer, under=under, since=since)))


@click.command()
@click.argument("doc", metavar="DOC")
@store_option
@click.option("--direction", type=click.Choice(["down", "up", "both"]), default="down", show_default=True,
              help="down: what implements DOC; up: what DOC implements")
@click.option("--relations", default=",".join(LINEAGE_RELATIONS), show_default=True,
              help="relations to follow, comma-separated (implements, guides, amends, based_on, cites, replaces, repeals)")
@click.option("--json", "as_json", is_flag=True, help="print JSON instead of a tree")
@verbosity
def lineage(doc: str, db: str, direction: str, relations: str, as_json: bool) -> None:
    """The documents that implement DOC (down) or that it implements (up).

    DOC is a code ("57-NQ/TW", any case) or a document id.
    """
    from vanban.query import lineage as lin
    from vanban.store.db import open_store
    from vanban.store.links import Links

    follow = tuple(r.strip() for r in relations.split(",") if r.strip())
    unknown = sorted(set(follow) - {"implements", "guides", "amends", "based_on", "cites", "replaces", "repeals"})
    if unknown or not follow:
        raise click.BadParameter(f"unknown relation {', '.join(unknown) or '(none given)'}", param_hint="--relations")
    # Read in SQL as far as the lineage goes: building the whole graph costs every document.
    conn = open_store(db)
    try:
        links = Links(conn)
        starts = links.resolve(doc)
        if not starts:
            raise Failure(f"no document {doc!r} in {db} (neither in the corpus nor referenced)")
        if len(starts) > 1 and not quiet():
            click.echo(f"vanban: {doc!r} names {len(starts)} documents; showing all", err=True)
        sub = lin.walk(links, starts, direction, follow)
    finally:
        conn.close()
    if as_json:
        click.echo(json.dumps(lin.to_json(sub, starts), ensure_ascii=False, indent=2))
    else:
        click.echo(lin.tree(sub, starts, direction))


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on (127.0.0.1: this machine only)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="port")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="worker processes (default: one per core, at most 4)")
@verbosity
@click.pass_context
def serve(ctx: click.Context, db: str, host: str, port: int, workers: int | None) -> None:
    """The web app for officials (http://127.0.0.1:8000): questions, documents, lineage.

    --quiet leaves out the access log."""
    from vanban.app import web

    ctx.exit(web.serve(db, host, port, workers, quiet()))


COMMANDS = [ask, lineage, serve]
