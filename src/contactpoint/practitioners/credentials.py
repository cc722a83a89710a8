"""The four factors and the bearer tokens: hashing, checking, and the TOTP secret's sealing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from functools import lru_cache
from pathlib import Path

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")
TOTP_WINDOW = 1  # one 30-second step either side, for clock skew
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so the response takes as long either way.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


def new_token() -> str:
    """A bearer token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_secret(value: str) -> str:
    return _HASHER.hash(value)


def verify_secret(stored: str | None, given: str) -> bool:
    # As UTF-8 bytes (what hash_secret hashes), so no text, not even a lone surrogate, raises.
    given_bytes = given.encode("utf-8", "surrogatepass")
    try:
        return _HASHER.verify(stored or _DUMMY_HASH, given_bytes) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, username: str) -> str | None:
    """Why a password is not acceptable, or None. Length and commonness only: no composition."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    folded = password.lower()
    if folded in _common_passwords() or username.lower() in folded:
        return "Password is too easy to guess: choose a longer phrase of unrelated words"
    return None


def pin_problem(pin: str) -> str | None:
    if not PIN_PATTERN.match(pin):
        return "PIN must be 4 to 8 digits"
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        return "PIN is too easy to guess: avoid repeated or consecutive digits"
    return None


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).parent / "common_passwords.txt"
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="ContactPoint")


def totp_step(secret: str, code: str, *, after_step: int | None) -> int | None:
    """The time step `code` belongs to, if it is valid now and newer than `after_step`."""
    code = code.strip().replace(" ", "")
    if not (code.isascii() and code.isdigit()):  # "１２３４５６" is digits, but not a code
        return None
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(time.time())
    for step in range(now_step - TOTP_WINDOW, now_step + TOTP_WINDOW + 1):
        is_match = hmac.compare_digest(totp.generate_otp(step), code)
        if is_match and (after_step is None or step > after_step):
            return step
    return None


def current_totp(secret: str) -> str:
    return str(pyotp.TOTP(secret).now())


class SecretBox:
    """Seals the TOTP secrets with a key derived from the service's secret key."""

    def __init__(self, key: bytes) -> None:
        derived = hashlib.sha256(b"contactpoint-totp-v1:" + key).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def seal(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def open(self, sealed: str | None) -> str | None:
        if sealed is None:
            return None
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            return None
