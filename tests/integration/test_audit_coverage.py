"""Every sight of child data on the web writes an audit event naming the child (issue 11).

A population with recognisable synthetic canaries (names, dates of birth, ContactPoint IDs,
addresses, a carer, a practitioner) is put in the database. Then, signed in as each role, the
test walks every GET route the app has, and posts an empty form to every POST route (the
error pages a form sends back show data too), filling path parameters from real grants and
ids. For each response that shows a child's canary, an audit event naming that child (its
`child_ref`, or a declared `child_refs` list) must have been committed by that very request.

Routes are enumerated from the app, so a route added later without its audit row fails here.
The only pages allowed to show a child without naming them in an event are the search (it
writes "access:child:searched") and the reason and override forms reached from its result
link; they may show no more than the search result row does (see GATEWAYS).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

import pytest
from argon2 import PasswordHasher
from fastapi import Depends, FastAPI, Request
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.access.grants import resolve_grant
from contactpoint.audit.models import AuditEvent
from contactpoint.authz.dependencies import require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.roles import ROLES, Role
from contactpoint.children import ids
from contactpoint.children.models import Child
from contactpoint.config import Settings
from contactpoint.organisations.models import LocalAuthority, Organisation, OrganisationKind
from contactpoint.web.app import create_app
from contactpoint.web.sessions import db_session
from tests.integration.access.factories import (
    add_carer,
    add_child,
    give_reason,
    involve,
    local_authority,
    organisation,
    result_tokens,
    signed_in,
    user,
)
from tests.integration.matching.pages import pair_of
from tests.integration.practitioners import factories as practitioner_factories
from tests.integration.practitioners.factories import Account, csrf_token
from tests.integration.shielding.support import open_broker_request, pending_shield_request

UNLIMITED = 100_000
# Posting these would sign the walker out or in again; they show no child.
NOT_POSTED = {"/sign-in", "/sign-out", "/sign-in/role"}
# Pages that may show what a search result row shows (kinds of canary) with no event naming
# the child: the search itself (it must write "access:child:searched"), and the two forms
# reached from a result's link, which show only the name.
SEARCH = ("POST", "/search")
GATEWAYS = {
    SEARCH: {"name", "dob"},
    ("GET", "/children/{token}/reason"): {"name"},
    ("POST", "/children/{token}/reason"): {"name"},
    ("GET", "/children/{token}/override"): {"name"},
    ("POST", "/children/{token}/override"): {"name"},
}


@dataclass(frozen=True)
class Canary:
    child: str  # which child it belongs to
    kind: str  # name, dob, cp_id, address, carer, practitioner
    text: str


@dataclass
class Population:
    child_ids: dict[str, int] = field(default_factory=dict)
    canaries: list[Canary] = field(default_factory=list)
    accounts: dict[Role, Account] = field(default_factory=dict)
    values: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Sight:
    """A response that showed a child without an audit event naming them."""

    role: Role
    method: str
    path: str
    status: int
    child: str
    kinds: tuple[str, ...]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No limit gets in the walk's way (limits are tested in access/test_limits.py)."""
    limits = ("searches_per_minute", "searches_per_day", "views_per_minute", "views_per_day")
    return settings.model_copy(update=dict.fromkeys(limits, UNLIMITED))


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nine accounts sign in: argon2 at its lowest cost for their secrets, so the walk is
    about pages, not hashing (sign-in itself is tested in practitioners/)."""
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(practitioner_factories, "hash_secret", quick.hash)


@pytest.fixture
def app(settings: Settings, sessions: sessionmaker[Session]) -> Iterator[FastAPI]:
    app = create_app(settings)
    yield app
    app.state.engine.dispose()


def _child(
    session: Session,
    people: Population,
    key: str,
    name: tuple[str, str],
    born: date,
    *,
    la: LocalAuthority,
    line1: str,
    postcode: str,
) -> Child:
    given, family = name
    child = add_child(
        session, given, family, la=la, born=born, line1=line1, postcode=postcode,
        town="Wexcombe", shielded=key == "shielded",
    )  # fmt: skip
    people.child_ids[key] = child.id
    found = [("name", given), ("name", family), ("cp_id", child.cp_id)]
    found += [("cp_id", ids.display(child.cp_id)), ("dob", born.isoformat())]
    found += [("dob", f"{born.day} {born:%B %Y}"), ("dob", f"{born:%d/%m/%Y}")]
    found += [("address", line1), ("address", postcode)]
    people.canaries += [Canary(key, kind, text) for kind, text in found]
    return child


def _populate(session: Session, settings: Settings) -> Population:
    people = Population()
    la = local_authority(session, "Canarshire")
    open_child = _child(
        session, people, "open", ("Ysolde", "Quarrendon"), date(2013, 5, 17), la=la,
        line1="12 Canaryvale Road", postcode="QZ3 8WX",
    )  # fmt: skip
    shielded = _child(
        session, people, "shielded", ("Zephyrine", "Brackwater"), date(2012, 11, 24), la=la,
        line1="3 Hiddenmere Close", postcode="QZ5 1XY",
    )  # fmt: skip
    incoming = _child(
        session, people, "incoming", ("Yseult", "Quarrington"), date(2013, 5, 18), la=la,
        line1="14 Canaryvale Road", postcode="QZ3 8WY",
    )  # fmt: skip
    add_carer(session, open_child, "Hesper", "Vollmerhaus", phone="0190 555 1201",
              email="hesper@canary.invalid")  # fmt: skip
    people.canaries += [Canary("open", "carer", "Vollmerhaus")]
    school = organisation(session, la, OrganisationKind.SCHOOL, "Larkspur Academy")
    involve(session, open_child, school, "Thaddeus Wrenfield", lead=True)
    involve(session, shielded, school, "Imogen Starling")
    people.canaries += [Canary("open", "practitioner", "Thaddeus Wrenfield")]
    people.canaries += [Canary("shielded", "practitioner", "Imogen Starling")]
    for role in Role:
        reach = ROLES[role].reach.value
        kind = {
            "national": OrganisationKind.NATIONAL_PARTNER,
            "local_authority": OrganisationKind.LA_CONTACTPOINT_TEAM,
        }.get(reach, OrganisationKind.NATIONAL_PARTNER)
        if Permission.INVOLVEMENT_RECORD in ROLES[role].permissions:
            kind = OrganisationKind.SCHOOL
        people.accounts[role] = user(
            session, settings, la=la if reach != "national" else None, role=role, kind=kind
        )
    own = [
        involve(session, child, session.get_one(Organisation, account.organisation_id))
        for account in (people.accounts[Role.PRACTITIONER],)
        for child in (open_child, shielded)
    ]
    asker = people.accounts[Role.PRACTITIONER].user_id
    requests = [
        pending_shield_request(session, open_child, by_user_id=asker),
        open_broker_request(session, shielded, by_user_id=asker),
    ]
    decision = pair_of(session, incoming, open_child)
    people.values = {
        "request_id": [str(number) for number in requests],
        "involvement_id": [str(involvement.id) for involvement in own],
        "decision_id": [str(decision)],
        "user_id": [str(people.accounts[Role.PRACTITIONER].user_id)],
    }
    return people


def _tokens(client: TestClient, people: Population, role: Role) -> list[str]:
    """Grants as the role would get them: a search for each child (and the officers' queue),
    each given a reason."""
    permissions = ROLES[role].permissions
    tokens: list[str] = []
    if Permission.CHILD_SEARCH in permissions:
        on_behalf = {}
        if Permission.MEDIATED_SEARCH in permissions:
            on_behalf = {"on_behalf_of": people.accounts[Role.PRACTITIONER].username}
        for family, born in (("Quarrendon", "2013-05-17"), ("Brackwater", "2012-11-24")):
            year, month, day = born.split("-")
            form = {"family_name": family, "dob_day": day, "dob_month": month, "dob_year": year}
            form |= {"csrf_token": csrf_token(client, "/search"), **on_behalf}
            tokens += result_tokens(client.post("/search", data=form).text)
    if Permission.SHIELD_DECIDE in permissions:
        tokens += re.findall(
            r'href="/la/shielding/reviews/([^"]+)"', client.get("/la/shielding").text
        )
    for token in tokens:
        give_reason(client, token, reason="referral")
    return tokens


def _fill(path: str, values: dict[str, list[str]]) -> list[str]:
    paths = [path]
    for name in re.findall(r"{(\w+)(?::\w+)?}", path):
        options = values.get(name) or ["1"]
        paths = [
            re.sub(rf"{{{name}(?::\w+)?}}", option, filled, count=1)
            for filled in paths
            for option in options
        ]
    return paths


def _routes(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            found += [(method, str(context.path)) for method in sorted(context.methods or [])]
    return found


def _last_event(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.max(AuditEvent.id))) or 0


def _named(sessions: sessionmaker[Session], after: int) -> tuple[set[int], set[str]]:
    """The children named by events committed since `after`, and those events' types."""
    with sessions() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.id > after)).all()
    named = {event.child_ref for event in events if event.child_ref is not None}
    for event in events:
        named.update(event.details.get("child_refs", []))
    return named, {event.event_type for event in events}


def walk(
    app: FastAPI,
    sessions: sessionmaker[Session],
    people: Population,
    role: Role,
    *,
    under: str = "/",
) -> tuple[list[Sight], int]:
    """Every route (under `under`) as `role`: the unaudited sights, and how many responses
    showed a child."""
    unaudited: list[Sight] = []
    shown = 0
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        signed_in(client, people.accounts[role])
        values = people.values | {"token": _tokens(client, people, role)}
        posted = {"csrf_token": csrf_token(client, "/sign-in")}
        for method, route in sorted(_routes(app), key=lambda found: found[0] != "GET"):
            if method not in {"GET", "POST"} or (method == "POST" and route in NOT_POSTED):
                continue
            if not route.startswith(under):
                continue
            for path in _fill(route, values):
                before = _last_event(sessions)
                if method == "GET":
                    response = client.get(path, follow_redirects=False)
                else:
                    response = client.post(path, data=posted, follow_redirects=False)
                named, types = _named(sessions, before)
                for key, kinds in _seen(people, response.text).items():
                    shown += 1
                    allowed = GATEWAYS.get((method, route), set())
                    if (method, route) == SEARCH:
                        assert "access:child:searched" in types, "results without their event"
                    if kinds - allowed and people.child_ids[key] not in named:
                        status, shows = response.status_code, tuple(sorted(kinds))
                        unaudited.append(Sight(role, method, route, status, key, shows))
    return unaudited, shown


def _seen(people: Population, text: str) -> dict[str, set[str]]:
    """Each child whose canaries the text holds, with the kinds found."""
    found: dict[str, set[str]] = {}
    lowered = text.lower()
    for canary in people.canaries:
        if canary.text.lower() in lowered:
            found.setdefault(canary.child, set()).add(canary.kind)
    return found


def test_every_page_that_shows_a_child_commits_an_event_naming_them(
    app: FastAPI, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        people = _populate(session, settings)
    unaudited, shown = [], {}
    for role in Role:
        found, shown[role] = walk(app, sessions, people, role)
        unaudited += found
    assert shown[Role.PRACTITIONER] > 10, "the walk reached the children's pages"
    assert shown[Role.LA_MANAGER] > 10, "and the LA team's pages"
    assert shown[Role.SHIELDING_OFFICER] > 3, "and the shielding officers' pages"
    assert shown[Role.NATIONAL_ADMINISTRATOR] > 0, "and the national matching review"
    assert unaudited == [], "\n".join(map(str, unaudited))


def test_the_walk_notices_a_page_that_shows_a_child_without_an_event(
    app: FastAPI, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        people = _populate(session, settings)

    @app.get("/children/{token}/peek", dependencies=[Depends(require(Permission.CHILD_VIEW))])
    def peek(token: str, request: Request, db: Annotated[Session, Depends(db_session)]) -> str:
        child_id = resolve_grant(db, principal=request.state.principal, token=token)
        child = db.get_one(Child, child_id)
        return f"{child.given_names} {child.family_name}, born {child.date_of_birth}"

    unaudited, shown = walk(app, sessions, people, Role.PRACTITIONER, under="/children/")
    assert shown > 10
    assert {(sight.method, sight.path) for sight in unaudited} == {
        ("GET", "/children/{token}/peek")
    }
