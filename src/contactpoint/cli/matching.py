"""`contactpoint matching …`: train the model, work the review queue, merge, data quality."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.writer import record
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.cli.common import OperatorError, load_settings, open_database
from contactpoint.cli.operator import acting_as, require, signed_in
from contactpoint.db import make_sessionmaker, transaction
from contactpoint.matching.events import PairShown
from contactpoint.practitioners.operator import cli_meta

app = typer.Typer(
    help="Identity matching: model, review queue, merges, data quality.", no_args_is_help=True
)


def _factory() -> sessionmaker[Session]:
    return make_sessionmaker(open_database(load_settings()))


def _reviewer(factory: sessionmaker[Session]) -> tuple[Principal, int | None]:
    """As the web: national reach with matching review, or one's own LA with data quality."""
    principal = signed_in(factory)
    if principal.can(Permission.MATCHING_REVIEW):
        return principal, None
    if principal.can(Permission.DATA_QUALITY) and principal.la_id is not None:
        return principal, principal.la_id
    return require(principal, Permission.MATCHING_REVIEW), None  # refuses, naming it


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
    factory = _factory()
    by = acting_as(factory, Permission.MATCHING_CONFIGURE).actor()
    settings, rows = train_from_files([(by_name[f.name], f) for f in feeds], as_of=date.today())
    with transaction(factory) as session:
        model = save_model(session, settings, trained_on_rows=rows, upper=upper, lower=lower, by=by)
        Console().print(f"Model version {model.version} trained on {rows} rows.")


@app.command("review")
def review(
    la_id: Annotated[
        int | None, typer.Option(help="Only this LA's queue (national reach).")
    ] = None,
) -> None:
    """List pairs waiting for a data manager, strongest first (ids and weights, no identities)."""
    from contactpoint.matching.queries import review_queue

    factory = _factory()
    _principal, scope = _reviewer(factory)
    if scope is not None and la_id not in (None, scope):
        raise OperatorError("your role reaches only your own LA's queue")
    with factory() as session:
        items = review_queue(session, la_id=scope or la_id)
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
    """One pair side by side, with each field's weight; audited (both children) before it shows."""
    from contactpoint.matching.page_data import pair_in_scope

    factory = _factory()
    principal, scope = _reviewer(factory)
    with transaction(factory) as session:
        pair = pair_in_scope(session, decision_id, la_id=scope)
        if pair is None:
            raise OperatorError(f"decision {decision_id} is not a review pair you can see")
        for side, child in (("incoming", pair.incoming), ("candidate", pair.candidate)):
            shown = PairShown(decision_id=decision_id, side=side, shielded=child.is_shielded)
            record(
                session,
                "matching:pair:shown",
                shown,
                by=principal.actor(),
                child_ref=child.child_id,
                meta=cli_meta(),
            )
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
    decision_id: int, choice: Annotated[str, typer.Argument(help="link, not-same or defer")]
) -> None:
    """Decide a queued pair as yourself: link (merge the records), not-same, or defer."""
    from contactpoint.matching.actions import MergeError, ReviewChoice, ReviewError, decide_review
    from contactpoint.matching.page_data import pair_in_scope

    factory = _factory()
    principal, scope = _reviewer(factory)
    try:
        picked = ReviewChoice(choice)
        with transaction(factory) as session:
            if pair_in_scope(session, decision_id, la_id=scope) is None:
                raise ReviewError(f"decision {decision_id} is not a review pair you can decide")
            decide_review(session, decision_id=decision_id, choice=picked, by=principal.actor())
    except (ValueError, ReviewError, MergeError) as error:
        raise OperatorError(str(error)) from None
    Console().print(f"Decision {decision_id}: {picked.value}.")


@app.command("unmerge")
def unmerge(merge_id: int) -> None:
    """Undo a merge as yourself (national reach): both children restored, with involvements."""
    from contactpoint.matching.actions import MergeError, unmerge_children
    from contactpoint.matching.models import ChildMerge

    factory = _factory()
    by = acting_as(factory, Permission.MATCHING_REVIEW).actor()
    try:
        with transaction(factory) as session:
            if session.get(ChildMerge, merge_id) is None:
                raise MergeError(f"there is no merge {merge_id}")
            unmerge_children(session, merge_id=merge_id, by=by)
    except MergeError as error:
        raise OperatorError(str(error)) from None
    Console().print(f"Merge {merge_id} undone.")


@app.command("quality")
def quality() -> None:
    """Data-quality figures per LA and source (counts only; LA reach: your LA's rows)."""
    from contactpoint.matching.quality import feed_quality, stale_involvements
    from contactpoint.organisations.models import LocalAuthority

    factory = _factory()
    _principal, scope = _reviewer(factory)
    with factory() as session:
        figures = feed_quality(session)
        stale = stale_involvements(session, today=date.today())
        if scope is not None:
            code = session.get_one(LocalAuthority, scope).code
            figures = [f for f in figures if f.la_code == code]
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
