"""One Jinja environment: our layouts, each domain's templates, and the GOV.UK macros."""

from __future__ import annotations

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
    return Jinja2Templates(env=environment)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render a page with the app's templates (every template sees `request` for the CSP nonce)."""
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, template, context or {}, status_code=status_code)
    assert isinstance(response, HTMLResponse)
    return response
