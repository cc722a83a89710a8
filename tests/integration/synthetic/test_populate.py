"""`populate` writes a whole, consistent population into the real database, batch by batch."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactpoint.children import ids
from contactpoint.children.models import (
    Child,
    ChildAddress,
    ChildOtherName,
    SourceIdentifier,
    SourceType,
)
from contactpoint.children.search_keys import ChildSearchKey, reindex_all
from contactpoint.config import Settings
from contactpoint.involvements.models import Involvement
from contactpoint.organisations.models import LocalAuthority, Organisation, OrganisationKind
from contactpoint.synthetic.load import populate
from contactpoint.synthetic.store import PopulationExistsError
from tests.conftest import clean

AS_OF = date(2026, 1, 10)


def generate(settings: Settings, session: Session, **overrides: int) -> None:
    options = {"seed": 11, "children": 1500, "local_authorities": 2, "batch_children": 400}
    options |= overrides
    summary = populate(session.get_bind(), settings, as_of=AS_OF, **options)  # type: ignore[arg-type]
    assert summary.children == options["children"]
    assert summary.rate > 0


def test_every_child_is_written_with_a_valid_unique_contactpoint_id(
    settings: Settings, session: Session
) -> None:
    generate(settings, session)
    cp_ids = session.scalars(select(Child.cp_id)).all()
    assert len(cp_ids) == 1500
    assert len(set(cp_ids)) == 1500
    assert all(ids.is_valid(cp_id) for cp_id in cp_ids)
    las = session.scalars(select(LocalAuthority.code)).all()
    assert sorted(las) == ["E08000004", "E08000005"]


def test_every_child_has_an_address_a_gp_identifiers_and_search_keys(
    settings: Settings, session: Session
) -> None:
    generate(settings, session)
    with_address = session.scalar(select(func.count()).where(Child.current_address_id.is_not(None)))
    assert with_address == 1500
    history = session.scalar(select(func.count(func.distinct(ChildAddress.child_id))))
    assert history == 1500
    gp = (
        select(func.count(func.distinct(Involvement.child_id)))
        .join(Organisation)
        .where(Organisation.kind == OrganisationKind.GP_PRACTICE)
    )
    assert session.scalar(gp) == 1500
    sources = Counter(session.scalars(select(SourceIdentifier.source)).all())
    assert sources[SourceType.GP_REGISTRATION] == 1500
    assert 0.6 * 1500 < sources[SourceType.PUPIL_CENSUS] < 0.85 * 1500
    assert session.scalar(select(func.count(func.distinct(ChildSearchKey.child_id)))) == 1500
    assert (session.scalar(select(func.count()).select_from(ChildOtherName)) or 0) > 0


def test_the_same_seed_writes_the_same_children(settings: Settings, session: Session) -> None:
    generate(settings, session)
    first = session.execute(
        select(Child.given_names, Child.family_name, Child.date_of_birth).order_by(Child.id)
    ).all()
    session.rollback()
    clean(session.get_bind())  # type: ignore[arg-type]
    generate(settings, session)
    again = session.execute(
        select(Child.given_names, Child.family_name, Child.date_of_birth).order_by(Child.id)
    ).all()
    assert again == first


def test_generating_into_a_populated_database_is_refused(
    settings: Settings, session: Session
) -> None:
    generate(settings, session, children=200)
    with pytest.raises(PopulationExistsError, match="already holds children"):
        generate(settings, session, children=200)
    assert session.scalar(select(func.count()).select_from(Child)) == 200


def test_bulk_written_search_keys_equal_a_full_reindex(
    settings: Settings, session: Session
) -> None:
    """The loader builds keys from memory; they must be exactly what reindexing derives."""
    generate(settings, session, children=400)
    columns = [c for c in ChildSearchKey.__table__.columns if c.name != "id"]

    def snapshot() -> Counter[tuple[object, ...]]:
        return Counter(tuple(row) for row in session.execute(select(*columns)))

    written = snapshot()
    session.commit()
    reindex_all(session.get_bind())  # type: ignore[arg-type]
    assert snapshot() == written
    assert sum(written.values()) >= 400
