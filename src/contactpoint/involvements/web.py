"""Shared helpers for the involvement pages: the granted child (and the gate every page that
shows it passes), form reading, page rendering."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from contactpoint.access import reasoned
from contactpoint.authz.dependencies import require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.children.record import LimitedRecord
from contactpoint.involvements import queries
from contactpoint.involvements.models import Involvement
from contactpoint.web.sessions import db_session
from contactpoint.web.templating import render

DB = Annotated[Session, Depends(db_session)]
Recorder = Annotated[Principal, Depends(require(Permission.INVOLVEMENT_RECORD))]
FIELD_LIMIT = 260  # longer answers are refused by the schemas, never stored


def granted_child(db: Session, principal: Principal, token: str) -> LimitedRecord:
    """The child a live grant of this session opens, or 404 (for a write: no view shown)."""
    return reasoned.granted(db, principal, token).child


def shown_child(
    db: Session, request: Request, principal: Principal, token: str
) -> LimitedRecord | Response:
    """The child, for a page that shows them: a fresh reason, one view counted and audited
    (access/reasoned.py). A response instead (reason page, limit page): commit, send it."""
    seen = reasoned.granted(db, principal, token)
    return reasoned.admit(db, request, principal, seen) or seen.child


def own_involvement(
    db: Session, principal: Principal, child: LimitedRecord, involvement_id: int
) -> Involvement:
    found = queries.own_involvement(db, child.child_id, principal.organisation_id, involvement_id)
    if found is None:
        raise HTTPException(status_code=404)
    return found


def read_form(form: FormData, names: tuple[str, ...]) -> dict[str, str]:
    return {name: str(form.get(name, ""))[:FIELD_LIMIT] for name in names}


def page(request: Request, template: str, title: str, **context: Any) -> HTMLResponse:
    problems = context.get("problems") or {}
    context["title"] = ("Error: " if problems else "") + title
    status = context.pop("status_code", 400 if problems else 200)
    return render(request, template, context, status_code=status)
