"""Name keys: spellings that sound alike share a code; different names do not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactpoint.children import nicknames
from contactpoint.children.names import edit_distance, normalise, parts, similarity, sound


def test_normalising_keeps_only_letters_and_folds_accents() -> None:
    assert normalise("O'Brien-Zoë ") == "OBRIENZOE"


def test_a_hyphenated_name_is_searchable_whole_and_by_each_part() -> None:
    assert parts("Smith-Jones") == ["SMITHJONES", "SMITH", "JONES"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Stephens", "Stevens"),
        ("Thompson", "Tomson"),
        ("Catherine", "Kathryn"),
        ("MacDonald", "McDonald"),
        ("Phillips", "Philips"),
        ("Jonhson", "Johnson"),
        ("Wilsno", "Wilson"),
        ("Smyth", "Smith"),
    ],
)
def test_spellings_that_sound_alike_share_a_code(one: str, other: str) -> None:
    assert sound(normalise(one)) == sound(normalise(other))


@pytest.mark.parametrize(("one", "other"), [("Smith", "Jones"), ("Patel", "Powell")])
def test_different_names_have_different_codes(one: str, other: str) -> None:
    assert sound(normalise(one)) != sound(normalise(other))


def test_swapping_two_neighbouring_letters_is_one_edit() -> None:
    assert edit_distance("JOHN", "JHON") == 1
    assert edit_distance("KITTEN", "SITTING") == 3


def _reference_distance(a: str, b: str) -> int:
    """Optimal string alignment written out: insert, delete, substitute, swap neighbours."""
    table = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(
                table[i - 1][j] + 1,
                table[i][j - 1] + 1,
                table[i - 1][j - 1] + (a[i - 1] != b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


@given(st.text("ABCDEH", max_size=9), st.text("ABCDEH", max_size=9))
def test_edit_distance_is_optimal_string_alignment(a: str, b: str) -> None:
    assert edit_distance(a, b) == _reference_distance(a, b)


def test_similarity_ranks_a_slip_above_a_different_name() -> None:
    assert similarity("JONES", "JONES") == 1.0
    assert similarity("JOMES", "JONES") > similarity("JAMES", "JONES") - 0.01
    assert similarity("SMITH", "JONES") < 0.5


@pytest.mark.parametrize(
    ("nickname", "formal"),
    [("BILL", "WILLIAM"), ("KATE", "CATHERINE"), ("JACK", "JOHN"), ("LIZZIE", "ELIZABETH")],
)
def test_nicknames_map_to_the_formal_name(nickname: str, formal: str) -> None:
    assert nicknames.canonical(nickname) == formal


def test_gender_settles_a_nickname_shared_by_two_names() -> None:
    assert nicknames.canonical("ALEX", "male") == "ALEXANDER"
    assert nicknames.canonical("ALEX", "female") == "ALEXANDRA"


def test_a_formal_name_reaches_its_nicknames_and_an_unknown_name_only_itself() -> None:
    assert {"BILL", "WILL", "LIAM"} <= nicknames.reach("WILLIAM")
    assert nicknames.reach("ZORBLAX") == {"ZORBLAX"}
    assert nicknames.related("THEODORE", "TEDDY")
