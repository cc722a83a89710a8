"""Writes in the audit domain: report downloads, and alerts raised and worked through.

Each action takes the acting user (`by=`), records its own event and never commits. Scope
is decided by the caller from the user's permissions: `within_la` is an LA manager's or LA
team's LA; None is national scope (auditors, and the monitor itself).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.alert_models import Alert, AlertOutcome, AlertStatus
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.queries import ReportFilter, report_rows
from contactpoint.audit.render import csv_chunks, to_pdf
from contactpoint.audit.rules import OVERRIDDEN, Context, Finding, Thresholds, activity_of
from contactpoint.audit.rules_sensitive import overrides
from contactpoint.audit.trail_events import (
    AlertAcknowledgedDetails,
    AlertClosedDetails,
    AlertInvestigationDetails,
    AlertRaisedDetails,
    ReportDownloadDetails,
)
from contactpoint.audit.writer import SYSTEM, Actor, RequestMeta, record
from contactpoint.children.models import Child
from contactpoint.types import utcnow

REPORT_TITLE = "ContactPoint audit report"


class OutOfScopeError(PermissionError):
    """The user asked for another LA's report or alert."""


class AlertStateError(ValueError):
    pass


@dataclass(frozen=True)
class Export:
    """A report read and recorded, ready to render once its transaction has ended."""

    format: Literal["csv", "pdf"]
    rows: list[tuple[str, ...]]
    filters: str

    def chunks(self) -> Iterator[bytes]:
        """The file, a piece at a time: CSV is written as it is read; a PDF is built whole,
        here, before the first piece is returned."""
        if self.format == "csv":
            return csv_chunks(self.rows)
        return iter((to_pdf(self.rows, title=REPORT_TITLE, filters=self.filters),))


def export_report(
    session: Session,
    *,
    report: ReportFilter,
    format: Literal["csv", "pdf"],
    within_la: int | None,
    by: Actor,
    meta: RequestMeta | None = None,
) -> Export:
    """Read the report's rows and record the download, with the filters used. The caller
    commits, and only then renders (`Export.chunks`), so the download is on record even if
    rendering fails, and no transaction stays open while a large file is built."""
    if within_la is not None:
        if report.la_id not in (None, within_la):
            raise OutOfScopeError("a report can cover only your own local authority")
        report = replace(report, la_id=within_la)
    rows = report_rows(session, report)
    details = ReportDownloadDetails(format=format, rows=len(rows), **asdict(report))
    record(session, "audit:report:downloaded", details, by=by, meta=meta)
    return Export(format, rows, describe(report))


def download_report(
    session: Session,
    *,
    report: ReportFilter,
    format: Literal["csv", "pdf"],
    within_la: int | None,
    by: Actor,
    meta: RequestMeta | None = None,
) -> bytes:
    """The report as one file, rendered inside the caller's transaction (the CLI). The web
    download uses `export_report`, commits, then renders."""
    export = export_report(
        session, report=report, format=format, within_la=within_la, by=by, meta=meta
    )
    return b"".join(export.chunks())


def describe(report: ReportFilter) -> str:
    given = [f"{name.replace('_', ' ')} {value}" for name, value in asdict(report).items() if value]
    return "Filters: " + (", ".join(given) if given else "none")


def raise_alert(session: Session, *, finding: Finding, by: Actor = SYSTEM) -> Alert:
    times = [event.occurred_at for event in finding.events]
    alert = Alert(
        rule=finding.rule,
        key=finding.key,
        status=AlertStatus.OPEN,
        la_id=finding.la_id,
        subject_user_id=finding.user_id,
        subject_organisation_id=finding.organisation_id,
        child_ref=finding.child_ref,
        event_count=len(finding.events),
        first_event_at=min(times),
        last_event_at=max(times),
        summary=finding.summary[:200],
        raised_at=utcnow(),
    )
    session.add(alert)
    session.flush()
    details = AlertRaisedDetails(alert_id=alert.id, rule=finding.rule)
    record(session, "audit:alert:raised", details, by=by, child_ref=finding.child_ref)
    return alert


def raise_override_alert(session: Session, *, event: AuditEvent, by: Actor = SYSTEM) -> Alert:
    """Raise the review alert for a shielding override just recorded in this transaction, so
    the child's LA team sees it at once. It is exactly the alert the monitor would raise later
    (same rule, key and LA), so the monitor's next run does not raise it again."""
    if event.event_type != OVERRIDDEN:
        raise ValueError(f"event {event.id} is not a shielding override")
    child_la: dict[int, int] = {}
    if event.child_ref is not None:
        la_id = session.scalar(select(Child.la_id).where(Child.id == event.child_ref))
        child_la = {event.child_ref: la_id} if la_id is not None else {}
    (finding,) = overrides([activity_of(event)], Context(child_la=child_la), Thresholds())
    return raise_alert(session, finding=finding, by=by)


def acknowledge_alert(
    session: Session,
    *,
    alert_id: int,
    within_la: int | None,
    by: Actor,
    meta: RequestMeta | None = None,
) -> Alert:
    alert = _alert(session, alert_id, within_la, allowed={AlertStatus.OPEN})
    alert.status, alert.acknowledged_at, alert.acknowledged_by_user_id = (
        AlertStatus.ACKNOWLEDGED,
        utcnow(),
        by.user_id,
    )
    details = AlertAcknowledgedDetails(alert_id=alert.id)
    record(session, "audit:alert:acknowledged", details, by=by, meta=meta)
    return alert


def start_investigation(
    session: Session,
    *,
    alert_id: int,
    within_la: int | None,
    by: Actor,
    meta: RequestMeta | None = None,
) -> Alert:
    allowed = {AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED}
    alert = _alert(session, alert_id, within_la, allowed=allowed)
    alert.status = AlertStatus.INVESTIGATING
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by_user_id = utcnow(), by.user_id
    details = AlertInvestigationDetails(alert_id=alert.id)
    record(session, "audit:alert:investigation_started", details, by=by, meta=meta)
    return alert


def close_alert(
    session: Session,
    *,
    alert_id: int,
    outcome: AlertOutcome,
    reference: str | None = None,
    within_la: int | None,
    by: Actor,
    meta: RequestMeta | None = None,
) -> Alert:
    """Close with an outcome code and, optionally, a short case reference (no free text)."""
    allowed = {AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.INVESTIGATING}
    alert = _alert(session, alert_id, within_la, allowed=allowed)
    details = AlertClosedDetails(alert_id=alert.id, outcome=outcome.value, reference=reference)
    record(session, "audit:alert:closed", details, by=by, meta=meta)
    alert.status, alert.outcome, alert.outcome_reference = AlertStatus.CLOSED, outcome, reference
    alert.closed_at, alert.closed_by_user_id = utcnow(), by.user_id
    return alert


def _alert(
    session: Session, alert_id: int, within_la: int | None, *, allowed: set[AlertStatus]
) -> Alert:
    alert = session.get(Alert, alert_id, with_for_update=True)
    if alert is None or (within_la is not None and alert.la_id != within_la):
        raise OutOfScopeError(f"no alert {alert_id} in your scope")
    if alert.status not in allowed:
        raise AlertStateError(f"alert {alert_id} is {alert.status.value}")
    return alert
