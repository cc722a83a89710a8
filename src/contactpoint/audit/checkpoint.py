"""Signed, numbered checkpoints of every chain's head, written outside the database.

A checkpoint lists each chain's (seq, hash), its number (1, 2, 3… with no gaps) and the
digest of the checkpoint before it, and is signed with an Ed25519 key the database never
sees. Verification needs only the public key (`verifying_key`), so whoever can verify
cannot sign. The running service writes one every `audit_checkpoint_seconds` while events
are written (audit/checkpointer.py) and hands each to the witness to countersign
(audit/witness.py), a store the database's operator cannot change.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.models import AuditChainHead
from contactpoint.config import ConfigError, Environment, Settings
from contactpoint.types import utcnow

PREFIX = "checkpoint-"
NUMBERED = re.compile(r"checkpoint-\d{9}\.json")
VERSION = 2


@dataclass(frozen=True)
class Checkpoint:
    name: str
    number: int
    created_at: datetime
    heads: dict[int, tuple[int, str]]  # chain -> (seq, hash)
    previous: str  # digest of the checkpoint before (empty for number 1)
    digest: str  # of this checkpoint's signed bytes: what the witness countersigns
    body: dict[str, Any] = field(compare=False, repr=False)


@dataclass
class CheckpointLookup:
    """Every checkpoint found, oldest first, and what is wrong with the set."""

    checkpoints: list[Checkpoint] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def newest(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The configured key; development (and tests) generate one under data_dir/secrets.

    Outside development the key must not sit in the data directory: whoever holds a copy of
    the data would hold the key that vouches for it."""
    path = settings.audit_signing_key_path
    if path is None:
        if settings.environment is Environment.PRODUCTION:
            raise ConfigError(
                "CONTACTPOINT_AUDIT_SIGNING_KEY_PATH is not set: production signs audit "
                "checkpoints with an Ed25519 key kept outside the database (see docs/audit.md)."
            )
        path = _development_key_path(settings)
        if not path.exists():
            _write_private(path, Ed25519PrivateKey.generate())
    elif settings.environment is Environment.PRODUCTION and _inside(path, settings.data_dir):
        raise ConfigError(
            f"CONTACTPOINT_AUDIT_SIGNING_KEY_PATH ({path}) is inside the data directory: keep "
            "the checkpoint signing key apart from the data it vouches for"
        )
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path} is not an Ed25519 private key")
    return key


def witness_key(path: Path, *, create: bool = False) -> Ed25519PrivateKey:
    """The witness's own private key (never the service's), created on first use if asked."""
    if create and not path.exists():
        _write_private(path, Ed25519PrivateKey.generate())
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read the witness key {path} ({type(error).__name__})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path} is not an Ed25519 private key")
    return key


def verifying_key(settings: Settings) -> Ed25519PublicKey:
    """The public key that checks checkpoints: configured, or (development) derived."""
    path = settings.audit_verify_key_path
    if path is None:
        if settings.environment is Environment.PRODUCTION:
            raise ConfigError(
                "CONTACTPOINT_AUDIT_VERIFY_KEY_PATH is not set: verification checks "
                "checkpoints with the signing key's public half (see docs/audit.md)."
            )
        return signing_key(settings).public_key()
    return load_public_key(path)


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read the public key {path} ({type(error).__name__})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError(f"{path} is not an Ed25519 public key")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _development_key_path(settings: Settings) -> Path:
    return settings.data_dir / "secrets" / "audit_signing_key.pem"


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


def write_checkpoint(
    session: Session, settings: Settings, *, only_if_changed: bool = False
) -> Checkpoint | None:
    """Sign the committed chain heads as the next numbered checkpoint and write it,
    atomically. With `only_if_changed`, nothing is written when no chain has moved."""
    key = signing_key(settings)
    folder = _folder(settings)
    with _numbering_lock(folder):
        previous = _newest_file(folder, key.public_key())
        heads = {
            chain: (seq, digest)
            for chain, seq, digest in session.execute(
                select(AuditChainHead.chain, AuditChainHead.seq, AuditChainHead.hash)
            )
        }
        if only_if_changed and previous is not None and previous.heads == heads:
            return None
        behind = went_back(previous, heads)
        if behind:
            raise CheckpointRefusedError(
                f"chain(s) {behind} are behind checkpoint {previous.name if previous else ''}: "
                "events were removed from the trail; run `contactpoint audit verify`"
            )
        body = _body(previous, heads)
        body["signature"] = key.sign(signed_bytes(body)).hex()
        path = folder / f"{PREFIX}{body['number']:09d}.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(body, indent=1, sort_keys=True))
        temporary.replace(path)
    checkpoint = read_checkpoint(path, key.public_key())
    assert checkpoint is not None
    return checkpoint


class CheckpointRefusedError(RuntimeError):
    """The trail has gone backwards since the last checkpoint: never vouch for that."""


def went_back(previous: Checkpoint | None, heads: dict[int, tuple[int, str]]) -> list[int]:
    """Chains whose head is behind the previous checkpoint's: a trail only grows."""
    if previous is None:
        return []
    return sorted(
        chain for chain, (seq, _h) in previous.heads.items() if heads.get(chain, (0, ""))[0] < seq
    )


def _body(previous: Checkpoint | None, heads: dict[int, tuple[int, str]]) -> dict[str, Any]:
    return {
        "version": VERSION,
        "number": previous.number + 1 if previous else 1,
        "previous": previous.digest if previous else "",
        "created_at": utcnow().isoformat(),
        "chains": {str(chain): [seq, digest] for chain, (seq, digest) in sorted(heads.items())},
    }


@contextmanager
def _numbering_lock(folder: Path) -> Iterator[None]:
    """One writer at a time picks the next number (several workers share the folder)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _newest_file(folder: Path, public_key: Ed25519PublicKey) -> Checkpoint | None:
    for path in reversed(_numbered(folder)):
        found = read_checkpoint(path, public_key)
        if found is not None:
            return found
    return None


def all_checkpoints(settings: Settings) -> CheckpointLookup:
    """Every checkpoint in the folder, checked with the public key: each must be signed,
    numbered on from the one before with no gap, and name that one's digest."""
    lookup = CheckpointLookup()
    public_key = verifying_key(settings)
    for path in _numbered(_folder(settings)):
        checkpoint = read_checkpoint(path, public_key)
        if checkpoint is None:
            lookup.problems.append(f"checkpoint {path.name}: unreadable or signature invalid")
            continue
        lookup.problems += _sequence_problems(lookup.newest, checkpoint)
        lookup.checkpoints.append(checkpoint)
    first = lookup.checkpoints[0] if lookup.checkpoints else None
    if first is not None and first.number != 1:
        lookup.problems.append(
            f"checkpoints 1–{first.number - 1} are missing (the oldest held is {first.name})"
        )
    return lookup


def _sequence_problems(before: Checkpoint | None, checkpoint: Checkpoint) -> list[str]:
    if before is None:
        return []
    if checkpoint.number != before.number + 1:
        gap = f"{before.number + 1}–{checkpoint.number - 1}"
        return [f"checkpoints {gap} are missing between {before.name} and {checkpoint.name}"]
    if checkpoint.previous != before.digest:
        return [f"checkpoint {checkpoint.name} does not follow {before.name} (replaced)"]
    behind = went_back(before, checkpoint.heads)
    if behind:
        return [f"checkpoint {checkpoint.name} has chain(s) {behind} behind {before.name}"]
    return []


def read_checkpoint(path: Path, public_key: Ed25519PublicKey) -> Checkpoint | None:
    try:
        body = json.loads(path.read_text())
        signature = bytes.fromhex(body.pop("signature"))
        public_key.verify(signature, signed_bytes(body))
        if body.get("version") != VERSION:
            return None
        heads = {int(c): (int(s), str(h)) for c, (s, h) in body["chains"].items()}
        number, previous = int(body["number"]), str(body["previous"])
        created_at = datetime.fromisoformat(body["created_at"])
    except (InvalidSignature, ValueError, KeyError, TypeError, AttributeError, OSError):
        return None
    body["signature"] = signature.hex()
    digest = hashlib.sha256(signed_bytes(_unsigned(body))).hexdigest()
    return Checkpoint(path.name, number, created_at, heads, previous, digest, body)


def _unsigned(body: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in body.items() if name != "signature"}


def signed_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _numbered(folder: Path) -> list[Path]:
    """Numbered checkpoint files, oldest first. Files from before numbering (named by time,
    ADR 0004) are left where they are and ignored: the first numbered checkpoint after the
    upgrade covers everything they did."""
    return sorted(path for path in folder.glob(f"{PREFIX}*.json") if NUMBERED.fullmatch(path.name))


def _folder(settings: Settings) -> Path:
    assert settings.audit_checkpoint_dir is not None  # filled in by Settings
    return settings.audit_checkpoint_dir
