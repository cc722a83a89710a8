"""A FHIR R4 Bundle feed reads as the same rows as its CSV equivalent."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from contactpoint.children.models import SourceType
from contactpoint.feeds.formats import FORMATS
from contactpoint.feeds.readers import read_rows
from contactpoint.feeds.schemas import FeedRecord, Rejection
from contactpoint.feeds.validation import validate_row

GP = FORMATS[SourceType.GP_REGISTRATION]


def _patient(**extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": "p1",
        "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"}],
        "name": [{"family": "Hartley", "given": ["Amelia", "Rose"]}],
        "gender": "female",
        "birthDate": "2015-03-09",
        "address": [
            {
                "line": ["12 Mill Lane"],
                "city": "Rochdale",
                "district": "E08000005",
                "postalCode": "OL11 2AB",
            }
        ],
        "generalPractitioner": [{"identifier": {"value": "P00001"}}],
        **extra,
    }


def _bundle(*resources: dict[str, Any]) -> bytes:
    return json.dumps(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": r} for r in resources],
        }
    ).encode()


def test_a_patient_and_their_related_person_become_one_row() -> None:
    carer = {
        "resourceType": "RelatedPerson",
        "patient": {"reference": "Patient/p1"},
        "name": [{"family": "Hartley", "given": ["Nancy"]}],
        "relationship": [{"coding": [{"code": "mother"}]}],
        "telecom": [{"system": "phone", "value": "07700 900245"}],
    }
    rows = read_rows(GP, _bundle(_patient(), carer))
    parsed = validate_row(GP, *rows[0], as_of=date(2026, 1, 15))
    assert isinstance(parsed, FeedRecord)
    assert (parsed.identifier, parsed.given_names, parsed.organisation_ref) == (
        "9434765919",
        "Amelia Rose",
        "P00001",
    )


def test_a_patient_carrying_narrative_or_notes_is_rejected() -> None:
    rows = read_rows(GP, _bundle(_patient(text={"div": "<div>worries about home</div>"})))
    parsed = validate_row(GP, *rows[0], as_of=date(2026, 1, 15))
    assert parsed == Rejection(1, "column 'Patient.text' is not held by ContactPoint")
