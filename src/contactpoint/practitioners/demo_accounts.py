"""Demo accounts (development only): one per role, signed-in details printed, re-runnable.

Every demo account shares one well-known password and PIN, which is acceptable only because
the demo holds synthetic data and refuses to run in production. Each run issues one
pre-approved device link: opening it once registers the browser for every demo account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.writer import SYSTEM
from contactpoint.authz.roles import ROLES, Reach, Role
from contactpoint.organisations.models import LocalAuthority, Organisation, OrganisationKind
from contactpoint.practitioners import actions, devices
from contactpoint.practitioners.credentials import SecretBox, hash_secret, new_totp_secret
from contactpoint.practitioners.models import AccountStatus, User
from contactpoint.practitioners.queries import user_by_username

DEMO_PASSWORD = "synthetic demo only"  # noqa: S105 (development demo, refused in production)
DEMO_PIN = "2468"
DEVICE_LINK_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    totp_secret: str


def _organisation(
    session: Session, reference: str, kind: OrganisationKind, name: str, la_id: int | None
) -> Organisation:
    found = session.scalars(select(Organisation).where(Organisation.reference == reference)).first()
    if found is None:
        found = Organisation(
            reference=reference, kind=kind, name=name, la_id=la_id, is_sensitive=False
        )
        session.add(found)
        session.flush()
    return found


def _demo_la(session: Session) -> LocalAuthority:
    """The synthetic population's first LA when there is one, so demo users can see children."""
    la = session.scalars(select(LocalAuthority).order_by(LocalAuthority.id)).first()
    if la is None:
        la = LocalAuthority(code="E99999999", name="Demoshire", region="Nowhere (synthetic)")
        session.add(la)
        session.flush()
    return la


def _organisations(session: Session) -> dict[Reach, Organisation]:
    la = _demo_la(session)
    team = _organisation(
        session,
        "CPDEMO-LA",
        OrganisationKind.LA_CONTACTPOINT_TEAM,
        f"{la.name} ContactPoint team",
        la.id,
    )
    partner = _organisation(
        session, "CPDEMO-PN", OrganisationKind.NATIONAL_PARTNER, "Demo children's charity", None
    )
    national = _organisation(
        session,
        "CPDEMO-NA",
        OrganisationKind.NATIONAL_ADMINISTRATION,
        "ContactPoint national team",
        None,
    )
    return {Reach.LOCAL_AUTHORITY: team, Reach.ORGANISATION: partner, Reach.NATIONAL: national}


def _organisation_for(role: Role, organisations: dict[Reach, Organisation]) -> Organisation:
    if role in (Role.PRACTITIONER, Role.CHILD_PROTECTION_PRACTITIONER):
        return organisations[Reach.LOCAL_AUTHORITY]  # LA staff: their LA scopes any LA report
    return organisations[ROLES[role].reach]


def ensure_demo_accounts(
    session: Session, *, box: SecretBox, today: date
) -> tuple[list[DemoLogin], str]:
    """Create missing demo accounts (reusing existing ones); returns them and a device link."""
    organisations = _organisations(session)
    logins, users = [], []
    for role in Role:
        username = f"demo-{role.value.replace('_', '-')}"
        user = user_by_username(session, username) or _create(
            session, username=username, role=role, organisations=organisations, box=box, today=today
        )
        users.append(user)
        logins.append(DemoLogin(username, role, box.open(user.totp_secret_sealed) or ""))
    token = devices.issue_link(
        session,
        users=users,
        label="Demo browser",
        by=SYSTEM,
        pre_approved=True,
        lifetime=DEVICE_LINK_LIFETIME,
    )
    return logins, token


def _create(
    session: Session,
    *,
    username: str,
    role: Role,
    organisations: dict[Reach, Organisation],
    box: SecretBox,
    today: date,
) -> User:
    account = actions.NewAccount(
        username=username,
        display_name=f"Demo {ROLES[role].title}",
        organisation_id=_organisation_for(role, organisations).id,
        roles=(role,),
        criminal_records_checked_on=today,
        training_completed_on=today,
    )
    user, _link = actions.create_account(session, account=account, box=box, by=SYSTEM)
    user.password_hash = hash_secret(DEMO_PASSWORD)
    user.pin_hash = hash_secret(DEMO_PIN)
    user.totp_secret_sealed = box.seal(new_totp_secret())
    user.agreement_accepted_on = today
    user.status = AccountStatus.ACTIVE
    user.setup_token_digest = user.setup_purpose = user.setup_expires_at = None
    user.pending_totp_secret_sealed = None
    return user
