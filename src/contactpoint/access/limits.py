"""Per-user limits on searches and record views, counted in the database (fixed windows).

Counters live in `access_limit_counters`, one row per user, action and window, so the limit
holds across processes and servers. Reaching a limit is audited once per window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from contactpoint.access.events import LimitDetails
from contactpoint.access.models import LimitCounter
from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.config import Settings
from contactpoint.types import utcnow

LimitedAction = Literal["search", "view"]
Window = Literal["minute", "day"]


@dataclass(frozen=True)
class Reached:
    action: LimitedAction
    window: Window

    @property
    def name(self) -> str:
        return f"{self.action}_per_{self.window}"


def allowance(settings: Settings, action: LimitedAction, window: Window) -> int:
    name = f"{'searches' if action == 'search' else 'views'}_per_{window}"
    value: int = getattr(settings, name)
    return value


def window_start(now: datetime, window: Window) -> datetime:
    if window == "minute":
        return now.replace(second=0, microsecond=0)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def count_or_refuse(
    session: Session,
    *,
    settings: Settings,
    action: LimitedAction,
    by: Actor,
    meta: RequestMeta | None = None,
) -> Reached | None:
    """Count one more `action` for this user, or (at a limit) count nothing and say which.

    The first refusal in a window records "access:limit:reached"; later ones only refuse.
    """
    assert by.user_id is not None
    now = utcnow()
    counters = []
    for span in WINDOWS:
        counter, created = _counter(session, by.user_id, action, span, window_start(now, span))
        if created and span == "minute":
            _forget_spent_windows(session, by.user_id, now)
        counters.append(counter)
    for counter in counters:
        window: Window = "minute" if counter.window == "minute" else "day"
        if counter.count >= allowance(settings, action, window):
            reached = Reached(action, window)
            if not counter.reached_recorded:
                counter.reached_recorded = True
                record(
                    session,
                    "access:limit:reached",
                    LimitDetails(limit=reached.name),
                    by=by,
                    meta=meta,
                )
            session.flush()
            return reached
    session.execute(
        update(LimitCounter)
        .where(LimitCounter.id.in_([counter.id for counter in counters]))
        .values(count=LimitCounter.count + 1)
        .execution_options(synchronize_session=False)
    )
    return None


WINDOWS: tuple[Window, ...] = ("minute", "day")


def _forget_spent_windows(session: Session, user_id: int, now: datetime) -> None:
    """Drop this user's windows older than two days. Run when a new minute window opens,
    not on every request: at most once a minute per active user keeps the table small."""
    session.execute(
        delete(LimitCounter).where(
            LimitCounter.user_id == user_id, LimitCounter.window_start < now - timedelta(days=2)
        )
    )


def _counter(
    session: Session, user_id: int, action: str, window: str, start: datetime
) -> tuple[LimitCounter, bool]:
    """The window's counter row (locked until the caller commits), and whether it is new."""
    key = {"user_id": user_id, "action": action, "window": window, "window_start": start}
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    inserted = session.execute(
        insert(LimitCounter)
        .values(**key, count=0, reached_recorded=False)
        .on_conflict_do_nothing(index_elements=list(key))
        .returning(LimitCounter.id)
    ).first()
    query = select(LimitCounter).filter_by(**key).with_for_update()
    counter = session.scalars(query.execution_options(populate_existing=True)).one()
    return counter, inserted is not None
