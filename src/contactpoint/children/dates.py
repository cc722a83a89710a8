"""Dates of birth as people mistype them: day and month swapped, or one digit slipped."""

from __future__ import annotations

from datetime import date

# Nobody searched for is older than this (kept to 25 with consent) or born in the future.
OLDEST_AGE_YEARS = 26


def earliest_birth_date(today: date) -> date:
    return date(today.year - OLDEST_AGE_YEARS, 1, 1)


def swapped(typed: date) -> date | None:
    """The date with day and month exchanged, if that is a different real date."""
    if typed.day == typed.month or typed.day > 12:
        return None
    return typed.replace(day=typed.month, month=typed.day)


def one_digit_slips(typed: date, today: date) -> set[date]:
    """Every real, plausible date that differs from `typed` in one digit of DDMMYYYY."""
    digits = typed.strftime("%d%m%Y")
    earliest = earliest_birth_date(today)
    found: set[date] = set()
    for position, original in enumerate(digits):
        for replacement in "0123456789":
            if replacement == original:
                continue
            text = digits[:position] + replacement + digits[position + 1 :]
            candidate = _parse(text)
            if candidate is not None and earliest <= candidate <= today:
                found.add(candidate)
    return found


def variants(typed: date, today: date) -> tuple[set[date], set[date]]:
    """(close, slipped): the date and its day/month swap, then the one-digit slips of it."""
    close = {typed}
    if (swap := swapped(typed)) is not None and swap <= today:
        close.add(swap)
    return close, one_digit_slips(typed, today) - close


def _parse(ddmmyyyy: str) -> date | None:
    try:
        return date(int(ddmmyyyy[4:]), int(ddmmyyyy[2:4]), int(ddmmyyyy[:2]))
    except ValueError:
        return None
