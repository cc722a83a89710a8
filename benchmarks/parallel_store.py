"""One loader process: the project's Store, with ids reserved in a short transaction of their own.

`synthetic.store.Store.write` reserves ContactPoint ID numbers and row ids inside the batch's
transaction, holding table locks until commit, so two writers would take turns. Here the
reservation commits at once (under an advisory lock shared by the loaders, since sequences
are jumped with setval) and the batch's build and COPY run alongside the other writer's.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

from benchmarks import national
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from contactpoint import catalogue  # noqa: F401
from contactpoint.children.ids import IdMinter, reserve_sequence
from contactpoint.db import make_engine
from contactpoint.synthetic import rows
from contactpoint.synthetic.load import batches
from contactpoint.synthetic.population import Plan, areas
from contactpoint.synthetic.specs import HouseholdSpec
from contactpoint.synthetic.store import Store
from contactpoint.types import utcnow

RESERVING = 7_110_001  # the advisory lock key the loaders share


class ParallelStore(Store):
    trusted = False  # skip foreign-key triggers: the generator's rows are consistent by design

    def write_counted(self, households: list[HouseholdSpec]) -> dict[str, int]:
        """Write these families; rows written per table, and search and matching key rows."""
        needed = rows.counts(households)
        with self.engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": RESERVING})
            with Session(bind=connection) as session:
                sequence = reserve_sequence(session, needed["children"])
            ids = {
                table: _jump(connection, table, count)
                for table, count in needed.items()
                if table != "child_carers"
            }
        with self.engine.begin() as connection:
            if self.trusted:
                connection.execute(text("SET LOCAL session_replication_role = replica"))
            built = rows.build(
                households,
                ids=ids,
                cp_ids=(self.minter.mint(number) for number in sequence),
                la_id=self.la_ids.__getitem__,
                organisation_id=self.organisation_ids.__getitem__,
                now=utcnow(),
            )
            keys = self.insert_built(connection, built)
        return {**{t: len(r) for t, r in built.items()}, **keys}


def _jump(connection: Connection, table: str, count: int) -> Iterator[int]:
    if count == 0:
        return iter(())
    sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table})
    query = text("SELECT setval(:s, nextval(:s) + :n - 1)")
    end = int(connection.scalar(query, {"s": sequence, "n": count}))
    return iter(range(end - count + 1, end + 1))


def write_areas(  # noqa: PLR0917 (submitted to a process pool, which passes positionally)
    url: str,
    seed: int,
    children: int,
    authorities: int,
    as_of: str,
    mine: frozenset[int],
    trusted: bool,
) -> tuple[dict[str, int], list[tuple[float, int]]]:
    """Generate and write the authorities numbered in `mine`; rows per table, (time, children)
    per batch."""
    settings = national.settings_for(url)
    engine = make_engine(url)
    store = ParallelStore(engine, IdMinter(settings.secret("id_key")))
    store.trusted = trusted
    plan = Plan(seed, children, authorities, date.fromisoformat(as_of))
    written: dict[str, int] = {}
    timeline: list[tuple[float, int]] = []
    for index, (area, families) in enumerate(areas(plan)):
        if index not in mine:
            continue  # families are generated lazily: a skipped authority costs nothing
        store.add_area(area)
        for batch in batches(families, 10_000):
            counts = store.write_counted(batch)
            for table, count in counts.items():
                written[table] = written.get(table, 0) + count
            timeline.append((time.time(), counts["children"]))
    engine.dispose()
    return written, timeline
