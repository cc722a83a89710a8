"""Account administration: enrolment end to end, disabling, and scope by LA or organisation."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.authz.roles import Role
from contactpoint.config import Settings
from contactpoint.organisations.models import Organisation
from contactpoint.practitioners.credentials import current_totp
from contactpoint.practitioners.models import AccountStatus, Device, DeviceStatus, User
from tests.integration.practitioners.factories import (
    Account,
    csrf_token,
    make_account,
    make_organisation,
    sign_in,
)


def _manager_and_colleague(
    sessions: sessionmaker[Session], settings: Settings
) -> tuple[Account, Account, Account]:
    """An LA manager, a practitioner in their LA, and a practitioner in another LA."""
    with sessions.begin() as session:
        north = make_organisation(session, la_name="Northshire")
        south = make_organisation(session, la_name="Southshire")
        manager = make_account(session, settings, organisation=north, roles=(Role.LA_MANAGER,))
        colleague = make_account(session, settings, organisation=north)
        stranger = make_account(session, settings, organisation=south)
    return manager, colleague, stranger


def _second_manager(
    sessions: sessionmaker[Session], settings: Settings, manager: Account
) -> Account:
    """Another LA manager in the same team: the second pair of eyes."""
    with sessions.begin() as session:
        team = session.get_one(Organisation, manager.organisation_id)
        return make_account(session, settings, organisation=team, roles=(Role.LA_MANAGER,))


def _post(client: TestClient, path: str, data: dict[str, str] | None = None) -> object:
    token = csrf_token(client, "/admin/users")
    return client.post(path, data={"csrf_token": token, **(data or {})}, follow_redirects=False)


def test_an_la_manager_cannot_see_or_change_another_las_users(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    manager, colleague, stranger = _manager_and_colleague(sessions, settings)
    sign_in(client, manager)
    listing = client.get("/admin/users").text
    assert colleague.username in listing
    assert stranger.username not in listing
    assert client.get(f"/admin/users/{stranger.user_id}").status_code == 404
    for action in ("suspend", "close", "unlock", "reset", "device-link"):
        assert _post(client, f"/admin/users/{stranger.user_id}/{action}").status_code == 404  # type: ignore[attr-defined]
    with sessions() as session:
        assert session.get_one(User, stranger.user_id).status is AccountStatus.ACTIVE


def test_suspending_a_user_ends_their_session_at_once(
    app: object, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    manager, colleague, _stranger = _manager_and_colleague(sessions, settings)
    with TestClient(app, base_url="http://localhost") as practitioner:  # type: ignore[arg-type]
        sign_in(practitioner, colleague)
        assert practitioner.get("/search").status_code == 200
        sign_in(client, manager)
        _post(client, f"/admin/users/{colleague.user_id}/suspend")
        assert practitioner.get("/search", follow_redirects=False).headers["location"] == "/sign-in"


def test_a_practitioner_cannot_reach_administration(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    _manager, colleague, _stranger = _manager_and_colleague(sessions, settings)
    sign_in(client, colleague)
    assert client.get("/admin/users").status_code == 403


def test_an_account_is_created_enrolled_approved_and_signed_in(
    app: object, client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    manager, _colleague, _stranger = _manager_and_colleague(sessions, settings)
    sign_in(client, manager)
    form = {
        "username": "new.worker",
        "display_name": "New Worker",
        "organisation_id": str(manager.organisation_id),
        "roles": "practitioner",
        "criminal_records_checked_on": date.today().isoformat(),
        "training_completed_on": date.today().isoformat(),
    }
    proposed = _post(client, "/admin/users/new", form)
    assert "/enrol/" not in proposed.text  # type: ignore[attr-defined]
    with sessions() as session:
        new_id = session.scalars(select(User.id).where(User.username == "new.worker")).one()
    sign_in(client, _second_manager(sessions, settings, manager))
    approved = _post(client, f"/admin/users/{new_id}/approve")
    base = re.escape(settings.link(""))
    link = re.search(base + r"(/enrol/[\w-]+)", approved.text)  # type: ignore[attr-defined]
    assert link, "no enrolment link shown to the approver"
    with TestClient(app, base_url="http://localhost") as newcomer:  # type: ignore[arg-type]
        page = newcomer.get(link.group(1))
        secret = re.search(r"<code>([A-Z2-7]+)</code>", page.text)
        assert secret
        assert "<svg" in page.text
        done = newcomer.post(
            link.group(1),
            data={
                "csrf_token": csrf_token(newcomer, link.group(1)),
                "password": "kettle marble canyon",
                "password_again": "kettle marble canyon",
                "pin": "5820",
                "code": current_totp(secret.group(1)),
                "accept_agreement": "yes",
            },
        )
        assert "Your account is ready" in done.text
        assert newcomer.get(link.group(1)).status_code == 404  # the link works once
        with sessions() as session:
            user = session.scalars(select(User).where(User.username == "new.worker")).one()
            device = session.scalars(select(Device).where(Device.user_id == user.id)).one()
        assert device.status is DeviceStatus.PENDING
        _post(client, f"/admin/users/{user.id}/devices/{device.id}/approve")
        with sessions() as session:
            assert session.get_one(Device, device.id).status is DeviceStatus.APPROVED


def test_nobody_approves_their_own_device(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    manager, _colleague, _stranger = _manager_and_colleague(sessions, settings)
    with sessions.begin() as session:
        laptop = Device(user_id=manager.user_id, label="Home laptop", credential_digest="d" * 64)
        session.add(laptop)
        session.flush()
        laptop_id = laptop.id
    sign_in(client, manager)
    refused = client.post(
        f"/admin/users/{manager.user_id}/devices/{laptop_id}/approve",
        data={"csrf_token": csrf_token(client, f"/admin/users/{manager.user_id}")},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    with sessions() as session:
        assert session.get_one(Device, laptop_id).status is DeviceStatus.PENDING


def test_an_account_needs_a_second_administrator(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    manager, _colleague, _stranger = _manager_and_colleague(sessions, settings)
    sign_in(client, manager)
    form = {
        "username": "own.account",
        "display_name": "Own Account",
        "organisation_id": str(manager.organisation_id),
        "roles": "practitioner",
        "criminal_records_checked_on": date.today().isoformat(),
        "training_completed_on": date.today().isoformat(),
    }
    proposed = _post(client, "/admin/users/new", form)
    assert "Account proposed" in proposed.text  # type: ignore[attr-defined]
    assert "/enrol/" not in proposed.text  # type: ignore[attr-defined]
    with sessions() as session:
        user = session.scalars(select(User).where(User.username == "own.account")).one()
        assert (user.proposed_by_user_id, user.vetting_recorded_by_user_id) == (
            manager.user_id,
            manager.user_id,
        )
    for action in ("approve", "reset", "reenrol-token"):  # no way round the second person
        refused = _post(client, f"/admin/users/{user.id}/{action}")
        assert refused.status_code == 403  # type: ignore[attr-defined]
    with sessions() as session:
        after = session.get_one(User, user.id)
        assert (after.approved_by_user_id, after.setup_token_digest) == (None, None)
