"""The shielding forms, checked: categories from fixed lists and short bounded references."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from contactpoint.access.events import REFERENCE_PATTERN
from contactpoint.shielding.criteria import Criterion
from contactpoint.shielding.models import DecisionReason, ShieldingReason

LONGEST_REVIEW = timedelta(days=366)  # a shield is looked at again within a year
REFUSAL_REASONS = {DecisionReason.CRITERIA_NOT_MET, DecisionReason.INSUFFICIENT_INFORMATION}


class _Form(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, str_max_length=40)

    reference: str | None = Field(default=None, max_length=30, pattern=REFERENCE_PATTERN)

    @field_validator("reference", "review_on", mode="before", check_fields=False)
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class ChangeRequest(_Form):
    reason: ShieldingReason


class Decision(_Form):
    decision: Literal["approve", "refuse"]
    reason: DecisionReason
    criteria: list[Criterion] = []
    review_on: date | None = None


class Review(_Form):
    outcome: Literal["continue", "remove"]
    review_on: date | None = None


MESSAGES = {
    "reason": "Select a reason",
    "reference": "A reference can be up to 30 letters, numbers, spaces, slashes or dashes",
    "decision": "Select whether you approve or refuse the request",
    "criteria": "Select the criteria the case meets",
    "review_on": "Enter a review date within the next 12 months, like 2026-03-31",
    "outcome": "Select whether the shield continues",
}


def problems(error: ValidationError) -> dict[str, str]:
    """One plain message per field that failed."""
    fields = [str(detail["loc"][0]) for detail in error.errors() if detail["loc"]]
    return {field: MESSAGES.get(field, "Check this answer") for field in fields}


def review_date_problem(review_on: date | None, today: date) -> dict[str, str]:
    if review_on is None or not today < review_on <= today + LONGEST_REVIEW:
        return {"review_on": MESSAGES["review_on"]}
    return {}


def decision_problems(decision: Decision, *, shielding: bool, today: date) -> dict[str, str]:
    """What approving a shield additionally needs: a criterion met and a review date."""
    if decision.decision == "refuse":
        return {}
    if decision.reason in REFUSAL_REASONS:
        return {"reason": "That reason is for refusing: select the reason for approving"}
    if not shielding:
        return {}
    found = review_date_problem(decision.review_on, today)
    if not decision.criteria:
        found["criteria"] = "Select at least one criterion the case meets to approve a shield"
    return found


REASON_LABELS = {
    ShieldingReason.RISK_OF_SIGNIFICANT_HARM: "Risk of significant harm if the child is found",
    ShieldingReason.DOMESTIC_ABUSE: "Domestic abuse",
    ShieldingReason.ADOPTION: "Adoption",
    ShieldingReason.WITNESS_PROTECTION: "Witness protection",
    ShieldingReason.RISK_HAS_ENDED: "The risk has ended (to lift a shield)",
    ShieldingReason.OTHER: "Another reason, which the shielding officer will ask you about",
}
DECISION_LABELS = {
    DecisionReason.CRITERIA_MET: "The case meets the criteria",
    DecisionReason.CRITERIA_NOT_MET: "The case does not meet the criteria",
    DecisionReason.INSUFFICIENT_INFORMATION: "Not enough information to decide",
    DecisionReason.RISK_HAS_ENDED: "The risk has ended",
    DecisionReason.ALREADY_IN_PLACE: "The change is already in place",
    DecisionReason.OTHER: "Another reason, recorded in the reference",
}
