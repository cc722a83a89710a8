"""One Jinja environment: our layouts, each domain's templates, and the GOV.UK macros."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    select_autoescape,
)
from markupsafe import Markup, escape

WEB_TEMPLATES = Path(__file__).parent / "templates"
# Domains with a templates/ folder, addressed as "<domain>/<template>.html".
DOMAINS_WITH_TEMPLATES = (
    "children",
    "practitioners",
    "audit",
    "access",
    "matching",
    "feeds",
    "shielding",
    "brokering",
    "involvements",
)


def _domain_loaders() -> dict[str, PackageLoader]:
    loaders = {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}
    package_root = Path(__file__).parent.parent
    for domain in DOMAINS_WITH_TEMPLATES:
        if (package_root / domain / "templates").is_dir():
            loaders[domain] = PackageLoader(f"contactpoint.{domain}")
    return loaders


class Components:
    """GOV.UK Frontend macros, callable as `govuk("input", params)` from any template.

    A component's markup depends only on its parameters, so each is rendered once and
    remembered; what the user typed is first swapped for a placeholder and escaped back in
    afterwards. The search page's fields and furniture so cost microseconds, not ~5 ms,
    and nothing a practitioner searched for is kept in memory.
    """

    MAX_REMEMBERED = 512  # far more than the distinct fields, error states and furniture

    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        self.remembered: dict[tuple[str, str], Markup] = {}

    def __call__(self, name: str, params: dict[str, Any]) -> Markup:
        skeleton_params, typed = _with_slots(params)
        key = (name, json.dumps(skeleton_params, sort_keys=True, default=_undefined_aware))
        skeleton = self.remembered.get(key)
        if skeleton is None:
            skeleton = _rendered(self._macro(name), skeleton_params)
            if any(_slot(i) not in skeleton for i in range(len(typed))):
                return _rendered(self._macro(name), params)  # the macro reshaped a value
            if len(self.remembered) < self.MAX_REMEMBERED:
                self.remembered[key] = skeleton
        return _filled(skeleton, typed) if typed else skeleton

    def _macro(self, name: str) -> Any:
        path = f"govuk_frontend_jinja/components/{name}/macro.html"
        macro_name = "govuk" + "".join(part.title() for part in name.split("-"))
        return getattr(self.environment.get_template(path).module, macro_name)


def _slot(index: int) -> str:
    return f"\x00typed{index}\x00"


SLOTS = re.compile("\x00typed([0-9]+)\x00")


def _filled(skeleton: Markup, typed: list[str]) -> Markup:
    """The skeleton with each slot replaced by its escaped value, in one pass, so a typed
    value that looks like a slot is shown as typed and never filled in."""
    pieces = SLOTS.split(skeleton)  # markup, slot number, markup, slot number, ..., markup
    parts = [
        escape(typed[int(piece)]) if odd else Markup(piece)  # noqa: S704 (our rendered markup)
        for odd, piece in ((i % 2 == 1, piece) for i, piece in enumerate(pieces))
    ]
    return Markup("").join(parts)


def _with_slots(params: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """`params` with each typed value replaced by a slot, and the values in slot order.

    Typed values are the field's own `value` and those of items with their own `name`
    (date parts); radio items' values are the fixed options, not input.
    """
    typed: list[str] = []

    def slotted(value: object) -> object:
        if not value:
            return value
        typed.append(str(value))
        return _slot(len(typed) - 1)

    result = dict(params)
    if "value" in result:
        result["value"] = slotted(result["value"])
    items = result.get("items")
    if isinstance(items, list):
        result["items"] = [
            {**item, "value": slotted(item.get("value"))}
            if isinstance(item, dict) and item.get("name") and "value" in item
            else item
            for item in items
        ]
    return result, typed


def _rendered(macro: Any, params: dict[str, Any]) -> Markup:
    html = macro(params)
    assert isinstance(html, Markup)  # autoescaped by the macro itself
    return html


def _undefined_aware(value: object) -> str:
    # Keeps an omitted parameter (Jinja's Undefined) apart from an empty string.
    return f"<{type(value).__name__}:{value}>"


def make_templates(*, auto_reload: bool = True) -> Jinja2Templates:
    # Outside development, templates never change under a running server: skipping the
    # per-render freshness check saved ~8 ms of CPU per search (docs/benchmarks.md).
    environment = Environment(
        auto_reload=auto_reload,
        loader=ChoiceLoader([FileSystemLoader(WEB_TEMPLATES), PrefixLoader(_domain_loaders())]),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["govuk"] = Components(environment)
    return Jinja2Templates(env=environment)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render a page with the app's templates (every template sees `request` for the CSP nonce)."""
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, template, context or {}, status_code=status_code)
    assert isinstance(response, HTMLResponse)
    return response
