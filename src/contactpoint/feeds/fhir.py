"""FHIR R4 Bundle feeds: each Patient (with its RelatedPerson) becomes one raw row.

The Bundle carries the same facts as the CSV format under FHIR names; anything a Patient
holds beyond them (narrative `text`, notes, extensions) is not held by ContactPoint and
rejects that entry, exactly as an unknown CSV column does. A Bundle is JSON from outside:
any part may be of the wrong type, so every step checks what it holds, and a value that is
not text where text belongs rejects its entry by name.
"""

from __future__ import annotations

from typing import Any

from contactpoint.feeds.formats import SourceFormat
from contactpoint.feeds.lines import UNREADABLE

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
    """The rows, one per Patient entry; the caller has checked that `entry` is a list."""
    resources = [_obj(_obj(entry).get("resource")) for entry in bundle.get("entry") or []]
    carers = {_patient_ref(r): r for r in resources if r.get("resourceType") == "RelatedPerson"}
    patients = [r for r in resources if r.get("resourceType") == "Patient"]
    rows = []
    for number, patient in enumerate(patients, start=1):
        row = _patient_row(fmt, patient)
        if fmt.column("carer_given_names"):  # sources that hold no carers ignore them
            row.update(_carer_row(carers.get(f"Patient/{patient.get('id')}")))
        rows.append((number, _text_only(row)))
    return rows


def _patient_ref(resource: dict[str, Any]) -> str:
    return str(_obj(resource.get("patient")).get("reference") or "")


def _patient_row(fmt: SourceFormat, patient: dict[str, Any]) -> dict[str, Any]:
    name = _first(patient.get("name"))
    address = _first(patient.get("address"))
    lines = [*_list(address.get("line")), None, None]
    organisation = _first(patient.get("generalPractitioner")) or _obj(
        patient.get("managingOrganization")
    )
    row: dict[str, Any] = {
        fmt.identifier.name: _first(patient.get("identifier")).get("value"),
        "given_names": _joined(name.get("given")),
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
        row[fmt.organisation.name] = _obj(organisation.get("identifier")).get("value")
    for key in sorted(set(patient) - PATIENT_KEYS):
        row[f"Patient.{key}"] = "present"
    return row


def _carer_row(person: dict[str, Any] | None) -> dict[str, Any]:
    if not person:
        return {}
    name = _first(person.get("name"))
    telecom = [_obj(t) for t in _list(person.get("telecom"))]
    phone = next((t.get("value") for t in telecom if t.get("system") == "phone"), None)
    relationship = _first(_first(person.get("relationship")).get("coding")).get("code")
    return {
        "carer_given_names": _joined(name.get("given")),
        "carer_family_name": name.get("family"),
        "carer_relationship": relationship,
        "carer_phone": phone,
        "carer_parental_responsibility": "yes" if person.get("active", True) else "no",
    }


def _first(items: Any) -> dict[str, Any]:
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0]
    return {}


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _joined(names: Any) -> Any:
    """FHIR's list of given names as one string (anything else is left for _text_only)."""
    if isinstance(names, list) and all(isinstance(name, str) for name in names):
        return " ".join(names) or None
    return names


def _text_only(row: dict[str, Any]) -> dict[str, str | None]:
    """The row with every value text or None; a value of another type rejects the entry."""
    checked: dict[str, str | None] = {}
    for key, value in row.items():
        if value is None or isinstance(value, str):
            checked[key] = value
        else:
            checked[key] = None
            checked.setdefault(UNREADABLE, f"{key} is not text")
    return checked
