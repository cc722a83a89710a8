"""Row validation: each value parsed by its rule; a rejection names the rule, never the value."""

from __future__ import annotations

from datetime import date

import pytest

from contactpoint.children.models import Gender, SourceType
from contactpoint.feeds.formats import FORMATS, source_named
from contactpoint.feeds.readers import FeedFormatError, read_rows
from contactpoint.feeds.schemas import FeedRecord, Rejection
from contactpoint.feeds.validation import validate_row

CENSUS = FORMATS[SourceType.PUPIL_CENSUS]
GP = FORMATS[SourceType.GP_REGISTRATION]
AS_OF = date(2026, 1, 15)
GOOD = {
    "upn": "A123456789012",
    "school_urn": "100001",
    "given_names": "Amelia Rose",
    "family_name": "O'Neill-Hart",
    "date_of_birth": "2015-03-09",
    "gender": "f",
    "address_line1": "12 Mill Lane",
    "address_line2": "",
    "town": "Rochdale",
    "postcode": "ol112ab",
    "la_code": "E08000005",
}


def _upn() -> str:
    body = "123456789012"
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[sum(int(c) * w for w, c in enumerate(body, 2)) % 23] + body


def _row(**changes: str) -> dict[str, str | None]:
    return {**GOOD, "upn": _upn(), **changes}


def test_a_good_row_is_typed_and_normalised() -> None:
    parsed = validate_row(CENSUS, 2, _row(), as_of=AS_OF)
    assert isinstance(parsed, FeedRecord)
    assert parsed.address.postcode == "OL11 2AB"
    assert parsed.gender is Gender.FEMALE
    assert parsed.issuer == "national"
    assert parsed.missing_fields == 1  # address_line2


@pytest.mark.parametrize("code", ["E08000005", "E06000001", "E09000033", "E10000016"])
def test_every_kind_of_english_la_code_is_accepted(code: str) -> None:
    """Metropolitan, unitary, London and county (E10, e.g. Kent) authorities all send feeds."""
    assert isinstance(validate_row(CENSUS, 2, _row(la_code=code), as_of=AS_OF), FeedRecord)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"date_of_birth": "09/03/2015"}, "date_of_birth is not a date (YYYY-MM-DD)"),
        ({"date_of_birth": "2026-02-01"}, "date_of_birth is in the future"),
        ({"date_of_birth": "2007-01-15"}, "date_of_birth: not a child (aged 18 or over)"),
        ({"postcode": "SW1A 1AAA"}, "postcode is not a UK postcode"),
        ({"family_name": ""}, "family_name is required"),
        ({"given_names": "Amelia (see file)"}, "given_names is not a name (letters only)"),
        ({"upn": "A123456789013"}, "upn fails the unique pupil number check letter"),
        ({"school_urn": "12"}, "school_urn is not a school URN (6 digits)"),
        ({"diagnosis": "asthma"}, "column 'diagnosis' is not held by ContactPoint"),
        ({"__overflow__": "x"}, "the row has more fields than the header"),
    ],
)
def test_a_bad_row_is_rejected_with_a_reason_that_never_repeats_the_value(
    change: dict[str, str], reason: str
) -> None:
    parsed = validate_row(CENSUS, 9, _row(**change), as_of=AS_OF)
    assert parsed == Rejection(9, reason)


def test_an_empty_unknown_column_is_harmless() -> None:
    assert isinstance(validate_row(CENSUS, 2, _row(spare=""), as_of=AS_OF), FeedRecord)


def test_nhs_numbers_are_checked_with_modulus_11() -> None:
    gp = {k: v for k, v in _row().items() if k not in {"upn", "school_urn"}}
    good = validate_row(
        GP, 2, gp | {"nhs_number": "9434765919", "gp_practice_code": "P00001"}, as_of=AS_OF
    )
    bad = validate_row(
        GP, 2, gp | {"nhs_number": "9434765918", "gp_practice_code": "P00001"}, as_of=AS_OF
    )
    assert isinstance(good, FeedRecord)
    assert bad == Rejection(2, "nhs_number fails the NHS number check digit")


def test_csv_line_numbers_count_the_header_and_extra_fields_are_caught() -> None:
    header = ",".join(c.name for c in CENSUS.columns)
    values = ",".join(_row()[c.name] or "" for c in CENSUS.columns)
    rows = read_rows(CENSUS, f"{header}\n{values}\n{values},surplus\n".encode())
    assert [line for line, _ in rows] == [2, 3]
    assert validate_row(CENSUS, 3, rows[1][1], as_of=AS_OF) == Rejection(
        3, "the row has more fields than the header"
    )


def test_a_file_missing_required_columns_is_refused() -> None:
    with pytest.raises(FeedFormatError, match="school_urn"):
        read_rows(CENSUS, b"upn,given_names\n")


def test_operators_may_name_a_source_by_its_file() -> None:
    assert source_named("gp_registrations") is SourceType.GP_REGISTRATION
    with pytest.raises(ValueError, match="unknown source"):
        source_named("tax_records")
