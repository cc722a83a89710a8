"""govuk(...) gives exactly the macro's markup, escapes what was typed and never keeps it."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import Environment

from contactpoint.web.templating import Components, make_templates

TYPED = 'O\'Brien <script>alert("x")</script> & Sons'


@pytest.fixture
def environment() -> Environment:
    return make_templates(auto_reload=False).env


def _direct(environment: Environment, name: str, params: dict[str, Any]) -> str:
    """The macro called the ordinary way, from a template."""
    macro = "govuk" + "".join(part.title() for part in name.split("-"))
    source = (
        f'{{% from "govuk_frontend_jinja/components/{name}/macro.html" import {macro} %}}'
        f"{{{{ {macro}(params) }}}}"
    )
    return environment.from_string(source).render(params=params)


def _date(day: str, month: str, year: str) -> dict[str, Any]:
    return {
        "id": "dob",
        "fieldset": {"legend": {"text": "Date of birth"}},
        "errorMessage": {"text": "Enter a real date of birth"},
        "items": [
            {"id": "dob_day", "name": "dob_day", "label": "Day", "value": day},
            {"id": "dob_month", "name": "dob_month", "label": "Month", "value": month},
            {"id": "dob_year", "name": "dob_year", "label": "Year", "value": year},
        ],
    }


CASES = [
    ("input", {"id": "family_name", "name": "family_name", "label": {"text": "Family name"}}),
    ("input", {"id": "family_name", "name": "family_name", "value": TYPED,
               "label": {"text": "Family name"}, "errorMessage": {"text": "Too long"}}),
    ("date-input", _date("1", TYPED, "")),
    ("radios", {"name": "gender", "items": [
        {"value": "female", "text": "Female", "checked": True},
        {"value": "male", "text": "Male"}]}),
    ("button", {"text": "Search"}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "params"), CASES)
def test_the_markup_is_the_macros_own_with_typed_values_escaped(
    environment: Environment, name: str, params: dict[str, Any]
) -> None:
    components: Components = environment.globals["govuk"]  # type: ignore[assignment]
    for _ in range(2):  # rendered, then from what was remembered
        assert str(components(name, params)) == _direct(environment, name, params)
    assert "<script>" not in str(components(name, params))


def test_nothing_typed_is_remembered_and_a_value_like_a_slot_stays_as_typed(
    environment: Environment,
) -> None:
    components: Components = environment.globals["govuk"]  # type: ignore[assignment]
    tricky = "\x00typed1\x00"
    html = str(components("date-input", _date(tricky, "Zebedee-canary", "2015")))
    assert "Zebedee-canary" in html
    assert html.count('value="2015"') == 1
    assert 'value="\x00typed1\x00"' in html  # shown as typed, not filled with the month
    remembered = " ".join(str(markup) for markup in components.remembered.values())
    assert "Zebedee-canary" not in remembered
    assert "2015" not in remembered
