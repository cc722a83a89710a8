"""Path parameters every route shares: a row id is a positive 64-bit integer, so an id too big
for the database's BIGINT is a 404-style refusal in validation, never a driver error (500)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

MAX_ROW_ID = 2**63 - 1  # PostgreSQL BIGINT

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
