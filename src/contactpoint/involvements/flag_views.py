"""Ending an involvement, the lead professional (taken, or handed back), and CAF undertaken:
each only on an involvement of the practitioner's own organisation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from contactpoint.authz.principal import Principal
from contactpoint.children.record import LimitedRecord
from contactpoint.involvements import actions, queries, schemas
from contactpoint.involvements.models import Involvement
from contactpoint.involvements.web import (
    DB,
    Recorder,
    granted_child,
    own_involvement,
    page,
    read_form,
    shown_child,
)
from contactpoint.types import utcnow
from contactpoint.web.forms import PostedForm
from contactpoint.web.paths import RowId
from contactpoint.web.sessions import request_meta

router = APIRouter(prefix="/children/{token}/involvements/{involvement_id}")


@dataclass(frozen=True)
class Lead:
    """Who the current lead professional is, as far as this practitioner may know."""

    held: bool
    own_involvement_id: int | None = None
    who: str | None = None  # None when the lead's service is hidden from this practitioner


def lead_description(db: Session, child: LimitedRecord, principal: Principal) -> Lead:
    current = queries.current_lead(db, child.child_id)
    if current is None:
        return Lead(held=False)
    involvement, organisation = current
    if organisation.id == principal.organisation_id:
        return Lead(True, involvement.id, _who(involvement, organisation.name))
    if child.is_shielded or organisation.is_sensitive:
        return Lead(held=True)
    return Lead(held=True, who=_who(involvement, organisation.name))


def _who(involvement: Involvement, organisation: str) -> str:
    named = involvement.practitioner_name
    return f"{named} at {organisation}" if named else organisation


@router.get("/end", response_class=HTMLResponse)
def end_page(
    token: str, involvement_id: RowId, principal: Recorder, request: Request, db: DB
) -> Response:
    return _flag_page(request, db, principal, "end", token=token, involvement_id=involvement_id)


@router.post("/end", response_class=HTMLResponse)
def end_submit(
    token: str,
    involvement_id: RowId,
    principal: Recorder,
    request: Request,
    db: DB,
    *,
    posted: PostedForm,
) -> Response:
    child = granted_child(db, principal, token)
    involvement = own_involvement(db, principal, child, involvement_id)
    values = read_form(posted, ("ended_on",))
    try:
        ending = schemas.Ending.model_validate(values)
        problems = schemas.date_problem(
            "ended_on", ending.ended_on, not_before=involvement.started_on, today=utcnow().date()
        )
    except ValidationError as error:
        problems = schemas.problems(error)
    if problems:
        return _flag_page(
            request,
            db,
            principal,
            "end",
            token=token,
            involvement_id=involvement_id,
            values=values,
            problems=problems,
        )
    if involvement.ended_on is None:
        by, meta = principal.actor(), request_meta(request)
        actions.end_involvement(
            db, involvement=involvement, ended_on=ending.ended_on, by=by, meta=meta
        )
        db.commit()
    return RedirectResponse(f"/children/{token}/involvements", status_code=303)


@router.get("/caf", response_class=HTMLResponse)
def caf_page(
    token: str, involvement_id: RowId, principal: Recorder, request: Request, db: DB
) -> Response:
    return _flag_page(request, db, principal, "caf", token=token, involvement_id=involvement_id)


@router.post("/caf", response_class=HTMLResponse)
def caf_submit(
    token: str,
    involvement_id: RowId,
    principal: Recorder,
    request: Request,
    db: DB,
    *,
    posted: PostedForm,
) -> Response:
    child = granted_child(db, principal, token)
    involvement = own_involvement(db, principal, child, involvement_id)
    values = read_form(posted, ("caf_date",))
    try:
        caf = schemas.Caf.model_validate(values)
        problems = schemas.date_problem(
            "caf_date", caf.caf_date, not_before=child.date_of_birth, today=utcnow().date()
        )
    except ValidationError as error:
        problems = schemas.problems(error)
    if problems:
        return _flag_page(
            request,
            db,
            principal,
            "caf",
            token=token,
            involvement_id=involvement_id,
            values=values,
            problems=problems,
        )
    by, meta = principal.actor(), request_meta(request)
    actions.mark_caf(db, involvement=involvement, caf_date=caf.caf_date, by=by, meta=meta)
    db.commit()
    return RedirectResponse(f"/children/{token}/involvements", status_code=303)


@router.get("/lead", response_class=HTMLResponse)
def lead_page(
    token: str, involvement_id: RowId, principal: Recorder, request: Request, db: DB
) -> Response:
    return _lead_page(request, db, principal, token=token, involvement_id=involvement_id)


@router.post("/lead", response_class=HTMLResponse)
def lead_submit(
    token: str,
    involvement_id: RowId,
    principal: Recorder,
    request: Request,
    db: DB,
    *,
    posted: PostedForm,
) -> Response:
    child = granted_child(db, principal, token)
    involvement = own_involvement(db, principal, child, involvement_id)
    wanted = read_form(posted, ("lead",))["lead"]
    by, meta = principal.actor(), request_meta(request)
    try:
        if wanted == "take":
            actions.take_lead(db, involvement=involvement, by=by, meta=meta)
        elif wanted == "step_down":
            actions.step_down_as_lead(db, involvement=involvement, by=by, meta=meta)
        db.commit()
    except (actions.LeadHeldError, actions.EndedError):
        db.rollback()
        return _lead_page(
            request, db, principal, token=token, involvement_id=involvement_id, status_code=409
        )
    return RedirectResponse(f"/children/{token}/involvements", status_code=303)


def _lead_page(
    request: Request,
    db: Session,
    principal: Principal,
    *,
    token: str,
    involvement_id: RowId,
    status_code: int = 200,
) -> Response:
    shown = _shown(request, db, principal, token, involvement_id)
    if isinstance(shown, Response):
        return shown
    child, involvement = shown
    lead = lead_description(db, child, principal)
    db.commit()  # the view event, with the reads it covers
    return page(
        request,
        "involvements/lead.html",
        "Lead professional",
        token=token,
        child=child,
        involvement=involvement,
        lead=lead,
        refused=status_code == 409,
        status_code=status_code,
    )


def _flag_page(
    request: Request,
    db: Session,
    principal: Principal,
    kind: str,
    *,
    token: str,
    involvement_id: RowId,
    values: dict[str, Any] | None = None,
    problems: dict[str, str] | None = None,
) -> Response:
    shown = _shown(request, db, principal, token, involvement_id)
    if isinstance(shown, Response):
        return shown
    child, involvement = shown
    db.commit()  # the view event
    titles = {"end": "Stop working with this child", "caf": "Record that a CAF was undertaken"}
    return page(
        request,
        f"involvements/{kind}.html",
        titles[kind],
        token=token,
        child=child,
        involvement=involvement,
        values=values or {},
        problems=problems or {},
    )


def _shown(
    request: Request, db: Session, principal: Principal, token: str, involvement_id: RowId
) -> tuple[LimitedRecord, Involvement] | Response:
    """The child (gated and audited as a view) and this organisation's involvement; or the
    reason or limit page to send instead (committed: a limit reached is audited)."""
    child = shown_child(db, request, principal, token)
    if isinstance(child, Response):
        db.commit()
        return child
    return child, own_involvement(db, principal, child, involvement_id)
