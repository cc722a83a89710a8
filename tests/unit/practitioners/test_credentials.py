"""Passwords, PINs and security codes: the rules a user meets when setting them up."""

from __future__ import annotations

import time

import pyotp
import pytest

from contactpoint.practitioners.credentials import (
    SecretBox,
    hash_secret,
    password_problem,
    pin_problem,
    totp_step,
    verify_secret,
)


def test_a_long_phrase_is_accepted_without_composition_rules() -> None:
    assert password_problem("river lamp orange tiger", "asmith") is None


@pytest.mark.parametrize("password", ["short one", "password1234", "asmith-is-my-name"])
def test_short_common_or_username_passwords_are_refused(password: str) -> None:
    assert password_problem(password, "asmith") is not None


@pytest.mark.parametrize(
    ("pin", "ok"),
    [
        ("7391", True),
        ("48203917", True),
        ("123", False),
        ("1111", False),
        ("abcd", False),
        ("123456789", False),
    ],
)
def test_pins_are_four_to_eight_digits_and_not_trivial(pin: str, ok: bool) -> None:
    assert (pin_problem(pin) is None) is ok


def test_hashes_verify_only_the_right_value() -> None:
    stored = hash_secret("7391")
    assert stored.startswith("$argon2id$")
    assert verify_secret(stored, "7391")
    assert not verify_secret(stored, "7392")
    assert not verify_secret(None, "7391")


def test_a_code_from_the_previous_step_is_accepted_once() -> None:
    secret = pyotp.random_base32()
    previous = pyotp.TOTP(secret).at(time.time() - 30)
    step = totp_step(secret, previous, after_step=None)
    assert step is not None
    assert totp_step(secret, previous, after_step=step) is None


def test_a_code_from_long_ago_is_refused() -> None:
    secret = pyotp.random_base32()
    assert totp_step(secret, pyotp.TOTP(secret).at(time.time() - 300), after_step=None) is None


def test_sealed_secrets_open_only_with_the_same_key() -> None:
    sealed = SecretBox(b"one key").seal("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert SecretBox(b"one key").open(sealed) == "JBSWY3DPEHPK3PXP"
    assert SecretBox(b"another key").open(sealed) is None
