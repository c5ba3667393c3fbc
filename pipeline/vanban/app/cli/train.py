"""`vanban train`: the agency-role model of models/agency-roles retrained from scratch (`make model`)."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

import click

from vanban.app.cli.common import verbosity


@click.command()
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="documents for the silver labels (default: ../shared/corpus)")
@click.option("--records", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
              help="read the silver records from this JSON lines file (`vanban extract --jsonl`) instead")
@click.option("--gold", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="DIR",
              help="gold folder: its dev part corrects the labels, its test part is left out (default corpus/gold)")
@click.option("--exclude", type=click.Path(exists=True, file_okay=False, path_type=Path), multiple=True, metavar="DIR",
              help="another folder of gold files whose documents must be left out (repeatable)")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="where to write the model (default models/agency-roles)")
@click.option("--iterations", type=click.IntRange(min=1), metavar="N",
              help="L-BFGS iterations (default: vanban.learn.train.PARAMS)")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=2, show_default=True, metavar="N",
              help="worker processes for the silver run")
@verbosity
@click.pass_context
def train(ctx: click.Context, **options: object) -> None:
    """Train the agency-role model from scratch (models/agency-roles; card in models/README.md).

    The rules run over the corpus for the silver labels, the gold dev part corrects them, the
    gold test part is left out; nothing is downloaded. Minutes on 2 cores.
    """
    from vanban.learn import train as tr

    args = Namespace(**options)
    args.corpus = args.corpus or tr.CORPUS_DIR
    args.gold = args.gold or tr.GOLD_DIR
    args.out = args.out or tr.MODEL_DIR
    args.iterations = args.iterations or int(tr.PARAMS["max_iterations"])
    if not args.records and not args.corpus.is_dir():
        raise click.BadParameter(f"no corpus folder at {args.corpus}: give --corpus DIR or --records FILE", param_hint="--corpus")
    ctx.exit(tr.run_cli(args))


COMMANDS = [train]
