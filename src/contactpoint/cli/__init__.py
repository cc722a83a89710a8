"""`contactpoint …`: one Typer app; each area of operation is its own module."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

# Typer vendors click; its exceptions are what a parse failure raises in non-standalone mode.
from typer._click import exceptions as click

from contactpoint.cli import (
    audit,
    db,
    demo,
    generate,
    ingest,
    matching,
    operator,
    search,
    serve,
    users,
)
from contactpoint.cli.common import OperatorError, close_databases

app = typer.Typer(
    name="contactpoint",
    help="ContactPoint operator commands.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.add_typer(operator.app, name="operator")
app.add_typer(audit.app, name="audit")
app.add_typer(users.app, name="users")
app.add_typer(matching.app, name="matching")
app.add_typer(search.app, name="search")
app.command("ingest")(ingest.ingest)
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)
app.command("generate")(generate.generate)


def main() -> None:
    """Entry point: a known failure is one line on stderr and a non-zero exit, no traceback."""
    try:
        result = app(prog_name="contactpoint", standalone_mode=False)
    except click.NoArgsIsHelpError as shown:
        print(shown.ctx.get_help() if shown.ctx else "", file=sys.stderr)
        sys.exit(2)
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "contactpoint"
        _fail(f"{error.format_message()} (see `{command} --help`)")
    except click.ClickException as error:
        _fail(error.format_message())
    except typer.Abort:
        _fail("stopped")
    except OperatorError as error:
        _fail(str(error))
    finally:
        close_databases()  # a pooled connection is closed, not left to the garbage collector
    sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str) -> NoReturn:
    print(f"contactpoint: error: {message}", file=sys.stderr)
    sys.exit(2)
