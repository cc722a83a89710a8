"""`contactpoint operator …`: who you are at the command line (docs/adr/0008).

Sign in once with your own account's four factors from a registered computer; the session's
token is kept in a 0600 file (or passed in CONTACTPOINT_OPERATOR_SESSION), and every command
that reads child data or changes anything resolves it with `acting_as` before it starts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.authz.roles import Role
from contactpoint.cli.common import OperatorError, load_settings, open_database
from contactpoint.db import make_sessionmaker, transaction
from contactpoint.practitioners import operator
from contactpoint.practitioners.credentials import SecretBox
from contactpoint.practitioners.operator import OperatorRefusedError
from contactpoint.practitioners.signin import Factors
from contactpoint.types import utcnow

SESSION_VARIABLE = "CONTACTPOINT_OPERATOR_SESSION"
DIRECTORY_VARIABLE = "CONTACTPOINT_OPERATOR_DIR"
MAX_DEVICE_TOKENS = 8  # one per account that signs in from this OS account
FACTORS = ("Password", "PIN", "Security code")  # prompted, never options: no secret in `ps`

app = typer.Typer(
    help="Sign in as your own account; every other command acts as it.", no_args_is_help=True
)


def operator_dir() -> Path:
    """Where this OS account keeps its device credentials and session token."""
    return Path(os.environ.get(DIRECTORY_VARIABLE) or Path.home() / ".config" / "contactpoint")


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text + "\n")


def _read_private(path: Path) -> str:
    if not path.is_file():
        return ""
    if path.stat().st_mode & 0o077:
        raise OperatorError(f"{path} may be read by others: remove it, or `chmod 600` it")
    return path.read_text().strip()


def _device_tokens() -> list[str]:
    return _read_private(operator_dir() / "device").split()[:MAX_DEVICE_TOKENS]


def _session_token() -> str:
    token = os.environ.get(SESSION_VARIABLE) or _read_private(operator_dir() / "session")
    if not token:
        raise OperatorError(f"not signed in as an operator: {operator.SIGN_IN_AGAIN}")
    return token


def sessions_for_cli() -> sessionmaker[Session]:
    return make_sessionmaker(open_database(load_settings()))


def signed_in(factory: sessionmaker[Session]) -> Principal:
    """The operator this command acts as; an ended session is recorded before refusing."""
    token, refused = _session_token(), None
    with transaction(factory) as session:
        try:
            principal = operator.resolve(session, token, now=utcnow())
        except OperatorRefusedError as problem:
            refused = problem
    if refused is not None:
        raise OperatorError(str(refused))
    return principal


def require(principal: Principal, permission: Permission) -> Principal:
    try:
        return operator.check(principal, permission)
    except OperatorRefusedError as refused:
        raise OperatorError(str(refused)) from None


def acting_as(factory: sessionmaker[Session], permission: Permission) -> Principal:
    """The signed-in operator, if their role holds `permission`; otherwise one line, and stop."""
    return require(signed_in(factory), permission)


@app.command("sign-in")
def sign_in(
    username: str,
    role: Annotated[
        Role | None, typer.Option(help="The role to act in, if you hold several.")
    ] = None,
    print_token: Annotated[
        bool,
        typer.Option(
            help=f"Print the session token (for {SESSION_VARIABLE}) instead of keeping it."
        ),
    ] = False,
) -> None:
    """Sign in with your password, PIN and security code from a registered computer."""
    settings = load_settings()
    factory = make_sessionmaker(open_database(settings))
    devices = _device_tokens()
    if not devices:
        raise OperatorError(
            "this computer is not registered as a device: ask your administrator for a device "
            "link, then run `contactpoint operator register-device LINK`"
        )
    password, pin, code = (typer.prompt(asked, hide_input=True, err=True) for asked in FACTORS)
    factors = Factors(username, password, pin, code)
    with transaction(factory) as session:
        outcome = operator.sign_in(
            session,
            factors=factors,
            device_tokens=devices,
            role=role,
            box=SecretBox(settings.secret("secret_key")),
            now=utcnow(),
        )
    if isinstance(outcome, OperatorRefusedError):
        raise OperatorError(str(outcome))
    if print_token:
        print(outcome.token)
        return
    _write_private(operator_dir() / "session", outcome.token)
    acting = outcome.principal.role.value if outcome.principal.role else "-"
    Console(stderr=True).print(
        f"Signed in as {username} ({acting}). The session ends after 15 minutes without a "
        "command, 12 hours after sign-in, or at `contactpoint operator sign-out`."
    )


@app.command("sign-out")
def sign_out() -> None:
    """End this operator session."""
    token, factory = _session_token(), sessions_for_cli()
    try:
        with transaction(factory) as session:
            operator.sign_out(session, token, now=utcnow())
    except OperatorRefusedError:
        pass  # already ended: forgetting the token is all that is left
    (operator_dir() / "session").unlink(missing_ok=True)
    Console(stderr=True).print("Signed out.")


@app.command("status")
def status() -> None:
    """Who this command line acts as, and in which role."""
    principal = signed_in(sessions_for_cli())
    role = principal.role.value if principal.role else "-"
    Console().print(f"Signed in as {principal.username} ({role}).")


@app.command("register-device")
def register_device(
    link: Annotated[str, typer.Argument(help="The one-time device link (or its token).")],
) -> None:
    """Register this computer with a device link; it needs approval unless the link said so."""
    with transaction(sessions_for_cli()) as session:
        try:
            credential = operator.register_device(session, link=link, now=utcnow())
        except OperatorRefusedError as refused:
            raise OperatorError(str(refused)) from None
    kept = _device_tokens()
    _write_private(operator_dir() / "device", "\n".join([credential, *kept][:MAX_DEVICE_TOKENS]))
    Console(stderr=True).print(f"This computer is registered ({operator_dir() / 'device'}).")
