"""Asking the child's LA team to broker contact, the team's queue, and the requester's own
list of requests (/my/requests, which also shows their shielding requests)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from contactpoint.access import reasoned
from contactpoint.access.grants import resolve_grant
from contactpoint.audit import writer
from contactpoint.authz.dependencies import require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.brokering import actions, events, queries, schemas
from contactpoint.brokering.models import BrokeringStatus
from contactpoint.children.record import LimitedRecord, load_full, load_limited
from contactpoint.organisations.models import Organisation
from contactpoint.shielding import queries as shielding_queries
from contactpoint.shielding.schemas import REASON_LABELS as SHIELDING_REASONS
from contactpoint.types import utcnow
from contactpoint.web.forms import PostedForm
from contactpoint.web.paths import RowId
from contactpoint.web.sessions import db_session, request_meta
from contactpoint.web.templating import render

router = APIRouter()
DB = Annotated[Session, Depends(db_session)]
Requester = Annotated[Principal, Depends(require(Permission.BROKERING_REQUEST))]
Team = Annotated[Principal, Depends(require(Permission.BROKERING_HANDLE))]
FIELD_LIMIT = 40  # longer answers are refused by the schemas, never stored
SENT = {
    "brokering": "Your request has been sent to the child's local authority ContactPoint team",
    "shielding": "Your request has been sent to the local authority's shielding officers",
}


def _granted_child(db: Session, principal: Principal, token: str) -> LimitedRecord:
    child = load_limited(db, resolve_grant(db, principal=principal, token=token), la_scope=None)
    if child is None:
        raise HTTPException(status_code=404)
    return child


def _form(form: FormData, names: tuple[str, ...]) -> dict[str, str]:
    return {name: str(form.get(name, ""))[:FIELD_LIMIT] for name in names}


def _page(request: Request, template: str, title: str, **context: Any) -> HTMLResponse:
    problems = context.get("problems") or {}
    context["title"] = ("Error: " if problems else "") + title
    return render(request, template, context, status_code=400 if problems else 200)


@router.get("/children/{token}/broker", response_class=HTMLResponse)
def broker_page(token: str, principal: Requester, request: Request, db: DB) -> Response:
    return _broker_page(request, db, principal, token, values={}, problems={})


@router.post("/children/{token}/broker", response_class=HTMLResponse)
def broker_submit(
    token: str, principal: Requester, request: Request, db: DB, posted: PostedForm
) -> Response:
    child = _granted_child(db, principal, token)
    values = _form(posted, ("purpose", "reference"))
    try:
        form = schemas.ContactRequest.model_validate(values)
    except ValidationError as error:
        problems = schemas.problems(error)
        return _broker_page(request, db, principal, token, values=values, problems=problems)
    by, meta = principal.actor(), request_meta(request)
    actions.request_contact(db, child_id=child.child_id, form=form, by=by, meta=meta)
    db.commit()
    return RedirectResponse("/my/requests?sent=brokering", status_code=303)


def _broker_page(
    request: Request,
    db: Session,
    principal: Principal,
    token: str,
    *,
    values: dict[str, str],
    problems: dict[str, str],
) -> Response:
    """The request form shows the child: gated and audited as a view (access/reasoned.py)."""
    seen = reasoned.granted(db, principal, token)
    refused = reasoned.admit(db, request, principal, seen)
    organisation = db.get(Organisation, principal.organisation_id)
    db.commit()  # the view event (or a limit reached)
    if refused is not None:
        return refused
    return _page(
        request,
        "brokering/request.html",
        "Ask the local authority to put you in touch",
        token=token,
        child=seen.child,
        organisation=organisation,
        purposes=schemas.PURPOSE_LABELS,
        values=values,
        problems=problems,
    )


@router.get("/my/requests", response_class=HTMLResponse)
def my_requests(principal: Requester, request: Request, db: DB) -> HTMLResponse:
    brokering = queries.requests_by(db, principal.user_id)
    shielding = shielding_queries.requests_by(db, principal.user_id)
    shown = sorted({child.id for _, child in brokering} | {child.id for _, child in shielding})
    listed = events.RequestsListed(child_refs=shown)
    by, meta = principal.actor(), request_meta(request)
    writer.record(db, "brokering:requests:listed", listed, by=by, meta=meta)
    db.commit()  # the children shown are audited before the page leaves
    return _page(
        request,
        "brokering/my_requests.html",
        "Your requests",
        sent=SENT.get(request.query_params.get("sent", "")),
        brokering=brokering,
        shielding=shielding,
        purposes=schemas.PURPOSE_LABELS,
        outcomes=schemas.OUTCOME_LABELS,
        reasons=SHIELDING_REASONS,
    )


@router.get("/la/brokering", response_class=HTMLResponse)
def queue(principal: Team, request: Request, db: DB) -> HTMLResponse:
    rows = queries.open_in_la(db, principal.la_id)
    return _page(
        request,
        "brokering/queue.html",
        "Brokering requests",
        rows=rows,
        purposes=schemas.PURPOSE_LABELS,
    )


def _request_in_la(db: Session, principal: Principal, request_id: int) -> Any:
    found = queries.request_in_la(db, principal.la_id, request_id)
    if found is None:
        raise HTTPException(status_code=404)
    return found


@router.get("/la/brokering/{request_id}", response_class=HTMLResponse)
def request_page(request_id: RowId, principal: Team, request: Request, db: DB) -> HTMLResponse:
    found = _request_in_la(db, principal, request_id)
    return _request_page(request, db, principal, found, values={}, problems={})


@router.post("/la/brokering/{request_id}", response_class=HTMLResponse)
def close(
    request_id: RowId, principal: Team, request: Request, db: DB, posted: PostedForm
) -> Response:
    found = _request_in_la(db, principal, request_id)
    values = _form(posted, ("outcome", "reference"))
    try:
        closing = schemas.Closing.model_validate(values)
    except ValidationError as error:
        problems = schemas.problems(error)
        return _request_page(request, db, principal, found, values=values, problems=problems)
    if found[0].status is BrokeringStatus.OPEN:
        try:
            by, meta = principal.actor(), request_meta(request)
            actions.close_request(db, request=found[0], closing=closing, by=by, meta=meta)
            db.commit()
        except actions.AlreadyClosedError:
            db.rollback()
    return RedirectResponse(f"/la/brokering/{request_id}", status_code=303)


def _request_page(
    request: Request,
    db: Session,
    principal: Principal,
    found: Any,
    *,
    values: dict[str, str],
    problems: dict[str, str],
) -> HTMLResponse:
    """The request with the child's full record: read, audited as opened, committed, shown."""
    broker_request, child, requester, organisation = found
    limited = load_limited(db, child.id, la_scope=None)
    record = load_full(db, limited, show_sensitive=True, today=utcnow().date()) if limited else None
    by, meta = principal.actor(), request_meta(request)
    actions.open_request(db, request=broker_request, by=by, meta=meta)
    db.commit()
    return _page(
        request,
        "brokering/handle.html",
        f"Brokering request {broker_request.id}",
        broker_request=broker_request,
        child=child,
        record=record,
        requester=requester,
        organisation=organisation,
        purposes=schemas.PURPOSE_LABELS,
        outcomes=schemas.OUTCOME_LABELS,
        values=values,
        problems=problems,
    )
