"""Ready-to-sign-in accounts for tests: every secret known, the device token approved."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from contactpoint.authz.roles import Role
from contactpoint.config import Settings
from contactpoint.organisations.models import LocalAuthority, Organisation, OrganisationKind
from contactpoint.practitioners.credentials import (
    SecretBox,
    current_totp,
    digest,
    hash_secret,
    new_token,
    new_totp_secret,
)
from contactpoint.practitioners.models import (
    AccountStatus,
    Device,
    DeviceStatus,
    RoleGrant,
    User,
)

PASSWORD = "river lamp orange tiger"
PIN = "7391"
_numbers = itertools.count(1)


@dataclass(frozen=True)
class Account:
    user_id: int
    username: str
    totp_secret: str
    device_token: str
    organisation_id: int


def box_for(settings: Settings) -> SecretBox:
    return SecretBox(settings.secret("secret_key"))


def make_organisation(session: Session, *, la_name: str | None = None) -> Organisation:
    number = next(_numbers)
    la = None
    if la_name is not None:
        la = LocalAuthority(code=f"E9{number:07d}", name=la_name, region="Test")
        session.add(la)
        session.flush()
    kind = OrganisationKind.LA_CONTACTPOINT_TEAM if la else OrganisationKind.NATIONAL_PARTNER
    organisation = Organisation(
        kind=kind, name=f"Organisation {number}", la_id=la.id if la else None
    )
    session.add(organisation)
    session.flush()
    return organisation


def make_account(
    session: Session,
    settings: Settings,
    *,
    organisation: Organisation,
    roles: tuple[Role, ...] = (Role.PRACTITIONER,),
    device_status: DeviceStatus = DeviceStatus.APPROVED,
    checked_on: date | None = None,
) -> Account:
    """An active, vetted account with an approved device; the caller commits."""
    today = date.today()
    secret, device_token = new_totp_secret(), new_token()
    user = User(
        username=f"user{next(_numbers)}",
        display_name="Test Practitioner",
        organisation_id=organisation.id,
        status=AccountStatus.ACTIVE,
        password_hash=hash_secret(PASSWORD),
        pin_hash=hash_secret(PIN),
        totp_secret_sealed=box_for(settings).seal(secret),
        failed_attempts=0,
        criminal_records_checked_on=checked_on or today - timedelta(days=365),
        training_completed_on=today - timedelta(days=30),
        agreement_accepted_on=today - timedelta(days=30),
    )
    session.add(user)
    session.flush()
    session.add_all(RoleGrant(user_id=user.id, role=role) for role in roles)
    session.add(
        Device(
            user_id=user.id,
            label="Test",
            status=device_status,
            credential_digest=digest(device_token),
        )
    )
    session.flush()
    return Account(user.id, user.username, secret, device_token, organisation.id)


def csrf_token(client: TestClient, path: str) -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def sign_in(client: TestClient, account: Account, **overrides: str) -> Any:
    """Post the sign-in form from this client's device (without following redirects)."""
    client.cookies.set("cp_device", account.device_token)
    form = {
        "csrf_token": csrf_token(client, "/sign-in"),
        "username": account.username,
        "password": PASSWORD,
        "pin": PIN,
        "code": current_totp(account.totp_secret),
        **overrides,
    }
    return client.post("/sign-in", data=form, follow_redirects=False)
