"""`populate`: the synthetic population streamed into the database in bounded batches."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine

from contactpoint.children.ids import IdMinter
from contactpoint.config import Settings
from contactpoint.synthetic.population import Plan, areas
from contactpoint.synthetic.progress import progress_bar
from contactpoint.synthetic.specs import HouseholdSpec
from contactpoint.synthetic.store import Store

BATCH_CHILDREN = 10_000


@dataclass(frozen=True)
class PopulationSummary:
    children: int
    households: int
    local_authorities: int
    organisations: int
    seconds: float

    @property
    def rate(self) -> float:
        """Children written per second."""
        return self.children / self.seconds if self.seconds else 0.0


def populate(
    engine: Engine,
    settings: Settings,
    *,
    seed: int,
    children: int,
    local_authorities: int,
    progress: bool = False,
    as_of: date | None = None,
    batch_children: int = BATCH_CHILDREN,
) -> PopulationSummary:
    """Write a synthetic population; refuses (PopulationExistsError) if children exist already."""
    plan = Plan(seed, children, local_authorities, as_of or date.today())
    store = Store(engine, IdMinter(settings.secret("id_key")))
    store.refuse_if_populated()
    started = time.perf_counter()
    written = households = organisations = 0
    with progress_bar(children, "Generating children", enabled=progress) as advance:
        for area, families in areas(plan):
            organisations += store.add_area(area)
            for batch in batches(families, batch_children):
                written += len(store.write(batch))
                households += len(batch)
                advance(written)
    store.refresh_statistics()
    return PopulationSummary(
        written, households, local_authorities, organisations, time.perf_counter() - started
    )


def batches(families: Iterator[HouseholdSpec], size: int) -> Iterator[list[HouseholdSpec]]:
    """Whole families in lists of about `size` children: the most held in memory at once."""
    batch: list[HouseholdSpec] = []
    held = 0
    for family in families:
        batch.append(family)
        held += len(family.children)
        if held >= size:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
