"""What a user may type when finding and viewing: the search form, and a reason for a view."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from pydantic import ValidationError

from contactpoint.access.events import REFERENCE_PATTERN
from contactpoint.children.schemas import SearchCriteria, messages


class ViewReason(StrEnum):
    """Why a record is opened: a fixed list, so the audit trail can be read and counted."""

    CHILD_PROTECTION_ENQUIRY = "child_protection_enquiry"
    REFERRAL = "referral"
    ASSESSMENT = "assessment"
    SERVICE_DELIVERY = "service_delivery"
    ADMISSION_REGISTRATION = "admission_registration"
    CHILD_MISSING_EDUCATION = "child_missing_education"
    MULTI_AGENCY_MEETING = "multi_agency_meeting"
    BROKERING_CONTACT = "brokering_contact"


REASON_LABELS: dict[ViewReason, str] = {
    ViewReason.CHILD_PROTECTION_ENQUIRY: "Child protection enquiry",
    ViewReason.REFERRAL: "Making or receiving a referral",
    ViewReason.ASSESSMENT: "Assessment, including a Common Assessment Framework (CAF)",
    ViewReason.SERVICE_DELIVERY: "Delivering a service to the child",
    ViewReason.ADMISSION_REGISTRATION: "Admission or registration",
    ViewReason.CHILD_MISSING_EDUCATION: "Child missing education",
    ViewReason.MULTI_AGENCY_MEETING: "Preparing for a multi-agency meeting",
    ViewReason.BROKERING_CONTACT: "Brokering contact (LA ContactPoint team)",
}

_REFERENCE = re.compile(REFERENCE_PATTERN)
_DOB_PARTS = ("dob_day", "dob_month", "dob_year")
# ASCII digits only (int() also reads "٣", "２", "2_015" and, unbounded, overflows date()).
_DOB_PATTERNS = tuple(re.compile(p) for p in ("[0-9]{1,2}", "[0-9]{1,2}", "[0-9]{4}"))
_YEAR = re.compile("[0-9]{4}")
SEARCH_FIELDS = ("family_name", "given_name", "postcode", "year_of_birth", "gender", "cp_id")


@dataclass(frozen=True)
class GivenReason:
    reason: ViewReason
    reference: str | None


@dataclass
class ReasonForm:
    """A reason category and an optional short reference, or field -> error message."""

    reason: str = ""
    reference: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    def validate(self) -> GivenReason | None:
        self.reference = " ".join(self.reference.split())
        if self.reason not in set(ViewReason):
            self.errors["reason"] = "Select why you need to see this record"
        if len(self.reference) > 30 or not _REFERENCE.match(self.reference):
            self.errors["reference"] = (
                "Your reference must be 30 characters or fewer: letters, numbers, spaces, "
                "hyphens and slashes only. Do not write case notes here"
            )
        if self.errors:
            return None
        return GivenReason(ViewReason(self.reason), self.reference or None)


@dataclass
class SearchForm:
    """The search page's fields as typed, kept to show back on the page (never in a URL)."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    def criteria(self) -> SearchCriteria | None:
        fields: dict[str, object] = {
            name: self.values.get(name, "") or None for name in SEARCH_FIELDS
        }
        fields["date_of_birth"] = self._date_of_birth()
        year = self.values.get("year_of_birth", "").strip()
        if year and not _YEAR.fullmatch(year):
            self.errors["year_of_birth"] = "Enter the year of birth as 4 digits, like 2015"
        if self.errors:
            return None
        try:
            return SearchCriteria.model_validate(fields)
        except ValidationError as error:
            self.errors.update(_by_form_field(messages(error)))
            return None

    def _date_of_birth(self) -> date | None:
        parts = [self.values.get(name, "").strip() for name in _DOB_PARTS]
        if not any(parts):
            return None
        try:
            if not all(p.fullmatch(part) for p, part in zip(_DOB_PATTERNS, parts, strict=True)):
                raise ValueError
            day, month, year = (int(part) for part in parts)
            return date(year, month, day)
        except ValueError:
            self.errors["date_of_birth"] = "Date of birth must be a real date, like 27 3 2015"
            return None


def _by_form_field(found: dict[str, str]) -> dict[str, str]:
    known = {*SEARCH_FIELDS, "date_of_birth"}
    return {name if name in known else "family_name": text for name, text in found.items()}
