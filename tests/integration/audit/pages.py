"""Two LAs with a manager, practitioners and canary children; an auditor; a trail and alerts.

The children's and carers' details are canaries: none may appear on an audit page or file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from contactpoint.access.events import OverrideDetails, SearchDetails, ViewDetails
from contactpoint.audit.actions import raise_override_alert
from contactpoint.audit.alert_models import Alert
from contactpoint.audit.bulk import Draft, append_events
from contactpoint.audit.writer import Actor, record
from contactpoint.authz.roles import Role
from contactpoint.children.models import Carer, Child, ChildCarer, Gender, Relationship
from contactpoint.config import Settings
from contactpoint.organisations.models import Organisation
from tests.integration.practitioners.factories import Account, make_account, make_organisation

NORTH_CHILD, SOUTH_CHILD = 770001, 770002
CANARIES = (
    "Zqxcanaryvale",
    "ZQXCANARYVALE",
    "Quillonette",
    "Vexcarerholt",
    "07700 900123",
    "vex@example.invalid",
    "2016-04-01",
    "987650000001",  # a ContactPoint ID: child data, unlike the opaque record number
    "CASE 77",  # a practitioner's reference on a view
    "c" * 64,  # a search criteria digest
)
WHEN = datetime(2025, 3, 4, 10, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    manager: Account  # LA manager, North
    south_manager: Account
    auditor: Account
    practitioner: Account  # North
    stranger: Account  # practitioner in South
    north_alert: int  # an override of North's child, by South's practitioner
    south_alert: int  # an override of South's child, by South's practitioner


def actor(account: Account, organisation: Organisation, role: Role = Role.PRACTITIONER) -> Actor:
    return Actor(account.user_id, role.value, organisation.id, organisation.la_id)


def add_child(session: Session, child_id: int, la_id: int, cp_id: str) -> None:
    session.add(
        Child(
            id=child_id,
            cp_id=cp_id,
            given_names="Quillonette",
            family_name="Zqxcanaryvale",
            gender=Gender.FEMALE,
            date_of_birth=date(2016, 4, 1),
            la_id=la_id,
        )
    )
    carer = Carer(
        given_names="Quillonette",
        family_name="Vexcarerholt",
        phone="07700 900123",
        email="vex@example.invalid",
    )
    session.add(carer)
    session.flush()
    session.add(
        ChildCarer(
            child_id=child_id,
            carer_id=carer.id,
            relationship=Relationship.MOTHER,
            parental_responsibility=True,
        )
    )
    session.flush()


def build_world(sessions: sessionmaker[Session], settings: Settings) -> World:
    with sessions.begin() as session:
        north, south = (
            make_organisation(session, la_name="North"),
            make_organisation(session, la_name="South"),
        )
        national = make_organisation(session)
        manager = make_account(session, settings, organisation=north, roles=(Role.LA_MANAGER,))
        south_manager = make_account(
            session, settings, organisation=south, roles=(Role.LA_MANAGER,)
        )
        auditor = make_account(session, settings, organisation=national, roles=(Role.AUDITOR,))
        practitioner = make_account(session, settings, organisation=north)
        stranger = make_account(session, settings, organisation=south)
        assert north.la_id is not None
        assert south.la_id is not None
        add_child(session, NORTH_CHILD, north.la_id, "987650000001")
        add_child(session, SOUTH_CHILD, south.la_id, "987650000002")
        _trail(session, actor(practitioner, north), actor(stranger, south))
        north_alert, south_alert = (
            _override(session, actor(stranger, south), child).id
            for child in (NORTH_CHILD, SOUTH_CHILD)
        )
    return World(manager, south_manager, auditor, practitioner, stranger, north_alert, south_alert)


def _trail(session: Session, northerner: Actor, southerner: Actor) -> None:
    search = SearchDetails(criteria_set="family_dob", criteria_digest="c" * 64, results=1)
    view = ViewDetails(reason="safeguarding", reference="CASE 77")
    append_events(
        session,
        [
            Draft("access:child:searched", search, by=northerner, occurred_at=WHEN),
            Draft("access:child:viewed", view, northerner, WHEN, child_ref=NORTH_CHILD),
            Draft("access:child:viewed", view, southerner, WHEN, child_ref=SOUTH_CHILD),
        ],
    )


def _override(session: Session, by: Actor, child: int) -> Alert:
    """What the shielding-override flow does: record the override, raise its alert at once."""
    details = OverrideDetails(reason="child_protection", reference="CASE 77")
    event = record(session, "access:shield:overridden", details, by=by, child_ref=child)
    return raise_override_alert(session, event=event)


def post_forms(html: str) -> list[str]:
    return re.findall(r'<form[^>]*method="post".*?</form>', html, re.DOTALL)
