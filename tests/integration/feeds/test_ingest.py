"""Ingesting a feed: good rows in, bad rows reported by line, an acknowledgement per row."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.models import AuditEvent
from contactpoint.audit.verify import verify_trail
from contactpoint.children.ids import is_valid
from contactpoint.children.models import Address, Child, SourceIdentifier, SourceType
from contactpoint.feeds.readers import FeedFormatError
from contactpoint.involvements.models import Involvement
from contactpoint.organisations.models import Organisation
from tests.integration.feeds.support import (
    SCHOOLS,
    census_row,
    gp_row,
    ingest,
    nhs,
    upn,
    write_feed,
)


def _ack(path: Path) -> list[list[str]]:
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


def test_good_rows_are_accepted_and_each_bad_row_is_reported_by_line(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    rows = [
        census_row(upn(1)),
        census_row(upn(2), postcode="NOT A POSTCODE"),
        census_row(upn(3), given_names="Leo", date_of_birth="2031-01-01"),
        census_row(upn(4), given_names="Leo", family_name="Stone", notes="likes football"),
    ]
    feed = write_feed(tmp_path / "pupil_census.csv", SourceType.PUPIL_CENSUS, rows)

    report = ingest(ready, SourceType.PUPIL_CENSUS, feed)

    assert report.outcomes["created"] == 1
    assert report.rejections == [
        (3, "postcode is not a UK postcode"),
        (4, "date_of_birth is in the future"),
        (5, "column 'notes' is not held by ContactPoint"),
    ]
    with ready() as session:
        assert session.scalar(select(func.count()).select_from(Child)) == 1


def test_the_acknowledgement_answers_every_line_in_order(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    rows = [
        census_row(upn(1)),
        census_row(upn(2), gender="q"),
        census_row(upn(3), given_names="Leo"),
    ]
    feed = write_feed(tmp_path / "pupil_census.csv", SourceType.PUPIL_CENSUS, rows)

    report = ingest(ready, SourceType.PUPIL_CENSUS, feed)

    lines = _ack(report.acknowledgement or Path())
    assert [line[0] for line in lines] == ["line", "2", "3", "4"]
    assert is_valid(lines[1][1])
    assert is_valid(lines[3][1])
    assert lines[1][1] != lines[3][1]
    assert lines[2][1].startswith("rejected: gender is not a gender code")


def test_a_matched_row_says_which_child_and_updates_address_and_school(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    first = write_feed(tmp_path / "pupil_census.csv", SourceType.PUPIL_CENSUS, [census_row(upn(1))])
    created = _ack(ingest(ready, SourceType.PUPIL_CENSUS, first).acknowledgement or Path())[1][1]
    moved = census_row(
        upn(1), address_line1="3 Canal Street", postcode="OL16 1AA", school_urn=SCHOOLS[1]
    )
    second = write_feed(tmp_path / "census-spring.csv", SourceType.PUPIL_CENSUS, [moved])

    report = ingest(ready, SourceType.PUPIL_CENSUS, second)

    assert _ack(report.acknowledgement or Path())[1][1] == created
    with ready() as session:
        child = session.scalars(select(Child)).one()
        address = session.get_one(Address, child.current_address_id)
        assert address.postcode == "OL16 1AA"
        schools = dict(
            session.execute(
                select(Organisation.reference, Involvement.ended_on).join(
                    Organisation, Organisation.id == Involvement.organisation_id
                )
            ).all()
        )
        assert schools[SCHOOLS[0]] is not None  # the old school involvement ended
        assert schools[SCHOOLS[1]] is None


def test_a_second_source_links_by_the_model_and_adds_its_identifier(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    census = write_feed(
        tmp_path / "pupil_census.csv", SourceType.PUPIL_CENSUS, [census_row(upn(1))]
    )
    ingest(ready, SourceType.PUPIL_CENSUS, census)
    gp = write_feed(
        tmp_path / "gp_registrations.csv",
        SourceType.GP_REGISTRATION,
        [gp_row(nhs(1), given_names="Amelia", postcode="OL11 2AB")],
    )

    report = ingest(ready, SourceType.GP_REGISTRATION, gp)

    assert report.outcomes["linked"] == 1
    with ready() as session:
        assert session.scalar(select(func.count()).select_from(Child)) == 1
        assert session.scalar(select(func.count()).select_from(SourceIdentifier)) == 2


def test_ingesting_the_same_file_twice_changes_nothing(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    rows = [census_row(upn(n), given_names=name) for n, name in enumerate(["Ava", "Isla", "Noah"])]
    feed = write_feed(tmp_path / "pupil_census.csv", SourceType.PUPIL_CENSUS, rows)
    ingest(ready, SourceType.PUPIL_CENSUS, feed)
    before = _counts(ready)
    first_ack = (tmp_path / "pupil_census.csv.ack.csv").read_text()

    again = ingest(ready, SourceType.PUPIL_CENSUS, feed)

    assert again.already_complete
    assert _counts(ready) == before
    assert (tmp_path / "pupil_census.csv.ack.csv").read_text() == first_ack


def _counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Child, Address, SourceIdentifier, Involvement, AuditEvent)
        }


def test_a_file_without_a_required_column_is_refused_whole(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    feed = tmp_path / "pupil_census.csv"
    feed.write_text("upn,given_names\n" + upn(1) + ",Ava\n")
    with pytest.raises(FeedFormatError, match="school_urn"):
        ingest(ready, SourceType.PUPIL_CENSUS, feed)


def test_a_batch_audits_each_changed_child_on_an_unbroken_chain(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    rows = [census_row(upn(n), given_names=name) for n, name in enumerate(["Ava", "Isla", "Noah"])]
    feed = write_feed(tmp_path / "pupil_census.csv", SourceType.PUPIL_CENSUS, rows)

    ingest(ready, SourceType.PUPIL_CENSUS, feed)

    with ready() as session:
        kinds = Counter(session.scalars(select(AuditEvent.event_type)))
        created_refs = set(
            session.scalars(
                select(AuditEvent.child_ref).where(AuditEvent.event_type == "feeds:child:created")
            )
        )
        assert kinds["feeds:batch:applied"] == 1
        assert created_refs == set(session.scalars(select(Child.id)))
        assert verify_trail(session).ok
