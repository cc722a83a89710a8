"""No command prints a child's details without an audit event about that child.

Every command of `contactpoint` runs, as a signed-in operator, against a population whose
children carry canary names; wherever a child's name, date of birth or ContactPoint ID
reaches the output (or a report file), that child must be the `child_ref` of an event the
command wrote. A new command without an entry here fails `test_every_command_is_swept`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.core import TyperGroup
from typer.main import get_command

from contactpoint.audit.models import AuditEvent
from contactpoint.authz.roles import Role
from contactpoint.children.models import Child, SourceType
from contactpoint.cli import app
from contactpoint.config import Settings
from tests.integration.cli.conftest import Pair
from tests.integration.cli.support import Operator, invoke, make_operator
from tests.integration.feeds.support import census_row, upn, write_feed


@dataclass(frozen=True)
class World:
    pair: Pair
    admin: Operator
    auditor: Operator
    other: Operator  # an account for the account commands to act on
    folder: Path


Args = Callable[[World], list[str]]
# Not run here, with the reason. Everything else runs, in this order.
NOT_RUN = {
    ("serve",): "serves the web app, whose pages tests/integration/test_no_leaks.py sweeps",
    ("demo",): "development only; prints accounts, never children (tests/integration/test_demo.py)",
    ("audit", "witness"): "serves the witness's receipts (digests only): tests/integration/audit",
}
ADMIN, AUDITOR = "admin", "auditor"
SWEEP: list[tuple[tuple[str, ...], str, Args]] = [
    (("db", "upgrade"), ADMIN, lambda w: []),
    (("operator", "status"), ADMIN, lambda w: []),
    (("operator", "register-device"), ADMIN, lambda w: ["not-a-link"]),
    (("operator", "sign-in"), ADMIN, lambda w: [w.admin.account.username]),
    (("generate",), ADMIN, lambda w: ["--children", "5", "--feeds", str(w.folder / "gen")]),
    (("ingest",), ADMIN, lambda w: ["--source", "pupil_census", str(_canary_feed(w.folder))]),
    (("matching", "train"), ADMIN, lambda w: [str(_canary_feed(w.folder))]),
    (("matching", "review"), ADMIN, lambda w: []),
    (("matching", "show"), ADMIN, lambda w: [str(w.pair.decision_id)]),
    (("matching", "quality"), ADMIN, lambda w: []),
    (("matching", "decide"), ADMIN, lambda w: [str(w.pair.decision_id), "link"]),
    (("matching", "unmerge"), ADMIN, lambda w: ["1"]),
    (("matching", "rebuild-keys"), ADMIN, lambda w: []),
    (("search", "reindex"), ADMIN, lambda w: []),
    (("audit", "checkpoint"), ADMIN, lambda w: []),
    (("audit", "verify"), ADMIN, lambda w: []),
    (("audit", "monitor"), ADMIN, lambda w: []),
    (("audit", "public-key"), ADMIN, lambda w: ["--output", str(w.folder / "verify.pem")]),
    (("audit", "report"), AUDITOR, lambda w: ["--output", str(w.folder / "report.csv")]),
    (("users", "list"), ADMIN, lambda w: []),
    (("users", "create"), ADMIN, lambda w: [*_new_account(w), "--role", "practitioner"]),
    (("users", "approve"), ADMIN, lambda w: ["swept"]),
    (("users", "unlock"), ADMIN, lambda w: [w.other.account.username]),
    (("users", "approve-device"), ADMIN, lambda w: [w.other.account.username]),
    (("users", "totp"), ADMIN, lambda w: [w.other.account.username]),
    (("users", "suspend"), ADMIN, lambda w: [w.other.account.username]),
    (("operator", "sign-out"), ADMIN, lambda w: []),
]


def _canary_feed(folder: Path) -> Path:
    rows = [
        census_row(upn(9), given_names="Peregrine", family_name="Wolstenholme"),
        census_row(upn(10), given_names="Peregrine", family_name="Wolstenholme", postcode="x"),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    return write_feed(folder / "pupil_census.csv", SourceType.PUPIL_CENSUS, rows)


def _new_account(world: World) -> list[str]:
    organisation = str(world.other.account.organisation_id)
    dates = ["--checked-on", "2026-01-01", "--trained-on", "2026-01-01"]
    return ["swept", "--name", "Swept Person", "--organisation-id", organisation, *dates]


def _paths(group: TyperGroup, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for name, command in group.commands.items():
        path = (*prefix, name)
        found |= _paths(command, path) if isinstance(command, TyperGroup) else {path}
    return found


def test_every_command_is_swept() -> None:
    command = get_command(app)
    assert isinstance(command, TyperGroup)
    assert _paths(command) == {path for path, *_ in SWEEP} | set(NOT_RUN)


def _tokens(session: Session) -> dict[str, set[int]]:
    """Each child's identifying strings, and which children they identify."""
    tokens: dict[str, set[int]] = {}
    for child in session.scalars(select(Child)):
        for token in (
            child.family_name,
            child.given_names,
            child.cp_id,
            child.date_of_birth.isoformat(),
        ):
            tokens.setdefault(token, set()).add(child.id)
    return tokens


def _audited_children(session: Session, after: int) -> set[int]:
    query = select(AuditEvent.child_ref).where(AuditEvent.id > after)
    return {ref for ref in session.scalars(query) if ref is not None}


def test_no_command_shows_a_child_without_an_audit_event_about_them(
    ready: sessionmaker[Session], settings: Settings, pair: Pair, national_admin: Operator
) -> None:
    world = World(
        pair,
        national_admin,
        make_operator(ready, settings, role=Role.AUDITOR),
        make_operator(ready, settings, role=Role.PRACTITIONER),
        settings.data_dir / "swept",
    )
    unaudited, shown_somewhere = [], False
    for path, who, args in SWEEP:
        with ready() as session:
            before = session.scalar(select(func.max(AuditEvent.id))) or 0
            known = _tokens(session)
        operator = world.auditor if who == AUDITOR else world.admin
        result = invoke(settings, operator, *path, *args(world), input="x\nx\nx\n")
        printed = result.output + str(result.exception or "")
        report = world.folder / "report.csv"
        printed += report.read_text() if path == ("audit", "report") and report.exists() else ""
        with ready() as session:
            known |= _tokens(session)
            audited = _audited_children(session, before)
        for token, children in known.items():
            if token in printed:
                shown_somewhere = True
                if not children & audited:
                    unaudited.append(f"{' '.join(path)} printed {token!r} unaudited")
    assert not unaudited
    assert shown_somewhere  # the sweep can fail: `matching show` does print the pair
