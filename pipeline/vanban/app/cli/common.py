"""What the commands share: messages and exit codes, output files, option types.

Exit codes: 0 done; 1 an input, a store or an output could not be used (one line on stderr
saying which and why, no traceback); 2 a usage error (click's message, with the usage line).
Output files are written to a temporary file beside them and moved into place only when
complete: a run that fails, is interrupted or writes nothing new never empties or truncates
what was there.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from vanban.errors import UserError

DEFAULT_DB = "vanban.db"


class Failure(click.ClickException):
    """An input, store or output that cannot be used: one line, exit 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"vanban: {self.format_message()}", err=True)


# --- how much to say -------------------------------------------------------------------------


class Verbosity:
    """-q / -v, given to the group or to a command: -1 quiet, 0 normal, 1 verbose."""

    level = 0


def set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        Verbosity.level = -1


def set_verbose(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        Verbosity.level = 1
        os.environ["VANBAN_DEBUG"] = "1"  # the stages print the traceback of a stage that failed


def verbosity(f: Any) -> Any:
    """--quiet and --verbose on a command (they may also come before it: `vanban -q extract`)."""
    f = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=set_verbose, is_eager=True,
                     help="say more: every document's warnings, tracebacks of failed stages")(f)
    f = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=set_quiet, is_eager=True,
                     help="no progress bar and no summary; errors only")(f)
    return f


def quiet() -> bool:
    return Verbosity.level < 0


def verbose() -> bool:
    return Verbosity.level > 0


def note(message: str) -> None:
    """A line on stderr, unless --quiet."""
    if not quiet():
        click.echo(f"vanban: {message}", err=True)


# --- option types ----------------------------------------------------------------------------


class OutputPath(click.ParamType):
    """A file to write ('-' for standard output when `dash`): its folder must exist and it must
    not be a folder. Checked when the options are read, before any work is done."""

    name = "FILE"

    def __init__(self, dash: bool = True) -> None:
        self.dash = dash

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        value = str(value)
        if value == "-":
            if not self.dash:
                self.fail("this output cannot go to standard output ('-'): give a file name", param, ctx)
            return value
        path = Path(value)
        if path.is_dir():
            self.fail(f"{value} is a folder; give a file name", param, ctx)
        folder = path.parent
        if not folder.is_dir():
            self.fail(f"no folder {folder}/ to write {path.name} into", param, ctx)
        if not os.access(folder, os.W_OK):
            self.fail(f"cannot write into {folder}/ (permission denied)", param, ctx)
        return value


class StorePath(click.ParamType):
    """An existing store to read."""

    name = "DB"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        value = str(value)
        if not Path(value).is_file():
            hint = "it is a folder" if Path(value).is_dir() else f"run `vanban extract PATH... --db {value}` first"
            self.fail(f"no store at {value}: {hint}", param, ctx)
        return value


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class DateParam(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD, a real date; kept as the string given."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        value = str(value).strip()
        m = _DATE.fullmatch(value)
        try:
            if not m:
                raise ValueError
            dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        except ValueError:
            self.fail(f"{value!r} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD (2025, 2025-06, 2025-06-30)", param, ctx)
        return value


def store_option(f: Any) -> Any:
    return click.option("--db", default=DEFAULT_DB, show_default=True, type=StorePath(), envvar="VANBAN_DB",
                        help="the store to read (or $VANBAN_DB)")(f)


def format_of(output: str, given: str | None, by_suffix: dict[str, str], param: str = "--format") -> str:
    """The format asked for, else the one the output's extension says."""
    if given:
        return given
    name = output.lower()
    for suffix, fmt in sorted(by_suffix.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            return fmt
    known = ", ".join(sorted(by_suffix))
    raise click.UsageError(f"cannot tell the format of {output!r} from its extension ({known}): give {param}")


# --- output files ----------------------------------------------------------------------------


@contextmanager
def output(path: str, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write, moved into place at the end only if all went well ('-': stdout).

    On any failure (an exception, Ctrl-C, disk full) the temporary file goes and what `path`
    held before stays as it was."""
    if path == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.fchmod(fd, 0o666 & ~_umask())
    fh = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
    try:
        with fh:
            yield fh
        Path(tmp).replace(target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename is None and not isinstance(exc, BrokenPipeError):
            raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def output_path(path: str) -> Iterator[Path]:
    """A temporary path for writers that want a file name (networkx, pyarrow), moved to `path`
    when they are done; removed on failure."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.fchmod(fd, 0o666 & ~_umask())
    os.close(fd)
    try:
        yield Path(tmp)
        Path(tmp).replace(target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename in (None, tmp):
            raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
