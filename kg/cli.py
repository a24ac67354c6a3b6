"""The ``povkg`` command.

Every subcommand is a thin call into the library. Subcommands live in small modules that
register themselves on :data:`cli` (``kg/cli_build.py``, ``kg/cli_ref.py``,
``kg/cli_query.py``, ``visualise/cli.py``, ``visualise/cli_series.py``); this module only wires them together and maps
errors to exit codes: 0 ok, 1 a check failed, 2 usage error, 3 input error. Data goes to
stdout, progress and logs to stderr.
"""

from __future__ import annotations

import importlib
import sys

import click

from kg.errors import KgError

__all__ = ["cli", "main", "fail"]

#: modules that add subcommands to :data:`cli` when imported
COMMAND_MODULES = ("kg.cli_build", "kg.cli_ref", "kg.cli_query", "visualise.cli", "visualise.cli_series")


#: where each subcommand lives, so that running one imports only its module (``povkg --version``
#: imports none); a command not listed here is found by importing every module
COMMANDS = {
    "build": "kg.cli_build",
    "extract": "kg.cli_build",
    "export": "kg.cli_build",
    "query": "kg.cli_query",
    "sparql": "kg.cli_query",
    "lookup": "kg.cli_query",
    "serve": "kg.cli_query",
    "push": "kg.cli_query",
    "validate": "kg.cli_ref",
    "reason": "kg.cli_ref",
    "viz": "visualise.cli",
}


class _LazyGroup(click.Group):
    """A group whose subcommands are registered by importing their module on first use."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            module = COMMANDS.get(cmd_name)
            if module is not None:
                _import_commands(module)
            if cmd_name not in self.commands:
                _load_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _load_commands()
        return super().list_commands(ctx)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="povkg")
def cli() -> None:
    """povkg: a knowledge graph of poverty-alleviation (网络扶贫) and digital-village (数字乡村) policy work.

    Build it from reports, then query it with named SPARQL queries, look entities up, or
    open the interactive viewer.
    """


def fail(message: str) -> None:
    """Print one clear error line on stderr (used for per-document errors that do not stop a run).

    Newlines, controls and bidi characters in the message (it may quote the input) are
    escaped, so the error stays one honest line.
    """
    from kg.query import escape_unsafe

    flat = message.replace("\r", " ").replace("\n", " ").strip()
    click.echo(f"povkg: error: {escape_unsafe(flat)}", err=True)


def _import_commands(name: str) -> None:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:  # a module not written yet must not break the others
        if exc.name != name:
            raise


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        _import_commands(name)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``povkg`` console script; returns the exit code.

    Subcommand modules are imported when their command runs (see :data:`COMMANDS`), so the
    start-up of ``povkg --version`` or ``povkg query --list`` does not pay for rdflib,
    pyshacl, networkx or pyvis.
    """
    _utf8_stdout()
    try:
        rv = cli.main(args=argv, prog_name="povkg", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        fail("aborted")
        return 1
    except click.UsageError as exc:
        fail(exc.format_message())
        return 2
    except click.ClickException as exc:
        fail(exc.format_message())
        return exc.exit_code
    except KgError as exc:
        fail(str(exc))
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk, a vanished folder: one line, not a traceback
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        fail(f"cannot complete: {exc.strerror or exc}{where}")
        return 3
    except MemoryError:
        fail("out of memory")
        return 3
    return rv if isinstance(rv, int) else 0


def _utf8_stdout() -> None:
    """Data on stdout is UTF-8 whatever the locale (byte-identical exports under GB18030 or C);
    only a terminal keeps its own encoding, for the person reading it."""
    out = sys.stdout
    if out is None or not hasattr(out, "reconfigure"):
        return
    try:
        if not out.isatty():
            out.reconfigure(encoding="utf-8", errors="strict")
    except (OSError, ValueError):  # pragma: no cover - a closed or odd stream
        pass


if __name__ == "__main__":  # pragma: no cover - `python -m kg.cli`: use the importable module's group
    from kg.cli import main as _main

    sys.exit(_main())
