"""Access events keep child data out of the trail: criteria only as a keyed digest, and
references short and plain; a details object of the wrong shape is refused."""

from __future__ import annotations

import pytest

from contactpoint import catalogue  # noqa: F401  (the whole event registry)
from contactpoint.access.events import SearchDetails, ViewDetails, criteria_digest
from contactpoint.audit.events import EventShapeError, declared_event_types, validate_details


def test_the_digest_ignores_case_and_spacing_but_not_the_key() -> None:
    criteria = {"family_name": "Smith", "date_of_birth": "2016-04-01"}
    same = {"date_of_birth": "2016-04-01 ", "family_name": "  smith"}
    assert criteria_digest(b"k1", criteria) == criteria_digest(b"k1", same)
    assert criteria_digest(b"k1", criteria) != criteria_digest(b"k2", criteria)
    assert "smith" not in criteria_digest(b"k1", criteria).lower()


@pytest.mark.parametrize("reference", ["Jane Smith <script>", "x" * 31, "line\nbreak"])
def test_a_reference_is_short_and_plain(reference: str) -> None:
    with pytest.raises(EventShapeError):
        validate_details("access:child:viewed", {"reason": "health", "reference": reference})


def test_search_criteria_in_clear_are_refused() -> None:
    with pytest.raises(EventShapeError):
        validate_details(
            "access:child:searched",
            {"criteria_set": "family_dob", "criteria_digest": "Smith 2016-04-01", "results": 1},
        )


def test_details_of_another_event_type_are_refused() -> None:
    search = SearchDetails(criteria_set="cp_id", criteria_digest="a" * 64, results=0)
    with pytest.raises(EventShapeError):
        validate_details("access:child:viewed", search)
    assert (
        validate_details("access:child:viewed", ViewDetails(reason="health"))["shielded"] is False
    )


def test_every_shared_and_audit_event_type_is_declared() -> None:
    assert {
        "access:child:searched",
        "access:child:viewed",
        "access:shield:overridden",
        "access:limit:reached",
        "audit:report:downloaded",
        "audit:alert:raised",
        "audit:alert:closed",
    } <= set(declared_event_types())
