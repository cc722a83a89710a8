"""Request helpers shared by the access pages."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from contactpoint.access.limits import Reached, allowance
from contactpoint.config import Settings
from contactpoint.web.templating import render


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def limit_page(request: Request, reached: Reached) -> HTMLResponse:
    """A clear page, not an error: what the limit is and when it resets."""
    context = {
        "title": "You have reached a limit",
        "reached": reached,
        "allowed": allowance(settings_of(request), reached.action, reached.window),
    }
    return render(request, "access/limit_reached.html", context, status_code=429)


def paused_page(request: Request) -> HTMLResponse:
    """The request that would have shown one child too many: nothing is shown (403)."""
    return render(
        request, "access/access_paused.html", {"title": "Your access is paused"}, status_code=403
    )
