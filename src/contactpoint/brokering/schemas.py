"""The brokering forms, checked: categories from fixed lists and short bounded references."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from contactpoint.access.events import REFERENCE_PATTERN
from contactpoint.brokering.models import BrokeringOutcome, BrokeringPurpose


class _Form(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, str_max_length=40)

    reference: str | None = Field(default=None, max_length=30, pattern=REFERENCE_PATTERN)

    @field_validator("reference", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class ContactRequest(_Form):
    purpose: BrokeringPurpose


class Closing(_Form):
    outcome: BrokeringOutcome


MESSAGES = {
    "purpose": "Select why you need to contact the child's services",
    "outcome": "Select what the team did",
    "reference": "A reference can be up to 30 letters, numbers, spaces, slashes or dashes",
}


def problems(error: ValidationError) -> dict[str, str]:
    fields = [str(detail["loc"][0]) for detail in error.errors() if detail["loc"]]
    return {field: MESSAGES.get(field, "Check this answer") for field in fields}


PURPOSE_LABELS = {
    BrokeringPurpose.SAFEGUARDING_CONCERN: "A safeguarding concern",
    BrokeringPurpose.COORDINATING_SUPPORT: "To coordinate support with the other services",
    BrokeringPurpose.REFERRAL: "To make or follow up a referral",
    BrokeringPurpose.TRANSITION: "A move between schools or services",
    BrokeringPurpose.OTHER: "Another reason, which the team will ask you about",
}
OUTCOME_LABELS = {
    BrokeringOutcome.SERVICE_WILL_CONTACT: "Your details were passed on: the service will "
    "contact you",
    BrokeringOutcome.CONTACT_GIVEN: "The team gave you a way to contact the service",
    BrokeringOutcome.SERVICE_DECLINED: "The service declined contact",
    BrokeringOutcome.NO_SERVICE_FOUND: "No suitable service was found",
    BrokeringOutcome.WITHDRAWN: "The request was withdrawn",
    BrokeringOutcome.OTHER: "Other: the team will contact you",
}
