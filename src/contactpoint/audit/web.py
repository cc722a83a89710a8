"""Request helpers for the audit pages: whose events a user may see, and the report form.

Scope comes from the signed-in role, never from the form: an LA-reach role sees its own LA
(`within_la`), a national role (auditor) sees everywhere (None).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.events import declared_event_types
from contactpoint.audit.queries import ReportFilter
from contactpoint.authz.principal import Principal
from contactpoint.authz.roles import Reach
from contactpoint.practitioners.models import User

DATE_PARTS = ("day", "month", "year")
NO_SUCH_USER = 0  # no account has id 0: the filter for an unknown username matches nothing


def scope_of(principal: Principal) -> int | None:
    """The LA this user's audit pages are confined to; None for national roles."""
    if principal.reach is Reach.NATIONAL:
        return None
    if principal.reach is Reach.LOCAL_AUTHORITY and principal.la_id is not None:
        return principal.la_id
    raise HTTPException(status_code=403)  # never widen a local role to national by accident


def scoped(report: ReportFilter, within_la: int | None) -> ReportFilter:
    return report if within_la is None else replace(report, la_id=within_la)


def usernames(session: Session, user_ids: Iterable[int | str | None]) -> dict[str, str]:
    """Usernames by user id (as text), for showing who acted instead of a bare number."""
    ids = {int(i) for i in user_ids if i not in (None, "") and str(i).isdigit()}
    if not ids:
        return {}
    found = session.execute(select(User.id, User.username).where(User.id.in_(ids)))
    return {str(user_id): username for user_id, username in found}


@dataclass
class ReportForm:
    values: dict[str, str]
    report: ReportFilter = field(default_factory=ReportFilter)
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def filters(self) -> list[tuple[str, str]]:
        """The filled-in fields, to carry into the download forms."""
        return [(name, value) for name, value in self.values.items() if value]


DATE_FIELDS = tuple(f"{end}-{part}" for end in ("from", "to") for part in DATE_PARTS)
FIELDS = ("username", "organisation", "event_type", "la", *DATE_FIELDS)


def read_report_form(session: Session, given: Mapping[str, str], *, national: bool) -> ReportForm:
    form = ReportForm(values={name: str(given.get(name, "")).strip()[:64] for name in FIELDS})
    values, problems = form.values, form.problems
    user_id = _user_id(session, values["username"])
    organisation_id = _number(values["organisation"], "organisation", problems)
    la_id = _number(values["la"], "la", problems) if national else None
    event_type = values["event_type"] or None
    if event_type is not None and event_type not in declared_event_types():
        problems["event_type"] = "Choose an event type from the list"
    date_from = _date(values, "from", problems)
    date_to = _date(values, "to", problems)
    if date_from and date_to and date_to < date_from:
        problems["to"] = "The end date must be the same as or after the start date"
    if not problems:
        form.report = ReportFilter(user_id, organisation_id, la_id, event_type, date_from, date_to)
    return form


def _user_id(session: Session, username: str) -> int | None:
    """The account's id, or NO_SUCH_USER: an unknown username matches no events, exactly as
    a real user with no events in the reader's scope does, so the filter never tells an LA
    manager which usernames exist elsewhere."""
    if not username:
        return None
    user_id = session.scalar(select(User.id).where(User.username == username.lower()))
    return NO_SUCH_USER if user_id is None else user_id


def _number(value: str, name: str, problems: dict[str, str]) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        problems[name] = "Enter a number, like 12"
        return None
    return int(value)


def _date(values: dict[str, str], end: str, problems: dict[str, str]) -> date | None:
    parts = [values[f"{end}-{part}"] for part in DATE_PARTS]
    if not any(parts):
        return None
    try:
        day, month, year = (int(part) for part in parts)
        if year < 2000:  # the service began long after; a two-digit year is a typing slip
            raise ValueError(year)
        return date(year, month, day)
    except ValueError:
        problems[end] = "Enter a real date, like 31 3 2025"
        return None
