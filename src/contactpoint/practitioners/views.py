"""Sign-in, role choice, sign-out and the signed-in landing page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from contactpoint.audit.writer import record
from contactpoint.authz.dependencies import public, require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.authz.roles import ROLES, Role
from contactpoint.practitioners import admin_views, enrolment_views, sessions
from contactpoint.practitioners.events import RoleChosen, SignedOut
from contactpoint.practitioners.signin import Factors, Outcome, SignInResult, sign_in
from contactpoint.practitioners.vetting import REFUSAL_MESSAGES
from contactpoint.practitioners.web import home_for, presented_devices, secret_box
from contactpoint.types import utcnow
from contactpoint.web.sessions import SESSION_COOKIE, db_session, request_meta, set_cookie
from contactpoint.web.templating import render

router = APIRouter()
router.include_router(admin_views.router)
router.include_router(enrolment_views.router)
DB = Annotated[Session, Depends(db_session)]

WRONG_DETAILS = (
    "The details you entered are not right. Check your username, password, PIN "
    "and security code, and try again."
)
REFUSALS: dict[str, str] = {
    "locked": "Your account is locked after too many failed attempts. "
    "Ask your ContactPoint team to unlock it.",
    "suspended": "Your account is suspended. Contact your ContactPoint team.",
    "closed": "Your account is closed.",
    "not_enrolled": "You have not finished setting up your account. "
    "Use the link your ContactPoint team gave you.",
    "device_not_approved": "This computer is not approved for your account. "
    "Ask your ContactPoint team to approve it.",
    **{
        gate: f"{text} You cannot sign in until it is renewed: contact your ContactPoint team."
        for gate, text in REFUSAL_MESSAGES.items()
    },
}
THROTTLED = "There have been too many failed attempts. Wait 15 minutes and try again."


@router.get("/sign-in", response_class=HTMLResponse, dependencies=[Depends(public())])
def sign_in_page(request: Request) -> HTMLResponse:
    return render(request, "practitioners/sign_in.html", {"title": "Sign in"})


@router.post("/sign-in", response_class=HTMLResponse, dependencies=[Depends(public())])
def sign_in_submit(
    *,
    request: Request,
    db: DB,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    pin: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
) -> Response:
    # No length limits here: a too-long factor is one more wrong answer, counted and audited
    # like any other (signin.py). The CSRF middleware already caps the whole body.
    factors = Factors(username=username, password=password, pin=pin, code=code)
    result = sign_in(
        db,
        factors=factors,
        devices=presented_devices(request),
        box=secret_box(request),
        meta=request_meta(request),
        now=utcnow(),
    )
    db.commit()
    if result.outcome is Outcome.SIGNED_IN and result.session_token:
        return _signed_in(request, result)
    return _sign_in_problem(request, result, username)


def _signed_in(request: Request, result: SignInResult) -> Response:
    response = RedirectResponse("/sign-in/role" if result.must_choose_role else "/home", 303)
    set_cookie(response, request, SESSION_COOKIE, result.session_token or "")
    return response


def _sign_in_problem(request: Request, result: SignInResult, username: str) -> HTMLResponse:
    status = 429 if result.outcome is Outcome.THROTTLED else 200
    if result.outcome is Outcome.REFUSED and result.reason:
        message = REFUSALS[result.reason]
    else:
        message = THROTTLED if status == 429 else WRONG_DETAILS
    context = {"title": "Sign in", "error": message, "username": username}
    return render(request, "practitioners/sign_in.html", context, status_code=status)


@router.get("/sign-in/role", response_class=HTMLResponse)
def role_page(
    principal: Annotated[Principal, Depends(require(Permission.SESSION_OWN))], request: Request
) -> Response:
    if principal.role is not None:
        return RedirectResponse(home_for(principal), 303)
    roles = [(role, ROLES[role]) for role in principal.roles_held]
    return render(
        request, "practitioners/choose_role.html", {"title": "Choose your role", "roles": roles}
    )


@router.post("/sign-in/role", response_class=HTMLResponse)
def role_submit(
    principal: Annotated[Principal, Depends(require(Permission.SESSION_OWN))],
    request: Request,
    db: DB,
    role: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    if principal.role is not None:
        return RedirectResponse(home_for(principal), 303)
    if role not in principal.roles_held:
        roles = [(held, ROLES[held]) for held in principal.roles_held]
        context = {
            "title": "Choose your role",
            "roles": roles,
            "error": "Choose the role you are acting in",
        }
        return render(request, "practitioners/choose_role.html", context)
    chosen = Role(role)
    sessions.choose_role(db, session_id=principal.session_id, role=chosen)
    actor = Principal(**{**principal.__dict__, "role": chosen})
    record(
        db,
        "practitioners:session:role_chosen",
        RoleChosen(role=chosen.value),
        by=actor.actor(),
        meta=request_meta(request),
    )
    db.commit()
    return RedirectResponse(home_for(actor), 303)


@router.get("/home")
def home(principal: Annotated[Principal, Depends(require(Permission.SESSION_OWN))]) -> Response:
    if principal.role is None:
        return RedirectResponse("/sign-in/role", 303)
    return RedirectResponse(home_for(principal), 303)


@router.get("/account", response_class=HTMLResponse)
def account(
    principal: Annotated[Principal, Depends(require(Permission.SESSION_OWN))], request: Request
) -> HTMLResponse:
    role = ROLES[principal.role] if principal.role else None
    return render(request, "practitioners/account.html", {"title": "Your account", "role": role})


@router.post("/sign-out", dependencies=[Depends(public())])
def sign_out(request: Request, db: DB) -> Response:
    """Public, so an expired session can still press the button; it ends whatever it finds."""
    principal: Principal | None = request.state.principal
    token = request.cookies.get(SESSION_COOKIE, "")
    if principal is not None and sessions.end(db, token):
        record(
            db,
            "practitioners:session:signed_out",
            SignedOut(),
            by=principal.actor(),
            meta=request_meta(request),
        )
        db.commit()
    request.state.principal = None
    response = render(request, "practitioners/signed_out.html", {"title": "You have signed out"})
    set_cookie(response, request, SESSION_COOKIE, "", max_age=0)
    return response
