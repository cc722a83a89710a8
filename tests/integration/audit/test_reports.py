"""Audit reports filter by user, organisation, LA, type and date; they hold no child data;
downloading one is itself audited; an LA manager cannot reach another LA's events."""

from __future__ import annotations

import re
import zlib
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.access.events import SearchDetails, ViewDetails
from contactpoint.audit.actions import OutOfScopeError, download_report
from contactpoint.audit.bulk import Draft, append_events
from contactpoint.audit.models import AuditEvent
from contactpoint.audit.queries import ReportFilter, report_rows
from contactpoint.audit.writer import Actor
from tests.integration.audit.population import add_child, add_places
from tests.integration.audit.trail import START

CANARY = "Zqxcanaryvale"
IN_LA1 = Actor(user_id=101, role="practitioner", organisation_id=11, la_id=1)
IN_LA2 = Actor(user_id=202, role="practitioner", organisation_id=21, la_id=2)
MANAGER_LA1 = Actor(user_id=900, role="la_manager", organisation_id=12, la_id=1)
AUDITOR = Actor(user_id=901, role="auditor")


@pytest.fixture
def trail(session: Session) -> Session:
    """LA 2's user views a child living in LA 1 (whose name is a canary) on the second day."""
    add_places(session)
    add_child(session, 5001, la_id=1, family_name=CANARY)
    add_child(session, 5002, la_id=2)
    search = SearchDetails(criteria_set="family_dob", criteria_digest="b" * 64, results=1)
    view = ViewDetails(reason="safeguarding", reference="CASE 1")
    append_events(
        session,
        [
            Draft("access:child:searched", search, by=IN_LA1, occurred_at=START),
            Draft("access:child:viewed", view, by=IN_LA1, occurred_at=START, child_ref=5002),
            Draft(
                "access:child:viewed",
                view,
                by=IN_LA2,
                occurred_at=START + timedelta(days=1),
                child_ref=5001,
            ),
        ],
    )
    return session


def users(rows: list[tuple[str, ...]]) -> list[str]:
    return [row[3] for row in rows]


def test_filters_narrow_the_report(trail: Session) -> None:
    day_two = START.date() + timedelta(days=1)
    assert users(report_rows(trail, ReportFilter(user_id=101))) == ["101", "101"]
    assert users(report_rows(trail, ReportFilter(organisation_id=21))) == ["202"]
    assert users(report_rows(trail, ReportFilter(event_type="access:child:searched"))) == ["101"]
    assert users(report_rows(trail, ReportFilter(date_from=day_two))) == ["202"]
    assert users(report_rows(trail, ReportFilter(date_to=START.date()))) == ["101", "101"]
    # LA 1 sees its own users' activity and who looked at children who live there.
    assert users(report_rows(trail, ReportFilter(la_id=1))) == ["101", "101", "202"]
    assert users(report_rows(trail, ReportFilter(la_id=2))) == ["101", "202"]


def pdf_text(pdf: bytes) -> str:
    # Keep any line break before "endstream" inside the capture: compressed bytes may end in
    # \r, and a decompressor object ignores what follows the end of the zlib stream.
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL)
    return b"".join(
        zlib.decompressobj().decompress(s) if s[:1] == b"x" else s for s in streams
    ).decode("latin-1")


@pytest.mark.parametrize("form", ["csv", "pdf"])
def test_downloaded_reports_hold_no_child_data(trail: Session, form: str) -> None:
    content = download_report(
        trail,
        report=ReportFilter(),
        format="csv" if form == "csv" else "pdf",
        within_la=None,
        by=AUDITOR,
    )
    text = content.decode() if form == "csv" else pdf_text(content)
    assert "access:child:viewed" in text  # the report really is readable here
    assert "5001" in text  # opaque record references are allowed
    for child_data in (CANARY, CANARY.upper(), "Synthetic", "2016-04-01", "CASE 1", "b" * 64):
        assert child_data not in text


def test_a_download_is_audited_with_its_filters(trail: Session) -> None:
    download_report(
        trail,
        report=ReportFilter(user_id=202, date_from=date(2025, 3, 1)),
        format="csv",
        within_la=None,
        by=AUDITOR,
    )
    event = trail.scalars(
        select(AuditEvent).where(AuditEvent.event_type == "audit:report:downloaded")
    ).one()
    assert event.actor_user_id == AUDITOR.user_id
    assert event.details["user_id"] == 202
    assert event.details["date_from"] == "2025-03-01"
    assert event.details["rows"] == 1


def test_an_la_manager_sees_only_their_la(trail: Session) -> None:
    content = download_report(
        trail, report=ReportFilter(), format="csv", within_la=1, by=MANAGER_LA1
    ).decode()
    assert "5002" in content
    assert "5001" in content
    with pytest.raises(OutOfScopeError):
        download_report(
            trail, report=ReportFilter(la_id=2), format="csv", within_la=1, by=MANAGER_LA1
        )
    only_la2 = download_report(trail, report=ReportFilter(), format="csv", within_la=2, by=IN_LA2)
    assert "101," in only_la2.decode()  # LA 1's user looked at LA 2's child
    assert "access:child:searched" not in only_la2.decode()  # LA 1's own search
