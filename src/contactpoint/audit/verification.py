"""Everything `contactpoint audit verify` checks, in one call: the trail against the chain
keys, the checkpoints against the public key and each other, and both against the witness."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from contactpoint.audit.checkpoint import CheckpointLookup, all_checkpoints
from contactpoint.audit.keys import chain_keys
from contactpoint.audit.verify import VerifyReport, verify_trail
from contactpoint.audit.witnessing import compare_with_witness, witness_configured
from contactpoint.config import Settings


@dataclass
class Verdict:
    trail: VerifyReport
    checkpoints: CheckpointLookup
    witnessed: bool
    witness_problems: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [
            *self.checkpoints.problems,
            *self.witness_problems,
            *map(str, self.trail.problems),
        ]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_all(session: Session, settings: Settings, now: datetime) -> Verdict:
    """Verify with public material and the chain keys only (never the signing key).
    Events older than twice the checkpoint interval must be covered by a checkpoint."""
    lookup = all_checkpoints(settings)
    covered_before = now - timedelta(seconds=2 * settings.audit_checkpoint_seconds)
    trail = verify_trail(
        session, lookup.newest, keys=chain_keys(settings), covered_before=covered_before
    )
    witnessed = witness_configured(settings)
    return Verdict(trail, lookup, witnessed, compare_with_witness(settings, lookup, now))
