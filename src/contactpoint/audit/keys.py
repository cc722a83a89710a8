"""The keys that seal the audit trail's hashes, held by the application and the verifier only.

Each event's hash is an HMAC over its canonical bytes with a chain key the database never
holds, so someone with database access alone cannot write an event, or re-hash a changed
one, that `verify` accepts. Keys are numbered: the newest seals new events, the older ones
still verify what they sealed (rotation, docs/audit.md). The keys travel with the engine
(`bind`), so every session and connection made from it seals with the same keys.

`CONTACTPOINT_AUDIT_CHAIN_KEYS` is `id:hex[,id:hex...]` (at least 32 bytes each); in
development and tests a key is kept in the data directory like the other secrets.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Connection, Engine

from contactpoint.config import ConfigError, Environment, Settings, get_settings

OPTION = "contactpoint_audit_chain_keys"
MIN_KEY_BYTES = 32


@dataclass(frozen=True)
class ChainKeys:
    current_id: int
    keys: Mapping[int, bytes]

    def seal(self, message: bytes, key_id: int | None = None) -> str | None:
        """HMAC-SHA256 of `message` under key `key_id` (default: the current key); None when
        that key is not held (an event sealed with a key this verifier does not know)."""
        key = self.keys.get(self.current_id if key_id is None else key_id)
        if key is None:
            return None
        return hmac.new(key, message, hashlib.sha256).hexdigest()


def parse(text: str) -> ChainKeys:
    """`id:hex,id:hex`; the highest id is the current key."""
    keys: dict[int, bytes] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        number, _, value = item.partition(":")
        try:
            key_id, key = int(number), bytes.fromhex(value)
        except ValueError:
            raise ConfigError(
                "CONTACTPOINT_AUDIT_CHAIN_KEYS must be id:hex pairs, e.g. 1:<64 hex digits>"
            ) from None
        if key_id < 1 or len(key) < MIN_KEY_BYTES:
            raise ConfigError(
                f"CONTACTPOINT_AUDIT_CHAIN_KEYS: key {number} needs an id from 1 and at "
                f"least {MIN_KEY_BYTES} bytes (64 hex digits)"
            )
        keys[key_id] = key
    if not keys:
        raise ConfigError("CONTACTPOINT_AUDIT_CHAIN_KEYS holds no key")
    return ChainKeys(current_id=max(keys), keys=keys)


def chain_keys(settings: Settings) -> ChainKeys:
    """The configured keys; development and tests keep key 1 with the other secrets."""
    if settings.audit_chain_keys:
        return parse(settings.audit_chain_keys)
    if settings.environment is Environment.PRODUCTION:
        raise ConfigError(
            "CONTACTPOINT_AUDIT_CHAIN_KEYS is not set: production seals the audit trail with "
            "keys held apart from the database (docs/audit.md)"
        )
    return parse(f"1:{settings.secret('audit_chain_key').decode()}")


def bind(engine: Engine, settings: Settings) -> Engine:
    """The same engine (and pool), carrying the chain keys for every session made from it."""
    return engine.execution_options(**{OPTION: chain_keys(settings)})


def keys_of(connection: Connection) -> ChainKeys:
    """The keys bound to this connection's engine; an unbound engine (a one-off script) uses
    the process's own settings, exactly as the service would."""
    bound = connection.get_execution_options().get(OPTION)
    return bound if isinstance(bound, ChainKeys) else chain_keys(get_settings())
