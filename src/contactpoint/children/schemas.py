"""What a search may ask (only the accepted criteria sets) and what it may show."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from contactpoint.children import ids, postcodes
from contactpoint.children.dates import earliest_birth_date
from contactpoint.children.models import Gender
from contactpoint.children.names import normalise
from contactpoint.types import NAME_LEN, utcnow

_NAME_PUNCTUATION = frozenset(" '’.-")
_WILDCARDS = re.compile(r"[*%?_]")


class CriteriaSet(StrEnum):
    """The accepted criteria sets; values match access.events.CriteriaSet."""

    FAMILY_DOB = "family_dob"
    FAMILY_GIVEN_POSTCODE = "family_given_postcode"
    FAMILY_GIVEN_YOB_GENDER = "family_given_yob_gender"
    CP_ID = "cp_id"


class OutcomeKind(StrEnum):
    RESULTS = "results"
    TOO_MANY = "too_many"  # more than the cap: "refine your search", never a longer list
    NONE = "none"


def _problem(field_name: str, message: str) -> PydanticCustomError:
    return PydanticCustomError("search_criteria", message, {"field": field_name})


class SearchCriteria(BaseModel):
    """A search as typed. Validation refuses anything short of an accepted criteria set."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, str_max_length=NAME_LEN)

    family_name: str | None = None
    given_name: str | None = None
    date_of_birth: date | None = None
    postcode: str | None = None
    year_of_birth: int | None = None
    gender: Gender | None = None
    cp_id: str | None = None

    @field_validator("family_name", "given_name", "postcode", "cp_id", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("family_name", "given_name")
    @classmethod
    def _real_name(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        where = info.field_name or "family_name"
        label = where.replace("_", " ")
        if _WILDCARDS.search(value):
            raise _problem(where, f"Enter the child's full {label}: wildcards are not allowed")
        if not all(char.isalpha() or char in _NAME_PUNCTUATION for char in value):
            raise _problem(
                where, f"The {label} can only include letters, spaces, hyphens and apostrophes"
            )
        if len(normalise(value)) < 2:
            raise _problem(where, f"Enter at least 2 letters of the child's {label}")
        return value

    @field_validator("postcode")
    @classmethod
    def _real_postcode(cls, value: str | None) -> str | None:
        if value is not None and not postcodes.is_valid(value):
            raise _problem("postcode", "Enter a full postcode, like AA1 1AA")
        return postcodes.normalise(value) if value else None

    @field_validator("cp_id")
    @classmethod
    def _real_cp_id(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return ids.parse(value)
        except ids.InvalidContactPointIdError as error:
            raise _problem("cp_id", str(error)) from None

    @model_validator(mode="after")
    def _accepted_set(self) -> SearchCriteria:
        _check_dates(self)
        self._criteria_set()  # raises when the fields make no accepted set
        return self

    @property
    def criteria_set(self) -> CriteriaSet:
        return self._criteria_set()

    def _criteria_set(self) -> CriteriaSet:
        if self.cp_id is not None:
            if any((self.family_name, self.given_name, self.date_of_birth, self.postcode)):
                raise _problem("cp_id", "Search by ContactPoint ID on its own, or by name")
            return CriteriaSet.CP_ID
        if self.family_name is None:
            raise _problem("family_name", "Enter the child's family name, or a ContactPoint ID")
        if self.date_of_birth is not None:
            return CriteriaSet.FAMILY_DOB
        return _set_with_given_name(self)

    def hidden_fields_used(self) -> bool:
        """A postcode (address) search: shielded children are never returned by one."""
        return self.criteria_set is CriteriaSet.FAMILY_GIVEN_POSTCODE

    def used_fields(self) -> dict[str, str]:
        """The fields this search uses, as text (for the audit event's keyed digest).

        Fields outside the criteria set are ignored, except a given name typed with a family
        name and date of birth, which helps the ranking.
        """
        used = _USED_FIELDS[self.criteria_set]
        values = self.model_dump(include=used, exclude_none=True, mode="json")
        return {name: str(value) for name, value in values.items()}


_USED_FIELDS = {
    CriteriaSet.FAMILY_DOB: {"family_name", "date_of_birth", "given_name"},
    CriteriaSet.FAMILY_GIVEN_POSTCODE: {"family_name", "given_name", "postcode"},
    CriteriaSet.FAMILY_GIVEN_YOB_GENDER: {"family_name", "given_name", "year_of_birth", "gender"},
    CriteriaSet.CP_ID: {"cp_id"},
}


def _set_with_given_name(criteria: SearchCriteria) -> CriteriaSet:
    by_year = criteria.year_of_birth is not None or criteria.gender is not None
    if criteria.given_name is None:
        if criteria.postcode is not None or by_year:
            raise _problem("given_name", "Enter the child's given name as well")
        raise _problem(
            "date_of_birth",
            "Enter a date of birth, or a given name and postcode, "
            "or a given name with year of birth and gender",
        )
    if criteria.postcode is not None:
        return CriteriaSet.FAMILY_GIVEN_POSTCODE
    if criteria.year_of_birth is None:
        raise _problem(
            "date_of_birth", "Enter a date of birth, a postcode, or a year of birth and gender"
        )
    if criteria.gender is None:
        raise _problem("gender", "Select the child's gender to search by year of birth")
    return CriteriaSet.FAMILY_GIVEN_YOB_GENDER


def _check_dates(criteria: SearchCriteria) -> None:
    today = utcnow().date()
    earliest = earliest_birth_date(today)
    if criteria.date_of_birth is not None and not earliest <= criteria.date_of_birth <= today:
        raise _problem("date_of_birth", "Enter a date of birth of a child or young person")
    year = criteria.year_of_birth
    if year is not None and not earliest.year <= year <= today.year:
        raise _problem(
            "year_of_birth", f"Enter a year of birth between {earliest.year} and {today.year}"
        )


def messages(error: ValidationError) -> dict[str, str]:
    """Field name -> the first message for it, ready to show beside the form field."""
    found: dict[str, str] = {}
    for problem in error.errors():
        context = problem.get("ctx") or {}
        where = context.get("field") or ".".join(map(str, problem["loc"])) or "search"
        text = problem["msg"] if problem["type"] == "search_criteria" else _plain(problem["type"])
        found.setdefault(where, text)
    return found


def _plain(error_type: str) -> str:
    return {
        "date_from_datetime_parsing": "Enter a real date of birth",
        "date_parsing": "Enter a real date of birth",
        "date_from_datetime_inexact": "Enter a real date of birth",
        "int_parsing": "Enter the year of birth as 4 digits, like 2015",
        "enum": "Select the child's gender",
        "string_too_long": "That is too long for a search",
    }.get(error_type, "Check this answer")


@dataclass(frozen=True)
class ResultRow:
    """Just enough to tell children apart. A shielded child shows no town or district."""

    child_id: int
    cp_id: str
    display_name: str
    date_of_birth: date
    gender: Gender
    town: str | None
    postcode_district: str | None
    shielded: bool
    score: float = field(compare=False)


@dataclass(frozen=True)
class SearchOutcome:
    kind: OutcomeKind
    criteria_set: CriteriaSet
    results: tuple[ResultRow, ...] = ()

    @property
    def result_count(self) -> int:
        return len(self.results)

    @property
    def shielded_hits(self) -> int:
        return sum(1 for row in self.results if row.shielded)
