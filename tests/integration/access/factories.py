"""Children with carers and services, and signed-in clients, for the find-and-view tests.

All names are synthetic. `plant` lets a leak test put a unique marker in every hidden field.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from httpx2 import Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from contactpoint.authz.roles import Role
from contactpoint.children.ids import IdMinter
from contactpoint.children.models import (
    Address,
    Carer,
    Child,
    ChildCarer,
    Gender,
    Relationship,
)
from contactpoint.children.search_keys import index_children
from contactpoint.config import Settings
from contactpoint.involvements.models import Involvement
from contactpoint.organisations.models import LocalAuthority, Organisation, OrganisationKind
from tests.integration.practitioners.factories import (
    Account,
    csrf_token,
    make_account,
    sign_in,
)

_MINTER = IdMinter(b"access-tests")
_numbers = itertools.count(1)
BORN = date(2014, 3, 9)


@dataclass
class Family:
    child: Child
    la: LocalAuthority
    services: list[Organisation] = field(default_factory=list)


def local_authority(session: Session, name: str = "Northshire") -> LocalAuthority:
    found = session.scalars(select(LocalAuthority).where(LocalAuthority.name == name)).first()
    if found:
        return found
    la = LocalAuthority(code=f"E9{next(_numbers):07d}", name=name, region="Test")
    session.add(la)
    session.flush()
    return la


def organisation(
    session: Session,
    la: LocalAuthority | None,
    kind: OrganisationKind,
    name: str,
    *,
    sensitive: bool = False,
    phone: str | None = "0113 496 0000",
    email: str | None = None,
) -> Organisation:
    org = Organisation(
        kind=kind,
        name=name,
        la_id=la.id if la else None,
        phone=phone,
        email=email or f"office{next(_numbers)}@example.org",
        is_sensitive=sensitive,
    )
    session.add(org)
    session.flush()
    return org


def add_child(
    session: Session,
    given: str,
    family: str,
    *,
    la: LocalAuthority,
    born: date = BORN,
    gender: Gender = Gender.FEMALE,
    postcode: str = "LS6 2AB",
    town: str = "Headingley",
    line1: str = "1 High Street",
    shielded: bool = False,
) -> Child:
    address = Address(line1=line1, town=town, postcode=postcode, la_id=la.id)
    session.add(address)
    session.flush()
    child = Child(
        cp_id=_MINTER.mint(next(_numbers)),
        given_names=given,
        family_name=family,
        gender=gender,
        date_of_birth=born,
        la_id=la.id,
        current_address_id=address.id,
        is_shielded=shielded,
    )
    session.add(child)
    session.flush()
    index_children(session.connection(), [child.id])
    return child


def add_carer(
    session: Session, child: Child, given: str, family: str, *, phone: str, email: str
) -> Carer:
    carer = Carer(given_names=given, family_name=family, phone=phone, email=email)
    session.add(carer)
    session.flush()
    session.add(
        ChildCarer(
            child_id=child.id,
            carer_id=carer.id,
            relationship=Relationship.MOTHER,
            parental_responsibility=True,
        )
    )
    session.flush()
    return carer


def involve(
    session: Session,
    child: Child,
    org: Organisation,
    practitioner: str | None = None,
    *,
    lead: bool = False,
    caf_on: date | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> Involvement:
    involvement = Involvement(
        child_id=child.id,
        organisation_id=org.id,
        practitioner_name=practitioner,
        practitioner_phone=phone,
        practitioner_email=email,
        started_on=date(2023, 9, 1),
        is_lead_professional=lead,
        caf_undertaken=caf_on is not None,
        caf_date=caf_on,
    )
    session.add(involvement)
    session.flush()
    return involvement


def user(
    session: Session,
    settings: Settings,
    *,
    la: LocalAuthority | None = None,
    role: Role = Role.PRACTITIONER,
    kind: OrganisationKind = OrganisationKind.SCHOOL,
) -> Account:
    org = organisation(session, la, kind, f"Employer {next(_numbers)}")
    return make_account(session, settings, organisation=org, roles=(role,))


def signed_in(client: TestClient, account: Account) -> TestClient:
    response = sign_in(client, account)
    assert response.status_code == 303, "sign-in failed"
    return client


def search(client: TestClient, **fields: str) -> str:
    form = {"csrf_token": csrf_token(client, "/search"), **fields}
    response = client.post("/search", data=form)
    return response.text


def result_tokens(page: str) -> list[str]:
    return re.findall(r'href="/children/([A-Za-z0-9_-]+)/reason"', page)


def give_reason(
    client: TestClient, token: str, reason: str = "service_delivery", reference: str = ""
) -> Response:
    form = {
        "csrf_token": csrf_token(client, f"/children/{token}/reason"),
        "reason": reason,
        "reference": reference,
    }
    return client.post(f"/children/{token}/reason", data=form, follow_redirects=False)


def open_record(client: TestClient, token: str, reason: str = "service_delivery") -> str:
    response = give_reason(client, token, reason)
    assert response.status_code == 303
    return client.get(f"/children/{token}").text
