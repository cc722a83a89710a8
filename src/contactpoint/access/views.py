"""A reason, then the record; a shielded child's limited view; the break-glass override.

Every child URL carries an opaque grant token from this session's search (access/grants.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from contactpoint.access import actions, reasoned, search_views
from contactpoint.access.models import ViewGrant
from contactpoint.access.queries import is_childs_la_team
from contactpoint.access.schemas import REASON_LABELS, ReasonForm
from contactpoint.audit.writer import Actor
from contactpoint.authz.dependencies import require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.children import ids
from contactpoint.children.record import LimitedRecord, load_full
from contactpoint.types import utcnow
from contactpoint.web.sessions import db_session, request_meta
from contactpoint.web.templating import render

router = APIRouter()
router.include_router(search_views.router)
DB = Annotated[Session, Depends(db_session)]
Viewer = Annotated[Principal, Depends(require(Permission.CHILD_VIEW))]
Overrider = Annotated[Principal, Depends(require(Permission.SHIELD_OVERRIDE))]
# No length limits here: a refusal would echo the input; ReasonForm checks and explains.
Reason = Annotated[str, Form()]
Reference = Annotated[str, Form()]


@router.get("/children/{token}/reason", response_class=HTMLResponse)
def reason_page(token: str, principal: Viewer, request: Request, db: DB) -> HTMLResponse:
    _grant, child = _granted(db, principal, token)
    return _reason_page(request, token, child, ReasonForm())


@router.post("/children/{token}/reason", response_class=HTMLResponse)
def reason_submit(
    *,
    token: str,
    principal: Viewer,
    request: Request,
    db: DB,
    reason: Reason = "",
    reference: Reference = "",
) -> Response:
    grant, child = _granted(db, principal, token)
    form = ReasonForm(reason=reason, reference=reference)
    given = form.validate()
    if given is None:
        return _reason_page(request, token, child, form)
    actions.give_reason(db, grant=grant, given=given, by=_actor(principal, grant))
    db.commit()
    return RedirectResponse(f"/children/{token}", status_code=303)


@router.get("/children/{token}", response_class=HTMLResponse)
def record_page(token: str, principal: Viewer, request: Request, db: DB) -> Response:
    seen = reasoned.granted(db, principal, token)
    grant, child = seen.grant, seen.child
    actor, meta = reasoned.actor(principal, grant), request_meta(request)
    refused = reasoned.refusal(db, request, seen, by=actor, meta=meta)
    if refused is not None:
        db.commit()  # a limit reached is audited
        return refused
    la_team = is_childs_la_team(principal, child)
    overriding = grant.override and principal.can(Permission.SHIELD_OVERRIDE)
    full = not child.is_shielded or la_team or overriding
    actions.record_view(db, grant=grant, child=child, full=full, by=actor, meta=meta)
    record = load_full(db, child, show_sensitive=la_team, today=utcnow().date()) if full else None
    db.commit()
    context = {
        # Never the child's name: page titles go into browser history and window lists.
        "title": "Child record" if record else "Shielded record",
        "token": token,
        "child": child,
        "cp_id": ids.display(child.cp_id),
        "record": record,
        "overriding": overriding and child.is_shielded,
        "may_override": principal.can(Permission.SHIELD_OVERRIDE),
        "la_team": la_team,
        "principal": principal,
    }
    template = "access/record.html" if record else "access/limited.html"
    return render(request, template, context)


@router.get("/children/{token}/override", response_class=HTMLResponse)
def override_page(token: str, principal: Overrider, request: Request, db: DB) -> Response:
    _grant, child = _granted(db, principal, token)
    if not child.is_shielded:
        return RedirectResponse(f"/children/{token}/reason", status_code=303)
    return _override_page(request, token, child, ReasonForm())


@router.post("/children/{token}/override", response_class=HTMLResponse)
def override_submit(
    *,
    token: str,
    principal: Overrider,
    request: Request,
    db: DB,
    reason: Reason = "",
    reference: Reference = "",
) -> Response:
    grant, child = _granted(db, principal, token)
    if not child.is_shielded:
        return RedirectResponse(f"/children/{token}/reason", status_code=303)
    form = ReasonForm(reason=reason, reference=reference)
    given = form.validate()
    if given is None:
        return _override_page(request, token, child, form)
    meta = request_meta(request)
    by = _actor(principal, grant)
    actions.override_shield(db, grant=grant, child=child, given=given, by=by, meta=meta)
    db.commit()
    return RedirectResponse(f"/children/{token}", status_code=303)


def _granted(db: Session, principal: Principal, token: str) -> tuple[ViewGrant, LimitedRecord]:
    seen = reasoned.granted(db, principal, token)
    return seen.grant, seen.child


def _actor(principal: Principal, grant: ViewGrant) -> Actor:
    return reasoned.actor(principal, grant)


def _reason_page(
    request: Request, token: str, child: LimitedRecord, form: ReasonForm
) -> HTMLResponse:
    context = {
        "title": ("Error: " if form.errors else "") + "Why do you need to see this record?",
        "token": token,
        "child": child,
        "form": form,
        "reasons": REASON_LABELS,
    }
    return render(request, "access/reason.html", context)


def _override_page(
    request: Request, token: str, child: LimitedRecord, form: ReasonForm
) -> HTMLResponse:
    context = {
        "title": ("Error: " if form.errors else "") + "Override shielding",
        "token": token,
        "child": child,
        "form": form,
        "reasons": REASON_LABELS,
    }
    return render(request, "access/override.html", context)
