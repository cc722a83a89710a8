"""`contactpoint generate`: a synthetic England, into the database or as source feed files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from contactpoint.cli.common import OperatorError, load_settings, open_database
from contactpoint.config import Environment
from contactpoint.synthetic.feeds import write_feeds
from contactpoint.synthetic.load import BATCH_CHILDREN, populate
from contactpoint.synthetic.places import LOCAL_AUTHORITIES
from contactpoint.synthetic.population import Plan
from contactpoint.synthetic.store import PopulationExistsError


def generate(  # noqa: PLR0917 (Typer maps parameters to options)
    children: Annotated[int, typer.Option(min=0, help="How many children to create.")] = 1000,
    seed: Annotated[int, typer.Option(help="The same seed gives the same population.")] = 1,
    local_authorities: Annotated[
        int,
        typer.Option(
            min=1,
            max=len(LOCAL_AUTHORITIES),
            help="Use the first N local authorities (children shared by their real sizes).",
        ),
    ] = len(LOCAL_AUTHORITIES),
    feeds: Annotated[
        Path | None,
        typer.Option(
            file_okay=False,
            help="Write source feed CSVs and ground_truth.csv here instead of the database.",
        ),
    ] = None,
    feeds_for: Annotated[
        int | None,
        typer.Option(
            min=1, help="With --feeds: write rows for only the first N children of the population."
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Reckon ages from this day, YYYY-MM-DD (default today).")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Children per transaction.")] = (
        BATCH_CHILDREN
    ),
) -> None:
    """Generate a realistic synthetic population, deterministic from --seed."""
    console = Console()
    plan = Plan(seed, children, local_authorities, _day(as_of))
    if feeds is not None:
        summary = write_feeds(feeds, plan, progress=True, first=feeds_for)
        for source, rows in summary.rows.items():
            console.print(f"{source.value}: {rows:,} rows")
        console.print(
            f"Wrote feeds for {summary.children:,} children to {feeds} in {summary.seconds:.1f} s "
            f"({summary.children / max(summary.seconds, 1e-9):,.0f} children/s)."
        )
        return
    settings = load_settings()
    if settings.environment is Environment.PRODUCTION:
        # Synthetic children in the live index would be found by real practitioners.
        raise OperatorError("a synthetic population is never loaded in production (use --feeds)")
    engine = open_database(settings)
    try:
        result = populate(
            engine,
            settings,
            seed=seed,
            children=children,
            local_authorities=local_authorities,
            progress=True,
            as_of=plan.as_of,
            batch_children=batch_size,
        )
    except PopulationExistsError as error:
        raise OperatorError(str(error)) from None
    finally:
        engine.dispose()
    console.print(
        f"Generated {result.children:,} children in {result.households:,} families across "
        f"{result.local_authorities} local authorities ({result.organisations:,} organisations) "
        f"in {result.seconds:.1f} s: {result.rate:,.0f} children/s."
    )


def _day(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise OperatorError(f"--as-of {text[:20]!r} is not a date (YYYY-MM-DD)") from None
