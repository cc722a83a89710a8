"""Source feed files from the synthetic population, with realistic errors and the ground truth.

The same seed gives the same children as `populate`, so a feed's identifiers match the
database's. Each source sees its own subset of children and makes its own mistakes, at
its own rates (docs/feeds.md). ground_truth.csv says which child each row really is.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from contactpoint.children.models import SourceType
from contactpoint.feeds.formats import FORMATS, Column
from contactpoint.synthetic.feed_rows import PROFILES, FeedRow, rows_for
from contactpoint.synthetic.population import Plan, areas, seeded
from contactpoint.synthetic.progress import progress_bar

GROUND_TRUTH = "ground_truth.csv"
GROUND_TRUTH_COLUMNS = ("source", "line", "child_key", "errors")


@dataclass(frozen=True)
class FeedSummary:
    children: int
    rows: dict[SourceType, int]
    seconds: float


def write_feeds(
    directory: Path, plan: Plan, *, progress: bool = False, first: int | None = None
) -> FeedSummary:
    """Write one CSV per source plus ground_truth.csv into `directory`, streaming.

    `first` stops after that many children of the plan, in population order: the rows
    are the same as the whole plan's first rows, so a large index can be matched
    against a feed without writing feeds for every child in it.
    """
    wanted = plan.children if first is None else min(first, plan.children)
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    lines = dict.fromkeys(PROFILES, 1)  # the header is line 1, as feed acknowledgements count
    children = 0
    with (
        ExitStack() as files,
        progress_bar(wanted, "Writing feeds", enabled=progress) as advance,
    ):
        writers = {
            source: _writer(files, directory / FORMATS[source].file_name, FORMATS[source].columns)
            for source in PROFILES
        }
        truth = csv.writer(files.enter_context(_open(directory / GROUND_TRUTH)))
        truth.writerow(GROUND_TRUTH_COLUMNS)
        for row in _rows(plan):
            if row is None:
                children += 1
                if children % 10_000 == 0:
                    advance(children)
                if children >= wanted:
                    break
                continue
            lines[row.source] += 1
            writers[row.source].writerow(row.values)
            truth.writerow(
                (row.source.value, lines[row.source], row.child_key, ";".join(row.errors))
            )
        advance(children)
    rows = {source: count - 1 for source, count in lines.items()}
    return FeedSummary(children, rows, time.perf_counter() - started)


def _rows(plan: Plan) -> Iterator[FeedRow | None]:
    """Every feed row in population order; None after each child (for progress)."""
    for area, families in areas(plan):
        rng = seeded(plan.seed, "feeds", area.la.code)
        for household in families:
            for child in household.children:
                yield from rows_for(rng, household, child)
                yield None


def _open(path: Path) -> TextIO:
    return path.open("w", newline="", encoding="utf-8")


def _writer(files: ExitStack, path: Path, columns: tuple[Column, ...]) -> csv.DictWriter[str]:
    writer = csv.DictWriter(files.enter_context(_open(path)), [c.name for c in columns])
    writer.writeheader()
    return writer
