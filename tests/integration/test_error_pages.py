"""Error pages never echo what was submitted: it may be a child's details."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from contactpoint.config import Settings
from contactpoint.db import transaction
from contactpoint.web.app import create_app
from tests.integration.access.factories import signed_in, user
from tests.integration.practitioners.factories import csrf_token

CANARY = "Zebedee-Quillfeather-canary"


@pytest.fixture
def client(settings: Settings, engine: object) -> Iterator[TestClient]:
    # A loopback address: development cookies (CSRF) travel over plain http there.
    with TestClient(create_app(settings), base_url="http://localhost") as client:
        yield client


def test_an_over_large_form_is_a_plain_400_page_without_the_input(client: TestClient) -> None:
    page = client.get("/sign-in")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "username": CANARY * 3000, "password": "x"},
    )
    assert response.status_code == 400
    assert "govuk-template" in response.text
    assert CANARY not in response.text


def test_unknown_pages_are_a_gov_uk_404_that_does_not_repeat_the_address(
    client: TestClient,
) -> None:
    response = client.get(f"/children/{CANARY}/nowhere")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert CANARY not in response.text
    assert "govuk-template" in response.text


@pytest.fixture
def searcher(settings: Settings, sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    app = create_app(settings)
    with transaction(sessions) as session:
        account = user(session, settings)
    with TestClient(app, base_url="http://localhost") as client:
        yield signed_in(client, account)
    app.state.engine.dispose()


DATE_PARTS = ("dob_day", "dob_month", "dob_year")


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("1", "1", "99999999999999999999"),
        ("1", "1", str(10**30)),
        ("99999999999999999999", "1", "2015"),
        ("1", "1", "-2015"),
        ("1", "1", "1e5"),
        ("0", "3", "2015"),
        ("32", "3", "2015"),
        ("1", "13", "2015"),
        ("٣", "3", "٢٠١٥"),  # Arabic-Indic digits: int() reads them, a person does not
        ("1", "3", "2_015"),
    ],
)
def test_an_impossible_date_of_birth_is_a_form_error_beside_the_date(
    searcher: TestClient, day: str, month: str, year: str
) -> None:
    fields = dict(zip(DATE_PARTS, (day, month, year), strict=True))
    response = searcher.post(
        "/search",
        data={"csrf_token": csrf_token(searcher, "/search"), "family_name": "Hartley", **fields},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Date of birth must be a real date, like 27 3 2015" in response.text


@pytest.mark.parametrize(
    "year", ["99999999999999999999", str(10**30), "-2015", "1e5", "2015.0", "２０１５", "2_015"]
)
def test_an_impossible_year_of_birth_is_a_form_error_beside_the_year(
    searcher: TestClient, year: str
) -> None:
    response = searcher.post(
        "/search",
        data={
            "csrf_token": csrf_token(searcher, "/search"),
            "family_name": "Hartley",
            "given_name": "Amelia",
            "year_of_birth": year,
            "gender": "female",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#year_of_birth"' in response.text


def test_an_unexpected_error_is_logged_by_route_with_its_traceback_and_nothing_typed(
    settings: Settings, engine: object, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings)

    @app.post("/children/{token}/explode")
    def explode(token: str) -> None:
        raise ValueError(f"bad value {token}")  # a message quoting the input, as many do

    # The default client re-raises whatever reaches the server: nothing may.
    with TestClient(app, base_url="http://localhost") as client:
        form = {"csrf_token": csrf_token(client, "/sign-in"), "family_name": CANARY}
        with caplog.at_level(logging.ERROR, logger="contactpoint.web"):
            response = client.post(f"/children/{CANARY}/explode?q={CANARY}", data=form)
    app.state.engine.dispose()

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert "content-security-policy" in response.headers
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "unhandled ValueError on POST /children/{token}/explode" in logged
    assert "Traceback (most recent call last)" in logged
    assert 'in explode\n    raise ValueError(f"bad value {token}")' in logged
    assert CANARY not in logged
    assert CANARY not in response.text
