"""Clerical review of possible duplicates, and the data-quality page.

LA data managers (DATA_QUALITY) reach only their LA: the queue, each pair and the figures are
filtered by it in SQL, and another LA's pair is a 404. National administrators
(MATCHING_REVIEW) reach every LA. The decisions themselves are matching/actions.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.authz.dependencies import PERMISSION_ATTRIBUTE, require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.matching import charts, page_data
from contactpoint.matching.actions import MergeError, ReviewChoice, ReviewError, decide_review
from contactpoint.matching.queries import ReviewPair, review_queue
from contactpoint.organisations.models import LocalAuthority
from contactpoint.types import utcnow
from contactpoint.web.forms import PostedForm
from contactpoint.web.paths import RowId
from contactpoint.web.sessions import db_session, request_meta
from contactpoint.web.templating import render

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
CHOICES = {
    ReviewChoice.LINK: "Link: they are the same child (merge the records)",
    ReviewChoice.NOT_SAME: "Not the same child (keep both records)",
    ReviewChoice.DEFER: "Defer: decide later (keep it in the queue)",
}
DONE = {
    "link": "The records have been linked",
    "not-same": "Recorded as not the same child: both records are kept",
    "defer": "Deferred: the pair stays in the queue",
    "closed": "That pair had already been decided",
}


@dataclass(frozen=True)
class Reviewer:
    principal: Principal
    la_id: int | None  # None: national reach


def require_either(national: Permission, local: Permission) -> Callable[[Request], Reviewer]:
    """National reach with `national`, else the principal's own LA with `local`.

    Adapter: authz.require takes one permission; the route declares `national` for the
    route-permission test and this check also admits `local`, scoped to the LA.
    """
    national_check, local_check = require(national), require(local)

    def check(request: Request) -> Reviewer:
        try:
            return Reviewer(national_check(request), la_id=None)
        except HTTPException:
            principal = local_check(request)
            if principal.la_id is None:
                raise HTTPException(status_code=403) from None
            return Reviewer(principal, la_id=principal.la_id)

    setattr(check, PERMISSION_ATTRIBUTE, national)
    return check


DataManager = Annotated[
    Reviewer, Depends(require_either(Permission.MATCHING_REVIEW, Permission.DATA_QUALITY))
]


@router.get("/matching/review", response_class=HTMLResponse)
def queue(reviewer: DataManager, request: Request, db: DB, decided: str = "") -> HTMLResponse:
    items = review_queue(db, la_id=reviewer.la_id)
    la_ids = {item.la_id for item in items}
    found = db.execute(
        select(LocalAuthority.id, LocalAuthority.name).where(LocalAuthority.id.in_(la_ids))
    )
    names: dict[int, str] = dict(found.all())
    context = {"items": items, "la_names": names, "national": reviewer.la_id is None}
    context |= {"done": DONE.get(decided), "done_ok": decided != "closed"}
    context["title"] = "Possible duplicates to review"
    return render(request, "matching/queue.html", context)


def _pair(db: Session, reviewer: Reviewer, decision_id: int) -> ReviewPair:
    pair = page_data.pair_in_scope(db, decision_id, la_id=reviewer.la_id)
    if pair is None:
        raise HTTPException(status_code=404)
    return pair


@router.get("/matching/review/{decision_id}", response_class=HTMLResponse)
def pair_page(decision_id: RowId, reviewer: DataManager, request: Request, db: DB) -> HTMLResponse:
    return _pair_page(request, db, reviewer, _pair(db, reviewer, decision_id), problem=None)


@router.post("/matching/review/{decision_id}", response_class=HTMLResponse)
def decide(
    decision_id: RowId, reviewer: DataManager, request: Request, db: DB, form: PostedForm
) -> Response:
    pair = _pair(db, reviewer, decision_id)
    picked = str(form.get("choice", ""))[:20]
    if picked not in set(ReviewChoice):
        return _pair_page(request, db, reviewer, pair, problem="Select what you have decided")
    try:
        by = reviewer.principal.actor()
        decide_review(db, decision_id=pair.decision_id, choice=ReviewChoice(picked), by=by)
        db.commit()
    except (ReviewError, MergeError):
        db.rollback()
        picked = "closed"
    return RedirectResponse(f"/matching/review?decided={picked}", status_code=303)


def _pair_page(
    request: Request, db: Session, reviewer: Reviewer, pair: ReviewPair, *, problem: str | None
) -> HTMLResponse:
    """Both children side by side: read, audited as seen, committed, then shown."""
    rows = _comparison(db, pair)
    by, meta = reviewer.principal.actor(), request_meta(request)
    page_data.record_pair_shown(db, pair, by=by, meta=meta)
    db.commit()
    steps = charts.waterfall_steps(pair.bars)
    context: dict[str, Any] = {
        "title": ("Error: " if problem else "") + f"Possible duplicate {pair.decision_id}",
        "pair": pair,
        "rows": rows,
        "probability": _probability(pair.match_weight),
        "steps": steps,
        "waterfall": charts.waterfall_svg(steps),
        "choices": CHOICES,
        "open": pair.status.value in {"pending", "deferred"},
        "problem": problem,
    }
    return render(request, "matching/pair.html", context, status_code=400 if problem else 200)


def _comparison(db: Session, pair: ReviewPair) -> list[tuple[str, str, str]]:
    sides = (pair.incoming, pair.candidate)
    fields = {
        "ContactPoint ID": "cp_id",
        "Given names": "given_names",
        "Family name": "family_name",
        "Date of birth": "date_of_birth",
        "Gender": "gender",
        "Address": "address",
        "Postcode": "postcode",
    }
    rows = [(label, *(str(getattr(s, name)) for s in sides)) for label, name in fields.items()]
    rows.insert(3, ("Other names", *(page_data.other_names(db, side) for side in sides)))
    return [(label, one or "Not known", two or "Not known") for label, one, two in rows]


def _probability(weight: float | None) -> str:
    """Splink's match probability from the match weight (log2 of the odds)."""
    if weight is None:
        return "Not scored"
    return f"{2**weight / (1 + 2**weight):.1%}"


@router.get("/matching/quality", response_class=HTMLResponse)
def quality(reviewer: DataManager, request: Request, db: DB) -> HTMLResponse:
    report = page_data.quality_report(db, la_id=reviewer.la_id, today=utcnow().date())
    rates = [(s.source, s.rejection_rate) for s in report.by_source]
    missing = [(s.source, float(s.missing_fields)) for s in report.by_source]
    context = {
        "title": "Data quality",
        "report": report,
        "national": reviewer.la_id is None,
        "rejection_chart": charts.bar_chart_svg("Rejection rate by source", rates, percent=True),
        "missing_chart": charts.bar_chart_svg("Missing fields by source", missing, percent=False),
    }
    return render(request, "matching/quality.html", context)
