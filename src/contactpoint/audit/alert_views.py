"""The misuse-alert queue: an LA team works its own LA's alerts, auditors see every alert.

An alert outside the user's scope is "not found", never "forbidden". Each step goes through
audit.actions, which records it; closing needs one of the fixed outcomes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from contactpoint.audit import actions
from contactpoint.audit.alert_models import Alert, AlertOutcome, AlertStatus
from contactpoint.audit.queries import alert_queue
from contactpoint.audit.trail_events import REFERENCE
from contactpoint.audit.web import scope_of, usernames
from contactpoint.authz.dependencies import require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.web.paths import RowId
from contactpoint.web.sessions import db_session, request_meta
from contactpoint.web.templating import render

router = APIRouter(prefix="/audit/alerts")
DB = Annotated[Session, Depends(db_session)]
Handler = Annotated[Principal, Depends(require(Permission.ALERTS_HANDLE))]
OUTCOMES = {
    AlertOutcome.NO_MISUSE: "No misuse: the access was explained",
    AlertOutcome.MISUSE_CONFIRMED: "Misuse confirmed",
    AlertOutcome.REFERRED: "Referred to the employer, the ICO or the police",
    AlertOutcome.DUPLICATE: "Duplicate of another alert",
}
STEPS = {"acknowledge": actions.acknowledge_alert, "investigate": actions.start_investigation}


@router.get("", response_class=HTMLResponse)
def queue(principal: Handler, request: Request, db: DB, closed: bool = False) -> HTMLResponse:
    alerts = alert_queue(db, la_id=scope_of(principal), include_closed=closed)
    context = {
        "title": "Misuse alerts",
        "alerts": alerts,
        "closed": closed,
        "usernames": usernames(db, (alert.subject_user_id for alert in alerts)),
    }
    return render(request, "audit/alerts.html", context)


def _alert_in_scope(db: Session, principal: Principal, alert_id: int) -> Alert:
    alert = db.get(Alert, alert_id)
    within_la = scope_of(principal)
    if alert is None or (within_la is not None and alert.la_id != within_la):
        raise HTTPException(status_code=404)
    return alert


@router.get("/{alert_id}", response_class=HTMLResponse)
def alert_page(alert_id: RowId, principal: Handler, request: Request, db: DB) -> HTMLResponse:
    return _alert_page(request, db, _alert_in_scope(db, principal, alert_id))


def _alert_page(
    request: Request,
    db: Session,
    alert: Alert,
    problems: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    people = (alert.subject_user_id, alert.acknowledged_by_user_id, alert.closed_by_user_id)
    context = {
        "title": f"Alert {alert.id}",
        "alert": alert,
        "open": alert.status is not AlertStatus.CLOSED,
        "outcomes": OUTCOMES,
        "usernames": usernames(db, people),
        "problems": problems or {},
        "values": values or {},
    }
    status = 409 if problems and "status" in problems else 400 if problems else 200
    return render(request, "audit/alert.html", context, status_code=status)


@router.post("/{alert_id}/close", response_class=HTMLResponse)
def close(
    *,
    alert_id: RowId,
    principal: Handler,
    request: Request,
    db: DB,
    outcome: Annotated[str, Form(max_length=40)] = "",
    reference: Annotated[str, Form(max_length=60)] = "",
) -> Response:
    alert = _alert_in_scope(db, principal, alert_id)
    reference = " ".join(reference.split())
    problems: dict[str, str] = {}
    if outcome not in OUTCOMES:
        problems["outcome"] = "Choose the outcome of the review"
    if not re.fullmatch(REFERENCE, reference):
        problems["reference"] = "Reference must be 30 characters or fewer: letters, numbers, / or -"
    if problems:
        values = {"outcome": outcome, "reference": reference}
        return _alert_page(request, db, alert, problems, values)
    chosen, given = AlertOutcome(outcome), reference or None
    return _step(
        request,
        db,
        principal,
        alert,
        lambda **scope: actions.close_alert(db, outcome=chosen, reference=given, **scope),
    )


@router.post("/{alert_id}/{step}", response_class=HTMLResponse)
def advance(alert_id: RowId, step: str, principal: Handler, request: Request, db: DB) -> Response:
    alert = _alert_in_scope(db, principal, alert_id)
    if step not in STEPS:
        raise HTTPException(status_code=404)
    return _step(request, db, principal, alert, lambda **scope: STEPS[step](db, **scope))


def _step(
    request: Request,
    db: Session,
    principal: Principal,
    alert: Alert,
    action: Callable[..., Alert],
) -> Response:
    """Run one queue action in the user's scope; a stale page gets the current state back."""
    try:
        action(
            alert_id=alert.id,
            within_la=scope_of(principal),
            by=principal.actor(),
            meta=request_meta(request),
        )
    except actions.AlertStateError:
        db.rollback()
        alert = _alert_in_scope(db, principal, alert.id)
        problem = f"This alert is already {alert.status.value}: the page shows where it stands now"
        return _alert_page(request, db, alert, {"status": problem})
    db.commit()
    return RedirectResponse(f"/audit/alerts/{alert.id}", 303)
