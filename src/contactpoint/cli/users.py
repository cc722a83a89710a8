"""`contactpoint users …`: account administration at the command line (the web pages are for
LA and partner administrators). The operator acts as their own account, which must hold
`national:users:administer`; only the very first account, a national administrator on an
empty database, is created without one (docs/adr/0008)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.writer import SYSTEM, Actor
from contactpoint.authz.permissions import Permission
from contactpoint.authz.roles import Role
from contactpoint.cli.common import OperatorError, load_settings, open_database
from contactpoint.cli.operator import acting_as
from contactpoint.config import Environment, Settings
from contactpoint.db import make_sessionmaker, transaction
from contactpoint.practitioners import actions, devices
from contactpoint.practitioners.credentials import SecretBox, current_totp
from contactpoint.practitioners.models import AccountStatus, Device, DeviceStatus, User
from contactpoint.practitioners.queries import roles_of, user_by_username
from contactpoint.practitioners.vetting import lapsing

app = typer.Typer(help="Practitioner accounts.", no_args_is_help=True)


def _open(settings: Settings) -> tuple[Session, SecretBox]:
    sessions = make_sessionmaker(open_database(settings))
    return sessions(), SecretBox(settings.secret("secret_key"))


def _administrator(settings: Settings) -> tuple[sessionmaker[Session], Actor]:
    """The database, and the signed-in operator allowed to administer any account."""
    factory = make_sessionmaker(open_database(settings))
    return factory, acting_as(factory, Permission.ACCOUNTS_ADMINISTER).actor()


def _no_accounts_yet(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(User))


def _user(session: Session, username: str) -> User:
    user = user_by_username(session, username)
    if user is None:
        raise OperatorError(f"no account with username {username!r}")
    return user


def base_url(settings: Settings) -> str:
    return f"http://{settings.host}:{settings.port}"


@app.command("create")
def create(  # noqa: PLR0917 (Typer maps parameters to options)
    username: str,
    name: Annotated[str, typer.Option(help="The person's full name.")],
    organisation_id: Annotated[int, typer.Option(help="Their organisation's id.")],
    role: Annotated[list[Role], typer.Option(help="A role they hold (repeat for several).")],
    checked_on: Annotated[str, typer.Option(help="Enhanced check date, YYYY-MM-DD.")],
    trained_on: Annotated[str, typer.Option(help="Training date, YYYY-MM-DD.")],
) -> None:
    """Propose an account; a second administrator approves it (`users approve`).

    On an empty database this bootstraps the first national administrator, with no operator
    signed in, and also prints a pre-approved device link for this computer."""
    settings = load_settings()
    box = SecretBox(settings.secret("secret_key"))
    factory = make_sessionmaker(open_database(settings))
    with factory() as session:
        bootstrap = _no_accounts_yet(session)
    if bootstrap and tuple(role) != (Role.NATIONAL_ADMINISTRATOR,):
        raise OperatorError(
            "the database has no accounts: the first must hold only --role national_administrator"
        )
    by = SYSTEM if bootstrap else _administrator(settings)[1]
    with transaction(factory) as session:
        if user_by_username(session, username):
            raise OperatorError(f"username {username!r} is taken")
        if bootstrap and not _no_accounts_yet(session):
            raise OperatorError("another account was created meanwhile: sign in as an operator")
        account = actions.NewAccount(
            username,
            name,
            organisation_id,
            tuple(role),
            None,
            date.fromisoformat(checked_on),
            date.fromisoformat(trained_on),
        )
        user_row, token = actions.create_account(session, account=account, box=box, by=by)
        device = _bootstrap_device(session, user_row) if bootstrap else None
    console = Console()
    if token is None:
        console.print(
            f"Account {username} proposed: another administrator approves it with "
            f"`contactpoint users approve {username}`, and is given its enrolment link."
        )
        return
    console.print(f"Enrolment link (one use, 72 hours): {settings.link(f'/enrol/{token}')}")
    if device:
        console.print(
            "The first administrator: once enrolled, register this computer for operator "
            f"sign-in (one use, 72 hours, pre-approved): contactpoint operator register-device "
            f"{device}",
            soft_wrap=True,
        )


def _bootstrap_device(session: Session, user: User) -> str:
    """The first account's device link, pre-approved: there is nobody yet to approve it."""
    return devices.issue_link(
        session, users=[user], label="First administrator", by=SYSTEM, pre_approved=True
    )


@app.command("approve")
def approve(username: str) -> None:
    """Approve an account another administrator proposed, and print its enrolment link."""
    settings = load_settings()
    factory, by = _administrator(settings)
    box = SecretBox(settings.secret("secret_key"))
    try:
        with transaction(factory) as session:
            token = actions.approve_account(session, user=_user(session, username), box=box, by=by)
    except actions.FourEyesError as refused:
        raise OperatorError(str(refused)) from None
    console = Console()
    console.print(f"Enrolment link (one use, 72 hours): {settings.link(f'/enrol/{token}')}")


@app.command("list")
def list_users() -> None:
    """Every account, its roles, status and vetting lapses within 30 days."""
    factory, _by = _administrator(load_settings())
    table = Table("username", "roles", "status", "vetting lapses")
    with factory() as session:
        for user in session.scalars(select(User).order_by(User.username)):
            status = user.status.value + (", locked" if user.locked_at else "")
            lapses = ", ".join(
                f"{lapse.gate} {lapse.expires_on or '-'}" for lapse in lapsing(user, date.today())
            )
            table.add_row(user.username, ", ".join(roles_of(session, user.id)), status, lapses)
    Console().print(table)


@app.command("unlock")
def unlock(username: str) -> None:
    """Unlock an account locked after repeated failed sign-ins."""
    factory, by = _administrator(load_settings())
    with transaction(factory) as session:
        actions.unlock(session, user=_user(session, username), by=by)
    Console().print(f"{username} unlocked.")


@app.command("suspend")
def suspend(username: str) -> None:
    """Suspend an account: its sessions (web and operator) end at once."""
    factory, by = _administrator(load_settings())
    with transaction(factory) as session:
        actions.set_status(
            session, user=_user(session, username), status=AccountStatus.SUSPENDED, by=by
        )
    Console().print(f"{username} suspended; their sessions have ended.")


@app.command("approve-device")
def approve_device(username: str) -> None:
    """Approve every registered device waiting for approval for this account."""
    factory, by = _administrator(load_settings())
    with transaction(factory) as session:
        user = _user(session, username)
        query = select(Device).where(
            Device.user_id == user.id,
            Device.status == DeviceStatus.PENDING,
            Device.credential_digest.is_not(None),
        )
        pending = list(session.scalars(query))
        try:
            for device in pending:
                devices.approve(session, device=device, by=by)
        except devices.SelfApprovalError as refused:
            raise OperatorError(str(refused)) from None
    Console().print(f"Approved {len(pending)} device(s) for {username}.")


@app.command("totp")
def totp(username: str) -> None:
    """Development only: print the account's current security code."""
    settings = load_settings()
    if settings.environment is not Environment.DEVELOPMENT:
        raise OperatorError("`users totp` exists only in the development environment")
    session, box = _open(settings)
    with session:
        secret = box.open(_user(session, username).totp_secret_sealed)
    if not secret:
        raise OperatorError(f"{username} has not registered a security token")
    Console().print(current_totp(secret))


def print_demo_logins(settings: Settings, console: Console) -> None:
    """The demo's accounts: created on first run, reused after; printed with how to sign in."""
    from contactpoint.practitioners.demo_accounts import (
        DEMO_PASSWORD,
        DEMO_PIN,
        ensure_demo_accounts,
    )

    if settings.environment is Environment.PRODUCTION:
        raise OperatorError("demo accounts are never created in production")
    box = SecretBox(settings.secret("secret_key"))
    with transaction(make_sessionmaker(open_database(settings))) as session:
        logins, token = ensure_demo_accounts(session, box=box, today=date.today())
    # Plain lines, not a table: secrets must be copyable whole at any terminal width.
    console.print(f"Demo accounts: password {DEMO_PASSWORD!r}, PIN {DEMO_PIN}")
    for login in logins:
        console.print(
            f"  {login.username:<36} role {login.role.value:<30} TOTP secret {login.totp_secret}",
            soft_wrap=True,
        )
    console.print(
        "Security code: use any TOTP app with the secret, "
        "or run `contactpoint users totp <username>`.",
        soft_wrap=True,
    )
    console.print(
        "First, open this link once in your browser to approve it (valid 7 days): "
        f"{base_url(settings)}/devices/register/{token}",
        soft_wrap=True,
    )
