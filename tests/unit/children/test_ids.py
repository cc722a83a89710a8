"""ContactPoint IDs: check digit catches typing slips; IDs are unique and reveal nothing."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactpoint.children import ids

KEY = b"test-key-for-ids"
minter = ids.IdMinter(KEY)
sequences = st.integers(min_value=0, max_value=ids.CAPACITY - 1)


@given(sequences)
def test_every_minted_id_is_valid_and_twelve_digits(sequence: int) -> None:
    cp_id = minter.mint(sequence)
    assert len(cp_id) == 12
    assert ids.is_valid(cp_id)
    assert ids.parse(ids.display(cp_id)) == cp_id


@given(sequences, st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=9))
def test_any_single_digit_error_is_caught(sequence: int, position: int, shift: int) -> None:
    cp_id = minter.mint(sequence)
    wrong = str((int(cp_id[position]) + shift) % 10)
    typed = cp_id[:position] + wrong + cp_id[position + 1 :]
    assert not ids.is_valid(typed)
    with pytest.raises(ids.InvalidContactPointIdError):
        ids.parse(typed)


@given(sequences, st.integers(min_value=0, max_value=10))
def test_any_adjacent_transposition_is_caught(sequence: int, position: int) -> None:
    cp_id = minter.mint(sequence)
    a, b = cp_id[position], cp_id[position + 1]
    if a == b:
        return  # swapping equal digits types the same ID
    typed = cp_id[:position] + b + a + cp_id[position + 2 :]
    assert not ids.is_valid(typed)


@given(st.lists(sequences, min_size=2, max_size=50, unique=True))
def test_distinct_sequences_never_share_an_id(batch: list[int]) -> None:
    assert len({minter.mint(sequence) for sequence in batch}) == len(batch)


def test_consecutive_ids_are_not_a_counter() -> None:
    """Nothing about one ID reveals the next: neighbours differ in most digits."""
    minted = [minter.mint(sequence) for sequence in range(1000)]
    same_prefix = sum(a[:6] == b[:6] for a, b in pairwise(minted))
    assert same_prefix < 5
    assert sorted(minted) != minted


def test_another_key_gives_other_ids() -> None:
    other = ids.IdMinter(b"another-key")
    assert sum(minter.mint(s) == other.mint(s) for s in range(1000)) == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "12 digits"),
        ("1234 5678 901", "12 digits"),
        ("1234-5678-90AB", "12 digits"),
        ("1234 5678 9012 3", "12 digits"),
    ],
)
def test_malformed_ids_are_refused_with_a_clear_message(typed: str, message: str) -> None:
    with pytest.raises(ids.InvalidContactPointIdError, match=message):
        ids.parse(typed)
