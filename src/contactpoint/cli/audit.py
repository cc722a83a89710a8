"""`contactpoint audit …`: verify the trail, sign checkpoints, run monitoring, write reports."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from contactpoint.audit import actions, monitor
from contactpoint.audit.checkpoint import newest_checkpoint, write_checkpoint
from contactpoint.audit.queries import ReportFilter
from contactpoint.audit.verify import verify_trail
from contactpoint.authz.permissions import Permission
from contactpoint.authz.roles import Reach
from contactpoint.cli.common import OperatorError, load_settings, open_database
from contactpoint.cli.operator import acting_as
from contactpoint.config import ConfigError
from contactpoint.db import make_sessionmaker, transaction

app = typer.Typer(help="The audit trail: verification, checkpoints, monitoring, reports.")
console = Console()
# verify, checkpoint and monitor are host jobs (cron): they read hashes or apply the rules and
# show no child data; monitor's alerts are raised as the system. A report is read by a person,
# so it needs a signed-in operator holding audit:report:read (docs/adr/0008).


@app.command("verify")
def verify() -> None:
    """Check every event's hash and link, the chain heads and the newest signed checkpoint."""
    settings = load_settings()
    sessions = make_sessionmaker(open_database(settings))
    started = time.perf_counter()
    try:
        lookup = newest_checkpoint(settings)
    except ConfigError as error:
        raise OperatorError(str(error)) from None
    with sessions() as session:
        report = verify_trail(session, lookup.newest)
    seconds = time.perf_counter() - started
    for problem in [*lookup.problems, *map(str, report.problems)]:
        console.print(f"[red]FAIL[/] {problem}", markup=True, highlight=False)
    if lookup.newest is None:
        console.print("[yellow]No signed checkpoint: truncation cannot be detected.[/]")
    console.print(
        f"{report.events} events in {report.chains} chains checked in {seconds:.1f}s"
        + (f" against checkpoint {report.checkpoint}" if report.checkpoint else "")
    )
    if report.problems or lookup.problems:
        raise typer.Exit(1)
    console.print("[green]The audit trail verifies.[/]")


@app.command("checkpoint")
def checkpoint() -> None:
    """Sign every chain's head and write it to CONTACTPOINT_AUDIT_CHECKPOINT_DIR."""
    settings = load_settings()
    sessions = make_sessionmaker(open_database(settings))
    try:
        with sessions() as session:
            path = write_checkpoint(session, settings)
    except ConfigError as error:
        raise OperatorError(str(error)) from None
    console.print(f"Checkpoint written: {path}")


@app.command("monitor")
def run_monitor(
    days: Annotated[int, typer.Option(help="How many days back to look.")] = 30,
    every: Annotated[int, typer.Option(help="Repeat every this many seconds (0: once).")] = 0,
) -> None:
    """Run the misuse rules over the trail and raise alerts to the LA teams and auditors."""
    settings = load_settings()
    sessions = make_sessionmaker(open_database(settings))
    while True:
        until = datetime.now(UTC)
        with transaction(sessions) as session:
            result = monitor.run_monitor(session, since=until - timedelta(days=days), until=until)
        counts = monitor.describe(result.findings)
        console.print(
            f"{len(result.findings)} findings {counts or ''}; {len(result.raised)} new alerts"
        )
        if every <= 0:
            return
        time.sleep(every)


@app.command("report")
def report(  # noqa: PLR0917 (Typer maps each option to a parameter)
    output: Annotated[Path, typer.Option(help="File to write (.csv or .pdf).")],
    user: Annotated[int | None, typer.Option(help="Acting user id.")] = None,
    organisation: Annotated[int | None, typer.Option(help="Acting organisation id.")] = None,
    la: Annotated[int | None, typer.Option(help="Local authority id.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Event type.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
) -> None:
    """Write an audit report as yourself (no child data: opaque record ids at most); audited.

    An LA-reach role's report is confined to its own LA."""
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in ("csv", "pdf"):
        raise OperatorError("--output must end in .csv or .pdf")
    form: Literal["csv", "pdf"] = "csv" if suffix == "csv" else "pdf"
    filters = ReportFilter(user, organisation, la, event_type, _day(date_from), _day(date_to))
    sessions = make_sessionmaker(open_database(load_settings()))
    principal = acting_as(sessions, Permission.AUDIT_REPORT_READ)
    within_la = None if principal.reach is Reach.NATIONAL else principal.la_id
    if principal.reach is not Reach.NATIONAL and within_la is None:
        raise OperatorError("your role reaches one LA, but your organisation has none")
    with transaction(sessions) as session:
        content = actions.download_report(
            session, report=filters, format=form, within_la=within_la, by=principal.actor()
        )
    output.write_bytes(content)
    console.print(f"Report written: {output}")


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise OperatorError(f"{text!r} is not a date (YYYY-MM-DD)") from None
