"""Route declarations. Every route depends on `public()` or `require(...)`; a test enforces it.

`require` reads the principal that web/sessions.py attached to the request; it never trusts
anything the browser says about who it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Request

from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal

PERMISSION_ATTRIBUTE = "__contactpoint_permission__"


class SignInRequiredError(Exception):
    """No valid session: the web app redirects to the sign-in page."""


class RoleChoiceRequiredError(Exception):
    """Signed in with several roles and none chosen yet: the web app asks for one."""


def public() -> Callable[[], None]:
    """Declares a route open to anyone (the start page, sign-in, health checks)."""

    def allow_anyone() -> None:
        return None

    setattr(allow_anyone, PERMISSION_ATTRIBUTE, Permission.PUBLIC_PAGE_VIEW)
    return allow_anyone


def require(permission: Permission) -> Callable[[Request], Principal]:
    """Declares a route for signed-in users whose chosen role holds `permission`.

    Use as `principal: Principal = Depends(require(Permission.X))` to get the principal.
    """

    def check(request: Request) -> Principal:
        principal: Principal | None = getattr(request.state, "principal", None)
        if principal is None:
            raise SignInRequiredError
        if principal.role is None and permission is not Permission.SESSION_OWN:
            raise RoleChoiceRequiredError
        if permission is not Permission.SESSION_OWN and not principal.can(permission):
            raise HTTPException(status_code=403)
        return principal

    setattr(check, PERMISSION_ATTRIBUTE, permission)
    return check


def declared_permission(dependency: Any) -> Permission | None:
    return getattr(dependency, PERMISSION_ATTRIBUTE, None)
