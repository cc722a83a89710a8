"""Misuse rules over a window of access events: pure functions, so each is easy to test.

Each rule turns activity into findings about a user (or, for `many_viewers`, a child). A
view is "explained" when the viewer's organisation has an involvement with the child;
views with no explanation are what most rules look at.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # the rules stay pure: only the type is needed here
    from contactpoint.audit.models import AuditEvent

LONDON = ZoneInfo("Europe/London")
SEARCHED, VIEWED, OVERRIDDEN = (
    "access:child:searched",
    "access:child:viewed",
    "access:shield:overridden",
)


@dataclass(frozen=True)
class Activity:
    event_id: int
    event_type: str
    user_id: int | None
    role: str | None
    organisation_id: int | None
    la_id: int | None
    child_ref: int | None
    occurred_at: datetime
    details: dict[str, Any]


def activity_of(event: AuditEvent) -> Activity:
    """An event just recorded, as the rules see it (to run a rule on it at once)."""
    return Activity(
        event_id=event.id,
        event_type=event.event_type,
        user_id=event.actor_user_id,
        role=event.actor_role,
        organisation_id=event.actor_organisation_id,
        la_id=event.actor_la_id,
        child_ref=event.child_ref,
        occurred_at=event.occurred_at,
        details=dict(event.details),
    )


@dataclass(frozen=True)
class Context:
    child_la: dict[int, int] = field(default_factory=dict)  # child id -> LA where they live
    involved: frozenset[tuple[int, int]] = frozenset()  # (child id, organisation id)

    def explained(self, view: Activity) -> bool:
        return (view.child_ref, view.organisation_id) in self.involved

    def unexplained_view(self, event: Activity) -> bool:
        """A view of a known child, by a known user, with no involvement to explain it."""
        return (
            event.event_type == VIEWED
            and event.user_id is not None
            and event.child_ref is not None
            and not self.explained(event)
        )

    def in_area(self, view: Activity) -> bool:
        return view.child_ref is not None and self.child_la.get(view.child_ref) == view.la_id


@dataclass(frozen=True)
class Thresholds:
    volume_min: int = 150  # never flag fewer searches and views than this in the window
    volume_peer_ratio: float = 3.0  # ... nor fewer than this many times the peers' median
    volume_robust_z: float = 6.0  # ... nor a robust z-score below this
    unexplained_min: int = 5  # views outside the viewer's area with no involvement ...
    unexplained_share: float = 0.25  # ... that are at least this share of the user's views
    repeat_days: int = 3  # one child viewed on this many days with no involvement
    many_viewers_min: int = 5  # unrelated users viewing one child
    out_of_hours_min: int = 5  # views outside 07:00-19:00 weekdays (London time) ...
    out_of_hours_days: int = 2  # ... on at least this many days ...
    out_of_hours_share: float = 0.04  # ... and at least this share of the user's views
    out_of_hours_exempt_roles: tuple[str, ...] = ("emergency_duty",)  # rostered nights
    shielded_min: int = 4  # searches that hit a shielded record ...
    shielded_share: float = 0.02  # ... at least this share of the user's searches


@dataclass(frozen=True)
class Finding:
    rule: str
    key: str  # one open alert per key
    events: tuple[Activity, ...]
    summary: str
    la_id: int | None
    user_id: int | None = None
    organisation_id: int | None = None
    child_ref: int | None = None


Rule = Callable[[list[Activity], Context, Thresholds], list[Finding]]


def by_user(activity: Iterable[Activity]) -> dict[int, list[Activity]]:
    grouped: dict[int, list[Activity]] = defaultdict(list)
    for event in activity:
        if event.user_id is not None:
            grouped[event.user_id].append(event)
    return grouped


def user_finding(rule: str, events: list[Activity], summary: str) -> Finding:
    first = events[0]
    return Finding(
        rule=rule,
        key=f"{rule}:user:{first.user_id}",
        events=tuple(events),
        summary=summary,
        la_id=first.la_id,
        user_id=first.user_id,
        organisation_id=first.organisation_id,
    )


def volume(activity: list[Activity], context: Context, limits: Thresholds) -> list[Finding]:
    """A user whose searches and views are far above the median of peers in the same role."""
    by_role: dict[str | None, dict[int, list[Activity]]] = defaultdict(dict)
    for user, events in by_user(e for e in activity if e.event_type in (SEARCHED, VIEWED)).items():
        by_role[events[0].role][user] = events
    findings = []
    for peers in by_role.values():
        counts = [len(events) for events in peers.values()]
        median = statistics.median(counts)
        spread = 1.4826 * statistics.median(abs(c - median) for c in counts) or 1.0
        for events in peers.values():
            count = len(events)
            if (
                count >= limits.volume_min
                and count >= limits.volume_peer_ratio * median
                and (count - median) / spread >= limits.volume_robust_z
            ):
                summary = f"{count} searches and views; peers' median {median:g}"
                findings.append(user_finding("volume", events, summary))
    return findings


def unexplained_views(
    activity: list[Activity], context: Context, limits: Thresholds
) -> list[Finding]:
    """Views explained neither by an involvement nor by the child living in the viewer's LA."""
    all_views = Counter(e.user_id for e in activity if e.event_type == VIEWED)
    views = (e for e in activity if context.unexplained_view(e) and not context.in_area(e))
    return [
        user_finding("unexplained_views", events, f"{len(events)} views out of area, unexplained")
        for user, events in by_user(views).items()
        if len(events) >= max(limits.unexplained_min, limits.unexplained_share * all_views[user])
    ]


def repeated_child(activity: list[Activity], context: Context, limits: Thresholds) -> list[Finding]:
    """One child viewed again and again, on several days, with no involvement (own family)."""
    views: dict[tuple[int, int], list[Activity]] = defaultdict(list)
    for event in filter(context.unexplained_view, activity):
        views[(event.user_id or 0, event.child_ref or 0)].append(event)
    flagged: dict[int, list[Activity]] = defaultdict(list)
    for events in views.values():
        days = {e.occurred_at.astimezone(LONDON).date() for e in events}
        if len(days) >= limits.repeat_days:
            flagged[events[0].user_id or 0].extend(events)
    return [
        user_finding("repeated_child", events, f"{len(events)} repeat views with no involvement")
        for events in flagged.values()
    ]
