"""`contactpoint demo`: database, synthetic population, demo users, and the web app, in one go."""

from __future__ import annotations

import typer
from rich.console import Console
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from contactpoint.children.models import Child
from contactpoint.cli import serve as serve_module
from contactpoint.cli import users as demo_users
from contactpoint.cli.common import OperatorError, load_settings, open_database
from contactpoint.config import Environment, Settings
from contactpoint.synthetic.load import populate

DEMO_SEED = 2009  # the year ContactPoint went live


def demo(
    children: int = typer.Option(20_000, min=100, max=200_000, help="Children to generate."),
    local_authorities: int = typer.Option(3, min=1, max=10, help="Local authorities to cover."),
    serve: bool = typer.Option(True, help="Serve the web app once the data is ready."),
) -> None:
    """Create the SQLite database with synthetic data and demo users, then serve the web app."""
    console = Console()
    settings = load_settings()
    if settings.environment is Environment.PRODUCTION:
        raise OperatorError(
            "the demo (synthetic children, shared demo logins) never runs in production"
        )
    engine = open_database(settings)
    _ensure_population(engine, settings, console, children, local_authorities)
    demo_users.print_demo_logins(settings, console)  # one account per role (practitioners)
    console.print(f"ContactPoint demo: http://{settings.host}:{settings.port}/")
    if serve:
        serve_module.run(settings)


def _ensure_population(
    engine: Engine, settings: Settings, console: Console, children: int, local_authorities: int
) -> None:
    """Generate the synthetic population once; a second run reuses it."""
    with engine.connect() as connection:
        held = connection.scalar(select(func.count()).select_from(Child)) or 0
    if held:
        console.print(f"Using the existing synthetic population ({held:,} children).")
        return
    summary = populate(
        engine,
        settings,
        seed=DEMO_SEED,
        children=children,
        local_authorities=local_authorities,
        progress=True,
    )
    console.print(
        f"Generated {summary.children:,} children in {summary.local_authorities} local "
        f"authorities ({summary.rate:,.0f} children a second)."
    )
