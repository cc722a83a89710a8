"""Generated children carry matching keys, exactly as ingest would have indexed them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.children.models import Child
from contactpoint.config import Settings
from contactpoint.matching.candidates import current_identities
from contactpoint.matching.keys import blocking_keys
from contactpoint.matching.models import MatchingKey
from contactpoint.synthetic.load import populate


def test_every_generated_child_holds_the_blocking_keys_of_its_identity(
    settings: Settings, session: Session
) -> None:
    populate(
        session.get_bind(),  # type: ignore[arg-type]
        settings,
        seed=5,
        children=900,
        local_authorities=2,
        batch_children=300,
        as_of=date(2026, 1, 10),
    )
    child_ids = session.scalars(select(Child.id)).all()
    expected = {
        (child_id, key)
        for child_id, identity in current_identities(session, child_ids)
        for key in blocking_keys(identity)
    }
    held = {
        (child_id, key)
        for child_id, key in session.execute(select(MatchingKey.child_id, MatchingKey.key))
    }
    assert len(child_ids) == 900
    assert {child_id for child_id, _ in expected} == set(child_ids)
    assert held == expected
