"""A practitioner records that their service works with a child, and sees what their own
organisation has recorded (ending it, the lead professional and CAF are in flag_views)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from contactpoint.authz.principal import Principal
from contactpoint.children.record import LimitedRecord
from contactpoint.involvements import actions, flag_views, queries, schemas
from contactpoint.involvements.web import (
    DB,
    Recorder,
    granted_child,
    page,
    read_form,
    shown_child,
)
from contactpoint.practitioners.models import User
from contactpoint.types import utcnow
from contactpoint.web.forms import PostedForm
from contactpoint.web.sessions import request_meta

router = APIRouter()
router.include_router(flag_views.router)
NEW_FIELDS = ("practitioner_name", "practitioner_phone", "practitioner_email", "started_on")


@router.get("/children/{token}/involvements", response_class=HTMLResponse)
def involvements_page(token: str, principal: Recorder, request: Request, db: DB) -> Response:
    child = shown_child(db, request, principal, token)
    if isinstance(child, Response):
        db.commit()  # a limit reached is audited
        return child
    own = queries.own_involvements(db, child.child_id, principal.organisation_id)
    lead = flag_views.lead_description(db, child, principal)
    db.commit()  # the view event, with the reads it covers
    return page(
        request,
        "involvements/list.html",
        "Your organisation's work with this child",
        token=token,
        child=child,
        involvements=own,
        lead=lead,
    )


@router.get("/children/{token}/involvements/new", response_class=HTMLResponse)
def new_page(token: str, principal: Recorder, request: Request, db: DB) -> Response:
    user = db.get(User, principal.user_id)
    values = {
        "practitioner_name": principal.display_name,
        "practitioner_email": (user.email if user else None) or "",
    }
    return _new_page(request, db, principal, token, values=values, problems={})


@router.post("/children/{token}/involvements/new", response_class=HTMLResponse)
def new_submit(
    token: str, principal: Recorder, request: Request, db: DB, posted: PostedForm
) -> Response:
    child = granted_child(db, principal, token)
    values = read_form(posted, NEW_FIELDS)
    try:
        form = schemas.NewInvolvement.model_validate(values)
        problems = _new_problems(db, principal, child, form)
    except ValidationError as error:
        problems = schemas.problems(error)
    if problems:
        return _new_page(request, db, principal, token, values=values, problems=problems)
    by, meta = principal.actor(), request_meta(request)
    actions.record_involvement(db, child_id=child.child_id, form=form, by=by, meta=meta)
    db.commit()
    return RedirectResponse(f"/children/{token}/involvements", status_code=303)


def _new_problems(
    db: Session, principal: Principal, child: LimitedRecord, form: schemas.NewInvolvement
) -> dict[str, str]:
    today = utcnow().date()
    found = schemas.date_problem(
        "started_on", form.started_on, not_before=child.date_of_birth, today=today
    )
    if queries.already_recorded(
        db, child.child_id, principal.organisation_id, form.practitioner_name
    ):
        found["practitioner_name"] = (
            "Your organisation is already recorded as working with this child"
            + (" under this name" if form.practitioner_name else "")
            + ": see your organisation's involvements"
        )
    return found


def _new_page(
    request: Request,
    db: Session,
    principal: Principal,
    token: str,
    *,
    values: dict[str, Any],
    problems: dict[str, str],
) -> Response:
    child = shown_child(db, request, principal, token)
    db.commit()  # the view event (or a limit reached)
    if isinstance(child, Response):
        return child
    return page(
        request,
        "involvements/new.html",
        "Record that you work with this child",
        token=token,
        child=child,
        values=values,
        problems=problems,
    )
