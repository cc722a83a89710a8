"""Operators at the command line act as their own accounts (docs/adr/0008).

`sign_in` is the web's sign-in (`signin.sign_in`): the same four factors, throttling,
lockout, single-use codes, vetting gates, an approved device and audit rows. The session it
starts is an ordinary server-side session, so the web's idle and absolute expiry apply and
a suspended or closed account's session ends at once. The command line keeps only the
session's token (a 0600 file or an environment variable) and resolves it on every command.
"""

from __future__ import annotations

import getpass
import os
import socket
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from contactpoint.audit.writer import RequestMeta, record
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.authz.roles import Role
from contactpoint.practitioners import devices, sessions, signin
from contactpoint.practitioners.credentials import SecretBox, digest, new_token
from contactpoint.practitioners.events import RoleChosen, SignedOut

REFUSED = {
    "locked": "the account is locked after repeated failed sign-ins; ask an administrator",
    "suspended": "the account is suspended",
    "closed": "the account is closed",
    "not_enrolled": "the account has not finished enrolment",
    "criminal_records_check_lapsed": "the enhanced criminal-records check has lapsed",
    "training_lapsed": "the training has lapsed",
    "agreement_lapsed": "the end-user agreement must be accepted again (on the web)",
    "device_not_approved": "this computer is not an approved device for the account",
}
ENDED = {
    "idle": "15 minutes without a command",
    "absolute": "12 hours after sign-in",
    "account_disabled": "the account is no longer active",
}
SIGN_IN_AGAIN = "run `contactpoint operator sign-in USERNAME`"


class OperatorRefusedError(Exception):
    """Why this operator may not go on, in one line (the CLI shows it as it is)."""


@dataclass(frozen=True)
class SignedIn:
    token: str
    principal: Principal


def cli_meta() -> RequestMeta:
    """The audit trail's 'address' for the command line: the host and the OS account."""
    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):
        os_user = str(os.getuid())
    host = socket.gethostname()
    return RequestMeta(
        ip_address=f"cli:{host}"[:45], user_agent=f"contactpoint-cli {os_user}"[:200]
    )


def sign_in(
    session: Session,
    *,
    factors: signin.Factors,
    device_tokens: list[str],
    role: Role | None,
    box: SecretBox,
    now: datetime,
) -> SignedIn | OperatorRefusedError:
    """Sign in as the web does. A refusal is returned, not raised: its rows must be kept."""
    meta = cli_meta()
    presented = [digest(token) for token in device_tokens]
    result = signin.sign_in(
        session, factors=factors, devices=presented, box=box, meta=meta, now=now
    )
    if result.outcome is signin.Outcome.THROTTLED:
        return OperatorRefusedError("too many failed sign-ins from this computer: try again later")
    if result.outcome is signin.Outcome.REFUSED:
        return OperatorRefusedError(
            f"sign-in refused: {REFUSED.get(result.reason or '', 'refused')}"
        )
    if result.session_token is None:
        return OperatorRefusedError("the username, password, PIN or security code is wrong")
    principal = resolve(session, result.session_token, now=now)
    return _with_role(session, result.session_token, principal, role, meta)


def _with_role(
    session: Session, token: str, principal: Principal, role: Role | None, meta: RequestMeta
) -> SignedIn | OperatorRefusedError:
    held = ", ".join(principal.roles_held)
    if principal.role is not None and role in (None, principal.role):
        return SignedIn(token, principal)
    if role is None or role not in principal.roles_held:
        sessions.end(session, token)
        asked = "choose one with --role" if role is None else f"you do not hold {role.value}"
        return OperatorRefusedError(f"you hold the roles {held}: {asked}")
    sessions.choose_role(session, session_id=principal.session_id, role=role)
    chosen = Principal(**{**principal.__dict__, "role": role})
    record(
        session,
        "practitioners:session:role_chosen",
        RoleChosen(role=role.value),
        by=chosen.actor(),
        meta=meta,
    )
    return SignedIn(token, chosen)


def resolve(session: Session, token: str, *, now: datetime) -> Principal:
    """The operator a session token stands for; an ended session is recorded and refused.

    The caller commits before acting on a refusal, so the session's end is kept."""
    resolved = sessions.resolve(session, token, now=now, meta=cli_meta())
    if resolved.principal is not None:
        return resolved.principal
    if resolved.expired is None:
        raise OperatorRefusedError(
            "no operator session with that token (signed out, or the account was suspended "
            f"or closed): {SIGN_IN_AGAIN}"
        )
    ended = ENDED[resolved.expired]
    raise OperatorRefusedError(f"your operator session has ended ({ended}): {SIGN_IN_AGAIN}")


def check(principal: Principal, permission: Permission) -> Principal:
    if not principal.can(permission):
        role = principal.role.value if principal.role else "no role"
        raise OperatorRefusedError(
            f"{principal.username} ({role}) may not do this: it needs {permission.value}"
        )
    return principal


def sign_out(session: Session, token: str, *, now: datetime) -> None:
    principal = resolve(session, token, now=now)
    sessions.end(session, token)
    by, meta = principal.actor(), cli_meta()
    record(session, "practitioners:session:signed_out", SignedOut(), by=by, meta=meta)


def register_device(session: Session, *, link: str, now: datetime) -> str:
    """Bind a one-time device link to a new credential for this computer; returns it."""
    credential = new_token()
    token = link.strip().rstrip("/").rsplit("/", 1)[-1]
    if not devices.register_from_link(
        session, token=token, credential=credential, now=now, meta=cli_meta()
    ):
        raise OperatorRefusedError(
            "that device link is unknown, spent or expired: ask for a new one"
        )
    return credential
