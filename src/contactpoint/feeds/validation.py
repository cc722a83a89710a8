"""Row-level validation: every value parsed by its column's kind, or the row is rejected.

Reasons name the column and the rule, never the value: a rejection is written to the
acknowledgement file and the database, and neither may carry child data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from contactpoint.children.models import Gender, Relationship
from contactpoint.feeds.formats import Column, Kind, SourceFormat
from contactpoint.feeds.lines import UNREADABLE
from contactpoint.feeds.readers import OVERFLOW
from contactpoint.feeds.schemas import AddressIn, CarerIn, FeedRecord, ParsedRow, Rejection

ADULT_AGE = 18


class RowError(ValueError):
    """A value that breaks its column's rule; the message is the rejection reason."""


def _pattern(regex: str, rule: str) -> Callable[[str], str]:
    compiled = re.compile(regex)

    def parse(text: str) -> str:
        if not compiled.fullmatch(text):
            raise RowError(rule)
        return text

    return parse


_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})")
_GENDERS = {"m": Gender.MALE, "f": Gender.FEMALE, "u": Gender.NOT_KNOWN, "x": Gender.NOT_SPECIFIED}
_TRUE, _FALSE = {"y", "yes", "true", "1"}, {"n", "no", "false", "0"}


def _postcode(text: str) -> str:
    match = _POSTCODE.fullmatch(text.upper().strip())
    if not match:
        raise RowError("is not a UK postcode")
    return f"{match[1]} {match[2]}"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else _bad_date()
    except ValueError:
        raise RowError("is not a date (YYYY-MM-DD)") from None


def _bad_date() -> date:
    raise ValueError


def _gender(text: str) -> Gender:
    lowered = text.lower()
    if lowered in _GENDERS:
        return _GENDERS[lowered]
    try:
        return Gender(lowered)
    except ValueError:
        raise RowError("is not a gender code (male, female, not_known, not_specified)") from None


def _nhs_number(text: str) -> str:
    digits = text.replace(" ", "")
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise RowError("is not a 10-digit NHS number")
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    if (0 if check == 11 else check) != int(digits[9]):
        raise RowError("fails the NHS number check digit")
    return digits


_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _upn(text: str) -> str:
    """A unique pupil number: the DfE check letter, then 12 digits (weights 2..13, mod 23)."""
    upn = text.upper()
    if not re.fullmatch(r"[A-Z][0-9]{12}", upn):
        raise RowError("is not a unique pupil number")
    total = sum(int(char) * weight for weight, char in enumerate(upn[1:], start=2))
    if _UPN_LETTERS[total % 23] != upn[0]:
        raise RowError("fails the unique pupil number check letter")
    return upn


def _relationship(text: str) -> Relationship:
    try:
        return Relationship(text.lower())
    except ValueError:
        raise RowError("is not a relationship code") from None


def _boolean(text: str) -> bool:
    if text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    raise RowError("is not yes or no")


PARSERS: dict[Kind, Callable[[str], Any]] = {
    Kind.NAME: _pattern(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ '\-]{0,99}", "is not a name (letters only)"),
    Kind.DATE: _date,
    Kind.GENDER: _gender,
    Kind.ADDRESS_LINE: _pattern(r"[A-Za-z0-9][A-Za-z0-9 ,.'/\-]{0,99}", "is not an address line"),
    Kind.TOWN: _pattern(r"[A-Za-z][A-Za-z ,.'\-]{0,59}", "is not a town name"),
    Kind.POSTCODE: _postcode,
    Kind.LA_CODE: _pattern(r"E(0[6-9]|10)[0-9]{6}", "is not an LA code (like E08000005)"),
    Kind.UPN: _upn,
    Kind.NHS_NUMBER: _nhs_number,
    Kind.CHILD_BENEFIT_REFERENCE: _pattern(
        r"[A-Z]{2,4}[0-9]{6,10}(C[0-9]{1,2})?", "is not a child benefit reference"
    ),
    Kind.LA_REFERENCE: _pattern(r"[A-Za-z0-9\-]{1,20}", "is not a case-system reference"),
    Kind.SCHOOL_URN: _pattern(r"[0-9]{6}", "is not a school URN (6 digits)"),
    Kind.ODS_CODE: _pattern(r"[A-Z][0-9]{5}", "is not a GP practice code"),
    Kind.RELATIONSHIP: _relationship,
    Kind.PHONE: _pattern(r"\+?[0-9 ]{10,20}", "is not a phone number"),
    Kind.BOOLEAN: _boolean,
}


def validate_row(
    fmt: SourceFormat, line: int, raw: Mapping[str, str | None], *, as_of: date
) -> ParsedRow:
    """The row as a FeedRecord, or the first reason it cannot be accepted."""
    try:
        values = _parse_columns(fmt, raw)
        _check_child_age(values["date_of_birth"], as_of)
        return _record(fmt, line, values)
    except RowError as error:
        return Rejection(line, str(error))


def _parse_columns(fmt: SourceFormat, raw: Mapping[str, str | None]) -> dict[str, Any]:
    if raw.get(UNREADABLE):
        raise RowError(raw[UNREADABLE] or "")
    if raw.get(OVERFLOW):
        raise RowError("the row has more fields than the header")
    for name, text in raw.items():
        if fmt.column(name) is None and (text or "").strip():
            raise RowError(f"column {name[:40]!r} is not held by ContactPoint")
    values: dict[str, Any] = {}
    for column in fmt.columns:
        values[column.name] = _parse_value(column, (raw.get(column.name) or "").strip())
    return values


def _parse_value(column: Column, text: str) -> Any:
    if not text:
        if column.required:
            raise RowError(f"{column.name} is required")
        return None
    try:
        return PARSERS[column.kind](text)
    except RowError as error:
        raise RowError(f"{column.name} {error}") from None


def _check_child_age(born: date, as_of: date) -> None:
    if born > as_of:
        raise RowError("date_of_birth is in the future")
    age = as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))
    if age >= ADULT_AGE:
        raise RowError("date_of_birth: not a child (aged 18 or over)")


def _record(fmt: SourceFormat, line: int, v: dict[str, Any]) -> FeedRecord:
    optional = [c.name for c in fmt.columns if not c.required]
    return FeedRecord(
        line=line,
        source=fmt.source,
        identifier=v[fmt.identifier.name],
        issuer="national" if fmt.national_identifier else v["la_code"],
        given_names=v["given_names"],
        family_name=v["family_name"],
        date_of_birth=v["date_of_birth"],
        gender=v["gender"],
        address=AddressIn(v["address_line1"], v["address_line2"], v["town"], v["postcode"]),
        la_code=v["la_code"],
        organisation_ref=v[fmt.organisation.name] if fmt.organisation else None,
        carer=_carer(v),
        missing_fields=sum(1 for name in optional if v.get(name) is None),
    )


def _carer(v: dict[str, Any]) -> CarerIn | None:
    if not (v.get("carer_given_names") and v.get("carer_family_name")):
        return None
    return CarerIn(
        given_names=v["carer_given_names"],
        family_name=v["carer_family_name"],
        relationship=v.get("carer_relationship") or Relationship.OTHER,
        phone=v.get("carer_phone"),
        parental_responsibility=bool(v.get("carer_parental_responsibility")),
    )
