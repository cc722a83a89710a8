"""`contactpoint matching …`: train the model, work the review queue, merge, data quality."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.writer import SYSTEM, Actor
from contactpoint.cli.common import OperatorError, load_settings, open_database
from contactpoint.db import make_sessionmaker, transaction

app = typer.Typer(
    help="Identity matching: model, review queue, merges, data quality.", no_args_is_help=True
)
REVIEWER_ROLE = "la_contactpoint_manager"


def _factory() -> sessionmaker[Session]:
    return make_sessionmaker(open_database(load_settings()))


@app.command("train")
def train(
    feeds: Annotated[
        list[Path],
        typer.Argument(
            exists=True, dir_okay=False, help="Feed files, named as the generator names them."
        ),
    ],
    upper: Annotated[float, typer.Option(help="Match weight at or above which rows link.")] = 6.0,
    lower: Annotated[
        float, typer.Option(help="Match weight below which rows become new children.")
    ] = 0.0,
) -> None:
    """Train a new model version (EM) on feed files and make it the one new feeds use."""
    from contactpoint.feeds.formats import FORMATS
    from contactpoint.matching.model import save_model
    from contactpoint.matching.training import train_from_files

    by_name = {fmt.file_name: source for source, fmt in FORMATS.items()}
    unknown = [f.name for f in feeds if f.name not in by_name]
    if unknown:
        raise OperatorError(
            f"cannot tell the source of {', '.join(unknown)}: name it like {sorted(by_name)}"
        )
    settings, rows = train_from_files([(by_name[f.name], f) for f in feeds], as_of=date.today())
    with transaction(_factory()) as session:
        model = save_model(
            session, settings, trained_on_rows=rows, upper=upper, lower=lower, by=SYSTEM
        )
        Console().print(f"Model version {model.version} trained on {rows} rows.")


@app.command("review")
def review(la_id: Annotated[int | None, typer.Option(help="Only this LA's queue.")] = None) -> None:
    """List pairs waiting for a data manager, strongest first."""
    from contactpoint.matching.queries import review_queue

    with _factory()() as session:
        items = review_queue(session, la_id=la_id)
    table = Table("decision", "match weight", "status", "LA")
    for item in items:
        table.add_row(
            str(item.decision_id),
            f"{item.match_weight:.1f}" if item.match_weight is not None else "-",
            item.status.value,
            str(item.la_id),
        )
    Console().print(table)


@app.command("show")
def show(decision_id: int) -> None:
    """One pair side by side, with each field's weight (the waterfall)."""
    from contactpoint.matching.queries import review_pair

    with _factory()() as session:
        pair = review_pair(session, decision_id)
    if pair is None:
        raise OperatorError(f"decision {decision_id} is not a review pair")
    table = Table("", "incoming", "candidate")
    for name in (
        "cp_id",
        "given_names",
        "family_name",
        "date_of_birth",
        "gender",
        "address",
        "postcode",
    ):
        table.add_row(name, str(getattr(pair.incoming, name)), str(getattr(pair.candidate, name)))
    console = Console()
    console.print(table)
    weights = Table("field", "weight", "running total")
    for bar in pair.bars:
        weights.add_row(bar.field, f"{bar.weight:+.2f}", f"{bar.cumulative:.2f}")
    console.print(weights)


@app.command("decide")
def decide(
    decision_id: int,
    choice: Annotated[str, typer.Argument(help="link, not-same or defer")],
    user_id: Annotated[int, typer.Option(help="The data manager deciding (their user id).")],
    la_id: Annotated[int | None, typer.Option(help="Their LA.")] = None,
) -> None:
    """Decide a queued pair: link (merge the records), not-same, or defer."""
    from contactpoint.matching.actions import MergeError, ReviewChoice, ReviewError, decide_review

    try:
        picked = ReviewChoice(choice)
        with transaction(_factory()) as session:
            by = Actor(user_id=user_id, role=REVIEWER_ROLE, la_id=la_id)
            decide_review(session, decision_id=decision_id, choice=picked, by=by)
    except (ValueError, ReviewError, MergeError) as error:
        raise OperatorError(str(error)) from None
    Console().print(f"Decision {decision_id}: {picked.value}.")


@app.command("unmerge")
def unmerge(
    merge_id: int,
    user_id: Annotated[int, typer.Option(help="The data manager undoing the merge.")],
) -> None:
    """Undo a merge: both children restored exactly, with their involvements."""
    from contactpoint.matching.actions import MergeError, unmerge_children

    try:
        with transaction(_factory()) as session:
            unmerge_children(
                session, merge_id=merge_id, by=Actor(user_id=user_id, role=REVIEWER_ROLE)
            )
    except MergeError as error:
        raise OperatorError(str(error)) from None
    Console().print(f"Merge {merge_id} undone.")


@app.command("quality")
def quality() -> None:
    """Data-quality figures per LA and source."""
    from contactpoint.matching.quality import feed_quality, stale_involvements

    with _factory()() as session:
        figures = feed_quality(session)
        stale = stale_involvements(session, today=date.today())
    table = Table(
        "LA",
        "source",
        "rows",
        "rejected",
        "rate",
        "missing fields",
        "conflicts",
        "possible duplicates",
        "stale involvements",
    )
    for f in figures:
        table.add_row(
            f.la_code,
            f.source,
            str(f.rows),
            str(f.rejected),
            f"{f.rejection_rate:.2%}",
            str(f.missing_fields),
            str(f.conflicts),
            str(f.possible_duplicates),
            str(stale.get(f.la_code, 0)),
        )
    Console().print(table)


@app.command("rebuild-keys")
def rebuild_keys(
    batch_size: Annotated[int, typer.Option(min=1, help="Children per transaction.")] = 20_000,
) -> None:
    """(Re)build the blocking keys of every active child: after a bulk load or a key change.

    Safe to run again after an interruption: each batch replaces its children's keys.
    """
    from contactpoint.matching import rebuild
    from contactpoint.synthetic.progress import progress_bar

    sessions = _factory()
    with sessions() as session:
        total = rebuild.active_children(session)
    with progress_bar(total, "Rebuilding matching keys", enabled=True) as advance:
        summary = rebuild.rebuild_keys(sessions, batch=batch_size, advance=advance)
    Console().print(
        f"Rebuilt {summary.keys:,} matching keys for {summary.children:,} children in "
        f"{summary.seconds:.1f} s ({summary.rate:,.0f} children/s)."
    )
