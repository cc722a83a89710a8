"""A clean database with places, a trained model and one review pair of canary-named children."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.children.models import Child, SourceType
from contactpoint.config import Settings
from contactpoint.matching.models import MatchDecision
from tests.integration.cli.support import Operator, make_operator
from tests.integration.feeds.support import (
    add_model,
    add_places,
    census_row,
    gp_row,
    ingest,
    nhs,
    trained_model,
    upn,
    write_feed,
)

CANARY_GIVEN, CANARY_FAMILY = "Marigold", "Quillfeather"


@dataclass(frozen=True)
class Pair:
    decision_id: int
    incoming_id: int  # the GP row's provisional child
    candidate_id: int  # the census child it resembles


@pytest.fixture(scope="session")
def model_json(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], int]:
    return trained_model(Path(tmp_path_factory.mktemp("training-feeds")))


@pytest.fixture
def ready(
    sessions: sessionmaker[Session], model_json: tuple[dict[str, Any], int]
) -> sessionmaker[Session]:
    add_places(sessions)
    add_model(sessions, model_json)
    return sessions


@pytest.fixture
def pair(ready: sessionmaker[Session], tmp_path: Path) -> Pair:
    """A census child, then a GP row with a mistyped birth date: queued for a person."""
    names = {"given_names": CANARY_GIVEN, "family_name": CANARY_FAMILY}
    census = [census_row(upn(1), **names)]
    ingest(
        ready,
        SourceType.PUPIL_CENSUS,
        write_feed(tmp_path / "c.csv", SourceType.PUPIL_CENSUS, census),
    )
    moved = {"date_of_birth": "2015-03-19", "address_line1": "9 Bank Road", "postcode": "OL12 7QQ"}
    gp = [gp_row(nhs(1), **names, **moved)]
    report = ingest(
        ready,
        SourceType.GP_REGISTRATION,
        write_feed(tmp_path / "g.csv", SourceType.GP_REGISTRATION, gp),
    )
    assert report.outcomes["review"] == 1, report.outcomes
    with ready() as session:
        decision = session.scalars(
            select(MatchDecision).where(MatchDecision.review_status.is_not(None))
        ).one()
        assert decision.candidate_child_id is not None
        assert session.get(Child, decision.child_id) is not None
        return Pair(decision.id, decision.child_id, decision.candidate_child_id)


@pytest.fixture
def national_admin(ready: sessionmaker[Session], settings: Settings) -> Operator:
    return make_operator(ready, settings)
