"""Nothing hidden ever reaches an ordinary practitioner: not a page, an error or a log line.

Unique canaries are planted in a shielded child's hidden fields and in a sensitive service's
details; then every route in the app is driven as an ordinary practitioner.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.config import Settings
from contactpoint.organisations.models import OrganisationKind
from contactpoint.web.app import create_app
from tests.integration.access.factories import (
    BORN,
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
from tests.integration.practitioners.factories import csrf_token

CANARIES = {
    "address": "Canaryhidden Lane",
    "town": "Canarytown",
    "postcode": "QX9 7QJ",
    "postcode_compact": "QX97QJ",
    "carer_given": "Canarygiven",
    "carer_family": "Canaryfamily",
    "carer_phone": "0190 999 4411",
    "carer_email": "canary-carer@leak.invalid",
    "school": "Canary Hidden Academy",
    "school_phone": "0190 999 4412",
    "practitioner": "Canary Shieldedteacher",
    "practitioner_phone": "0190 999 4413",
    "practitioner_email": "canary-teacher@leak.invalid",
    "sensitive_service": "Canary Sensitive Clinic",
    "sensitive_phone": "0190 999 4414",
    "sensitive_email": "canary-clinic@leak.invalid",
    "sensitive_practitioner": "Canary Clinicworker",
    "sensitive_practitioner_email": "canary-clinician@leak.invalid",
}
DOB = {"dob_day": str(BORN.day), "dob_month": str(BORN.month), "dob_year": str(BORN.year)}


@pytest.fixture
def app(settings: Settings, sessions: sessionmaker[Session]) -> Iterator[FastAPI]:
    app = create_app(settings)
    yield app
    app.state.engine.dispose()


def _plant(session: Session) -> None:
    la = local_authority(session)
    shielded = add_child(
        session,
        "Nia",
        "Hughes",
        la=la,
        line1=CANARIES["address"],
        town=CANARIES["town"],
        postcode=CANARIES["postcode"],
        shielded=True,
    )
    add_carer(
        session,
        shielded,
        CANARIES["carer_given"],
        CANARIES["carer_family"],
        phone=CANARIES["carer_phone"],
        email=CANARIES["carer_email"],
    )
    school = organisation(
        session, la, OrganisationKind.SCHOOL, CANARIES["school"], phone=CANARIES["school_phone"]
    )
    involve(
        session,
        shielded,
        school,
        CANARIES["practitioner"],
        lead=True,
        phone=CANARIES["practitioner_phone"],
        email=CANARIES["practitioner_email"],
    )
    open_child = add_child(session, "Ava", "Hughes", la=la, postcode="LS6 2AB")
    clinic = organisation(
        session,
        la,
        OrganisationKind.SUBSTANCE_MISUSE,
        CANARIES["sensitive_service"],
        sensitive=True,
        phone=CANARIES["sensitive_phone"],
        email=CANARIES["sensitive_email"],
    )
    involve(
        session,
        open_child,
        clinic,
        CANARIES["sensitive_practitioner"],
        lead=True,
        email=CANARIES["sensitive_practitioner_email"],
    )


def _post(client: TestClient, path: str, **fields: str) -> str:
    form = {"csrf_token": csrf_token(client, "/search"), **fields}
    response = client.post(path, data=form)
    return f"{response.status_code} {response.headers} {response.text}"


def _searches(client: TestClient) -> tuple[list[str], list[str]]:
    typed_postcode = _post(
        client, "/search", family_name="Hughes", given_name="Nia", postcode=CANARIES["postcode"]
    )
    typed_carer = _post(client, "/search", family_name=CANARIES["carer_family"], **DOB)
    assert result_tokens(typed_postcode) == [], "a postcode search never finds a shielded child"
    pages = [
        _post(client, "/search", family_name="Hughes", **DOB),
        _post(
            client,
            "/search",
            family_name="Hughes",
            given_name="Nia",
            year_of_birth="2014",
            gender="female",
        ),
        _post(client, "/search", family_name="Hughes", given_name="Nia", postcode="QX9 7QK"),
        _post(client, "/search", family_name="Hughes"),
        _post(client, "/search", cp_id="1234 5678 9012"),
        # What the user typed is shown back in the form: only that may appear.
        typed_postcode.replace(CANARIES["postcode"], ""),
        typed_carer.replace(CANARIES["carer_family"], ""),
    ]
    return pages, result_tokens(pages[0])


def _every_get(app: FastAPI, client: TestClient, tokens: list[str]) -> list[str]:
    pages = []
    values = {
        "token": [*tokens, "unknown-token"],
        "request_id": ["1", "2"],
        "involvement_id": ["1", "2"],
        "alert_id": ["1"],
        "step": ["acknowledge"],
        "link": ["x"],
        "user_id": ["1"],
        "device_id": ["1"],
        "batch_id": ["1"],
        "pair_id": ["1"],
        "feed_id": ["1"],
    }
    for route in app.routes:
        if not isinstance(route, APIRoute) or "GET" not in (route.methods or set()):
            continue
        for path in _fill(route.path, values):
            response = client.get(path)
            pages.append(f"{path} {response.status_code} {response.headers} {response.text}")
    return pages


def _fill(path: str, values: dict[str, list[str]]) -> list[str]:
    names = re.findall(r"{(\w+)(?::\w+)?}", path)
    paths = [path]
    for name in names:
        options = values.get(name, ["1"])
        paths = [
            re.sub(rf"{{{name}(?::\w+)?}}", option, p, count=1) for p in paths for option in options
        ]
    return paths


def test_no_hidden_detail_reaches_an_ordinary_practitioner(
    app: FastAPI,
    sessions: sessionmaker[Session],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with sessions.begin() as session:
        _plant(session)
        account = user(session, settings)
    seen: list[str] = []
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        signed_in(client, account)
        pages, tokens = _searches(client)
        seen += pages
        assert len(tokens) == 2, "both children are found by name and date of birth"
        for token in tokens:
            give_reason(client, token, reason="referral")
            seen.append(client.get(f"/children/{token}").text)
            seen.append(
                _post(client, f"/children/{token}/reason", reason="x" * 200, reference="y" * 500)
            )
            seen.append(_post(client, f"/children/{token}/override", reason="referral"))
        seen += _every_get(app, client, tokens)
        seen.append(client.get("/api/openapi.json").text)
        seen.append(client.get("/no/such/page").text)
    everything = "\n".join(seen) + "\n" + caplog.text
    assert "Nia Hughes" in everything, "the test did reach the records"
    leaked = {name for name, canary in CANARIES.items() if canary.lower() in everything.lower()}
    assert leaked == set()
