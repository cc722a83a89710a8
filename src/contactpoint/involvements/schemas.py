"""The involvement forms, checked: a name and contact details, dates, and nothing else."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from contactpoint.types import EMAIL_LEN, NAME_LEN, PHONE_LEN

PHONE_PATTERN = r"^[0-9 +()-]{6,20}$"
EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]{1,185}\.[A-Za-z]{2,}$"
NAME_PATTERN = r"^[^\d<>@]{1,100}$"  # a person's name: no digits, markup or addresses


class _Form(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class NewInvolvement(_Form):
    practitioner_name: str | None = Field(default=None, max_length=NAME_LEN, pattern=NAME_PATTERN)
    practitioner_phone: str | None = Field(
        default=None, max_length=PHONE_LEN, pattern=PHONE_PATTERN
    )
    practitioner_email: str | None = Field(
        default=None, max_length=EMAIL_LEN, pattern=EMAIL_PATTERN
    )
    started_on: date


class Ending(_Form):
    ended_on: date


class Caf(_Form):
    caf_date: date


MESSAGES = {
    "practitioner_name": "Enter a name of up to 100 letters, or leave it blank",
    "practitioner_phone": "Enter a telephone number, like 01632 960 001, or leave it blank",
    "practitioner_email": "Enter an email address, like name@example.org, or leave it blank",
    "started_on": "Enter the date you started working with the child, like 2025-03-31",
    "ended_on": "Enter the date you stopped working with the child, like 2025-03-31",
    "caf_date": "Enter the date the CAF was undertaken, like 2025-03-31",
}


def problems(error: ValidationError) -> dict[str, str]:
    fields = [str(detail["loc"][0]) for detail in error.errors() if detail["loc"]]
    return {field: MESSAGES.get(field, "Check this answer") for field in fields}


def date_problem(name: str, value: date, *, not_before: date | None, today: date) -> dict[str, str]:
    """A date may not be in the future, nor before `not_before` (a start or a birth)."""
    if value > today:
        return {name: MESSAGES[name].replace("Enter", "Enter a date not in the future:", 1)}
    if not_before is not None and value < not_before:
        return {name: f"The date must be on or after {not_before:%d %B %Y}"}
    return {}
