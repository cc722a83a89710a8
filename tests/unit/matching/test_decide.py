"""Decisions: thresholds, trusted identifiers, and the guards that keep twins apart."""

from __future__ import annotations

from datetime import date

from contactpoint.matching.candidates import Candidate
from contactpoint.matching.decide import Decision, RowToMatch, Thresholds, decide_batch
from contactpoint.matching.keys import Identity, blocking_keys, soundex
from contactpoint.matching.models import DecisionOutcome
from contactpoint.matching.scoring import Score

THRESHOLDS = Thresholds(upper=6.0, lower=0.0)
IDENT = ("gp_registration", "national", "9434765919")


def _candidate(child_id: int, *held: tuple[str, str, str], names: str = "AMELIA") -> Candidate:
    first = names.split(maxsplit=1)[0]
    born = date(2015, 3, 9)
    identity = Identity(first, "HARTLEY", born, "female", "OL11 2AB", "12 MILL LANE", names)
    return Candidate(child_id, identity, frozenset(held))


def _score(child_id: int, weight: float, *, twin: bool = False) -> Score:
    return Score(
        line=2,
        child_id=child_id,
        match_weight=weight,
        contributions={"prior": -9.0},
        given_name_disagrees=twin,
    )


def _decide(
    scores: list[Score],
    candidates: list[Candidate],
    trusted: dict[tuple[str, str, str], int] | None = None,
    names: str = "AMELIA",
) -> Decision:
    return decide_batch(
        [RowToMatch(2, IDENT, names)],
        trusted=trusted or {},
        candidates={c.child_id: c for c in candidates},
        scores=scores,
        thresholds=THRESHOLDS,
    )[0]


def test_three_outcomes_by_match_weight() -> None:
    assert _decide([_score(1, 9.0)], [_candidate(1)]).outcome is DecisionOutcome.LINK
    assert _decide([_score(1, 3.0)], [_candidate(1)]).outcome is DecisionOutcome.REVIEW
    assert _decide([_score(1, -4.0)], [_candidate(1)]).outcome is DecisionOutcome.NEW
    assert _decide([], []).outcome is DecisionOutcome.NEW


def test_a_trusted_identifier_links_without_scoring() -> None:
    decision = _decide([], [], trusted={IDENT: 5})
    assert (decision.outcome, decision.child_id) == (DecisionOutcome.TRUSTED_IDENTIFIER, 5)


def test_twins_with_different_given_names_never_link_automatically() -> None:
    decision = _decide([_score(1, 20.0, twin=True)], [_candidate(1)])
    assert decision.outcome is DecisionOutcome.REVIEW
    assert decision.child_id is None


def test_a_child_the_same_source_knows_by_another_identifier_is_not_a_candidate() -> None:
    other = ("gp_registration", "national", "9434765870")
    assert _decide([_score(1, 20.0)], [_candidate(1, other)]).outcome is DecisionOutcome.NEW


def test_two_qualifying_candidates_go_to_review_unless_all_given_names_single_one_out() -> None:
    twins = [_candidate(1, names="AMELIA ROSE"), _candidate(2, names="AMELIA GRACE")]
    scores = [_score(1, 20.0), _score(2, 20.0)]
    assert _decide(scores, twins, names="AMELIA").outcome is DecisionOutcome.REVIEW
    decision = _decide(scores, twins, names="AMELIA GRACE")
    assert (decision.outcome, decision.child_id) == (DecisionOutcome.LINK, 2)


def test_blocking_keys_survive_a_move_and_a_mistyped_birth_date() -> None:
    before = Identity("AMELIA", "HARTLEY", date(2015, 3, 9), "female", "OL11 2AB", None)
    moved = Identity("AMELIA", "HARTLEY", date(2015, 3, 9), "female", "M1 1AA", None)
    typo = Identity("AMELIA", "HARTLEY", date(2015, 3, 19), "female", "OL11 2AB", None)
    assert set(blocking_keys(before)) & set(blocking_keys(moved))
    assert set(blocking_keys(before)) & set(blocking_keys(typo))
    assert (soundex("ROBERT"), soundex("RUPERT"), soundex("ASHCRAFT")) == ("R163", "R163", "A261")


def _claims(second_identifier: tuple[str, str, str]) -> list[Decision]:
    """Two rows of one batch, both scoring well against the same child."""
    scores = [_score(1, 20.0), Score(3, 1, 12.0, {"prior": -9.0}, given_name_disagrees=False)]
    return decide_batch(
        [RowToMatch(2, IDENT, "AMELIA"), RowToMatch(3, second_identifier, "AMELIA")],
        trusted={},
        candidates={1: _candidate(1)},
        scores=scores,
        thresholds=THRESHOLDS,
    )


def test_a_child_sent_twice_with_one_identifier_links_both_rows() -> None:
    assert [d.outcome for d in _claims(IDENT)] == [DecisionOutcome.LINK, DecisionOutcome.LINK]
    assert [d.child_id for d in _claims(IDENT)] == [1, 1]


def test_two_identifiers_claiming_one_child_send_the_weaker_row_to_review() -> None:
    other = ("gp_registration", "national", "9434765870")
    first, second = _claims(other)
    assert (first.outcome, first.child_id) == (DecisionOutcome.LINK, 1)
    assert (second.outcome, second.child_id) == (DecisionOutcome.REVIEW, None)
