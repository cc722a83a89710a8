"""Server-side SVG charts for the matching pages: no JavaScript, no inline styles (strict CSP).

Colours are SVG presentation attributes (fill=), which a CSP without 'unsafe-inline' allows.
Every chart is decorative for screen readers (`aria-hidden`); the page puts the same numbers
in a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from contactpoint.matching.queries import WaterfallBar

GREEN, RED, BLUE, GREY, BLACK = "#00703c", "#d4351c", "#1d70b8", "#b1b4b6", "#0b0c0c"
FINAL = "final"
STEP, BAR, TOP, BOTTOM, HEIGHT = 92, 48, 24, 48, 260
# The model's comparison names (matching/model.py) as a reader would say them.
LABELS = {
    "prior": "Prior",
    "given_name": "Given name",
    "family_name": "Family name",
    "dob": "Date of birth",
    "gender": "Gender",
    "postcode": "Postcode",
    FINAL: "Match weight",
}


@dataclass(frozen=True)
class Step:
    """One drawn waterfall bar: it spans `start` to `end` and is labelled with its weight."""

    field: str
    weight: float
    start: float
    end: float
    colour: str

    @property
    def label(self) -> str:
        return LABELS.get(self.field, self.field.replace("_", " ").capitalize())


def waterfall_steps(bars: Sequence[WaterfallBar]) -> list[Step]:
    """Splink's waterfall: the prior from zero, each field up or down from the running total,
    then the final match weight from zero."""
    steps, total = [], 0.0
    for index, bar in enumerate(bars):
        start = 0.0 if index == 0 else total
        colour = BLUE if index == 0 else (GREEN if bar.weight >= 0 else RED)
        steps.append(Step(bar.field, bar.weight, start, bar.cumulative, colour))
        total = bar.cumulative
    steps.append(Step(FINAL, total, 0.0, total, BLACK))
    return steps


def waterfall_svg(steps: Sequence[Step]) -> Markup:
    values = [0.0, *(v for s in steps for v in (s.start, s.end))]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    width = STEP * len(steps) + 16

    def y(value: float) -> float:
        return round(TOP + (high - value) / span * (HEIGHT - TOP - BOTTOM), 1)

    parts = [f'<line x1="8" x2="{width - 8}" y1="{y(0)}" y2="{y(0)}" stroke="{GREY}"/>']
    for index, step in enumerate(steps):
        x = 8 + index * STEP + (STEP - BAR) // 2
        top, bottom = y(max(step.start, step.end)), y(min(step.start, step.end))
        middle = x + BAR // 2
        parts.append(
            f'<rect class="waterfall-bar" data-field="{escape(step.field)}" x="{x}" y="{top}" '
            f'width="{BAR}" height="{max(round(bottom - top, 1), 1)}" fill="{step.colour}"/>'
            f'<text class="waterfall-value" x="{middle}" y="{round(top - 4, 1)}" '
            f'text-anchor="middle" font-size="13">{step.weight:+.2f}</text>'
            f'<text x="{middle}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12">'
            f"{escape(step.label)}</text>"
        )
    return _svg("Match weight, field by field", width, HEIGHT, parts)


def bar_chart_svg(title: str, rows: Sequence[tuple[str, float]], *, percent: bool) -> Markup:
    """Horizontal bars, one per label, scaled to the largest value."""
    label_width, bar_width, row = 160, 320, 28
    largest = max((value for _, value in rows), default=0.0) or 1.0
    parts = []
    for index, (label, value) in enumerate(rows):
        top = 8 + index * row
        length = round(value / largest * bar_width, 1)
        shown = f"{value:.2%}" if percent else f"{value:g}"
        parts.append(
            f'<text x="{label_width - 8}" y="{top + 15}" text-anchor="end" font-size="13">'
            f"{escape(label.replace('_', ' '))}</text>"
            f'<rect class="quality-bar" x="{label_width}" y="{top}" width="{length}" '
            f'height="20" fill="{BLUE}"/>'
            f'<text x="{label_width + length + 6}" y="{top + 15}" font-size="13">{shown}</text>'
        )
    height = 16 + row * max(len(rows), 1)
    return _svg(title, label_width + bar_width + 80, height, parts)


def _svg(title: str, width: float, height: float, parts: list[str]) -> Markup:
    return Markup(  # noqa: S704  every interpolated string above is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" focusable="false" aria-hidden="true" class="matching-chart">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )
