"""The service's side of the witness: hand it every checkpoint, and compare its receipts
with the checkpoints held here (what `verify` does)."""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from contactpoint.audit.checkpoint import CheckpointLookup, load_public_key
from contactpoint.audit.witness import Receipt
from contactpoint.audit.witness_http import WitnessUnavailableError, fetch_receipts, submit
from contactpoint.config import ConfigError, Environment, Settings


def witness_configured(settings: Settings) -> bool:
    if settings.audit_witness_url and settings.audit_witness_key_path:
        return True
    if settings.environment is Environment.PRODUCTION:
        raise ConfigError(
            "CONTACTPOINT_AUDIT_WITNESS_URL and CONTACTPOINT_AUDIT_WITNESS_KEY_PATH are not "
            "set: production has every checkpoint countersigned by a witness (docs/audit.md)"
        )
    return False


def send_pending(settings: Settings, lookup: CheckpointLookup) -> int:
    """Submit, in order, the checkpoints the witness has not countersigned; how many."""
    if not witness_configured(settings) or not lookup.checkpoints:
        return 0
    held = len(fetch_receipts(settings.audit_witness_url))
    pending = [c for c in lookup.checkpoints if c.number > held]
    for checkpoint in pending:
        submit(settings.audit_witness_url, checkpoint)
    return len(pending)


def compare_with_witness(settings: Settings, lookup: CheckpointLookup, now: datetime) -> list[str]:
    """What differs between the checkpoints here and the witness's receipts."""
    if not witness_configured(settings):
        return []
    assert settings.audit_witness_key_path is not None
    try:
        key = load_public_key(settings.audit_witness_key_path)
        receipts = fetch_receipts(settings.audit_witness_url)
    except (WitnessUnavailableError, ConfigError) as error:
        return [f"witness: {error}; the checkpoints cannot be confirmed"]
    grace = now - timedelta(seconds=2 * settings.audit_checkpoint_seconds)
    return _differences(lookup, receipts, key, grace)


def _differences(
    lookup: CheckpointLookup, receipts: list[Receipt], key: Ed25519PublicKey, grace: datetime
) -> list[str]:
    problems = []
    held = {checkpoint.number: checkpoint for checkpoint in lookup.checkpoints}
    for receipt in receipts:
        local = held.get(receipt.number)
        if not receipt.holds(key):
            problems.append(f"witness receipt {receipt.number}: countersignature invalid")
        elif local is None:
            problems.append(
                f"checkpoint {receipt.number} was countersigned by the witness but is missing "
                "here (deleted)"
            )
        elif local.digest != receipt.digest:
            problems.append(
                f"checkpoint {local.name} differs from the one the witness countersigned "
                "(replaced or re-signed)"
            )
    for checkpoint in lookup.checkpoints[len(receipts) :]:
        if checkpoint.created_at < grace:
            problems.append(f"checkpoint {checkpoint.name} was never countersigned by the witness")
    return problems
