"""Event types and their declared shapes.

Each domain declares its events in its own `events.py` with `@declare("source:subject:action")`
on a frozen Pydantic model; writing an event whose details do not fit the shape raises.
Fields must be short and typed: an audit event never carries child data beyond an opaque
record reference, and never search criteria in clear.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

EVENT_TYPE_PATTERN = re.compile(r"^[a-z_]+:[a-z_]+:[a-z_]+$")


class EventDetails(BaseModel):
    """Base for an event's details: unknown keys and wrong types are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=200)


class UnknownEventTypeError(ValueError):
    pass


class EventShapeError(ValueError):
    pass


_SHAPES: dict[str, type[EventDetails]] = {}

D = TypeVar("D", bound=type[EventDetails])


def declare(event_type: str) -> Callable[[D], D]:
    """Register a details model as the shape of `event_type` (named source:subject:action)."""
    if not EVENT_TYPE_PATTERN.match(event_type):
        raise ValueError(f"event type {event_type!r} is not named source:subject:action")

    def register(shape: D) -> D:
        if _SHAPES.get(event_type, shape) is not shape:
            raise ValueError(f"event type {event_type!r} is declared twice")
        _SHAPES[event_type] = shape
        return shape

    return register


def shape_for(event_type: str) -> type[EventDetails]:
    try:
        return _SHAPES[event_type]
    except KeyError:
        raise UnknownEventTypeError(f"{event_type!r} has no declared shape") from None


def declared_event_types() -> list[str]:
    return sorted(_SHAPES)


def validate_details(event_type: str, details: EventDetails | dict[str, Any]) -> dict[str, Any]:
    """The details as plain JSON-ready data, after checking them against the declared shape."""
    shape = shape_for(event_type)
    if isinstance(details, EventDetails) and not isinstance(details, shape):
        raise EventShapeError(
            f"{event_type}: expected {shape.__name__}, got {type(details).__name__}"
        )
    try:
        model = details if isinstance(details, shape) else shape.model_validate(details)
    except ValidationError as error:
        fields = ", ".join(".".join(map(str, e["loc"])) or "details" for e in error.errors())
        raise EventShapeError(
            f"{event_type}: details do not fit the declared shape ({fields})"
        ) from None
    return model.model_dump(mode="json")
