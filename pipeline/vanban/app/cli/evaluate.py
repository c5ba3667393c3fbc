"""`vanban evaluate`: the pipeline scored against the gold annotations."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

import click

from vanban.app.cli.common import verbosity

META_FIELDS = ("doc_type", "number", "symbol", "code", "issuer", "parent_issuer", "place", "date", "title", "signer")
SET_FIELDS = ("references", "references+relation", "agencies", "agency+role", "deadlines", "sections")


def _default(*candidates: Path) -> Path:
    """The first folder that exists: from the current folder (a clone, or an installed package
    run from a clone), then beside the package's source (an editable install)."""
    return next((c for c in candidates if c.is_dir()), candidates[0])


def _source_root() -> Path:
    return Path(__file__).resolve().parents[4]


@click.command()
@click.option("--gold", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="gold folder (default: corpus/gold of the current folder, else of the source tree)")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="where the documents are (default: ../shared/corpus)")
@click.option("--json", "as_json", is_flag=True, help="print JSON instead of tables")
@click.option("--markdown", is_flag=True, help="print the tables as Markdown (for docs/accuracy.md)")
@click.option("--docs", is_flag=True, help="add a per-document breakdown")
@click.option("--diff", type=click.Choice(META_FIELDS + SET_FIELDS), metavar="FIELD",
              help="list what was missed and what was extra for FIELD")
@click.option("--only", metavar="TEXT", help="only the gold documents whose name contains TEXT")
@click.option("--split", type=click.Choice(["dev", "test", "all"]),
              help="score one part of the gold, or both together (default: each part on its own)")
@click.option("--agreement", is_flag=True, help="score the second annotations against the first instead")
@click.option("--write-baseline", is_flag=True, help="record the current headline figures as the regression baseline")
@click.option("--assignments", type=click.Choice(["rules", "model", "both", "all"]), default="rules", show_default=True,
              help="assignments from the rules, the trained model of models/, or both; "
                   "'all' compares the three on the assignment fields")
@click.option("--questions", is_flag=True, help="score the answers of `ask` against corpus/questions/ instead")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="with --questions: the store to ask (default: build one of the questions' documents and a sample)")
@click.option("--sample", type=click.IntRange(min=0), metavar="N",
              help="with --questions, without --db: N other files of the corpus in the store built")
@click.option("--details", is_flag=True, help="with --questions: one line a question (the dev part only)")
@verbosity
@click.pass_context
def evaluate(ctx: click.Context, gold: Path | None, corpus: Path | None, **options: object) -> None:
    """Score the pipeline against the gold annotations of corpus/gold."""
    from vanban.app import evaluate as ev

    root = _source_root()
    gold = gold or _default(Path("corpus/gold"), root / "corpus" / "gold")
    corpus = corpus or _default(Path("../shared/corpus"), root.parent / "shared" / "corpus")
    if not gold.is_dir():
        raise click.BadParameter(f"no gold folder at {gold}: run from a clone of vanban, or give --gold DIR", param_hint="--gold")
    if not options["agreement"] and not corpus.is_dir():
        raise click.BadParameter(f"no corpus folder at {corpus}: give --corpus DIR", param_hint="--corpus")
    options["json"] = options.pop("as_json")
    ctx.exit(ev.run_cli(Namespace(gold=gold, corpus=corpus, **options)))


COMMANDS = [evaluate]
