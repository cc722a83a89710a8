"""`contactpoint users …`: account administration for operators (the web pages are for LA
and partner administrators). Every change is audited as the system actor."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.writer import SYSTEM
from contactpoint.authz.roles import Role
from contactpoint.cli.common import OperatorError, load_settings, open_database
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
    """Create an account and print its one-time enrolment link."""
    settings = load_settings()
    session, box = _open(settings)
    with session, session.begin():
        if user_by_username(session, username):
            raise OperatorError(f"username {username!r} is taken")
        account = actions.NewAccount(
            username,
            name,
            organisation_id,
            tuple(role),
            None,
            date.fromisoformat(checked_on),
            date.fromisoformat(trained_on),
        )
        _user_row, token = actions.create_account(session, account=account, box=box, by=SYSTEM)
    Console().print(f"Enrolment link (one use, 72 hours): {base_url(settings)}/enrol/{token}")


@app.command("list")
def list_users() -> None:
    """Every account, its roles, status and vetting lapses within 30 days."""
    session, _box = _open(load_settings())
    table = Table("username", "roles", "status", "vetting lapses")
    with session:
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
    session, _box = _open(load_settings())
    with session, session.begin():
        actions.unlock(session, user=_user(session, username), by=SYSTEM)
    Console().print(f"{username} unlocked.")


@app.command("suspend")
def suspend(username: str) -> None:
    """Suspend an account: its sessions end at once."""
    session, _box = _open(load_settings())
    with session, session.begin():
        actions.set_status(
            session, user=_user(session, username), status=AccountStatus.SUSPENDED, by=SYSTEM
        )
    Console().print(f"{username} suspended; their sessions have ended.")


@app.command("approve-device")
def approve_device(username: str) -> None:
    """Approve every registered device waiting for approval for this account."""
    session, _box = _open(load_settings())
    with session, session.begin():
        user = _user(session, username)
        query = select(Device).where(
            Device.user_id == user.id,
            Device.status == DeviceStatus.PENDING,
            Device.credential_digest.is_not(None),
        )
        pending = list(session.scalars(query))
        for device in pending:
            devices.approve(session, device=device, by=SYSTEM)
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
