"""`contactpoint db …`: schema migrations."""

from __future__ import annotations

import typer
from rich.console import Console

from contactpoint.cli.common import load_settings, open_database

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Create or upgrade the database schema to the newest migration."""
    settings = load_settings()
    engine = open_database(settings)
    Console().print(f"Database at {engine.url.render_as_string(hide_password=True)} is up to date.")
