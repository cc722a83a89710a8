"""Operators for CLI tests: a real account with a live operator session, and ways to run
`contactpoint …` as it (in this process, or as a subprocess through the real entry point)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner, Result

from contactpoint.authz.roles import Role
from contactpoint.cli import app
from contactpoint.cli.common import close_databases
from contactpoint.config import Settings
from contactpoint.practitioners import sessions as user_sessions
from contactpoint.practitioners.models import User
from tests.integration.practitioners.factories import Account, make_account, make_organisation


@dataclass(frozen=True)
class Operator:
    account: Account
    token: str  # the operator session's token, as `operator sign-in --print-token` gives it

    @property
    def user_id(self) -> int:
        return self.account.user_id


def make_operator(
    sessions: sessionmaker[Session],
    settings: Settings,
    *,
    role: Role = Role.NATIONAL_ADMINISTRATOR,
    la_name: str | None = None,
) -> Operator:
    """An active, vetted account holding `role`, already signed in at the command line."""
    with sessions.begin() as session:
        organisation = make_organisation(session, la_name=la_name)
        account = make_account(session, settings, organisation=organisation, roles=(role,))
        user = session.get_one(User, account.user_id)
        token = user_sessions.start(session, user=user, role=role, device_id=None)
    return Operator(account, token)


def cli_environment(settings: Settings, operator: Operator | None = None) -> dict[str, str]:
    environment = {
        "CONTACTPOINT_DATABASE_URL": settings.database_url or "",
        "CONTACTPOINT_DATA_DIR": str(settings.data_dir),
        "CONTACTPOINT_ENVIRONMENT": "test",
        "CONTACTPOINT_OPERATOR_DIR": str(settings.data_dir / "operator"),
        "COLUMNS": "200",
    }
    if operator is not None:
        environment["CONTACTPOINT_OPERATOR_SESSION"] = operator.token
    return environment


def invoke(
    settings: Settings, operator: Operator | None, *args: str, input: str | None = None
) -> Result:
    """`contactpoint ARGS` in this process (fast; exceptions are left on the result)."""
    environment = cli_environment(settings, operator)
    if operator is None:
        environment["CONTACTPOINT_OPERATOR_SESSION"] = ""
    try:
        return CliRunner().invoke(app, list(args), env=environment, input=input)
    finally:
        close_databases()


def run(
    settings: Settings, operator: Operator | None, *args: str, **extra: str
) -> subprocess.CompletedProcess[str]:
    """`contactpoint ARGS` through the real entry point, as an operator's shell would."""
    environment = {**os.environ, **cli_environment(settings, operator)}
    if operator is None:
        environment.pop("CONTACTPOINT_OPERATOR_SESSION", None)
    environment |= extra
    return subprocess.run(
        [sys.executable, "-m", "contactpoint", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
        check=False,
    )


def one_line_refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o600)
