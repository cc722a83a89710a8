"""The monitor raises an alert for each kind of misuse, once, and alerts are worked through
to a closed outcome by the LA team, each step audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.access.events import OverrideDetails, SearchDetails, ViewDetails
from contactpoint.audit import actions
from contactpoint.audit.alert_models import AlertOutcome, AlertStatus
from contactpoint.audit.bulk import Draft, append_events
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.monitor import run_monitor
from contactpoint.audit.writer import Actor
from tests.integration.audit.population import add_child, add_places, involve
from tests.integration.audit.trail import START

SINCE, UNTIL = START - timedelta(days=1), START + timedelta(days=30)
VIEW = ViewDetails(reason="safeguarding")
LA_TEAM = Actor(user_id=800, role="la_team", organisation_id=12, la_id=1)


def user(n: int, la: int = 1) -> Actor:
    return Actor(user_id=n, role="practitioner", organisation_id=la * 10 + 1, la_id=la)


def view(by: Actor, child: int, day: int, hour: int = 10) -> Draft:
    at = START + timedelta(days=day, hours=hour - START.hour)
    return Draft("access:child:viewed", VIEW, by=by, occurred_at=at, child_ref=child)


@pytest.fixture
def population(session: Session) -> Session:
    add_places(session)
    for child in range(1, 11):
        add_child(session, child, la_id=1)
    add_child(session, 99, la_id=2)
    involve(session, 1, organisation_id=11)
    return session


def rules_for(session: Session, drafts: list[Draft]) -> set[tuple[str, int | None]]:
    append_events(session, drafts)
    return {(f.rule, f.user_id) for f in run_monitor(session, since=SINCE, until=UNTIL).findings}


def test_ordinary_explained_work_raises_nothing(population: Session) -> None:
    drafts = [view(user(n), child=1, day=d) for n in range(1, 6) for d in range(3)]
    assert rules_for(population, drafts) == set()


def test_each_kind_of_misuse_is_found(population: Session) -> None:
    snoopers = [view(user(n, la=2), child=5, day=0) for n in range(20, 25)]
    family = [view(user(30), child=7, day=d) for d in (1, 4, 9)]
    out_of_area = [view(user(40, la=2), child=c, day=2) for c in (2, 3, 4, 5, 6)]
    late = [view(user(50), child=1, day=d, hour=23) for d in range(6)]
    shielded = SearchDetails(
        criteria_set="family_dob", criteria_digest="c" * 64, results=1, shielded_hits=1
    )
    searches = [
        Draft("access:child:searched", shielded, by=user(60), occurred_at=START) for _ in range(4)
    ]
    override = Draft(
        "access:shield:overridden",
        OverrideDetails(reason="child_protection", reference=None),
        by=user(70),
        occurred_at=START,
        child_ref=8,
    )
    found = rules_for(population, [*snoopers, *family, *out_of_area, *late, *searches, override])
    assert ("many_viewers", None) in found
    assert ("repeated_child", 30) in found
    assert ("unexplained_views", 40) in found
    assert ("out_of_hours", 50) in found
    assert ("shielded_hits", 60) in found
    assert ("override", 70) in found


def test_volume_far_above_peers_is_found(population: Session) -> None:
    ordinary = [view(user(n), child=1, day=d) for n in range(1, 30) for d in range(10)]
    scraper = [view(user(99), child=1 + n % 10, day=n % 20) for n in range(400)]
    assert ("volume", 99) in rules_for(population, [*ordinary, *scraper])


def test_alerts_are_raised_once_and_closed_with_an_outcome(population: Session) -> None:
    append_events(population, [view(user(30), child=7, day=d) for d in (1, 4, 9)])
    [alert] = run_monitor(population, since=SINCE, until=UNTIL).raised
    assert (
        run_monitor(population, since=SINCE, until=UNTIL).raised == []
    )  # still open: not raised again
    assert alert.la_id == 1

    actions.acknowledge_alert(population, alert_id=alert.id, within_la=1, by=LA_TEAM)
    actions.start_investigation(population, alert_id=alert.id, within_la=1, by=LA_TEAM)
    with pytest.raises(actions.OutOfScopeError):
        actions.close_alert(
            population, alert_id=alert.id, outcome=AlertOutcome.NO_MISUSE, within_la=2, by=LA_TEAM
        )
    actions.close_alert(
        population,
        alert_id=alert.id,
        outcome=AlertOutcome.MISUSE_CONFIRMED,
        reference="HR-2025-17",
        within_la=1,
        by=LA_TEAM,
    )
    assert alert.status is AlertStatus.CLOSED
    with pytest.raises(actions.AlertStateError):
        actions.acknowledge_alert(population, alert_id=alert.id, within_la=None, by=LA_TEAM)
    assert (
        run_monitor(population, since=SINCE, until=UNTIL).raised == []
    )  # nothing new since it was closed
    trail = population.scalars(
        select(AuditEvent.event_type).where(AuditEvent.event_type.like("audit:alert:%"))
    )
    assert sorted(trail) == [
        "audit:alert:acknowledged",
        "audit:alert:closed",
        "audit:alert:investigation_started",
        "audit:alert:raised",
    ]
