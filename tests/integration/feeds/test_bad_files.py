"""A damaged feed through the real CLI: one clear line, never a traceback.

A bad line is rejected on its own (by its line number, in the acknowledgement) and the
good lines around it go in; a file that cannot be a feed at all is refused in one line.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.authz.roles import Role
from contactpoint.children.models import Child, SourceType
from contactpoint.config import Settings
from contactpoint.db import transaction
from contactpoint.feeds.formats import FORMATS
from contactpoint.practitioners import sessions as user_sessions
from contactpoint.practitioners.models import User
from tests.integration.feeds.support import PRACTICE, census_row, nhs, upn
from tests.integration.practitioners.factories import make_account, make_organisation

COLUMNS = [c.name for c in FORMATS[SourceType.PUPIL_CENSUS].columns]
HEADER = ",".join(COLUMNS).encode()


def _line(n: int, **overrides: str) -> bytes:
    row = census_row(upn(n), **overrides)
    return ",".join(row[c] for c in COLUMNS).encode()


@pytest.fixture
def operator_session(ready: sessionmaker[Session], settings: Settings) -> str:
    """A signed-in national administrator's session token, for CONTACTPOINT_OPERATOR_SESSION."""
    with transaction(ready) as session:
        organisation = make_organisation(session)
        account = make_account(
            session, settings, organisation=organisation, roles=(Role.NATIONAL_ADMINISTRATOR,)
        )
        user = session.get_one(User, account.user_id)
        return user_sessions.start(
            session, user=user, role=Role.NATIONAL_ADMINISTRATOR, device_id=None
        )


def _ingest(
    settings: Settings, operator: str, feed: Path, source: str = "pupil_census"
) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "CONTACTPOINT_DATABASE_URL": settings.database_url,
        "CONTACTPOINT_DATA_DIR": str(settings.data_dir),
        "CONTACTPOINT_ENVIRONMENT": "test",
        "CONTACTPOINT_OPERATOR_SESSION": operator,
    }
    command = [sys.executable, "-m", "contactpoint", "ingest", "--source", source]
    command += ["--as-of", "2026-01-15", str(feed)]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, timeout=300
    )


def _ack(feed: Path) -> dict[str, str]:
    with feed.with_name(feed.name + ".ack.csv").open(newline="", encoding="utf-8") as handle:
        return dict(csv.reader(handle))


def _children(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Child)) or 0


def test_damaged_lines_are_rejected_by_line_and_the_good_lines_go_in(
    ready: sessionmaker[Session], settings: Settings, operator_session: str, tmp_path: Path
) -> None:
    lines = [
        b"\xef\xbb\xbf" + HEADER,  # a byte-order mark before the header
        _line(1),
        _line(2, address_line2="x" * 140_000),  # longer than the csv module's field limit
        _line(3, given_names="Ava"),
        _line(4, family_name="Ha\x00rtley"),  # a NUL byte
        _line(5, given_names="Leo").replace(b"Hartley", b"Hart\xffley"),  # not UTF-8
        _line(6, given_names='"Noah'),  # a quote opened and never closed on its line
        _line(7, given_names="Mia"),
    ]
    feed = tmp_path / "pupil_census.csv"
    feed.write_bytes(b"\r\n".join(lines) + b"\r\n")  # CRLF, as Windows systems send

    result = _ingest(settings, operator_session, feed)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    ack = _ack(feed)
    assert list(ack) == ["line", "2", "3", "4", "5", "6", "7", "8"]
    assert (
        ack["3"] == "rejected: the line is not valid CSV: a field is longer than 131,072 characters"
    )
    assert ack["5"] == "rejected: the line contains a NUL byte"
    assert ack["6"] == "rejected: the line is not UTF-8 text"
    assert ack["7"] == "rejected: the line is not valid CSV: a quoted field is not closed"
    assert all(not ack[n].startswith("rejected") for n in ("2", "4", "8"))
    assert _children(ready) == 3
    assert "line 3: rejected: the line is not valid CSV" in result.stdout


def test_a_large_feed_cut_off_inside_a_quoted_field_keeps_every_complete_row(
    ready: sessionmaker[Session], settings: Settings, operator_session: str, tmp_path: Path
) -> None:
    good = [_line(n, given_names=name) for n, name in enumerate(("Ava", "Leo", "Mia"))]
    cut = _line(9).split(b",12 Mill")[0] + b',"12 Mill Lane' + b" and on" * 30_000
    feed = tmp_path / "pupil_census.csv"
    feed.write_bytes(b"\n".join([HEADER, *good, cut]))  # no newline: the transfer stopped

    result = _ingest(settings, operator_session, feed)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    ack = _ack(feed)
    assert ack["5"].startswith("rejected: the line is not valid CSV")
    assert _children(ready) == 3


def test_a_header_only_feed_is_acknowledged_with_no_rows(
    ready: sessionmaker[Session], settings: Settings, operator_session: str, tmp_path: Path
) -> None:
    feed = tmp_path / "pupil_census.csv"
    feed.write_bytes(HEADER + b"\n")

    result = _ingest(settings, operator_session, feed)

    assert result.returncode == 0, result.stderr[-3000:]
    assert _ack(feed) == {"line": "result"}
    assert "0 created" in result.stdout


UTF16 = "\ufeff" + HEADER.decode() + "\n" + _line(1).decode() + "\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the feed is empty: line 1 must be the header"),
        (b"\n\n", "the header lacks required columns: upn, school_urn, given_names"),
        (
            b"name,dob\n" + _line(1) + b"\n",
            "the header lacks required columns: upn, school_urn, given_names",
        ),
        (HEADER + b",upn\n" + _line(1) + b"\n", "the header names upn twice"),
        (UTF16.encode("utf-16"), "the feed is UTF-16 text: send it as UTF-8"),
        (bytes(range(256)) * 64, "line 1 (the header)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "line 1 (the header) is not UTF-8 text"),
    ],
    ids=["empty", "blank-lines", "wrong-header", "repeated-column", "utf-16", "binary", "png"],
)
def test_a_file_that_is_not_a_feed_is_refused_in_one_line(
    ready: sessionmaker[Session],
    settings: Settings,
    operator_session: str,
    content: bytes,
    message: str,
) -> None:
    feed = settings.data_dir.parent / "pupil_census.csv"
    feed.write_bytes(content)

    result = _ingest(settings, operator_session, feed)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[-3000:]
    assert message in result.stderr
    assert _children(ready) == 0


def _bundle(depth: int = 0) -> str:
    nested: object = "x"
    for _ in range(depth):
        nested = [nested]
    return json.dumps({"resourceType": "Bundle", "entry": [], "meta": nested})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"resourceType": "Bundle", "entry": [', "the feed is not valid JSON (line 1, column"),
        ('{"x": ' + "[" * 200_000 + "]" * 200_000 + "}", "the JSON is nested too deeply"),
        ('{"resourceType": "Bundle", "entry": {"resource": 1}}', "Bundle.entry must be a list"),
        ('{"resourceType": "Bundle", "total": ' + "9" * 5000 + "}", "the feed is not valid JSON"),
    ],
    ids=["truncated", "deep", "entry-not-a-list", "huge-number"],
)
def test_a_bundle_that_cannot_be_read_is_refused_in_one_line(
    settings: Settings, operator_session: str, tmp_path: Path, content: str, message: str
) -> None:
    feed = tmp_path / "gp_registrations.json"
    feed.write_text(content)

    result = _ingest(settings, operator_session, feed, source="gp_registration")

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[-3000:]
    assert message in result.stderr


def test_bundle_entries_of_the_wrong_shape_are_rejected_and_the_rest_go_in(
    ready: sessionmaker[Session], settings: Settings, operator_session: str, tmp_path: Path
) -> None:
    def patient(number: str, **extra: object) -> dict[str, object]:
        return {
            "resourceType": "Patient",
            "id": number,
            "identifier": [{"value": number}],
            "name": [{"family": "Hartley", "given": ["Amelia"]}],
            "gender": "female",
            "birthDate": "2015-03-09",
            "address": [
                {
                    "line": ["12 Mill Lane"],
                    "city": "Rochdale",
                    "district": "E08000005",
                    "postalCode": "OL11 2AB",
                }
            ],
            "generalPractitioner": [{"identifier": {"value": PRACTICE}}],
            **extra,
        }

    entries: list[object] = [
        {"resource": patient(nhs(1))},
        {"resource": patient(nhs(2), birthDate=20150309)},  # a number, not text
        {"resource": patient(nhs(3), name="Hartley")},  # not a list of names
        "not an entry",
        {"resource": ["not", "a", "resource"]},
        {"resource": patient(nhs(4), address=[{"line": [{"deep": [[[]]]}]}])},
    ]
    feed = tmp_path / "gp_registrations.json"
    feed.write_text(json.dumps({"resourceType": "Bundle", "entry": entries}))

    result = _ingest(settings, operator_session, feed, source="gp_registration")

    assert result.returncode == 0, result.stderr[-3000:]
    ack = _ack(feed)
    assert not ack["1"].startswith("rejected")
    assert ack["2"] == "rejected: date_of_birth is not text"
    assert ack["3"] == "rejected: given_names is required"
    assert ack["4"] == "rejected: address_line1 is not text"
    assert _children(ready) == 1
