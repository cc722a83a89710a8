"""Reads. Administration queries take the principal and filter by its scope in SQL, so a
template can never show (nor a form reach) another LA's or organisation's accounts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from contactpoint.authz.principal import Principal
from contactpoint.authz.roles import Reach, Role
from contactpoint.organisations.models import Organisation
from contactpoint.practitioners.models import Device, RoleGrant, User


def user_by_username(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username.strip().lower())).first()


def roles_of(session: Session, user_id: int) -> list[Role]:
    query = select(RoleGrant.role).where(RoleGrant.user_id == user_id).order_by(RoleGrant.role)
    return list(session.scalars(query))


def la_of_organisation(session: Session, organisation_id: int) -> int | None:
    return session.scalar(select(Organisation.la_id).where(Organisation.id == organisation_id))


def _scoped(query: Select[User], principal: Principal) -> Select[User]:
    if principal.reach is Reach.LOCAL_AUTHORITY and principal.la_id is not None:
        return query.join(Organisation, Organisation.id == User.organisation_id).where(
            Organisation.la_id == principal.la_id
        )
    if principal.reach is Reach.ORGANISATION:
        return query.where(User.organisation_id == principal.organisation_id)
    return query.where(false())  # no administrative reach: nothing


def administrable_users(session: Session, principal: Principal) -> Sequence[User]:
    return session.scalars(_scoped(select(User), principal).order_by(User.username)).all()


def administrable_user(session: Session, principal: Principal, user_id: int) -> User | None:
    return session.scalars(_scoped(select(User).where(User.id == user_id), principal)).first()


def organisations_in_scope(session: Session, principal: Principal) -> Sequence[Organisation]:
    query = select(Organisation).order_by(Organisation.name)
    if principal.reach is Reach.LOCAL_AUTHORITY and principal.la_id is not None:
        return session.scalars(query.where(Organisation.la_id == principal.la_id)).all()
    if principal.reach is Reach.ORGANISATION:
        return session.scalars(query.where(Organisation.id == principal.organisation_id)).all()
    return []


def devices_of(session: Session, user_id: int) -> Sequence[Device]:
    return session.scalars(
        select(Device).where(Device.user_id == user_id).order_by(Device.id)
    ).all()


def approved_device(session: Session, user_id: int, credentials: Sequence[str]) -> Device | None:
    """The user's approved device among the credential digests this browser presented."""
    if not credentials:
        return None
    query = select(Device).where(
        Device.user_id == user_id,
        Device.status == "approved",
        Device.credential_digest.in_(credentials),
    )
    return session.scalars(query).first()
