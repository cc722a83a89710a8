"""Route declarations. Every route depends on `public()` or `require(...)`; a test enforces it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contactpoint.authz.permissions import Permission

PERMISSION_ATTRIBUTE = "__contactpoint_permission__"


def public() -> Callable[[], None]:
    """Declares a route open to anyone (the start page, sign-in, health checks)."""

    def allow_anyone() -> None:
        return None

    setattr(allow_anyone, PERMISSION_ATTRIBUTE, Permission.PUBLIC_PAGE_VIEW)
    return allow_anyone


def declared_permission(dependency: Any) -> Permission | None:
    return getattr(dependency, PERMISSION_ATTRIBUTE, None)
