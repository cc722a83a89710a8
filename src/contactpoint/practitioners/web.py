"""Request helpers for the practitioner pages: the service key, and the device credential
this browser presents (its cookie tokens, or the proxy-verified certificate fingerprint)."""

from __future__ import annotations

from fastapi import Request, Response

from contactpoint.authz.permissions import Permission
from contactpoint.authz.principal import Principal
from contactpoint.config import Settings
from contactpoint.practitioners.credentials import SecretBox, digest, new_token
from contactpoint.web.sessions import set_cookie

DEVICE_COOKIE = "cp_device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
MAX_DEVICE_TOKENS = 8  # one per account that uses this browser


def secret_box(request: Request) -> SecretBox:
    box: SecretBox | None = getattr(request.app.state, "secret_box", None)
    if box is None:
        settings: Settings = request.app.state.settings
        box = request.app.state.secret_box = SecretBox(settings.secret("secret_key"))
    return box


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _fingerprint(request: Request) -> str | None:
    raw = request.headers.get(_settings(request).client_certificate_header, "")
    normalised = raw.replace(":", "").strip().lower()
    return normalised or None


def presented_devices(request: Request) -> list[str]:
    """Digests of the device credentials this request carries."""
    if _settings(request).device_check == "client_certificate":
        fingerprint = _fingerprint(request)
        return [digest(fingerprint)] if fingerprint else []
    tokens = request.cookies.get(DEVICE_COOKIE, "").split(".")
    return [digest(token) for token in tokens if token][:MAX_DEVICE_TOKENS]


def new_device_credential(request: Request, response: Response) -> str | None:
    """The credential to register this browser under; in cookie mode, a new token is added
    to its device cookie. None when a certificate is required and none was presented."""
    if _settings(request).device_check == "client_certificate":
        return _fingerprint(request)
    token = new_token()
    kept = [t for t in request.cookies.get(DEVICE_COOKIE, "").split(".") if t]
    value = ".".join([token, *kept][:MAX_DEVICE_TOKENS])
    set_cookie(response, request, DEVICE_COOKIE, value, max_age=DEVICE_COOKIE_AGE)
    return token


def home_for(principal: Principal) -> str:
    if principal.can(Permission.CHILD_SEARCH):
        return "/search"
    if principal.can(Permission.USERS_ADMINISTER):
        return "/admin/users"
    return "/account"
