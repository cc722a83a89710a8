"""Source feeds: documented formats, row validation, idempotent ingest and acknowledgements."""
