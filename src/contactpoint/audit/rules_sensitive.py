"""Rules about sensitive access: one child drawing many strangers, out-of-hours use,
shielded records, and every shielding override. `RULES` is the full set the monitor runs."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from contactpoint.audit.rules import (
    LONDON,
    OVERRIDDEN,
    SEARCHED,
    VIEWED,
    Activity,
    Context,
    Finding,
    Rule,
    Thresholds,
    by_user,
    repeated_child,
    unexplained_views,
    user_finding,
    volume,
)

WORKING_HOURS = range(7, 19)  # 07:00 to 18:59, Monday to Friday
LIMIT_REACHED = "access:limit:reached"


def many_viewers(activity: list[Activity], context: Context, limits: Thresholds) -> list[Finding]:
    """The same child viewed by many users whose organisations have no involvement."""
    viewers: dict[int, dict[int, Activity]] = defaultdict(dict)
    for event in filter(context.unexplained_view, activity):
        viewers[event.child_ref or 0].setdefault(event.user_id or 0, event)
    return [
        Finding(
            rule="many_viewers",
            key=f"many_viewers:child:{child}",
            events=tuple(users.values()),
            summary=f"{len(users)} users with no involvement viewed this record",
            la_id=context.child_la.get(child),
            child_ref=child,
        )
        for child, users in viewers.items()
        if len(users) >= limits.many_viewers_min
    ]


def out_of_hours(activity: list[Activity], context: Context, limits: Thresholds) -> list[Finding]:
    def outside(event: Activity) -> bool:
        local = event.occurred_at.astimezone(LONDON)
        return local.weekday() >= 5 or local.hour not in WORKING_HOURS

    late = (
        e
        for e in activity
        if e.event_type == VIEWED and outside(e) and e.role not in limits.out_of_hours_exempt_roles
    )
    views = Counter(e.user_id for e in activity if e.event_type == VIEWED)
    return [
        user_finding("out_of_hours", events, f"{len(events)} views out of hours")
        for user, events in by_user(late).items()
        if len(events) >= max(limits.out_of_hours_min, limits.out_of_hours_share * views[user])
        and len({e.occurred_at.astimezone(LONDON).date() for e in events})
        >= limits.out_of_hours_days
    ]


def shielded_hits(activity: list[Activity], context: Context, limits: Thresholds) -> list[Finding]:
    """Searches that keep landing on shielded records."""
    searches = Counter(e.user_id for e in activity if e.event_type == SEARCHED)
    hits = (e for e in activity if e.event_type == SEARCHED and e.details.get("shielded_hits"))
    return [
        user_finding("shielded_hits", events, f"{len(events)} searches hit shielded records")
        for user, events in by_user(hits).items()
        if len(events) >= max(limits.shielded_min, limits.shielded_share * searches[user])
    ]


def overrides(activity: list[Activity], context: Context, limits: Thresholds) -> list[Finding]:
    """Every override of shielding is reviewed: one alert each."""
    return [
        Finding(
            rule="override",
            key=f"override:event:{event.event_id}",
            events=(event,),
            summary="shielding overridden",
            la_id=context.child_la.get(event.child_ref or 0, event.la_id),
            user_id=event.user_id,
            organisation_id=event.organisation_id,
            child_ref=event.child_ref,
        )
        for event in activity
        if event.event_type == OVERRIDDEN
    ]


def limits_reached(activity: list[Activity], context: Context, limits: Thresholds) -> list[Finding]:
    """A user who reaches a search or view limit: scripted harvesting with valid credentials
    runs into the limits first, so it is reviewed at once. One alert per user and day; the
    search and view limits raise it the moment they are reached (access/limits.py)."""
    grouped: dict[tuple[int, str], list[Activity]] = defaultdict(list)
    for event in activity:
        if event.event_type == LIMIT_REACHED and event.user_id is not None:
            day = event.occurred_at.astimezone(LONDON).date().isoformat()
            grouped[(event.user_id, day)].append(event)
    findings = []
    for (user, day), events in grouped.items():
        names = sorted({str(e.details.get("limit", "")) for e in events})
        summary = f"rate limit reached: {', '.join(names)}"
        finding = user_finding("limit_reached", events, summary)
        findings.append(replace(finding, key=f"limit_reached:user:{user}:{day}"))
    return findings


RULES: tuple[Rule, ...] = (
    volume,
    unexplained_views,
    repeated_child,
    many_viewers,
    out_of_hours,
    shielded_hits,
    overrides,
    limits_reached,
)
