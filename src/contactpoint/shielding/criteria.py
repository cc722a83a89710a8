"""The documented shielding criteria an officer weighs, case by case, as a checklist.

A shield is approved only with at least one criterion met; the codes met are stored with the
decision so a later review can see what the shield rested on.
"""

from __future__ import annotations

from enum import StrEnum


class Criterion(StrEnum):
    LOCATION_RISK = "location_risk"
    IDENTIFIED_THREAT = "identified_threat"
    AGENCY_SUPPORTS = "agency_supports"
    COURT_OR_PROTECTION_ORDER = "court_or_protection_order"
    NO_LESS_RESTRICTIVE_OPTION = "no_less_restrictive_option"


CRITERIA: dict[Criterion, str] = {
    Criterion.LOCATION_RISK: "Disclosing where the child lives or is educated could put the "
    "child, or the adult caring for them, at risk of significant harm",
    Criterion.IDENTIFIED_THREAT: "There is an identified person or group from whom the child's "
    "whereabouts must be kept",
    Criterion.AGENCY_SUPPORTS: "The risk is confirmed by a statutory agency (police, children's "
    "social care, health or the courts)",
    Criterion.COURT_OR_PROTECTION_ORDER: "A court order, adoption placement or protection "
    "scheme requires the child's details to be protected",
    Criterion.NO_LESS_RESTRICTIVE_OPTION: "No less restrictive step would protect the child, and "
    "practitioners can still reach the child's services through the LA team",
}


def encode(criteria: list[Criterion]) -> str:
    return ",".join(sorted({criterion.value for criterion in criteria}))


def decode(stored: str | None) -> list[Criterion]:
    return [Criterion(code) for code in (stored or "").split(",") if code]
