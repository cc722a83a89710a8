"""Per-request plumbing for signed-in use: a database session dependency, the session cookie,
and a middleware that turns the cookie into `request.state.principal` (or ends the session).

Cookies are HttpOnly, SameSite=Strict and Secure; only a development or test server reached
at a loopback address may drop Secure (browsers will not send it over plain http).
"""

from __future__ import annotations

from collections.abc import Iterator
from http.cookies import SimpleCookie

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contactpoint.audit.writer import RequestMeta
from contactpoint.authz.dependencies import RoleChoiceRequiredError, SignInRequiredError
from contactpoint.config import Environment, Settings
from contactpoint.db import transaction
from contactpoint.practitioners import sessions as user_sessions
from contactpoint.types import utcnow

SESSION_COOKIE = "cp_session"
LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
UNTRACKED_PREFIXES = ("/static/", "/assets/", "/healthz")


def db_session(request: Request) -> Iterator[Session]:
    """A database session for one request; the route commits (once) when it writes."""
    with request.app.state.sessions() as session:
        yield session


def request_meta(request: Request) -> RequestMeta:
    return RequestMeta(
        ip_address=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
    )


def _secure(scope: Scope) -> bool:
    settings: Settings = scope["app"].state.settings
    host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
    hostname = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    local_dev = settings.environment is not Environment.PRODUCTION and hostname in LOOPBACK
    return not (local_dev and scope.get("scheme") == "http")


def cookie_header(scope: Scope, name: str, value: str, max_age: int | None = None) -> str:
    """One Set-Cookie value with the service's cookie policy."""
    cookie: SimpleCookie = SimpleCookie()
    cookie[name] = value
    morsel = cookie[name]
    morsel["path"] = "/"
    morsel["httponly"] = True
    morsel["samesite"] = "Strict"
    morsel["secure"] = _secure(scope)
    if max_age is not None:
        morsel["max-age"] = max_age
    return morsel.OutputString()


def set_cookie(
    response: Response, request: Request, name: str, value: str, max_age: int | None = None
) -> None:
    response.headers.append("set-cookie", cookie_header(request.scope, name, value, max_age))


def clear_cookie(response: Response, request: Request, name: str) -> None:
    set_cookie(response, request, name, "", max_age=0)


class AttachPrincipal:
    """Turns the session cookie into `request.state.principal` before any route runs (or
    ends an expired session and clears its cookie). Pure ASGI, like the other middleware."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["principal"] = None
        request = Request(scope)
        token = request.cookies.get(SESSION_COOKIE)
        if not token or scope["path"].startswith(UNTRACKED_PREFIXES):
            await self.app(scope, receive, send)
            return
        resolved = await run_in_threadpool(_resolve, request, token)
        state["principal"] = resolved.principal
        if resolved.principal is None:
            send = _clearing_cookie(send, scope)
        await self.app(scope, receive, send)


def _clearing_cookie(send: Send, scope: Scope) -> Send:
    async def send_clearing(message: Message) -> None:
        if message["type"] == "http.response.start":
            cleared = cookie_header(scope, SESSION_COOKIE, "", max_age=0)
            MutableHeaders(scope=message).append("set-cookie", cleared)
        await send(message)

    return send_clearing


def _resolve(request: Request, token: str) -> user_sessions.Resolved:
    with transaction(request.app.state.sessions) as session:
        return user_sessions.resolve(session, token, now=utcnow(), meta=request_meta(request))


def install(app: FastAPI) -> None:
    app.add_middleware(AttachPrincipal)

    @app.exception_handler(SignInRequiredError)
    async def to_sign_in(request: Request, error: SignInRequiredError) -> RedirectResponse:
        return RedirectResponse("/sign-in", status_code=303)

    @app.exception_handler(RoleChoiceRequiredError)
    async def to_role_choice(request: Request, error: RoleChoiceRequiredError) -> RedirectResponse:
        return RedirectResponse("/sign-in/role", status_code=303)
