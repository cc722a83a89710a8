"""Per-user limits on searches and record views, counted in the database (fixed windows).

Counters live in `access_limit_counters`, one row per user, action and window, so the limit
holds across processes and servers. Reaching a limit is audited once per window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from contactpoint.access.events import LimitDetails
from contactpoint.access.models import LimitCounter
from contactpoint.audit.monitor import raise_now
from contactpoint.audit.rules import Context, Thresholds, activity_of
from contactpoint.audit.rules_sensitive import limits_reached
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

    One upsert counts both windows and locks their rows until the caller commits; the rare
    refusal takes the count back. The first refusal in a window records
    "access:limit:reached"; later ones only refuse.
    """
    assert by.user_id is not None
    now = utcnow()
    counted = {row.window: row for row in _count_both(session, by.user_id, action, now)}
    if counted["minute"].total == 1:  # this request opened a new minute window
        _forget_spent_windows(session, by.user_id, now)
    for window in WINDOWS:
        row = counted[window]
        if row.total > allowance(settings, action, window):
            _refuse(session, [r.id for r in counted.values()], row)
            reached = Reached(action, window)
            if not row.reached_recorded:
                _record_and_alert(session, reached, by=by, meta=meta)
            return reached
    return None


WINDOWS: tuple[Window, ...] = ("minute", "day")


def _record_and_alert(
    session: Session, reached: Reached, *, by: Actor, meta: RequestMeta | None
) -> None:
    """Audit the limit, and alert the LA team and auditors now, not at the next monitor run:
    a harvester reaches its limits long before anyone would think to look."""
    details = LimitDetails(limit=reached.name)
    event = record(session, "access:limit:reached", details, by=by, meta=meta)
    raise_now(session, limits_reached([activity_of(event)], Context(), Thresholds()))


@dataclass(frozen=True)
class Counted:
    """A counter row just after this request was counted."""

    id: int
    window: Window
    total: int
    reached_recorded: bool


_KEY = ("user_id", "action", "window", "window_start")


def _count_both(session: Session, user_id: int, action: str, now: datetime) -> list[Counted]:
    """Add one to this user's minute and day counters (creating them); the rows after."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    rows = [
        {"user_id": user_id, "action": action, "window": span,
         "window_start": window_start(now, span), "count": 1, "reached_recorded": False}
        for span in WINDOWS
    ]  # fmt: skip
    statement = insert(LimitCounter).values(rows)
    # Straight to the connection: the ORM's bulk-insert handling costs ~1 ms of CPU here,
    # on every search and view, and there are no ORM objects to keep in step.
    returned = session.connection().execute(
        statement.on_conflict_do_update(
            index_elements=list(_KEY), set_={"count": LimitCounter.count + 1}
        ).returning(
            LimitCounter.id, LimitCounter.window, LimitCounter.count, LimitCounter.reached_recorded
        )
    )
    return [
        Counted(id, "minute" if window == "minute" else "day", total, recorded)
        for id, window, total, recorded in returned
    ]


def _refuse(session: Session, ids: list[int], reached: Counted) -> None:
    """Take back the count just added (a refused request counts nothing) and mark the
    window whose limit was reached as audited."""
    session.execute(update(LimitCounter).where(LimitCounter.id.in_(ids)).values(
        count=LimitCounter.count - 1
    ))  # fmt: skip
    session.execute(
        update(LimitCounter).where(LimitCounter.id == reached.id).values(reached_recorded=True)
    )


def _forget_spent_windows(session: Session, user_id: int, now: datetime) -> None:
    """Drop this user's windows older than two days. Run when a new minute window opens,
    not on every request: at most once a minute per active user keeps the table small."""
    session.execute(
        delete(LimitCounter).where(
            LimitCounter.user_id == user_id, LimitCounter.window_start < now - timedelta(days=2)
        )
    )
