"""FHIR R4 Bundle feeds: each Patient (with its RelatedPerson) becomes one raw row.

The Bundle carries the same facts as the CSV format under FHIR names; anything a Patient
holds beyond them (narrative `text`, notes, extensions) is not held by ContactPoint and
rejects that entry, exactly as an unknown CSV column does.
"""

from __future__ import annotations

from typing import Any

from contactpoint.feeds.formats import SourceFormat

PATIENT_KEYS = frozenset(
    {
        "resourceType",
        "id",
        "meta",
        "identifier",
        "name",
        "birthDate",
        "gender",
        "address",
        "generalPractitioner",
        "managingOrganization",
    }
)
_FHIR_GENDER = {
    "male": "male",
    "female": "female",
    "other": "not_specified",
    "unknown": "not_known",
}


def bundle_rows(
    fmt: SourceFormat, bundle: dict[str, Any]
) -> list[tuple[int, dict[str, str | None]]]:
    resources = [e.get("resource") or {} for e in bundle.get("entry") or []]
    carers = {_patient_ref(r): r for r in resources if r.get("resourceType") == "RelatedPerson"}
    patients = [(e, r) for e, r in enumerate(resources) if r.get("resourceType") == "Patient"]
    rows = []
    for number, (_, patient) in enumerate(patients, start=1):
        row = _patient_row(fmt, patient)
        if fmt.column("carer_given_names"):  # sources that hold no carers ignore them
            row.update(_carer_row(carers.get(f"Patient/{patient.get('id')}")))
        rows.append((number, row))
    return rows


def _patient_ref(resource: dict[str, Any]) -> str:
    return str((resource.get("patient") or {}).get("reference") or "")


def _patient_row(fmt: SourceFormat, patient: dict[str, Any]) -> dict[str, str | None]:
    name = _first(patient.get("name"))
    address = _first(patient.get("address"))
    lines = [*list(address.get("line") or []), None, None]
    organisation = _first(patient.get("generalPractitioner")) or patient.get("managingOrganization")
    row: dict[str, str | None] = {
        fmt.identifier.name: _first(patient.get("identifier")).get("value"),
        "given_names": " ".join(name.get("given") or []) or None,
        "family_name": name.get("family"),
        "date_of_birth": patient.get("birthDate"),
        "gender": _FHIR_GENDER.get(str(patient.get("gender")), patient.get("gender")),
        "address_line1": lines[0],
        "address_line2": lines[1],
        "town": address.get("city"),
        "postcode": address.get("postalCode"),
        "la_code": address.get("district"),
    }
    if fmt.organisation:
        row[fmt.organisation.name] = ((organisation or {}).get("identifier") or {}).get("value")
    for key in sorted(set(patient) - PATIENT_KEYS):
        row[f"Patient.{key}"] = "present"
    return row


def _carer_row(person: dict[str, Any] | None) -> dict[str, str | None]:
    if not person:
        return {}
    name = _first(person.get("name"))
    phone = next(
        (t.get("value") for t in person.get("telecom") or [] if t.get("system") == "phone"), None
    )
    relationship = _first(_first(person.get("relationship")).get("coding")).get("code")
    return {
        "carer_given_names": " ".join(name.get("given") or []) or None,
        "carer_family_name": name.get("family"),
        "carer_relationship": relationship,
        "carer_phone": phone,
        "carer_parental_responsibility": "yes" if person.get("active", True) else "no",
    }


def _first(items: Any) -> dict[str, Any]:
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0]
    return {}
