"""The `vanban` group: version, verbosity, completion, and how errors become exit codes."""

from __future__ import annotations

import os
import sqlite3
import sys
import traceback
from typing import Any

import click

from vanban.app.cli.common import Failure, Verbosity, set_quiet, set_verbose, verbose
from vanban.errors import UserError

SIGPIPE_EXIT = 141  # what a shell reports for a writer killed by SIGPIPE: `vanban ask … | head`


class Group(click.Group):
    """Turns what a user can cause into one line and an exit code, never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        Verbosity.level = 0  # one run's -q or -v must not carry over to the next (tests run many)
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            raise Failure(str(exc)) from None
        except BrokenPipeError:
            # The reader went away (head, less): say nothing, and keep Python from complaining
            # again when it flushes stdout on the way out.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(SIGPIPE_EXIT)
        except sqlite3.Error as exc:
            raise Failure(f"the store cannot be read or written: {exc}") from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise Failure(f"{where}{exc.strerror or exc}") from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug: one line, the traceback on request
            if verbose():
                traceback.print_exc()
            raise Failure(f"internal error: {type(exc).__name__}: {exc} "
                          "(please report it; --verbose shows the traceback)") from None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vanban")
    except PackageNotFoundError:
        return "unknown"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # read only when asked: importlib.metadata was a quarter of every command's start-up
    if value and not ctx.resilient_parsing:
        click.echo(f"vanban {_version()}")
        ctx.exit()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=set_quiet, help="no progress bars or summaries; errors only")
@click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=set_verbose, help="say more (warnings, tracebacks)")
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def cli() -> None:
    """Read Vietnamese administrative documents: who must do what, by when, on whose orders.

    \b
    Quick start:
      vanban extract corpus/seed --db vanban.db --jsonl vanban.jsonl
      vanban ask "Ai chủ trì thực hiện Chỉ thị 28-CT/TW?"
      vanban lineage 28-CT/TW
      vanban export --format parquet -o tables/

    Every command says more with `vanban COMMAND --help`. Exit status: 0 done, 1 an input,
    store or output could not be used (the reason on stderr), 2 a usage error.
    """


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL.

    \b
    bash: eval "$(vanban completion bash)"   (or add it to ~/.bashrc)
    zsh:  eval "$(vanban completion zsh)"
    fish: vanban completion fish > ~/.config/fish/completions/vanban.fish
    """
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None  # the Choice above lists only shells click knows
    click.echo(cls(cli, {}, "vanban", "_VANBAN_COMPLETE").source())


def _register() -> None:
    from vanban.app.cli import evaluate, extract, query, tables, train

    for module in (extract, query, tables, evaluate, train):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> int:
    """The console script and `python -m vanban`: returns the exit status."""
    try:
        rv = cli.main(args=argv, prog_name="vanban", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("vanban: interrupted", err=True)
        return 130
    return rv if isinstance(rv, int) else 0
