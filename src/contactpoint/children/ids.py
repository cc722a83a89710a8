"""The ContactPoint ID: 11 digits that reveal nothing, then a Damm check digit.

Uniqueness without guessability: IDs are a keyed pseudo-random permutation (a 4-round
Feistel network over 36 bits, keyed with the `id_key` secret) of sequence numbers reserved
in blocks from the database. Distinct sequence numbers always give distinct IDs, so bulk
loads never collide, and without the key one ID says nothing about any other.

The Damm check digit detects every single-digit error and every adjacent transposition.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.children.models import IdAllocation

BODY_DIGITS = 11
_HALF_BITS = 18
_HALF_MASK = (1 << _HALF_BITS) - 1
_ROUNDS = 4
CAPACITY = 1 << (2 * _HALF_BITS)  # 68,719,476,736 IDs, all below 10**11

# The Damm quasigroup of order 10 (weakly totally anti-symmetric).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

_SEPARATORS = re.compile(r"[\s-]")


class InvalidContactPointIdError(ValueError):
    pass


def damm_digit(digits: str) -> int:
    interim = 0
    for char in digits:
        interim = _DAMM[interim][int(char)]
    return interim


def is_valid(candidate: str) -> bool:
    return len(candidate) == BODY_DIGITS + 1 and candidate.isdigit() and damm_digit(candidate) == 0


def parse(text: str) -> str:
    """The canonical 12-digit ID from what a person typed (spaces and hyphens allowed)."""
    candidate = _SEPARATORS.sub("", text)
    if not candidate.isdigit() or len(candidate) != BODY_DIGITS + 1:
        raise InvalidContactPointIdError("A ContactPoint ID is 12 digits, like 1234 5678 9012")
    if damm_digit(candidate) != 0:
        raise InvalidContactPointIdError("That ContactPoint ID is not valid: check each digit")
    return candidate


def display(cp_id: str) -> str:
    return f"{cp_id[:4]} {cp_id[4:8]} {cp_id[8:]}"


class IdMinter:
    """Turns sequence numbers into ContactPoint IDs with a secret key."""

    def __init__(self, key: bytes) -> None:
        self._round_keys = [hashlib.sha256(key + bytes([r])).digest()[:16] for r in range(_ROUNDS)]

    def _round(self, r: int, half: int) -> int:
        digest = hashlib.blake2b(half.to_bytes(3, "big"), key=self._round_keys[r], digest_size=4)
        return int.from_bytes(digest.digest(), "big") & _HALF_MASK

    def permute(self, sequence: int) -> int:
        if not 0 <= sequence < CAPACITY:
            raise ValueError("ContactPoint ID sequence exhausted")
        left, right = sequence >> _HALF_BITS, sequence & _HALF_MASK
        for r in range(_ROUNDS):
            left, right = right, left ^ self._round(r, right)
        return (left << _HALF_BITS) | right

    def mint(self, sequence: int) -> str:
        body = f"{self.permute(sequence):0{BODY_DIGITS}d}"
        return body + str(damm_digit(body))


def reserve_sequence(session: Session, count: int) -> range:
    """Reserve `count` sequence numbers; the row lock is held until the caller commits."""
    row = session.scalars(
        select(IdAllocation).where(IdAllocation.name == "child").with_for_update()
    ).first()
    if row is None:
        row = IdAllocation(name="child", next_value=0)
        session.add(row)
    start = row.next_value
    row.next_value = start + count
    session.flush()
    return range(start, start + count)
