"""Searching the index: what is found, what is never shown, and what the audit trail keeps."""

from __future__ import annotations

import json
from datetime import date
from itertools import count

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.models import AuditEvent
from contactpoint.audit.writer import Actor
from contactpoint.children.actions import perform_search
from contactpoint.children.ids import IdMinter
from contactpoint.children.models import (
    Address,
    Child,
    ChildOtherName,
    Gender,
    OtherNameKind,
    RecordStatus,
)
from contactpoint.children.queries import explain, search
from contactpoint.children.schemas import CriteriaSet, OutcomeKind, SearchCriteria
from contactpoint.children.search_keys import ChildSearchKey, index_children, reindex_all
from contactpoint.organisations.models import LocalAuthority

BORN = date(2014, 3, 9)
_MINTER = IdMinter(b"search-tests")
_SEQUENCE = count()


def add_child(
    session: Session,
    given: str,
    family: str,
    *,
    born: date = BORN,
    gender: Gender = Gender.FEMALE,
    postcode: str = "LS6 2AB",
    **extra: object,
) -> Child:
    la = session.scalars(select(LocalAuthority)).first()
    if la is None:
        la = LocalAuthority(code="E08000035", name="Leeds", region="Yorkshire")
        session.add(la)
        session.flush()
    address = Address(line1="1 High Street", town="Headingley", postcode=postcode, la_id=la.id)
    session.add(address)
    session.flush()
    child = Child(
        cp_id=_MINTER.mint(next(_SEQUENCE)),
        given_names=given,
        family_name=family,
        gender=gender,
        date_of_birth=born,
        la_id=la.id,
        current_address_id=address.id,
        **extra,
    )
    session.add(child)
    session.flush()
    return child


def index(session: Session, *children: Child) -> int:
    return index_children(session.connection(), [child.id for child in children])


def found(session: Session, cap: int = 20, **fields: object) -> list[str]:
    outcome = search(session, SearchCriteria(**fields), cap=cap)
    return [row.display_name for row in outcome.results]


def test_keys_cover_current_former_and_hyphenated_names(session: Session) -> None:
    child = add_child(session, "Katie May", "Smith-Okafor")
    session.add(
        ChildOtherName(
            child_id=child.id, kind=OtherNameKind.FORMER, given_names="Katie", family_name="Hall"
        )
    )
    session.flush()
    assert index(session, child) == 4
    assert index(session, child) == 4  # rebuilding replaces, never duplicates
    families = session.scalars(
        select(ChildSearchKey.family_norm).where(ChildSearchKey.child_id == child.id)
    )
    assert set(families) == {"SMITHOKAFOR", "SMITH", "OKAFOR", "HALL"}
    for family in ("Smith-Okafor", "Okafor", "Hall", "Smyth"):
        assert found(session, family_name=family, date_of_birth=BORN) == ["Katie May Smith-Okafor"]


def test_typing_mistakes_and_nicknames_still_find_the_child(session: Session) -> None:
    william = add_child(session, "William", "Thompson", gender=Gender.MALE, postcode="M1 1AE")
    index(session, william)
    assert found(session, family_name="Tomson", date_of_birth=date(2014, 9, 3)) == [
        "William Thompson"
    ]
    assert found(session, family_name="Thompsno", date_of_birth=date(2014, 3, 8))
    assert found(session, family_name="Thompson", given_name="Bill", postcode="m11ae")
    assert found(
        session, family_name="Thomson", given_name="Liam", year_of_birth=2014, gender=Gender.MALE
    )
    # a mistyped postcode in the right district still finds them; another district does not
    assert found(session, family_name="Thompson", given_name="Bill", postcode="M1 1AF")
    assert not found(session, family_name="Thompson", given_name="Bill", postcode="M2 1AE")


def test_the_exact_match_ranks_above_the_swapped_date(session: Session) -> None:
    exact = add_child(session, "Ava", "Patel", born=date(2016, 5, 7))
    swapped = add_child(session, "Isla", "Patel", born=date(2016, 7, 5))
    index(session, exact, swapped)
    results = search(
        session, SearchCriteria(family_name="Patel", date_of_birth=date(2016, 5, 7)), cap=20
    ).results
    assert [row.display_name for row in results] == ["Ava Patel", "Isla Patel"]
    assert results[0].score > results[1].score


def test_archived_and_merged_children_are_never_returned(session: Session) -> None:
    archived = add_child(session, "Amy", "Archer", status=RecordStatus.ARCHIVED)
    merged = add_child(session, "Amy", "Archer", status=RecordStatus.MERGED)
    index(session, archived, merged)
    assert session.scalar(select(func.count()).select_from(ChildSearchKey)) == 0
    assert found(session, family_name="Archer", date_of_birth=BORN) == []
    assert found(session, cp_id=archived.cp_id) == []


def test_a_child_archived_after_indexing_is_still_not_returned(session: Session) -> None:
    child = add_child(session, "Amy", "Archer")
    index(session, child)
    child.status = RecordStatus.ARCHIVED
    session.flush()
    assert found(session, family_name="Archer", date_of_birth=BORN) == []


def test_a_postcode_search_never_returns_a_shielded_child(session: Session) -> None:
    shielded = add_child(session, "Rosa", "Quinn", is_shielded=True)
    index(session, shielded)
    assert found(session, family_name="Quinn", given_name="Rosa", postcode="LS6 2AB") == []
    assert found(session, family_name="Quinn", given_name="Rosa", postcode="LS6 2AX") == []


def test_a_shielded_child_shows_nothing_beyond_name_birth_gender_and_id(
    session: Session,
) -> None:
    shielded = add_child(session, "Rosa", "Quinn", is_shielded=True)
    index(session, shielded)
    outcome = search(session, SearchCriteria(family_name="Quinn", date_of_birth=BORN), cap=20)
    (row,) = outcome.results
    assert (row.shielded, row.town, row.postcode_district) == (True, None, None)
    assert (row.cp_id, row.date_of_birth, row.gender) == (shielded.cp_id, BORN, Gender.FEMALE)
    assert outcome.shielded_hits == 1


def test_an_unshielded_result_shows_town_and_postcode_district_only(session: Session) -> None:
    index(session, add_child(session, "Ada", "Lovelace", postcode="LS6 2AB"))
    (row,) = search(
        session, SearchCriteria(family_name="Lovelace", date_of_birth=BORN), cap=20
    ).results
    assert (row.town, row.postcode_district, row.shielded) == ("Headingley", "LS6", False)


def test_more_matches_than_the_cap_means_refine_not_a_longer_list(session: Session) -> None:
    twins = [add_child(session, f"Child{chr(65 + n)}", "Jones") for n in range(4)]
    index(session, *twins)
    outcome = search(session, SearchCriteria(family_name="Jones", date_of_birth=BORN), cap=3)
    assert (outcome.kind, outcome.results) == (OutcomeKind.TOO_MANY, ())
    assert (
        search(session, SearchCriteria(family_name="Jones", date_of_birth=BORN), cap=4).result_count
        == 4
    )


def test_a_contactpoint_id_finds_exactly_that_child(session: Session) -> None:
    child = add_child(session, "Noor", "Begum")
    other = add_child(session, "Noor", "Begum")
    index(session, child, other)
    outcome = search(session, SearchCriteria(cp_id=child.cp_id), cap=20)
    assert [row.child_id for row in outcome.results] == [child.id]
    assert outcome.criteria_set is CriteriaSet.CP_ID


def test_reindex_all_rebuilds_every_active_child(
    engine: Engine, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        for family in ("Ashworth", "Bramley", "Calder", "Dunstan", "Ellery"):
            add_child(session, "Sam", family)
        add_child(session, "Sam", "Gone", status=RecordStatus.ARCHIVED)
    assert reindex_all(engine, batch=2) == 5
    with sessions() as session:
        assert found(session, family_name="Calder", date_of_birth=BORN) == ["Sam Calder"]


def test_a_slipped_date_is_found_when_nothing_matches_exactly(session: Session) -> None:
    index(session, add_child(session, "Ava", "Patel", born=date(2016, 5, 22)))
    assert found(session, family_name="Patel", date_of_birth=date(2016, 5, 21)) == ["Ava Patel"]
    index(session, add_child(session, "Isla", "Patel", born=date(2016, 5, 21)))
    # an exact match outranks and hides a one-digit slip, so common names stay under the cap
    assert found(session, family_name="Patel", date_of_birth=date(2016, 5, 21)) == ["Isla Patel"]


def test_a_search_is_audited_without_the_criteria_in_clear(session: Session) -> None:
    index(session, add_child(session, "Ellie", "Marsh", is_shielded=True))
    criteria = SearchCriteria(family_name="Marsh", date_of_birth=BORN)
    outcome = perform_search(
        session, criteria, by=Actor(user_id=7, role="practitioner"), cap=20, digest_key=b"k"
    )
    event = session.scalars(select(AuditEvent)).one()
    assert event.event_type == "access:child:searched"
    assert event.details["criteria_set"] == "family_dob"
    assert (event.details["results"], event.details["shielded_hits"]) == (1, 1)
    stored = json.dumps(event.details).upper()
    assert "MARSH" not in stored
    assert "2014" not in stored
    assert outcome.result_count == 1


def test_the_same_search_gives_the_same_digest(session: Session) -> None:
    for typed in ("Marsh", " marsh "):
        perform_search(
            session,
            SearchCriteria(family_name=typed, date_of_birth=BORN),
            by=Actor(user_id=7),
            cap=20,
            digest_key=b"k",
        )
    digests = {event.details["criteria_digest"] for event in session.scalars(select(AuditEvent))}
    assert len(digests) == 1


@pytest.mark.postgres
@pytest.mark.parametrize(
    "criteria",
    [
        SearchCriteria(family_name="Lovelace", date_of_birth=BORN),
        SearchCriteria(family_name="Lovelace", given_name="Ada", postcode="LS6 2AB"),
        SearchCriteria(
            family_name="Lovelace", given_name="Ada", year_of_birth=2014, gender=Gender.FEMALE
        ),
    ],
)
def test_every_lookup_can_be_answered_from_an_index(
    session: Session, criteria: SearchCriteria
) -> None:
    index(session, add_child(session, "Ada", "Lovelace"))
    # Forbid sequential scans: a lookup no index can answer would still fall back to one.
    session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = explain(session, criteria)
    assert "ix_child_search_keys_" in plan
    assert "Seq Scan" not in plan
