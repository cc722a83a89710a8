"""`contactpoint demo`: database, synthetic population, demo users, and the web app, in one go."""

from __future__ import annotations

from rich.console import Console

from contactpoint.cli import serve as serve_module
from contactpoint.cli.common import load_settings, open_database


def demo(
    serve: bool = True,
) -> None:
    """Create the SQLite database with synthetic data and demo users, then serve the web app."""
    console = Console()
    settings = load_settings()
    open_database(settings)
    console.print(f"ContactPoint demo: http://{settings.host}:{settings.port}/")
    if serve:
        serve_module.run(settings)
