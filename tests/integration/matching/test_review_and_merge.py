"""Twins stay apart, possible duplicates wait for a person, and a merge can be undone exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.models import AuditEvent
from contactpoint.audit.writer import Actor
from contactpoint.children.models import (
    Child,
    ChildAddress,
    ChildCarer,
    ChildOtherName,
    RecordStatus,
    SourceIdentifier,
    SourceType,
)
from contactpoint.db import transaction
from contactpoint.involvements.models import Involvement
from contactpoint.matching.actions import ReviewChoice, decide_review, unmerge_children
from contactpoint.matching.models import MatchDecision, ReviewStatus
from contactpoint.matching.quality import feed_quality
from contactpoint.matching.queries import HIDDEN, review_pair, review_queue
from tests.integration.feeds.support import census_row, gp_row, ingest, nhs, upn, write_feed

MANAGER = Actor(user_id=7, role="la_contactpoint_manager")


def _children(sessions: sessionmaker[Session]) -> list[Child]:
    with sessions() as session:
        return list(session.scalars(select(Child).order_by(Child.id)))


def test_twins_are_never_merged(ready: sessionmaker[Session], tmp_path: Path) -> None:
    twins = [census_row(upn(1), given_names="Oliver"), census_row(upn(2), given_names="Harry")]
    ingest(
        ready,
        SourceType.PUPIL_CENSUS,
        write_feed(tmp_path / "c.csv", SourceType.PUPIL_CENSUS, twins),
    )
    gp = [gp_row(nhs(2), given_names="Harry"), gp_row(nhs(1), given_names="Oliver")]

    report = ingest(
        ready,
        SourceType.GP_REGISTRATION,
        write_feed(tmp_path / "g.csv", SourceType.GP_REGISTRATION, gp),
    )

    assert report.outcomes["linked"] == 2
    with ready() as session:
        held = {
            (child.given_names, ident.source.value)
            for child, ident in session.execute(
                select(Child, SourceIdentifier).join(
                    SourceIdentifier, SourceIdentifier.child_id == Child.id
                )
            )
        }
    assert held == {
        ("Oliver", "pupil_census"),
        ("Oliver", "gp_registration"),
        ("Harry", "pupil_census"),
        ("Harry", "gp_registration"),
    }


def test_a_twin_seen_first_in_a_later_feed_is_not_linked_to_the_other(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    census = [census_row(upn(1), given_names="Oliver")]
    ingest(
        ready,
        SourceType.PUPIL_CENSUS,
        write_feed(tmp_path / "c.csv", SourceType.PUPIL_CENSUS, census),
    )
    gp = [gp_row(nhs(1), given_names="Harry")]

    report = ingest(
        ready,
        SourceType.GP_REGISTRATION,
        write_feed(tmp_path / "g.csv", SourceType.GP_REGISTRATION, gp),
    )

    assert report.outcomes["linked"] == 0
    assert len(_children(ready)) == 2


def _queue_a_possible_duplicate(sessions: sessionmaker[Session], tmp_path: Path) -> int:
    """A census child, then a GP row with a mistyped birth date and another address."""
    census = [census_row(upn(1))]
    ingest(
        sessions,
        SourceType.PUPIL_CENSUS,
        write_feed(tmp_path / "c.csv", SourceType.PUPIL_CENSUS, census),
    )
    gp = [
        gp_row(nhs(1), date_of_birth="2015-03-19", address_line1="9 Bank Road", postcode="OL12 7QQ")
    ]
    report = ingest(
        sessions,
        SourceType.GP_REGISTRATION,
        write_feed(tmp_path / "g.csv", SourceType.GP_REGISTRATION, gp),
    )
    assert report.outcomes["review"] == 1, report.outcomes
    with sessions() as session:
        return session.scalars(
            select(MatchDecision.id).where(MatchDecision.review_status.is_not(None))
        ).one()


def test_a_queued_pair_shows_both_children_and_the_field_weights(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    decision_id = _queue_a_possible_duplicate(ready, tmp_path)

    with ready() as session:
        assert [item.decision_id for item in review_queue(session)] == [decision_id]
        pair = review_pair(session, decision_id)
    assert pair is not None
    assert (pair.incoming.date_of_birth, pair.candidate.date_of_birth) == (
        "2015-03-19",
        "2015-03-09",
    )
    assert [bar.field for bar in pair.bars][:2] == ["prior", "given_name"]
    assert pair.bars[-1].cumulative == round(pair.match_weight or 0, 2)
    postcode = next(bar for bar in pair.bars if bar.field == "postcode")
    assert postcode.weight < 0


def _snapshot(sessions: sessionmaker[Session]) -> dict[int, dict[str, Any]]:
    with sessions() as session:
        return {
            child.id: {
                "status": child.status,
                "shielded": child.is_shielded,
                "ids": sorted(
                    session.scalars(
                        select(SourceIdentifier.id).where(SourceIdentifier.child_id == child.id)
                    )
                ),
                "involvements": sorted(
                    session.scalars(select(Involvement.id).where(Involvement.child_id == child.id))
                ),
                "addresses": sorted(
                    session.scalars(
                        select(ChildAddress.id).where(ChildAddress.child_id == child.id)
                    )
                ),
                "other_names": sorted(
                    session.scalars(
                        select(ChildOtherName.id).where(ChildOtherName.child_id == child.id)
                    )
                ),
                "carers": sorted(
                    session.scalars(
                        select(ChildCarer.carer_id).where(ChildCarer.child_id == child.id)
                    )
                ),
            }
            for child in session.scalars(select(Child))
        }


def test_link_merges_and_unmerge_restores_both_children_exactly(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    decision_id = _queue_a_possible_duplicate(ready, tmp_path)
    before = _snapshot(ready)

    with transaction(ready) as session:
        decide_review(session, decision_id=decision_id, choice=ReviewChoice.LINK, by=MANAGER)
    survivor, merged = _children(ready)
    assert (merged.status, merged.merged_into_id) == (RecordStatus.MERGED, survivor.id)
    during = _snapshot(ready)
    assert during[merged.id]["ids"] == []
    assert during[merged.id]["involvements"] == []
    assert len(during[survivor.id]["ids"]) == 2

    with transaction(ready) as session:
        merge_id = session.scalars(
            select(AuditEvent.details).where(AuditEvent.event_type == "matching:child:merged")
        ).one()["merge_id"]
        unmerge_children(session, merge_id=merge_id, by=MANAGER)

    assert _snapshot(ready) == before
    with ready() as session:
        kinds = set(session.scalars(select(AuditEvent.event_type)))
    assert {"matching:review:decided", "matching:child:merged", "matching:child:unmerged"} <= kinds


def test_a_shielded_childs_details_never_show_on_an_unshielded_duplicate(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    decision_id = _queue_a_possible_duplicate(ready, tmp_path)
    with transaction(ready) as session:
        pair = review_pair(session, decision_id)
        assert pair is not None
        session.get_one(Child, pair.incoming.child_id).is_shielded = True
    with ready() as session:
        shown = review_pair(session, decision_id)
    assert shown is not None
    assert (shown.incoming.postcode, shown.incoming.address) == (HIDDEN, HIDDEN)

    with transaction(ready) as session:
        decide_review(session, decision_id=decision_id, choice=ReviewChoice.LINK, by=MANAGER)
    with ready() as session:
        survivor = session.get_one(Child, pair.candidate.child_id)
        assert survivor.is_shielded  # it now holds the shielded child's details


def test_not_the_same_child_and_defer_leave_both_records(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    decision_id = _queue_a_possible_duplicate(ready, tmp_path)

    with transaction(ready) as session:
        decide_review(session, decision_id=decision_id, choice=ReviewChoice.DEFER, by=MANAGER)
    with ready() as session:
        assert review_queue(session)[0].status is ReviewStatus.DEFERRED
    with transaction(ready) as session:
        decide_review(session, decision_id=decision_id, choice=ReviewChoice.NOT_SAME, by=MANAGER)

    with ready() as session:
        assert review_queue(session) == []
        decision = session.get_one(MatchDecision, decision_id)
        assert decision.review_status is ReviewStatus.NOT_SAME
        assert decision.decided_by_user_id == 7
    assert [c.status for c in _children(ready)] == [RecordStatus.ACTIVE, RecordStatus.ACTIVE]


def test_quality_figures_count_rejections_and_possible_duplicates(
    ready: sessionmaker[Session], tmp_path: Path
) -> None:
    _queue_a_possible_duplicate(ready, tmp_path)
    bad = [census_row(upn(5), date_of_birth="1990-01-01")]
    ingest(
        ready,
        SourceType.PUPIL_CENSUS,
        write_feed(tmp_path / "bad.csv", SourceType.PUPIL_CENSUS, bad),
    )

    with ready() as session:
        figures = {(f.la_code, f.source): f for f in feed_quality(session)}

    assert figures[("unknown", "pupil_census")].rejected == 1
    assert figures[("E08000005", "gp_registration")].possible_duplicates == 1
    assert figures[("E08000005", "pupil_census")].rejection_rate == 0.0
