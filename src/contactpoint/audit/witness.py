"""The witness: a separate process, with its own key and its own append-only store, that
countersigns every checkpoint the service signs.

Whoever runs the database (and even the service's checkpoint folder) cannot change what the
witness holds: it accepts checkpoint N only after N-1, only if N names N-1's digest and
carries the service's signature, and it never replaces an entry. `verify` compares the
service's checkpoints with the witness's list, so a deleted, replaced or re-signed
checkpoint shows. In production it runs on another host under another operator
(docs/audit.md); `contactpoint audit witness` starts it.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from contactpoint.audit.checkpoint import VERSION, signed_bytes
from contactpoint.types import utcnow

STORE = "witnessed.jsonl"


@dataclass(frozen=True)
class Receipt:
    """The witness's countersignature of one checkpoint."""

    number: int
    digest: str
    witnessed_at: str
    countersignature: str

    def holds(self, witness_key: Ed25519PublicKey) -> bool:
        try:
            witness_key.verify(bytes.fromhex(self.countersignature), receipt_bytes(self))
        except (InvalidSignature, ValueError):
            return False
        return True


def receipt_bytes(receipt: Receipt) -> bytes:
    return f"contactpoint-witness:{receipt.number}:{receipt.digest}".encode()


class RefusedError(ValueError):
    """The witness will not countersign this checkpoint (and says why)."""


class WitnessStore:
    """The witness's own ledger: one JSON line per countersigned checkpoint, appended only."""

    def __init__(self, folder: Path, key: Ed25519PrivateKey, service_key: Ed25519PublicKey):
        self.path = folder / STORE
        self.key, self.service_key = key, service_key
        self._lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path.touch(mode=0o600, exist_ok=True)

    def receipts(self) -> list[Receipt]:
        lines = self.path.read_text().splitlines()
        return [Receipt(**json.loads(line)) for line in lines if line.strip()]

    def accept(self, body: dict[str, Any]) -> Receipt:
        """Countersign the next checkpoint; the same checkpoint again gets its receipt back."""
        number, digest = self._check_signed(body)
        with self._lock:
            held = self.receipts()
            if number <= len(held):
                if held[number - 1].digest == digest:
                    return held[number - 1]
                raise RefusedError(f"checkpoint {number} was witnessed with other contents")
            if number != len(held) + 1:
                raise RefusedError(f"checkpoint {number} out of turn: expected {len(held) + 1}")
            expected_previous = held[-1].digest if held else ""
            if body.get("previous") != expected_previous:
                raise RefusedError(f"checkpoint {number} does not follow checkpoint {number - 1}")
            return self._append(number, digest)

    def _check_signed(self, body: dict[str, Any]) -> tuple[int, str]:
        unsigned = {name: value for name, value in body.items() if name != "signature"}
        try:
            signature = bytes.fromhex(str(body["signature"]))
            self.service_key.verify(signature, signed_bytes(unsigned))
            number = int(unsigned["number"])
        except (InvalidSignature, KeyError, ValueError, TypeError) as error:
            raise RefusedError(
                f"not a checkpoint signed by the service ({type(error).__name__})"
            ) from None
        if unsigned.get("version") != VERSION or number < 1:
            raise RefusedError("not a checkpoint this witness understands")
        return number, hashlib.sha256(signed_bytes(unsigned)).hexdigest()

    def _append(self, number: int, digest: str) -> Receipt:
        unsigned = Receipt(number, digest, utcnow().isoformat(), "")
        signature = self.key.sign(receipt_bytes(unsigned)).hex()
        receipt = Receipt(number, digest, unsigned.witnessed_at, signature)
        with self.path.open("a") as ledger:
            ledger.write(json.dumps(asdict(receipt), sort_keys=True) + "\n")
            ledger.flush()
            os.fsync(ledger.fileno())
        return receipt
