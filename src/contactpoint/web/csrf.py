"""CSRF protection for every form: a pure ASGI middleware, so no route can forget it.

A random value lives in an HttpOnly, SameSite=Strict cookie; forms carry an HMAC of it
(`request.state.csrf_token`, rendered by `{% include "csrf_field.html" %}`). A state-changing
request without the matching value is refused before any route runs. /api/ is exempt: it
authenticates machines by header, never by cookie, so a browser cannot be tricked into it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contactpoint.web.sessions import cookie_header
from contactpoint.web.templating import render

COOKIE = "cp_csrf"
FIELD = "csrf_token"
HEADER = b"x-csrf-token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MAX_FORM_BYTES = 64 * 1024


class CSRFMiddleware:
    def __init__(self, app: ASGIApp, *, key: bytes) -> None:
        self.app = app
        self.key = key

    def token_for(self, value: str) -> str:
        return hmac.new(self.key, b"csrf:" + value.encode(), hashlib.sha256).hexdigest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        value = _cookie(scope, COOKIE)
        fresh = value is None
        value = value or secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = self.token_for(value)
        if scope["method"] in UNSAFE_METHODS and not scope["path"].startswith("/api/"):
            body = await _read_body(receive)
            if fresh or not hmac.compare_digest(_given(scope, body), self.token_for(value)):
                response = render(
                    Request(scope), "error.html", {"title": TITLE, "status": 400}, 400
                )
                await response(scope, receive, send)
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, _with_cookie(send, scope, value) if fresh else send)


TITLE = "Your form has expired: go back, reload the page and try again"


def _cookie(scope: Scope, name: str) -> str | None:
    for key, raw in scope.get("headers", []):
        if key == b"cookie":
            morsel = SimpleCookie(raw.decode("latin-1")).get(name)
            if morsel is not None:
                return str(morsel.value)
    return None


def _given(scope: Scope, body: bytes) -> str:
    headers: dict[bytes, bytes] = dict(scope.get("headers", []))
    if HEADER in headers:
        return headers[HEADER].decode("latin-1")
    if headers.get(b"content-type", b"").startswith(b"application/x-www-form-urlencoded"):
        return parse_qs(body.decode("utf-8", "replace")).get(FIELD, [""])[0]
    return ""


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return b""  # too big for any of our forms: treated as carrying no token
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, then the client's own messages: its disconnect comes when it
    really goes (a streamed response listens for it and would stop at a made-up one)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _with_cookie(send: Send, scope: Scope, value: str) -> Send:
    async def send_with_cookie(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers: list[Any] = list(message.get("headers", []))
            headers.append((b"set-cookie", cookie_header(scope, COOKIE, value).encode()))
            message = {**message, "headers": headers}
        await send(message)

    return send_with_cookie


def install(app: FastAPI, key: bytes) -> None:
    app.add_middleware(CSRFMiddleware, key=key)
