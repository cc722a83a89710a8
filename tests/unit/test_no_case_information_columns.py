"""The data model has no place for case information (SPEC §2, "Never held")."""

from __future__ import annotations

from sqlalchemy import JSON, LargeBinary, String, Text

from contactpoint import catalogue

# The only unbounded-shape column: audit details, validated against each event's declared shape.
ALLOWED_STRUCTURED = {
    ("audit_events", "details"),
    ("matching_models", "settings"),  # Splink's model JSON: m/u probabilities, no child data
    ("match_decisions", "contributions"),  # field name -> match weight (numbers only)
}
LONGEST_TEXT = 254  # an email address; anything longer would be room for prose


def test_no_unbounded_text_anywhere() -> None:
    for table in catalogue.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            where = f"{table.name}.{column.name}"
            if (table.name, column.name) in ALLOWED_STRUCTURED:
                assert isinstance(kind, JSON), where
                continue
            assert not isinstance(kind, Text | LargeBinary | JSON), f"{where} could hold free text"
            if isinstance(kind, String):
                assert kind.length is not None, f"{where} has no length limit"
                assert kind.length <= LONGEST_TEXT, f"{where} allows {kind.length} characters"


def test_no_column_is_named_for_case_information() -> None:
    forbidden = ("note", "comment", "assessment_text", "diagnosis", "observation", "result")
    for table in catalogue.metadata.sorted_tables:
        for column in table.columns:
            assert not any(word in column.name for word in forbidden), f"{table.name}.{column.name}"
