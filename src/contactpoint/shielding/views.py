"""Asking for a shield (any practitioner), and the LA shielding officers' queue: decisions and
reviews. Officers reach only their own LA's children: queries filter by it in SQL."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from contactpoint.access import reasoned
from contactpoint.access.grants import issue_grants, resolve_grant
from contactpoint.audit.writer import record
from contactpoint.authz.dependencies import require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.children.models import Child, RecordStatus
from contactpoint.children.record import LimitedRecord
from contactpoint.shielding import actions, criteria, events, queries, schemas
from contactpoint.shielding.models import RequestStatus, ShieldChange
from contactpoint.types import utcnow
from contactpoint.web.forms import PostedForm
from contactpoint.web.paths import RowId
from contactpoint.web.sessions import db_session, request_meta
from contactpoint.web.templating import render

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Requester = Annotated[Principal, Depends(require(Permission.SHIELD_REQUEST))]
Officer = Annotated[Principal, Depends(require(Permission.SHIELD_DECIDE))]
FIELD_LIMIT = 40  # longer answers are refused by the schemas, never stored


def _granted_child(db: Session, principal: Principal, token: str) -> Child:
    child = db.get(Child, resolve_grant(db, principal=principal, token=token))
    if child is None or child.status is not RecordStatus.ACTIVE:
        raise HTTPException(status_code=404)
    return child


def _form(form: FormData, names: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {name: str(form.get(name, ""))[:FIELD_LIMIT] for name in names}
    if "criteria" in names:
        values["criteria"] = [str(code)[:FIELD_LIMIT] for code in form.getlist("criteria")]
    return values


def _page(request: Request, template: str, title: str, **context: Any) -> HTMLResponse:
    problems = context.get("problems") or {}
    context["title"] = ("Error: " if problems else "") + title
    return render(request, template, context, status_code=400 if problems else 200)


@router.get("/children/{token}/shielding-request", response_class=HTMLResponse)
def request_page(token: str, principal: Requester, request: Request, db: DB) -> Response:
    return _request_page(request, db, principal, token, values={}, problems={})


@router.post("/children/{token}/shielding-request", response_class=HTMLResponse)
def request_submit(
    token: str, principal: Requester, request: Request, db: DB, posted: PostedForm
) -> Response:
    child = _granted_child(db, principal, token)
    values = _form(posted, ("reason", "reference"))
    try:
        form = schemas.ChangeRequest.model_validate(values)
    except ValidationError as error:
        problems = schemas.problems(error)
        return _request_page(request, db, principal, token, values=values, problems=problems)
    if queries.pending_request(db, child.id, _change_for(child)) is None:
        meta = request_meta(request)
        actions.request_change(db, child=child, form=form, by=principal.actor(), meta=meta)
        db.commit()
    return RedirectResponse("/my/requests?sent=shielding", status_code=303)


def _change_for(child: Child | LimitedRecord) -> ShieldChange:
    return ShieldChange.UNSHIELD if child.is_shielded else ShieldChange.SHIELD


def _request_page(
    request: Request,
    db: Session,
    principal: Principal,
    token: str,
    *,
    values: dict[str, Any],
    problems: dict[str, str],
) -> Response:
    """The form tells whether the child is shielded: gated and audited as a view."""
    seen = reasoned.granted(db, principal, token)
    refused = reasoned.admit(db, request, principal, seen)
    child, change = seen.child, _change_for(seen.child)
    pending = queries.pending_request(db, child.child_id, change) is not None
    db.commit()  # the view event (or a limit reached)
    if refused is not None:
        return refused
    title = "Ask for this record to be " + ("unshielded" if child.is_shielded else "shielded")
    return _page(
        request,
        "shielding/request.html",
        title,
        token=token,
        child=child,
        change=change.value,
        pending=pending,
        reasons=schemas.REASON_LABELS,
        values=values,
        problems=problems,
    )


@router.get("/la/shielding", response_class=HTMLResponse)
def queue(principal: Officer, request: Request, db: DB) -> HTMLResponse:
    pending = queries.pending_in_la(db, principal.la_id)
    due = queries.reviews_due(db, principal.la_id, utcnow().date())
    tokens = issue_grants(db, principal=principal, child_ids=[child.id for child, _ in due])
    shown = sorted({child.id for _, child in pending} | {child.id for child, _ in due})
    listed = events.QueueViewed(child_refs=shown)
    by, meta = principal.actor(), request_meta(request)
    record(db, "shielding:queue:viewed", listed, by=by, meta=meta)
    db.commit()  # the grants, and the children shown audited, before the page leaves
    return _page(
        request,
        "shielding/queue.html",
        "Shielding requests and reviews",
        pending=pending,
        due=[(child, review_on, tokens[child.id]) for child, review_on in due],
        today=utcnow().date(),
        reasons=schemas.REASON_LABELS,
    )


def _request_in_la(db: Session, principal: Principal, request_id: int) -> Any:
    found = queries.request_in_la(db, principal.la_id, request_id)
    if found is None:
        raise HTTPException(status_code=404)
    return found


@router.get("/la/shielding/{request_id}", response_class=HTMLResponse)
def decision_page(request_id: RowId, principal: Officer, request: Request, db: DB) -> HTMLResponse:
    found = _request_in_la(db, principal, request_id)
    return _decision_page(request, db, principal, found, values={}, problems={})


@router.post("/la/shielding/{request_id}", response_class=HTMLResponse)
def decide(
    request_id: RowId, principal: Officer, request: Request, db: DB, posted: PostedForm
) -> Response:
    found = _request_in_la(db, principal, request_id)
    shield_request, child, _ = found
    values = _form(posted, ("decision", "reason", "reference", "review_on", "criteria"))
    try:
        decision = schemas.Decision.model_validate(values)
        problems = schemas.decision_problems(
            decision, shielding=shield_request.change is ShieldChange.SHIELD, today=utcnow().date()
        )
    except ValidationError as error:
        problems = schemas.problems(error)
    if problems:
        return _decision_page(request, db, principal, found, values=values, problems=problems)
    if shield_request.status is RequestStatus.PENDING:
        try:
            actions.decide(
                db,
                request=shield_request,
                child=child,
                decision=decision,
                by=principal.actor(),
                meta=request_meta(request),
            )
            db.commit()
        except actions.AlreadyDecidedError:
            db.rollback()
    return RedirectResponse(f"/la/shielding/{request_id}", status_code=303)


def _decision_page(
    request: Request,
    db: Session,
    principal: Principal,
    found: Any,
    *,
    values: dict[str, Any],
    problems: dict[str, str],
) -> HTMLResponse:
    shield_request, child, requester = found
    viewed = events.RequestViewed(request_id=shield_request.id)
    by, meta = principal.actor(), request_meta(request)
    record(db, "shielding:request:viewed", viewed, by=by, child_ref=child.id, meta=meta)
    db.commit()  # the child shown is audited before the page leaves
    return _page(
        request,
        "shielding/decide.html",
        f"Shielding request {shield_request.id}",
        shield_request=shield_request,
        child=child,
        requester=requester,
        reasons=schemas.REASON_LABELS,
        decision_reasons=schemas.DECISION_LABELS,
        criteria=criteria.CRITERIA,
        met=[criteria.CRITERIA[code] for code in criteria.decode(shield_request.criteria_met)],
        values=values,
        problems=problems,
    )


def _shielded_in_la(db: Session, principal: Principal, token: str) -> Any:
    child_id = resolve_grant(db, principal=principal, token=token)
    found = queries.shielded_child_in_la(db, principal.la_id, child_id)
    if found is None:
        raise HTTPException(status_code=404)
    return found


@router.get("/la/shielding/reviews/{token}", response_class=HTMLResponse)
def review_page(token: str, principal: Officer, request: Request, db: DB) -> HTMLResponse:
    found = _shielded_in_la(db, principal, token)
    return _review_page(request, db, principal, token, found, values={}, problems={})


@router.post("/la/shielding/reviews/{token}", response_class=HTMLResponse)
def review_submit(
    token: str, principal: Officer, request: Request, db: DB, posted: PostedForm
) -> Response:
    found = _shielded_in_la(db, principal, token)
    child = found[0]
    values = _form(posted, ("outcome", "review_on"))
    try:
        review = schemas.Review.model_validate(values)
        problems = {}
        if review.outcome == "continue":
            problems = schemas.review_date_problem(review.review_on, utcnow().date())
    except ValidationError as error:
        problems = schemas.problems(error)
    if problems:
        return _review_page(request, db, principal, token, found, values=values, problems=problems)
    by, meta = principal.actor(), request_meta(request)
    actions.record_review(db, child=child, review=review, by=by, meta=meta)
    db.commit()
    return RedirectResponse("/la/shielding", status_code=303)


def _review_page(
    request: Request,
    db: Session,
    principal: Principal,
    token: str,
    found: Any,
    *,
    values: dict[str, Any],
    problems: dict[str, str],
) -> HTMLResponse:
    child, review_on = found
    by, meta = principal.actor(), request_meta(request)
    viewed = events.ReviewViewed()
    record(db, "shielding:review:viewed", viewed, by=by, child_ref=child.id, meta=meta)
    db.commit()  # the child shown is audited before the page leaves
    return _page(
        request,
        "shielding/review.html",
        "Review a shield",
        token=token,
        child=child,
        review_on=review_on,
        values=values,
        problems=problems,
    )
