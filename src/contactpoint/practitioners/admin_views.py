"""Account administration for LA managers and partner administrators, within their scope.

Every user is fetched through queries.administrable_user(s), which filters by the
administrator's LA or organisation in SQL: out of scope is "not found", never "forbidden".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from contactpoint.authz.dependencies import require
from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.authz.roles import ROLES
from contactpoint.config import Settings
from contactpoint.organisations.models import Organisation
from contactpoint.practitioners import actions, devices
from contactpoint.practitioners.admin_forms import check_new_account, grantable_roles
from contactpoint.practitioners.models import AccountStatus, Device, SetupPurpose, User
from contactpoint.practitioners.queries import (
    administrable_user,
    administrable_users,
    devices_of,
    organisations_in_scope,
    roles_of,
)
from contactpoint.practitioners.vetting import lapsing
from contactpoint.practitioners.web import secret_box
from contactpoint.types import utcnow
from contactpoint.web.forms import PostedForm
from contactpoint.web.paths import RowId
from contactpoint.web.sessions import db_session, request_meta
from contactpoint.web.templating import render

router = APIRouter(prefix="/admin/users")
DB = Annotated[Session, Depends(db_session)]
Admin = Annotated[Principal, Depends(require(Permission.USERS_ADMINISTER))]
DeviceAdmin = Annotated[Principal, Depends(require(Permission.DEVICES_APPROVE))]
FIELDS = (
    "username",
    "display_name",
    "email",
    "organisation_id",
    "criminal_records_checked_on",
    "training_completed_on",
)
STATUS_ACTIONS = {
    "suspend": AccountStatus.SUSPENDED,
    "reactivate": AccountStatus.ACTIVE,
    "close": AccountStatus.CLOSED,
}
LINK_ACTIONS = {"reset": SetupPurpose.RESET, "reenrol-token": SetupPurpose.TOKEN}


def _user(db: Session, principal: Principal, user_id: int) -> User:
    user = administrable_user(db, principal, user_id)
    if user is None:
        raise HTTPException(status_code=404)
    return user


@router.get("", response_class=HTMLResponse)
def list_users(principal: Admin, request: Request, db: DB) -> HTMLResponse:
    today = utcnow().date()
    users = administrable_users(db, principal)
    rows = [(user, lapsing(user, today)) for user in users]
    context = {"title": "Manage accounts", "rows": rows, "lapsing": [r for r in rows if r[1]]}
    return render(request, "practitioners/admin_users.html", context)


@router.get("/new", response_class=HTMLResponse)
def new_user_page(principal: Admin, request: Request, db: DB) -> HTMLResponse:
    return _new_user_form(request, db=db, principal=principal, values={}, roles=[], problems={})


def _new_user_form(
    request: Request,
    *,
    db: Session,
    principal: Principal,
    values: dict[str, str],
    roles: list[str],
    problems: dict[str, str],
) -> HTMLResponse:
    context = {
        "title": "Create an account",
        "organisations": organisations_in_scope(db, principal),
        "roles": [(role, ROLES[role]) for role in grantable_roles(principal)],
        "values": values,
        "chosen_roles": roles,
        "problems": problems,
    }
    return render(
        request, "practitioners/admin_new_user.html", context, status_code=400 if problems else 200
    )


@router.post("/new", response_class=HTMLResponse)
def create_user(principal: Admin, request: Request, db: DB, form: PostedForm) -> HTMLResponse:
    values = {name: str(form.get(name, ""))[:120] for name in FIELDS}
    roles = [str(role) for role in form.getlist("roles")]
    account, problems = check_new_account(db, principal, values, roles)
    if account is None:
        return _new_user_form(
            request, db=db, principal=principal, values=values, roles=roles, problems=problems
        )
    user, token = actions.create_account(
        db,
        account=account,
        box=secret_box(request),
        by=principal.actor(),
        meta=request_meta(request),
    )
    db.commit()
    if token is None:  # four eyes: a second administrator approves, and is given the link
        return render(
            request,
            "practitioners/admin_proposed.html",
            {"title": "Account proposed", "user": user},
        )
    return _link_page(request, user, f"/enrol/{token}", "Account created")


def _link_page(request: Request, user: User, path: str, title: str) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    link = settings.link(path)  # the configured address, never the request's Host header
    return render(
        request, "practitioners/admin_link.html", {"title": title, "user": user, "link": link}
    )


@router.get("/{user_id}", response_class=HTMLResponse)
def user_page(user_id: RowId, principal: Admin, request: Request, db: DB) -> HTMLResponse:
    user = _user(db, principal, user_id)
    context = {
        "title": user.display_name,
        "user": user,
        "organisation": db.get(Organisation, user.organisation_id),
        "roles": [ROLES[role].title for role in roles_of(db, user.id)],
        "devices": devices_of(db, user.id),
        "lapsing": lapsing(user, utcnow().date()),
        "principal": principal,
    }
    return render(request, "practitioners/admin_user.html", context)


@router.post("/{user_id}/{action}", response_class=HTMLResponse)
def change_user(
    user_id: RowId, action: str, principal: Admin, request: Request, db: DB
) -> Response:
    user = _user(db, principal, user_id)
    by, meta = principal.actor(), request_meta(request)
    if action in STATUS_ACTIONS:
        actions.set_status(db, user=user, status=STATUS_ACTIONS[action], by=by, meta=meta)
    elif action == "unlock":
        actions.unlock(db, user=user, by=by, meta=meta)
    elif action == "approve":
        try:
            token = actions.approve_account(
                db, user=user, box=secret_box(request), by=by, meta=meta
            )
        except actions.FourEyesError:
            raise HTTPException(status_code=403) from None
        db.commit()
        return _link_page(request, user, f"/enrol/{token}", "Account approved")
    elif action in LINK_ACTIONS:
        try:
            token = actions.issue_setup_link(
                db,
                user=user,
                purpose=LINK_ACTIONS[action],
                box=secret_box(request),
                by=by,
                meta=meta,
            )
        except actions.FourEyesError:
            raise HTTPException(status_code=403) from None
        db.commit()
        return _link_page(request, user, f"/enrol/{token}", "One-time link issued")
    elif action == "device-link":
        token = devices.issue_link(
            db, users=[user], label="Issued by administrator", by=by, meta=meta
        )
        db.commit()
        return _link_page(
            request, user, f"/devices/register/{token}", "Device registration link issued"
        )
    else:
        raise HTTPException(status_code=404)
    db.commit()
    return RedirectResponse(f"/admin/users/{user.id}", 303)


@router.post("/{user_id}/devices/{device_id}/{action}")
def change_device(
    *,
    user_id: RowId,
    device_id: RowId,
    action: str,
    principal: DeviceAdmin,
    request: Request,
    db: DB,
) -> Response:
    user = _user(db, principal, user_id)
    device = db.get(Device, device_id)
    if device is None or device.user_id != user.id or action not in {"approve", "revoke"}:
        raise HTTPException(status_code=404)
    change = devices.approve if action == "approve" else devices.revoke
    try:
        change(db, device=device, by=principal.actor(), meta=request_meta(request))
    except devices.SelfApprovalError:
        raise HTTPException(status_code=403) from None
    db.commit()
    return RedirectResponse(f"/admin/users/{user.id}", 303)
