"""`contactpoint ingest --source TYPE FILE`: load a source feed and write its acknowledgement."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from contactpoint.authz.permissions import Permission
from contactpoint.children.ids import IdMinter
from contactpoint.cli.common import OperatorError, load_settings, open_database
from contactpoint.cli.operator import acting_as
from contactpoint.db import make_sessionmaker


def ingest(  # noqa: PLR0917 (Typer maps parameters to options)
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="The feed: CSV or FHIR Bundle JSON.")
    ],
    source: Annotated[
        str, typer.Option(help="pupil_census, gp_registration, child_benefit or la_social_care.")
    ],
    engine: Annotated[
        str, typer.Option(help="Splink backend: duckdb, or spark for a national load.")
    ] = "duckdb",
    batch_size: Annotated[
        int, typer.Option(min=1, max=100_000, help="Rows per transaction.")
    ] = 1000,
    ack: Annotated[
        Path | None, typer.Option(help="Where to write the acknowledgement (default FILE.ack.csv).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="The feed's date, YYYY-MM-DD (default today).")
    ] = None,
) -> None:
    """Ingest a feed as yourself (national:feeds:ingest): accept the good rows, report each
    rejected row, write the acknowledgement."""
    from contactpoint.feeds.formats import source_named
    from contactpoint.feeds.ingest import ingest_file
    from contactpoint.feeds.readers import FeedFormatError
    from contactpoint.matching.model import NoModelError

    if engine not in {"duckdb", "spark"}:
        raise OperatorError("--engine must be duckdb or spark")
    settings = load_settings()
    factory = make_sessionmaker(open_database(settings))
    by = acting_as(factory, Permission.FEEDS_INGEST).actor()
    try:
        report = ingest_file(
            factory,
            source=source_named(source),
            path=file,
            minter=IdMinter(settings.secret("id_key")),
            by=by,
            engine="spark" if engine == "spark" else "duckdb",
            batch_size=batch_size,
            ack_path=ack,
            as_of=date.fromisoformat(as_of) if as_of else None,
        )
    except (FeedFormatError, NoModelError, ValueError) as error:
        raise OperatorError(str(error)) from None
    console = Console()
    if report.already_complete:
        console.print("This feed was ingested before: nothing changed.")
    counts = report.outcomes
    console.print(
        f"Feed {report.feed_id}: {counts['linked']} linked, {counts['created']} created, "
        f"{counts['review']} queued for review, {counts['rejected']} rejected."
    )
    for line, reason in report.rejections:
        console.print(f"line {line}: rejected: {reason}", markup=False, highlight=False)
    console.print(f"Acknowledgement: {report.acknowledgement}", markup=False)
