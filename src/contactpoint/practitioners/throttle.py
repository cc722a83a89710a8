"""Sign-in throttling, counted in the database (`sign_in_attempts`), so it works on SQLite and
PostgreSQL with no other service (docs/adr/0005, "Throttling").

Two limits, over the last 15 minutes:

- one address at one username (unknown usernames share one bucket per address): 20
  attempts that did not sign in. A person who keeps getting it wrong slows only themselves;
  their colleagues behind the same office address sign in as usual.
- one address across all usernames: 200 wrong-details attempts, the ceiling on guessing
  across many accounts. Attempts refused or throttled do not count towards it, so one
  person retrying while throttled cannot lock out everyone behind their address.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactpoint.practitioners.models import SignInAttempt

WINDOW = timedelta(minutes=15)
PER_USERNAME_LIMIT = 20  # attempts that did not sign in, from one address at one username
PER_ADDRESS_LIMIT = 200  # wrong details from one address, whatever the username

Limit = Literal["username", "address"]


def reached(
    session: Session, *, address: str, user_id: int | None, now: datetime
) -> tuple[Limit, int] | None:
    """Which limit this attempt meets (and the count that met it), or None to go on."""
    attempts = SignInAttempt
    same_username = attempts.user_id.is_(None) if user_id is None else attempts.user_id == user_id
    counts = session.execute(
        select(
            func.count().filter(same_username),
            func.count().filter(attempts.outcome == "wrong_details"),
        ).where(
            attempts.ip_address == address,
            attempts.occurred_at >= now - WINDOW,
            attempts.outcome != "signed_in",
        )
    ).one()
    at_username, at_address = int(counts[0]), int(counts[1])
    if at_address >= PER_ADDRESS_LIMIT:
        return "address", at_address
    if at_username >= PER_USERNAME_LIMIT:
        return "username", at_username
    return None
