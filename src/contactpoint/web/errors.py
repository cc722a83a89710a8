"""GOV.UK-styled error pages that never echo what was asked for (it may hold child data).

An unexpected error is logged by route template ("POST /children/{token}/reason": the path
itself carries a view grant) with its traceback: where it happened, every frame, and the
exception types, but not the exception messages, which can quote what the user typed. The
request's body and query string are never logged.
"""

from __future__ import annotations

import logging
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contactpoint.web.access_log import route_of
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


class CatchUnexpected:
    """Innermost middleware: an error a route raises becomes the 500 page, here.

    Here rather than in Starlette's outermost ServerErrorMiddleware, which re-raises so the
    server logs the error again with its message (uvicorn's "Exception in ASGI
    application"); and here the page still passes out through the security headers.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, noting_start)
        except Exception as error:
            request = Request(scope)
            log_unexpected(request, error)
            if not started:  # otherwise the response is cut short: nothing more can be sent
                await _page(request, 500)(scope, receive, send)


def install_catch_all(app: FastAPI) -> None:
    """Call before adding any other middleware, so this one is innermost."""
    app.add_middleware(CatchUnexpected)


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
        log_unexpected(request, error)  # an error in middleware, outside CatchUnexpected
        return _page(request, 500)


def log_unexpected(request: Request, error: Exception) -> None:
    route = f"{request.method} {route_of(request.scope)}"
    log.error("unhandled %s on %s\n%s", type(error).__name__, route, frames(error))


def frames(error: BaseException) -> str:
    """The traceback of `error` (and what caused it) with each exception's type alone."""
    found = traceback.TracebackException.from_exception(error, capture_locals=False)
    lines: list[str] = []
    for part in _chain(found):
        lines.append("Traceback (most recent call last):\n")
        lines.extend(part.stack.format())
        lines.append(f"{part.exc_type.__module__}.{part.exc_type.__qualname__}\n"
                     if part.exc_type else "?\n")  # fmt: skip
    return "".join(lines).rstrip("\n")


def _chain(found: traceback.TracebackException) -> list[traceback.TracebackException]:
    """Outermost last, as Python prints a chain ("During handling of the above...")."""
    chain: list[traceback.TracebackException] = []
    current: traceback.TracebackException | None = found
    while current is not None and len(chain) < 10:
        chain.insert(0, current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return chain


def _page(request: Request, status: int) -> HTMLResponse:
    title = TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400])
    return render(request, "error.html", {"title": title, "status": status}, status_code=status)
