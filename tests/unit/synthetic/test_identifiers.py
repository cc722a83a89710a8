"""Source identifiers are in their real formats, pass their check characters and never repeat."""

from __future__ import annotations

import re

from contactpoint.feeds.formats import Kind
from contactpoint.feeds.validation import PARSERS
from contactpoint.synthetic import identifiers


def test_nhs_numbers_are_valid_and_distinct() -> None:
    numbers = [identifiers.nhs_number(n) for n in range(0, 2_000_000, 97)]
    assert len(set(numbers)) == len(numbers)
    assert all(identifiers.is_valid_nhs_number(number) for number in numbers)
    assert all(PARSERS[Kind.NHS_NUMBER](number) == number for number in numbers[:1000])


def test_an_nhs_number_with_a_wrong_digit_fails_its_check() -> None:
    number = identifiers.nhs_number(12345)
    wrong = number[:4] + str((int(number[4]) + 1) % 10) + number[5:]
    assert not identifiers.is_valid_nhs_number(wrong)


def test_pupil_numbers_carry_the_dfe_check_letter_and_are_distinct_within_an_authority() -> None:
    upns = [identifiers.upn(354, pupil, 2019) for pupil in range(0, 60_000, 3)]
    assert len(set(upns)) == len(upns)
    assert all(identifiers.is_valid_upn(upn) for upn in upns)
    assert all(PARSERS[Kind.UPN](upn) == upn for upn in upns[:1000])
    assert upns[0][1:4] == "354"


def test_child_benefit_and_social_care_references_fit_the_feed_formats() -> None:
    benefit = [identifiers.child_benefit_reference(claim, 2) for claim in range(5000)]
    assert len(set(benefit)) == len(benefit)
    assert all(PARSERS[Kind.CHILD_BENEFIT_REFERENCE](ref) == ref for ref in benefit)
    care = identifiers.social_care_reference(42)
    assert re.fullmatch(r"SC\d{7}", care)
