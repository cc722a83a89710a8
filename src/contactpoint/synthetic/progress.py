"""A Rich progress bar that shows children per second, or nothing when output is not wanted."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


@contextmanager
def progress_bar(total: int, label: str, *, enabled: bool) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar with the rate; `advance(done)` moves it. Silent when disabled."""
    if not enabled:
        yield lambda done: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns) as bar:
        task = bar.add_task(label, total=total, rate="")
        started = time.perf_counter()

        def advance(done: int) -> None:
            per_second = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=done, rate=f"{per_second:>8,.0f} children/s")

        yield advance
