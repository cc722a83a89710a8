"""One-time links: completing enrolment (or a reset) and registering this computer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from contactpoint.authz.dependencies import public
from contactpoint.practitioners import devices
from contactpoint.practitioners.credentials import totp_uri
from contactpoint.practitioners.enrolment import SetupForm, complete, user_for_link
from contactpoint.practitioners.models import SetupPurpose, User
from contactpoint.practitioners.web import new_device_credential, secret_box
from contactpoint.types import utcnow
from contactpoint.web.sessions import db_session, request_meta
from contactpoint.web.templating import render

router = APIRouter(dependencies=[Depends(public())])  # the link itself is the credential
DB = Annotated[Session, Depends(db_session)]
LINK_GONE = "This link has expired or has already been used"


def _linked_user(db: Session, token: str) -> User:
    user = user_for_link(db, token, now=utcnow())
    if user is None:
        raise HTTPException(status_code=404)
    return user


def _setup_page(request: Request, user: User, problems: dict[str, str]) -> HTMLResponse:
    import segno

    secret = secret_box(request).open(user.pending_totp_secret_sealed)
    qr_svg = None
    if secret:
        qr = segno.make(totp_uri(secret, user.username), error="m")
        qr_svg = qr.svg_inline(scale=5, dark="#0b0c0c", light="#ffffff", omitsize=False)
    context = {
        "title": "Set up your account",
        "user": user,
        "purpose": user.setup_purpose,
        "secret": secret,
        "qr_svg": qr_svg,
        "problems": problems,
    }
    return render(
        request, "practitioners/enrol.html", context, status_code=400 if problems else 200
    )


@router.get("/enrol/{token}", response_class=HTMLResponse)
def enrol_page(token: str, request: Request, db: DB) -> HTMLResponse:
    return _setup_page(request, _linked_user(db, token), {})


@router.post("/enrol/{token}", response_class=HTMLResponse)
def enrol_submit(
    *,
    token: str,
    request: Request,
    db: DB,
    password: Annotated[str, Form(max_length=128)] = "",
    password_again: Annotated[str, Form(max_length=128)] = "",
    pin: Annotated[str, Form(max_length=8)] = "",
    code: Annotated[str, Form(max_length=8)] = "",
    accept_agreement: Annotated[str, Form(max_length=3)] = "",
) -> HTMLResponse:
    user = _linked_user(db, token)
    purpose = user.setup_purpose
    form = SetupForm(password, password_again, pin, code, accept_agreement == "yes")
    meta = request_meta(request)
    problems = complete(db, user=user, form=form, box=secret_box(request), meta=meta, now=utcnow())
    if problems:
        return _setup_page(request, user, problems)
    response = render(request, "practitioners/enrolled.html", {"title": "Your account is ready"})
    if purpose is SetupPurpose.ENROL:
        credential = new_device_credential(request, response)
        if credential:
            devices.register_pending(
                db, user=user, credential=credential, label="Registered at enrolment", meta=meta
            )
    db.commit()
    return response


@router.get("/devices/register/{token}", response_class=HTMLResponse)
def device_page(token: str, request: Request) -> HTMLResponse:
    # A GET changes nothing (link checkers and previews follow links): the button posts.
    return render(
        request,
        "practitioners/device_register.html",
        {"title": "Register this computer", "token": token},
    )


@router.post("/devices/register/{token}", response_class=HTMLResponse)
def device_submit(token: str, request: Request, db: DB) -> HTMLResponse:
    response = render(
        request, "practitioners/device_registered.html", {"title": "This computer is registered"}
    )
    credential = new_device_credential(request, response)
    if credential is None:
        return render(
            request,
            "error.html",
            {"title": "No client certificate was presented", "status": 400},
            400,
        )
    registered = devices.register_from_link(
        db, token=token, credential=credential, now=utcnow(), meta=request_meta(request)
    )
    if not registered:
        return render(request, "error.html", {"title": LINK_GONE, "status": 404}, 404)
    db.commit()
    return response
