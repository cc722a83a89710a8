"""Comparisons the Splink library does not have: nicknames, and day/month swaps.

- Given name: exact; the same formal name (Bill and William, Kate and Catherine, from
  `children/data/nicknames.txt` with the child's gender); Jaro–Winkler 0.92 and 0.8;
  otherwise no match — the level the twin guard reads. Twins have different given names
  that are not nicknames of each other, so they still fall to the last level.
- Family name: exact, Jaro–Winkler, then one part of a double-barrelled name (Smith and
  Smith-Jones).
- Date of birth: Splink's levels, with "day and month swapped" (2015-03-09 and
  2015-09-03) after the exact match, so a swap is not taken for a date half a year away.
  Its m probability is a fixed prior (SWAP_M: one in a hundred of a child's records),
  not estimated: a training set holds too few swaps for EM to weight the level, and
  left to EM a swap with a house move fell below the link threshold.
"""

from __future__ import annotations

from typing import Any

# Splink record column holding the first given name's formal name (nickname-mapped).
GIVEN_CANON = "given_canon"

_SWAPPED = (
    "substr({c}_l, 1, 4) = substr({c}_r, 1, 4)"
    " AND substr({c}_l, 6, 2) = substr({c}_r, 9, 2)"
    " AND substr({c}_l, 9, 2) = substr({c}_r, 6, 2)"
)

# Prior share of a child's records with day and month swapped (US-format slip).
SWAP_M = 0.01

# Names are normalised without hyphens or spaces, so Smith is inside SMITHJONES.
_ONE_PART = (
    "(length({c}_l) >= 3 AND length({c}_r) >= 3)"
    " AND (instr({c}_l, {c}_r) > 0 OR instr({c}_r, {c}_l) > 0)"
)


def given_name(column: str) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=column,
        comparison_description="Given name: exact, nickname, Jaro-Winkler",
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            cll.CustomLevel(
                f"{GIVEN_CANON}_l = {GIVEN_CANON}_r", label_for_charts="Same name or nickname"
            ),
            cll.JaroWinklerLevel(column, 0.92),
            cll.JaroWinklerLevel(column, 0.8),
            cll.ElseLevel(),
        ],
    )


def family_name(column: str) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=column,
        comparison_description="Family name: exact, Jaro-Winkler, one part of a double name",
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            cll.JaroWinklerLevel(column, 0.92),
            cll.JaroWinklerLevel(column, 0.8),
            cll.CustomLevel(_ONE_PART.format(c=column), label_for_charts="One part of the other"),
            cll.ElseLevel(),
        ],
    )


def date_of_birth(column: str) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    levels = list(cl.DateOfBirthComparison(column, input_is_string=True).create_comparison_levels())
    swapped = cll.CustomLevel(
        _SWAPPED.format(c=column), label_for_charts="Day and month swapped"
    ).configure(m_probability=SWAP_M, fix_m_probability=True)
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description="Date of birth: exact, day/month swap, near",
        comparison_levels=[*levels[:2], swapped, *levels[2:]],
    )
