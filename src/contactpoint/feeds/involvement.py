"""The school or GP practice a feed names: one current involvement of each kind.

A pupil census row naming a new school ends the old school involvement (on the feed's
date) and starts the new one; the GP registration feed does the same for GP practices.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.involvements.models import Involvement
from contactpoint.organisations.models import Organisation


def ensure_involvement(
    session: Session, child_id: int, organisation_id: int, *, since: date
) -> bool:
    """True when something changed: a new involvement started (and any previous one ended)."""
    kind = session.scalar(select(Organisation.kind).where(Organisation.id == organisation_id))
    open_same_kind = session.scalars(
        select(Involvement)
        .join(Organisation, Organisation.id == Involvement.organisation_id)
        .where(
            Involvement.child_id == child_id,
            Involvement.ended_on.is_(None),
            Organisation.kind == kind,
        )
    ).all()
    if any(inv.organisation_id == organisation_id for inv in open_same_kind):
        return False
    for previous in open_same_kind:
        previous.ended_on = since
    session.add(Involvement(child_id=child_id, organisation_id=organisation_id, started_on=since))
    return True
