"""The tamper-evident audit trail: every action writes its event in the same transaction."""
