"""Dates of birth as typed: the day/month swap and one-digit slips a search forgives."""

from __future__ import annotations

from datetime import date

from contactpoint.children.dates import one_digit_slips, swapped, variants

TODAY = date(2024, 6, 1)


def test_day_and_month_swap_only_when_both_could_be_a_month() -> None:
    assert swapped(date(2015, 3, 7)) == date(2015, 7, 3)
    assert swapped(date(2015, 3, 17)) is None
    assert swapped(date(2015, 5, 5)) is None


def test_one_digit_slips_are_real_plausible_dates() -> None:
    slips = one_digit_slips(date(2014, 8, 12), TODAY)
    assert {date(2014, 8, 13), date(2014, 8, 2), date(2014, 9, 12), date(2016, 8, 12)} <= slips
    assert date(2014, 8, 12) not in slips
    assert all(date(1998, 1, 1) <= slip <= TODAY for slip in slips)
    assert len(slips) < 40  # a short IN list, never a range scan


def test_no_slip_lands_in_the_future_or_on_an_impossible_day() -> None:
    slips = one_digit_slips(date(2024, 5, 30), TODAY)
    assert date(2024, 8, 30) not in slips  # the future
    assert all(slip <= TODAY for slip in slips)


def test_variants_separate_the_close_dates_from_the_slips() -> None:
    close, slipped = variants(date(2015, 3, 7), TODAY)
    assert close == {date(2015, 3, 7), date(2015, 7, 3)}
    assert not close & slipped
