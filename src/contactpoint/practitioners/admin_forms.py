"""Checking the create-account form against the administrator's own scope."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from contactpoint.authz.principal import Principal
from contactpoint.authz.roles import GRANTABLE_BY, Role
from contactpoint.practitioners.actions import NewAccount
from contactpoint.practitioners.queries import organisations_in_scope, user_by_username

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


def grantable_roles(principal: Principal) -> list[Role]:
    return sorted(GRANTABLE_BY.get(principal.role, frozenset())) if principal.role else []


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def check_new_account(
    db: Session, principal: Principal, fields: dict[str, str], roles: Sequence[str]
) -> tuple[NewAccount | None, dict[str, str]]:
    problems: dict[str, str] = {}
    username = fields.get("username", "").strip().lower()
    if not USERNAME.match(username):
        problems["username"] = (
            "Username must be 3 to 64 letters, digits, dots, dashes or underscores"
        )
    elif user_by_username(db, username) is not None:
        problems["username"] = "That username is taken"
    if not fields.get("display_name", "").strip():
        problems["display_name"] = "Enter the person's full name"
    allowed_orgs = {str(org.id): org.id for org in organisations_in_scope(db, principal)}
    if fields.get("organisation_id") not in allowed_orgs:
        problems["organisation_id"] = "Choose an organisation you administer"
    allowed_roles = {role.value for role in grantable_roles(principal)}
    if not roles or not set(roles) <= allowed_roles:
        problems["roles"] = "Choose at least one role you may grant"
    checked_on = _date(fields.get("criminal_records_checked_on", ""))
    if checked_on is None or checked_on > date.today():
        problems["criminal_records_checked_on"] = (
            "Enter the date of the enhanced check, like 2025-03-31"
        )
    trained_on = _date(fields.get("training_completed_on", ""))
    if trained_on is None or trained_on > date.today():
        problems["training_completed_on"] = "Enter the date training was completed, like 2025-03-31"
    if problems:
        return None, problems
    account = NewAccount(
        username=username,
        display_name=fields["display_name"],
        organisation_id=allowed_orgs[fields["organisation_id"]],
        roles=tuple(Role(role) for role in roles),
        email=fields.get("email") or None,
        criminal_records_checked_on=checked_on,
        training_completed_on=trained_on,
    )
    return account, {}
