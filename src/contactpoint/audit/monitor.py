"""Run the misuse rules over a window of the trail and raise alerts for what they find.

A finding becomes an alert unless one with the same key is still open, or was closed after
looking at everything the finding rests on: re-running the monitor never duplicates alerts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from contactpoint.audit.actions import raise_alert
from contactpoint.audit.alert_models import Alert, AlertStatus
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.rules import Activity, Context, Finding, Thresholds
from contactpoint.audit.rules_sensitive import RULES
from contactpoint.children.models import Child
from contactpoint.involvements.models import Involvement

CHUNK = 5_000  # ids per IN (...) list: well inside SQLite's and PostgreSQL's limits


@dataclass
class MonitorResult:
    findings: list[Finding] = field(default_factory=list)
    raised: list[Alert] = field(default_factory=list)


def run_monitor(
    session: Session, *, since: datetime, until: datetime, thresholds: Thresholds | None = None
) -> MonitorResult:
    """Find, then raise alerts for new findings; the caller commits."""
    result = MonitorResult(findings=find(session, since=since, until=until, thresholds=thresholds))
    suppressed = _suppressed_keys(session, result.findings)
    for finding in result.findings:
        if finding.key not in suppressed:
            result.raised.append(raise_alert(session, finding=finding))
    return result


def raise_now(session: Session, findings: list[Finding]) -> list[Alert]:
    """Raise alerts for findings made as an action happens (in its transaction), under the
    same keys the monitor uses, so its next run does not raise them again."""
    suppressed = _suppressed_keys(session, findings)
    return [raise_alert(session, finding=f) for f in findings if f.key not in suppressed]


def find(
    session: Session, *, since: datetime, until: datetime, thresholds: Thresholds | None = None
) -> list[Finding]:
    activity = load_activity(session, since, until)
    context = load_context(session, activity, since.date())
    limits = thresholds or Thresholds()
    return [finding for rule in RULES for finding in rule(activity, context, limits)]


def load_activity(session: Session, since: datetime, until: datetime) -> list[Activity]:
    query = (
        select(
            AuditEvent.id,
            AuditEvent.event_type,
            AuditEvent.actor_user_id,
            AuditEvent.actor_role,
            AuditEvent.actor_organisation_id,
            AuditEvent.actor_la_id,
            AuditEvent.child_ref,
            AuditEvent.occurred_at,
            AuditEvent.details,
        )
        .where(AuditEvent.event_type.like("access:%"))
        .where(AuditEvent.occurred_at >= since, AuditEvent.occurred_at < until)
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
        .execution_options(yield_per=10_000)
    )
    return [Activity(*row) for row in session.execute(query)]


def load_context(session: Session, activity: list[Activity], since: date) -> Context:
    """Where each viewed child lives, and which organisations were involved during the window."""
    children = sorted({a.child_ref for a in activity if a.child_ref is not None})
    child_la: dict[int, int] = {}
    involved: set[tuple[int, int]] = set()
    for chunk in _chunks(children):
        located = select(Child.id, Child.la_id).where(Child.id.in_(chunk))
        child_la.update((child, la) for child, la in session.execute(located))
        current = or_(Involvement.ended_on.is_(None), Involvement.ended_on >= since)
        pairs = select(Involvement.child_id, Involvement.organisation_id).where(
            Involvement.child_id.in_(chunk), current
        )
        involved.update((child, organisation) for child, organisation in session.execute(pairs))
    return Context(child_la=child_la, involved=frozenset(involved))


def _suppressed_keys(session: Session, findings: list[Finding]) -> set[str]:
    latest = {f.key: max(e.occurred_at for e in f.events) for f in findings}
    suppressed = set()
    for chunk in _chunks(sorted(latest)):
        for alert in session.scalars(select(Alert).where(Alert.key.in_(chunk))):
            seen_all = alert.last_event_at >= latest[alert.key]
            if alert.status is not AlertStatus.CLOSED or seen_all:
                suppressed.add(alert.key)
    return suppressed


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def describe(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings each rule produced."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return counts
