"""The tamper-evident audit trail: every action writes its event in the same transaction."""

from contactpoint.audit import trail_events as _trail_events  # noqa: F401  (registers shapes)
