"""`contactpoint …`: one Typer app; each area of operation is its own module."""

from __future__ import annotations

import sys

import typer

from contactpoint.cli import db, demo, serve
from contactpoint.cli.common import OperatorError

app = typer.Typer(
    name="contactpoint",
    help="ContactPoint operator commands.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)


def main() -> None:
    """Entry point: a known failure is one line on stderr and a non-zero exit, no traceback."""
    try:
        app()
    except OperatorError as error:
        print(f"contactpoint: error: {error}", file=sys.stderr)
        sys.exit(2)
