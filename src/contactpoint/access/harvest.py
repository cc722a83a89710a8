"""Stop a harvester who works inside the rate limits: count the distinct children each user
is shown, and pause their access pending review before they have seen too many.

Counted in `access_seen_children` over today and yesterday (UTC), so midnight resets
nothing: children listed in search results (`harvest_listed_children`, default 450) and
records viewed (`harvest_viewed_records`, default 45). The request that would cross a line
shows nothing: the account is suspended (its sessions end at once), `access:harvest:paused`
is written and the `harvesting` alert raised for the LA team and auditors, all in the
request's transaction. The LA manager reactivates the account after review.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from contactpoint.access.events import HarvestPaused
from contactpoint.access.models import SeenChild
from contactpoint.audit.monitor import raise_now
from contactpoint.audit.rules import Finding, activity_of
from contactpoint.audit.writer import SYSTEM, Actor, RequestMeta, record
from contactpoint.config import Settings
from contactpoint.practitioners.actions import set_status
from contactpoint.practitioners.models import AccountStatus, User
from contactpoint.types import utcnow

Kind = Literal["listed", "viewed"]


def allowed(settings: Settings, kind: Kind) -> int:
    return settings.harvest_listed_children if kind == "listed" else settings.harvest_viewed_records


def pause_if_harvesting(
    session: Session,
    *,
    settings: Settings,
    kind: Kind,
    child_ids: Sequence[int],
    by: Actor,
    meta: RequestMeta | None = None,
) -> bool:
    """Note the children about to be shown; True (and the account paused) when showing them
    would take this user past the line, in which case show nothing."""
    assert by.user_id is not None
    if not child_ids:
        return False
    today = utcnow().date()
    _note(session, by.user_id, today, kind, child_ids)
    seen = session.scalar(
        select(func.count())
        .select_from(SeenChild)
        .where(
            SeenChild.user_id == by.user_id,
            SeenChild.kind == kind,
            SeenChild.day >= today - timedelta(days=1),
        )
    )
    limit = allowed(settings, kind)
    if (seen or 0) <= limit:
        return False
    _pause(session, kind=kind, seen=seen or 0, limit=limit, by=by, meta=meta)
    return True


def _note(session: Session, user_id: int, today: date, kind: str, ids: Sequence[int]) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    rows = [{"user_id": user_id, "day": today, "kind": kind, "child_id": i} for i in set(ids)]
    session.connection().execute(insert(SeenChild).values(rows).on_conflict_do_nothing())
    # Only today and yesterday count: older rows go (a primary-key range, so cheap).
    session.execute(
        delete(SeenChild).where(
            SeenChild.user_id == user_id, SeenChild.day < utcnow().date() - timedelta(days=1)
        )
    )


def _pause(
    session: Session, *, kind: Kind, seen: int, limit: int, by: Actor, meta: RequestMeta | None
) -> None:
    user = session.get_one(User, by.user_id)
    details = HarvestPaused(kind=kind, distinct_children=seen, allowed=limit)
    event = record(session, "access:harvest:paused", details, by=by, meta=meta)
    set_status(session, user=user, status=AccountStatus.SUSPENDED, by=SYSTEM, meta=meta)
    what = "children in search results" if kind == "listed" else "records viewed"
    finding = Finding(
        rule="harvesting",
        key=f"harvesting:user:{by.user_id}:{event.occurred_at.date().isoformat()}",
        events=(activity_of(event),),
        summary=f"access paused: {seen} distinct {what} in two days (allowed {limit})",
        la_id=by.la_id,
        user_id=by.user_id,
        organisation_id=by.organisation_id,
    )
    raise_now(session, [finding])
