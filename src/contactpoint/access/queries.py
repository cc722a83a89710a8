"""Reads for finding and viewing: whose scope a child is in, and who the LA team is."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.authz.roles import ROLES, Reach
from contactpoint.children.record import LimitedRecord
from contactpoint.practitioners.models import AccountStatus, RoleGrant, User

NO_LA = -1  # an LA-scoped role without an LA sees no child at all


def la_scope(principal: Principal) -> int | None:
    """The one LA an LA-scoped role may look into; None for national reach."""
    if principal.reach is Reach.LOCAL_AUTHORITY:
        return principal.la_id if principal.la_id is not None else NO_LA
    return None


def is_childs_la_team(principal: Principal, child: LimitedRecord) -> bool:
    """The child's own LA ContactPoint team, who see sensitive services and broker contact."""
    return principal.can(Permission.BROKERING_HANDLE) and principal.la_id == child.la_id


def authorised_practitioner(session: Session, username: str) -> int | None:
    """The active user a mediated search is made for, if they may search themselves."""
    # Practitioners only (the roles that record involvements), never another operator.
    practising = [r for r, d in ROLES.items() if Permission.INVOLVEMENT_RECORD in d.permissions]
    return session.scalars(
        select(User.id)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(
            User.username == username.strip().lower(),
            User.status == AccountStatus.ACTIVE,
            RoleGrant.role.in_(practising),
        )
        .limit(1)
    ).first()
