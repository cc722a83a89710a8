"""Where the GOV.UK Frontend build lives: copied from node_modules by `bin/setup`."""

from __future__ import annotations

from pathlib import Path

GOVUK_ASSETS = Path(__file__).parent / "static" / "govuk"
GOVUK_CSS = GOVUK_ASSETS / "govuk-frontend.min.css"
SETUP_HINT = "GOV.UK Frontend assets are missing: run `bin/setup` (needs Node.js and npm)."


def assets_present() -> bool:
    return GOVUK_CSS.is_file()
