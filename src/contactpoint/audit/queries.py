"""Reading the trail for audit reports and the alert queue.

Reports show who did what and when, by opaque reference: user, role, organisation, LA, and
a child's record id at most. Details are shown only for an allowlist of code-valued keys,
so a shape that ever carried free text could still not put it into a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from contactpoint.audit.alert_models import Alert, AlertStatus
from contactpoint.audit.models import AuditEvent
from contactpoint.children.models import Child

REPORT_LIMIT = 50_000
SHOWN_DETAILS = (
    "criteria_set",
    "results",
    "refused",
    "shielded_hits",
    "reason",
    "shielded",
    "override",
    "limit",
    "format",
    "rows",
    "rule",
    "outcome",
    "alert_id",
)
_CODE = re.compile(r"^[a-z0-9_]{1,40}$")
COLUMNS = (
    "event id",
    "time (UTC)",
    "event type",
    "user",
    "role",
    "organisation",
    "LA",
    "on behalf of",
    "child record",
    "details",
)


@dataclass(frozen=True)
class ReportFilter:
    """Every field optional; dates are whole UTC days, both ends included."""

    user_id: int | None = None
    organisation_id: int | None = None
    la_id: int | None = None  # events by the LA's users, or about children in the LA
    event_type: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def report_rows(
    session: Session,
    report: ReportFilter,
    limit: int = REPORT_LIMIT,
    *,
    offset: int = 0,
    newest_first: bool = False,
) -> list[tuple[str, ...]]:
    """The report's rows as display strings, oldest (or newest) first, at most `limit`."""
    query = _filtered(select(AuditEvent), report)
    if newest_first:
        query = query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    else:
        query = query.order_by(AuditEvent.occurred_at, AuditEvent.id)
    query = query.offset(offset).limit(limit)
    return [_row(event) for event in session.scalars(query)]


def report_count(session: Session, report: ReportFilter) -> int:
    query = _filtered(select(func.count()).select_from(AuditEvent), report)
    return session.scalar(query) or 0


def _filtered(query: Select[Any], report: ReportFilter) -> Select[Any]:
    if report.user_id is not None:
        query = query.where(AuditEvent.actor_user_id == report.user_id)
    if report.organisation_id is not None:
        query = query.where(AuditEvent.actor_organisation_id == report.organisation_id)
    if report.la_id is not None:
        children_in_la = select(Child.id).where(Child.la_id == report.la_id)
        query = query.where(
            or_(AuditEvent.actor_la_id == report.la_id, AuditEvent.child_ref.in_(children_in_la))
        )
    if report.event_type:
        query = query.where(AuditEvent.event_type == report.event_type)
    if report.date_from:
        query = query.where(AuditEvent.occurred_at >= _start_of(report.date_from))
    if report.date_to:
        query = query.where(AuditEvent.occurred_at < _start_of(report.date_to + timedelta(days=1)))
    return query


def _row(event: AuditEvent) -> tuple[str, ...]:
    values = (
        event.id,
        event.occurred_at.strftime("%Y-%m-%d %H:%M:%S"),
        event.event_type,
        event.actor_user_id,
        event.actor_role,
        event.actor_organisation_id,
        event.actor_la_id,
        event.on_behalf_of_user_id,
        event.child_ref,
        safe_details(event.details),
    )
    return tuple("" if value is None else str(value) for value in values)


def safe_details(details: dict[str, Any]) -> str:
    """Allowlisted keys whose values are numbers, flags or lower-case codes; nothing else."""
    shown = []
    for key in SHOWN_DETAILS:
        value = details.get(key)
        if isinstance(value, bool | int) or (isinstance(value, str) and _CODE.match(value)):
            shown.append(f"{key}={str(value).lower()}")
    return " ".join(shown)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def alert_queue(
    session: Session, *, la_id: int | None = None, include_closed: bool = False
) -> list[Alert]:
    """Alerts for one LA's team (la_id) or, for auditors, everywhere; newest first."""
    query = select(Alert).order_by(Alert.raised_at.desc(), Alert.id.desc())
    if la_id is not None:
        query = query.where(Alert.la_id == la_id)
    if not include_closed:
        query = query.where(Alert.status != AlertStatus.CLOSED)
    return list(session.scalars(query))
