"""Only the accepted criteria sets are searched; anything less is refused with a clear message."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from contactpoint.children import ids
from contactpoint.children.models import Gender
from contactpoint.children.schemas import CriteriaSet, SearchCriteria, messages

BORN = date(2015, 4, 3)
VALID_ID = "12345678901" + str(ids.damm_digit("12345678901"))


def refusal(**fields: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        SearchCriteria(**fields)
    return messages(caught.value)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"family_name": "Smith", "date_of_birth": BORN}, CriteriaSet.FAMILY_DOB),
        (
            {"family_name": "Smith", "given_name": "Jo", "postcode": "sw1a 1aa"},
            CriteriaSet.FAMILY_GIVEN_POSTCODE,
        ),
        (
            {"family_name": "Smith", "given_name": "Jo", "year_of_birth": 2015, "gender": "male"},
            CriteriaSet.FAMILY_GIVEN_YOB_GENDER,
        ),
        ({"cp_id": VALID_ID[:4] + " " + VALID_ID[4:]}, CriteriaSet.CP_ID),
    ],
)
def test_each_accepted_criteria_set_is_recognised(
    fields: dict[str, Any], expected: CriteriaSet
) -> None:
    assert SearchCriteria(**fields).criteria_set is expected


def test_a_family_name_alone_asks_for_a_date_of_birth_or_more() -> None:
    assert refusal(family_name="Smith") == {
        "date_of_birth": "Enter a date of birth, or a given name and postcode, "
        "or a given name with year of birth and gender"
    }


def test_missing_family_name_is_named() -> None:
    assert refusal(given_name="Amy", date_of_birth=BORN) == {
        "family_name": "Enter the child's family name, or a ContactPoint ID"
    }


@pytest.mark.parametrize("family", ["Sm*", "S%", "Sm?th", "S_ith"])
def test_wildcards_are_refused(family: str) -> None:
    assert "wildcards" in refusal(family_name=family, date_of_birth=BORN)["family_name"]


@pytest.mark.parametrize("family", ["S", " ", "-", "S-"])
def test_empty_and_one_letter_names_are_refused(family: str) -> None:
    assert "family_name" in refusal(family_name=family, date_of_birth=BORN)


def test_year_of_birth_needs_gender_and_a_given_name() -> None:
    assert "gender" in refusal(family_name="Smith", given_name="Amy", year_of_birth=2015)
    assert "given_name" in refusal(family_name="Smith", year_of_birth=2015, gender=Gender.MALE)


def test_a_bad_postcode_or_id_gets_its_own_message() -> None:
    assert refusal(family_name="Smith", given_name="Amy", postcode="12345") == {
        "postcode": "Enter a full postcode, like AA1 1AA"
    }
    assert "cp_id" in refusal(cp_id=VALID_ID[:-1] + str((int(VALID_ID[-1]) + 1) % 10))


def test_a_future_date_of_birth_is_refused() -> None:
    assert "date_of_birth" in refusal(family_name="Smith", date_of_birth=date(2999, 1, 1))


def test_only_the_fields_the_search_uses_are_digested() -> None:
    criteria = SearchCriteria(
        family_name="Smith", given_name="Amy", postcode="SW1A 1AA", year_of_birth=2015
    )
    assert criteria.used_fields() == {
        "family_name": "Smith",
        "given_name": "Amy",
        "postcode": "SW1A1AA",
    }
    assert criteria.hidden_fields_used()


names = st.one_of(st.none(), st.just(""), st.sampled_from(["S", "Sm*", "%", "Smith", "O'Neil"]))
short_of_a_set = st.fixed_dictionaries(
    {
        "family_name": names,
        "given_name": names,
        "date_of_birth": st.one_of(st.none(), st.just(BORN)),
        "postcode": st.one_of(st.none(), st.sampled_from(["SW1A 1AA", "nonsense"])),
        "year_of_birth": st.one_of(st.none(), st.just(2015)),
        "gender": st.one_of(st.none(), st.sampled_from(list(Gender))),
    }
)


def _is_a_full_set(fields: dict[str, Any]) -> bool:
    """The oracle: every typed field is well formed and together they make an accepted set."""
    real = {"Smith", "O'Neil"}
    if fields["family_name"] not in real or fields["given_name"] not in {None, "", *real}:
        return False
    if fields["postcode"] not in {None, "SW1A 1AA"}:
        return False
    has_given = fields["given_name"] in real
    return (
        fields["date_of_birth"] is not None
        or (has_given and fields["postcode"] is not None)
        or (has_given and fields["year_of_birth"] is not None and fields["gender"] is not None)
    )


@given(short_of_a_set)
def test_anything_short_of_an_accepted_set_is_always_refused(fields: dict[str, Any]) -> None:
    if _is_a_full_set(fields):
        assert SearchCriteria(**fields).criteria_set is not CriteriaSet.CP_ID
        return
    with pytest.raises(ValidationError) as caught:
        SearchCriteria(**fields)
    assert messages(caught.value)  # and the refusal says what to do
