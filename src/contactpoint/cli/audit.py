"""`contactpoint audit …`: verify the trail, sign checkpoints, run monitoring, write reports."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from contactpoint.audit import actions, monitor
from contactpoint.audit.checkpoint import (
    CheckpointRefusedError,
    all_checkpoints,
    load_public_key,
    public_pem,
    signing_key,
    witness_key,
    write_checkpoint,
)
from contactpoint.audit.queries import ReportFilter
from contactpoint.audit.verification import verify_all
from contactpoint.audit.witness_http import WitnessUnavailableError
from contactpoint.audit.witnessing import send_pending
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
    """Check every event's sealed hash and link, the chain heads, every signed checkpoint
    (with the public key only) and the witness's receipts."""
    settings = load_settings()
    sessions = make_sessionmaker(open_database(settings, checkpoint=False))
    started = time.perf_counter()
    try:
        with sessions() as session:
            verdict = verify_all(session, settings, datetime.now(UTC))
    except ConfigError as error:
        raise OperatorError(str(error)) from None
    seconds = time.perf_counter() - started
    for problem in verdict.problems:
        console.print(f"[red]FAIL[/] {problem}", markup=True, highlight=False)
    report, newest = verdict.trail, verdict.checkpoints.newest
    console.print(
        f"{report.events} events in {report.chains} chains checked in {seconds:.1f}s"
        + (f" against checkpoint {newest.name} (number {newest.number})" if newest else "")
        + ("; every checkpoint countersigned by the witness" if verdict.witnessed else "")
    )
    if not verdict.witnessed:
        console.print("[yellow]No witness configured (development): see docs/audit.md.[/]")
    if not verdict.ok:
        raise typer.Exit(1)
    console.print("[green]The audit trail verifies.[/]")


@app.command("checkpoint")
def checkpoint() -> None:
    """Sign every chain's head as the next checkpoint and hand it to the witness (the
    running service does this by itself every CONTACTPOINT_AUDIT_CHECKPOINT_SECONDS)."""
    settings = load_settings()
    sessions = make_sessionmaker(open_database(settings))
    try:
        with sessions() as session:
            written = write_checkpoint(session, settings)
        sent = send_pending(settings, all_checkpoints(settings))
    except (ConfigError, WitnessUnavailableError, CheckpointRefusedError) as error:
        raise OperatorError(str(error)) from None
    assert written is not None
    console.print(f"Checkpoint {written.number} written: {written.name}")
    if sent:
        console.print(f"{sent} checkpoint(s) countersigned by the witness.")


@app.command("public-key")
def public_key(
    output: Annotated[Path, typer.Option(help="Where to write the PEM public key.")],
) -> None:
    """Write the checkpoint signing key's public half: what verifiers and the witness hold."""
    try:
        pem = public_pem(signing_key(load_settings()).public_key())
    except ConfigError as error:
        raise OperatorError(str(error)) from None
    output.write_bytes(pem)
    console.print(f"Public key written: {output}")


@app.command("witness")
def witness(
    *,
    store: Annotated[Path, typer.Option(help="The witness's own append-only store (folder).")],
    key: Annotated[Path, typer.Option(help="The witness's Ed25519 private key (PEM).")],
    service_key: Annotated[Path, typer.Option(help="The service's checkpoint public key (PEM).")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8100,
    create_key: Annotated[bool, typer.Option(help="Create the key if it does not exist.")] = False,
) -> None:
    """Run the witness: countersigns each checkpoint, in order, into its own store. Run it
    on another host, as another operator, with its own key (docs/audit.md)."""
    import uvicorn

    from contactpoint.audit.witness import WitnessStore
    from contactpoint.audit.witness_http import create_witness_app

    try:
        store_ = WitnessStore(
            store, witness_key(key, create=create_key), load_public_key(service_key)
        )
    except ConfigError as error:
        raise OperatorError(str(error)) from None
    console.print(f"Witness listening on http://{host}:{port} (store {store})")
    uvicorn.run(create_witness_app(store_), host=host, port=port, log_level="warning")


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
        export = actions.export_report(
            session, report=filters, format=form, within_la=within_la, by=principal.actor()
        )
    # Recorded and committed first, rendered after: as the web download does.
    with output.open("wb") as file:
        for chunk in export.chunks():
            file.write(chunk)
    console.print(f"Report written: {output}")


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise OperatorError(f"{text!r} is not a date (YYYY-MM-DD)") from None
