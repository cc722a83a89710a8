"""Source identifiers in their real formats, with valid check characters, unique by construction.

Each is a one-to-one function of a running number, so a population of any size never repeats
one and the database's uniqueness constraint holds without looking anything up.
"""

from __future__ import annotations

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S
_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_NHS_SPACE = 10**7  # running numbers per NHS-number prefix digit block
_SCRAMBLE = 7_654_321  # coprime with 10: a bijection of n mod 10**k that hides the order


def _scramble(n: int, digits: int) -> int:
    space: int = 10**digits
    return (n * _SCRAMBLE + 1_234_567) % space


def upn_check_letter(body: str) -> str:
    """The DfE check letter for the 12 characters after it (weights 2..13, modulo 23)."""
    total = sum(int(char) * weight for weight, char in enumerate(body, start=2))
    return UPN_CHECK_LETTERS[total % 23]


def is_valid_upn(upn: str) -> bool:
    return len(upn) == 13 and upn[1:].isdigit() and upn_check_letter(upn[1:]) == upn[0]


def upn(la_number: int, pupil_number: int, allocation_year: int) -> str:
    """LA number (3), establishment (4), year allocated (2), serial (3), check letter first."""
    if pupil_number >= 8_000_000:
        raise ValueError("more pupils than a synthetic LA's UPN space holds")
    establishment = 2000 + pupil_number // 1000
    body = f"{la_number:03d}{establishment:04d}{allocation_year % 100:02d}{pupil_number % 1000:03d}"
    return upn_check_letter(body) + body


def nhs_check_digit(body: str) -> int | None:
    """The modulus-11 check digit, or None where the body can carry none (remainder 10)."""
    check = 11 - sum(int(char) * weight for char, weight in zip(body, _NHS_WEIGHTS, strict=True))
    check %= 11
    return None if check == 10 else check


def is_valid_nhs_number(number: str) -> bool:
    if len(number) != 10 or not number.isdigit():
        return False
    return nhs_check_digit(number[:9]) == int(number[9])


def nhs_number(n: int) -> str:
    """The n-th synthetic NHS number: leading 9 (never issued to a person in England).

    For each 8-digit prefix at most one last body digit gives remainder 10, so every prefix
    has at least nine valid completions: number n uses prefix n // 9 and the (n % 9)-th.
    """
    if not 0 <= n < 9 * _NHS_SPACE:
        raise ValueError("synthetic NHS number space exhausted")
    prefix = f"9{_scramble(n // 9, 7):07d}"
    partial = sum(int(char) * weight for char, weight in zip(prefix, _NHS_WEIGHTS, strict=False))
    wanted = n % 9
    for last in range(10):
        check = (11 - (partial + 2 * last) % 11) % 11  # the last body digit weighs 2
        if check != 10:
            if wanted == 0:
                return f"{prefix}{last}{check}"
            wanted -= 1
    raise AssertionError("unreachable: every prefix has nine valid completions")


def child_benefit_reference(claim: int, child_number: int) -> str:
    """The family's claim reference and the child's place on the claim: CHB12345678C2."""
    return f"CHB{_scramble(claim, 8):08d}C{child_number}"


def social_care_reference(n: int) -> str:
    return f"SC{_scramble(n, 7):07d}"
