"""Matching on a generated population: a row with an unknown identifier still finds its child.

Such a row can only be linked through the blocking keys in `matching_keys`, so this fails if
the generator leaves them out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.children.models import Address, Child, SourceIdentifier, SourceType
from contactpoint.config import Settings
from contactpoint.organisations.models import LocalAuthority
from contactpoint.synthetic.load import populate
from tests.integration.feeds.support import AS_OF, add_model, ingest, write_feed

GENDER_CODES = {"female": "f", "male": "m", "not_known": "u", "not_specified": "x"}
NEW_REFERENCE = "MK-NEW-0001"


def _unmistakable_child(session: Session) -> int:
    """A generated child unknown to social care whom no other child shares a family name and
    date of birth with (a twin would rightly go to review rather than link)."""
    known_to_social_care = exists().where(
        SourceIdentifier.child_id == Child.id,
        SourceIdentifier.source == SourceType.LA_SOCIAL_CARE,
    )
    query = (
        select(func.min(Child.id))
        .group_by(Child.family_name, Child.date_of_birth)
        .having(func.count() == 1)
        .where(~known_to_social_care)
        .order_by(func.min(Child.id))
        .limit(1)
    )
    return int(session.scalars(query).one())


def _social_care_row_for(session: Session, child_id: int) -> dict[str, str]:
    """The child's own details as a social care feed row, with a reference nobody holds."""
    query = (
        select(Child, Address, LocalAuthority.code)
        .join(Address, Address.id == Child.current_address_id)
        .join(LocalAuthority, LocalAuthority.id == Child.la_id)
        .where(Child.id == child_id)
    )
    child, address, la_code = session.execute(query).one()
    return {
        "la_reference": NEW_REFERENCE,
        "given_names": child.given_names,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth.isoformat(),
        "gender": GENDER_CODES[child.gender.value],
        "address_line1": address.line1,
        "address_line2": "",
        "town": address.town,
        "postcode": address.postcode,
        "la_code": la_code,
    }


def test_a_row_with_a_new_identifier_links_to_its_generated_child(
    settings: Settings,
    sessions: sessionmaker[Session],
    model_json: tuple[dict[str, Any], int],
    tmp_path: Path,
) -> None:
    with sessions() as session:
        engine: Any = session.get_bind()
    populate(engine, settings, seed=7, children=600, local_authorities=1, as_of=AS_OF)
    add_model(sessions, model_json)
    with sessions() as session:
        child_id = _unmistakable_child(session)
        row = _social_care_row_for(session, child_id)
    feed = write_feed(tmp_path / "la_social_care.csv", SourceType.LA_SOCIAL_CARE, [row])

    report = ingest(sessions, SourceType.LA_SOCIAL_CARE, feed)

    assert report.outcomes["linked"] == 1, report.outcomes
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Child)) == 600
        holder = select(SourceIdentifier.child_id).where(SourceIdentifier.value == NEW_REFERENCE)
        assert session.scalar(holder) == child_id
