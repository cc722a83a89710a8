"""GOV.UK-styled error pages that never echo what was asked for (it may hold child data)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from contactpoint.web.templating import render

log = logging.getLogger("contactpoint.web")

TITLES = {
    400: "There is a problem with the request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "Page not found",
    429: "You have reached a limit",
    500: "Sorry, there is a problem with the service",
}


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> HTMLResponse:
        return _page(request, error.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        # FastAPI's default 422 echoes the submitted values; say only which fields were wrong.
        fields = sorted({".".join(map(str, problem["loc"][1:])) for problem in error.errors()})
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "invalid request", "fields": fields}, status_code=422)
        return _page(request, 400)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception) -> HTMLResponse:
        # The exception type only: messages and arguments can carry what the user typed.
        log.error(
            "unhandled %s on %s %s",
            type(error).__name__,
            request.method,
            request.scope.get("route_path", "?"),
        )
        return _page(request, 500)


def _page(request: Request, status: int) -> HTMLResponse:
    title = TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400])
    return render(request, "error.html", {"title": title, "status": status}, status_code=status)
