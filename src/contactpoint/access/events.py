"""Event shapes for searching and viewing children; monitoring (audit/monitor) reads them.

A viewed child's opaque record reference goes in the event's `child_ref`, never in details;
search criteria are kept only as a keyed digest, so the trail holds no child data in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Literal

from pydantic import Field

from contactpoint.audit.events import EventDetails, declare

CriteriaSet = Literal["family_dob", "family_given_postcode", "family_given_yob_gender", "cp_id"]
# A practitioner's own reference (case number, ticket): short, no free text.
REFERENCE_PATTERN = r"^[A-Za-z0-9 /-]{0,30}$"


@declare("access:child:searched")
class SearchDetails(EventDetails):
    criteria_set: CriteriaSet
    criteria_digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    results: int = Field(ge=0)
    refused: bool = False
    shielded_hits: int = Field(default=0, ge=0)


@declare("access:child:viewed")
class ViewDetails(EventDetails):
    reason: str = Field(pattern=r"^[a-z_]{1,40}$")
    reference: str | None = Field(default=None, max_length=30, pattern=REFERENCE_PATTERN)
    shielded: bool = False
    override: bool = False


@declare("access:shield:overridden")
class OverrideDetails(EventDetails):
    reason: str = Field(pattern=r"^[a-z_]{1,40}$")
    reference: str | None = Field(default=None, max_length=30, pattern=REFERENCE_PATTERN)


@declare("access:limit:reached")
class LimitDetails(EventDetails):
    limit: str = Field(pattern=r"^[a-z_]{1,40}$")


@declare("access:harvest:paused")
class HarvestPaused(EventDetails):
    """A user's access paused: shown more distinct children than anyone's work needs."""

    kind: str = Field(pattern=r"^(listed|viewed)$")
    distinct_children: int = Field(ge=0)
    allowed: int = Field(ge=1)


def criteria_digest(key: bytes, criteria: Mapping[str, str]) -> str:
    """Keyed HMAC-SHA256 of the normalised criteria: equal searches match, none can be read back."""
    normalised = {
        name.strip().lower(): " ".join(value.split()).upper()
        for name, value in criteria.items()
        if value and value.strip()
    }
    message = json.dumps(normalised, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
