"""Every form in the app, sent generated submissions: whatever is typed, never a 5xx.

The forms are the app's own POST routes, found as FastAPI sees them. Each is posted by a
client signed in with a role that may use it, with the CSRF token, so the submission gets
past the middleware to the handler; path parameters are real ones (a child's view grant,
an involvement, a pending request, an alert, a user) or generated text. Field names come
from the pages themselves, and values are arbitrary text: huge, non-ASCII, control
characters, numbers out of range, missing and repeated fields, bytes that are not UTF-8.

CONTACTPOINT_FUZZ_EXAMPLES sets the submissions per form: 150 by default, so the test stays
near a minute and a half on two cores; run it with 1000 for a deep pass.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote, urlencode

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.audit.writer import Actor
from contactpoint.authz.dependencies import declared_permission
from contactpoint.authz.permissions import Permission
from contactpoint.authz.roles import ROLES, Role
from contactpoint.config import Settings
from contactpoint.db import transaction
from contactpoint.organisations.models import OrganisationKind
from contactpoint.web.app import create_app
from tests.integration.access.factories import (
    add_carer,
    add_child,
    give_reason,
    involve,
    local_authority,
    organisation,
    result_tokens,
    search,
    signed_in,
)
from tests.integration.audit.pages import _override
from tests.integration.practitioners.factories import Account, csrf_token, make_account
from tests.integration.shielding.support import DOB, open_broker_request, pending_shield_request

EXAMPLES = int(os.environ.get("CONTACTPOINT_FUZZ_EXAMPLES", "150"))
# Slow by design, so fewer: each sign-in checks password and PIN hashes (about a second),
# and each report download streams the whole trail in scope.
SLOW = {"/sign-in": 15, "/audit/reports/download": 15}
PUBLIC = {"/sign-in", "/sign-out", "/enrol/{token}", "/devices/register/{token}"}
FORM = {"content-type": "application/x-www-form-urlencoded"}
PARAM = re.compile(r"{([a-z_]+)}")


@dataclass
class Target:
    path: str  # the route template, e.g. /children/{token}/reason
    role: Role | None  # None: posted signed out


@dataclass
class World:
    """What the forms act on, and a signed-in client per role."""

    clients: dict[Role | None, TestClient] = field(default_factory=dict)
    tokens: dict[Role | None, str] = field(default_factory=dict)  # CSRF token per client
    params: dict[str, list[str]] = field(default_factory=dict)  # path parameter -> real values
    grants: dict[Role | None, list[str]] = field(default_factory=dict)  # view grants, per client
    names: set[str] = field(default_factory=set)  # every field name the pages render
    values: set[str] = field(default_factory=set)  # every option value they offer
    forms: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # action -> fields


def _permission(route: APIRoute) -> Permission | None:
    def walk(dependant: object) -> Iterator[Permission]:
        for dependency in getattr(dependant, "dependencies", []):
            found = declared_permission(dependency.call)
            if isinstance(found, Permission):
                yield found
            yield from walk(dependency)

    return next(walk(route.dependant), None)


def _role_for(permission: Permission | None) -> Role | None:
    if permission is None or permission is Permission.PUBLIC_PAGE_VIEW:
        return None
    return next(role for role, definition in ROLES.items() if permission in definition.permissions)


def post_routes(app: FastAPI) -> list[Target]:
    targets = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and "POST" in (context.methods or set()):
            role = None if context.path in PUBLIC else _role_for(_permission(route))
            targets.append(Target(context.path or "", role))
    return targets


@pytest.fixture
def app(settings: Settings, sessions: sessionmaker[Session]) -> Iterator[FastAPI]:
    unlimited = settings.model_copy(
        update=dict.fromkeys(
            ("searches_per_minute", "searches_per_day", "views_per_minute", "views_per_day"), 10**9
        )
    )
    app = create_app(unlimited)
    yield app
    app.state.engine.dispose()


def _accounts(session: Session, settings: Settings) -> tuple[dict[Role, Account], dict[str, int]]:
    la = local_authority(session)
    team = organisation(session, la, OrganisationKind.LA_CONTACTPOINT_TEAM, "Team")
    school = organisation(session, la, OrganisationKind.SCHOOL, "Oak School")
    child = add_child(session, "Amelia", "Hartley", la=la)
    add_carer(session, child, "Nancy", "Hartley", phone="07700 900245", email="n@example.org")
    involve(session, child, school, "Ms Reed", lead=True)
    involvement = involve(session, child, team, "Mr Khan")  # the signed-in users' own
    accounts = {
        role: make_account(session, settings, organisation=team, roles=(role,)) for role in Role
    }
    victim = make_account(session, settings, organisation=team)
    practitioner = accounts[Role.PRACTITIONER]
    by = Actor(role="practitioner", user_id=practitioner.user_id, organisation_id=team.id)
    ids = {
        "involvement_id": involvement.id,
        "request_id": pending_shield_request(session, child, by_user_id=practitioner.user_id),
        "broker_request_id": open_broker_request(session, child, by_user_id=practitioner.user_id),
        "alert_id": _override(session, by, child.id).id,
        "user_id": victim.user_id,
        "device_id": victim.user_id,  # a device id close to the victim's (ids are small)
    }
    return accounts, ids


@pytest.fixture
def world(app: FastAPI, settings: Settings, sessions: sessionmaker[Session]) -> Iterator[World]:
    with transaction(sessions) as session:
        accounts, ids = _accounts(session, settings)
    found = World(params={name: [str(value)] for name, value in ids.items()})
    found.params["request_id"].append(str(ids.pop("broker_request_id")))
    anonymous = TestClient(app, base_url="http://localhost", raise_server_exceptions=False)
    found.clients[None] = anonymous.__enter__()
    found.tokens[None] = csrf_token(anonymous, "/sign-in")
    for role, account in accounts.items():
        client = TestClient(app, base_url="http://localhost", raise_server_exceptions=False)
        found.clients[role] = signed_in(client.__enter__(), account)
        found.tokens[role] = csrf_token(client, "/")
    for role in accounts:
        if Permission.CHILD_SEARCH in ROLES[role].permissions:
            found.grants[role] = _grants(found.clients[role], role)
    _learn_fields(found, post_routes(app))
    yield found
    for client in found.clients.values():
        client.__exit__(None, None, None)


def _grants(client: TestClient, role: Role) -> list[str]:
    """This client's own view grants (a grant is bound to the session that searched)."""
    on_behalf = {"on_behalf_of": "nobody"} if role is Role.MEDIATED_ACCESS_OPERATOR else {}
    tokens = result_tokens(search(client, family_name="Hartley", **DOB, **on_behalf))
    for token in tokens:
        give_reason(client, token)
    return tokens


def _params(world: World, role: Role | None) -> dict[str, list[str]]:
    return world.params | {"token": world.grants.get(role, [])}


PAGES = ["/sign-in", "/search", "/admin/users", "/admin/users/new", "/la/shielding",
         "/la/brokering", "/audit/alerts", "/audit/reports", "/matching/review"]  # fmt: skip


_FORM = re.compile(r'<form method="post"(?: action="([^"]*)")?[^>]*>(.*?)</form>', re.DOTALL)
_FIELD = re.compile(r'<(?:input|select|textarea|button)[^>]*?name="([^"]{1,60})"([^>]*)>')
_VALUE = re.compile(r'value="([^"]{0,60})"')


def _learn_fields(world: World, targets: list[Target]) -> None:
    """The forms the app's own pages render: each action's fields and the values offered."""
    visited: set[tuple[Role | None, str]] = set()
    for target in targets:
        client, params = world.clients[target.role], _params(world, target.role)
        token = (params["token"] or ["none"])[0]
        alert = f"/audit/alerts/{params['alert_id'][0]}"
        pages = [*PAGES, alert, f"/children/{token}", _concrete(target.path, params)]
        for page in pages:
            if (target.role, page) in visited:
                continue
            visited.add((target.role, page))
            for action, inner in _FORM.findall(client.get(page).text):
                fields = world.forms.setdefault(action or page, {})
                for name, rest in _FIELD.findall(inner):
                    fields.setdefault(name, set()).update(_VALUE.findall(rest))
    for fields in world.forms.values():
        fields.pop("csrf_token", None)
        world.names.update(fields)
        world.values.update(value for values in fields.values() for value in values)


def _concrete(path: str, params: dict[str, list[str]]) -> str:
    for name in PARAM.findall(path):
        path = path.replace(f"{{{name}}}", (params.get(name) or ["1"])[0], 1)
    return path


def _fields_for(world: World, path: str) -> dict[str, set[str]]:
    """The fields of the rendered forms that post to this route."""
    pattern = re.compile(
        PARAM.sub("[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}"))
    )
    found: dict[str, set[str]] = {}
    for action, fields in world.forms.items():
        if pattern.fullmatch(action):
            for name, values in fields.items():
                found.setdefault(name, set()).update(values)
    return found


NASTY = [
    "99999999999999999999", str(10**30), "-1", "0", "00", "1e5", "-0", "32", "13", "1.5",
    "NaN", "inf", "0x10", "٣", "２０１５", "\x00", "\r\n", "\u202e", "😀", "ǅ", "ß" * 300,
    "<script>", "' OR 1=1 --", "%", "*", "_", "../", " " * 200, "x" * 60_000,
]  # fmt: skip
_text = st.text(max_size=40)


_numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"\A-?[0-9]{1,40}\Z"),
    st.integers(min_value=0, max_value=40).map(str),
)


_STYLES: dict[str, st.SearchStrategy[str]] = {
    "numbers": _numbers,  # dates come in parts and ids are numbers: all of them at once
    "nasty": st.sampled_from(NASTY),
    "text": _text,
    "dates": st.dates().map(date.isoformat),
    "long": st.text(min_size=1, max_size=10).map(lambda text: text * 100),
}


@st.composite
def _value(draw: st.DrawFn, world: World, style: str, offered: set[str]) -> str:
    """Mostly in the example's style (so a date's parts are all numbers at once), else one
    the page offers for this field, else anything."""
    pick, choices = draw(st.integers(0, 5)), sorted(offered - {""})
    if pick <= 3:
        return draw(_STYLES[style])
    if pick == 4 and choices:
        return draw(st.sampled_from(choices))
    anything: st.SearchStrategy[str] = st.one_of(
        st.sampled_from(sorted(world.values) or [""]), *_STYLES.values()
    )
    return draw(anything)


@st.composite
def submissions(draw: st.DrawFn, world: World, target: Target) -> tuple[str, bytes]:
    """A concrete path and a form body (with the CSRF token)."""
    path = target.path
    params = _params(world, target.role)
    for name in PARAM.findall(target.path):
        real = params.get(name, [])
        value = draw(st.one_of(st.sampled_from(real), _text) if real else _text)
        path = path.replace(f"{{{name}}}", quote(value, safe="") or "x", 1)
    own = _fields_for(world, target.path)
    style = draw(st.sampled_from(sorted(_STYLES)))
    pairs = []
    for name, offered in sorted(own.items()):  # the form's own fields, mostly present
        if draw(st.integers(0, 9)) < 9:  # (hypothesis starts from 0: present)
            pairs.append((name, draw(_value(world, style, offered))))
    names = st.one_of(st.sampled_from(sorted(world.names | set(own))), _text)
    extra = st.tuples(names, _value(world, style, set()))
    pairs += draw(st.lists(extra, max_size=4 if own else 12))
    pairs = draw(st.permutations(pairs)) if len(pairs) < 12 else pairs
    body = urlencode([("csrf_token", world.tokens[target.role]), *pairs]).encode()
    if draw(st.integers(0, 19)) == 0:  # now and then, bytes that are not UTF-8
        body += b"&" + draw(st.sampled_from(sorted(world.names))).encode() + b"=%ff%fe%c3"
    return path, body


def _fuzz(world: World, target: Target, failures: dict[str, tuple[int, str]]) -> None:
    """Post this form's submissions; the first 5xx (shrunk) is kept in `failures`."""
    client = world.clients[target.role]

    @hypothesis_settings(
        max_examples=min(EXAMPLES, SLOW.get(target.path, EXAMPLES)),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(submission=submissions(world, target))
    def post(submission: tuple[str, bytes]) -> None:
        path, body = submission
        response = client.post(path, content=body, headers=FORM, follow_redirects=False)
        if response.status_code >= 500:
            failures[target.path] = (response.status_code, f"{path} {body[:300]!r}")
            raise AssertionError(f"{response.status_code} from POST {target.path}")

    with contextlib.suppress(AssertionError):  # kept in failures: every form is still tried
        post()


def test_no_form_answers_any_submission_with_a_server_error(app: FastAPI, world: World) -> None:
    targets = post_routes(app)
    assert len(targets) > 20, "too few forms found: the walk itself is broken"
    failures: dict[str, tuple[int, str]] = {}
    started = time.monotonic()
    for target in targets:
        begun = time.monotonic()
        _fuzz(world, target, failures)
        print(f"{target.path}: {time.monotonic() - begun:.1f}s")
    print(
        f"{len(targets)} forms, {EXAMPLES} submissions each, in {time.monotonic() - started:.0f}s"
    )
    assert failures == {}
