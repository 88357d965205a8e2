"""The event contracts: the envelope every event travels in, and the registry of versioned payloads.

An event is a fact that already happened in one service (the *producer*), told to the others. It
travels as an :class:`Envelope` — ``id`` (uuid), ``type`` (``"order.paid"``), ``version`` (int),
``occurred_at`` (aware UTC), ``producer`` (service name) and ``payload`` — whose payload is one of the
versioned models declared in this package, one module per producing service. Two optional fields say
where the event came from, so one order can be followed across the bus: ``request_id`` (the
``X-Request-ID`` of the call that published it) and ``trace`` (its W3C ``traceparent`` and ``tracestate``,
see ``common/tracing.py``); the outbox fills them in, and leaves out what it does not know::

    from common.events.orders import OrderPaid

    payload = OrderPaid(order_id=1, user_id=2, ...)          # validated by the producer
    envelope = Envelope.of(payload)                           # what the outbox stores and the bus carries
    again = envelope.parse()                                  # what a consumer gets back: an OrderPaid

Rules of the contracts:
- a payload model forbids unknown fields, so producer and consumer agree field by field;
- money is integer fen (``Fen``), ids and counts are integers, never coerced from strings or floats;
- times are aware datetimes, normalised to UTC;
- a compatible change (a new optional field) is still a new version: consumers of the old version
  would reject the unknown field. A producer publishes both versions until its consumers have moved;
- ``aggregate_field`` names the field whose value orders the events: events of one aggregate (one
  order, one user) reach the stream in the order they were written;
- the envelope's own fields change rarely, and only by new optional fields: a consumer built before
  such a field refuses envelopes that carry it, so producers start writing a new field only once every
  consumer reads it (``GROUPBUY_TRACING__IN_EVENTS`` holds ``trace`` and ``request_id`` back).

``docs/events.schema.json`` is generated from these models by ``python -m devtools.event_schemas``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StrictBool

from common.clock import now

__all__ = [
    "REGISTRY",
    "Count",
    "Envelope",
    "EventPayload",
    "Fen",
    "Id",
    "Registry",
    "StrictBool",
    "TraceContext",
    "UnknownEvent",
    "UtcTime",
    "contract",
]

TYPE_PATTERN = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


UtcTime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
"""An aware datetime, stored and sent in UTC; naive datetimes are rejected."""

Fen = Annotated[int, Field(strict=True, ge=0)]
"""An amount of money in fen (1 yuan = 100 fen): an integer, never a float or a string."""

Id = Annotated[int, Field(strict=True, ge=1)]
"""A row id of the producing service."""

Count = Annotated[int, Field(strict=True, ge=0)]
"""A quantity or a count."""


class UnknownEvent(LookupError):
    """No payload model is registered for this (type, version)."""


class EventPayload(BaseModel):
    """Base of every payload model; the ``contract`` decorator fills in the class variables."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    event_version: ClassVar[int]
    producer: ClassVar[str]
    aggregate_field: ClassVar[str]

    def aggregate_key(self) -> str:
        """The key that orders this event among others, e.g. ``"order_id:42"``."""
        return f"{self.aggregate_field}:{getattr(self, self.aggregate_field)}"


P = TypeVar("P", bound=EventPayload)


class Registry:
    """(type, version) → payload model. ``REGISTRY`` holds every contract of the four services."""

    def __init__(self) -> None:
        self._models: dict[tuple[str, int], type[EventPayload]] = {}

    def add(self, model: type[EventPayload]) -> None:
        key = (model.event_type, model.event_version)
        known = self._models.get(key)
        if known is not None and known is not model:
            raise ValueError(f"{key[0]} v{key[1]} is declared twice: {known.__qualname__}, {model.__qualname__}")
        self._models[key] = model

    def get(self, event_type: str, version: int) -> type[EventPayload]:
        try:
            return self._models[(event_type, version)]
        except KeyError:
            raise UnknownEvent(f"no contract for {event_type} v{version}") from None

    def __contains__(self, key: object) -> bool:
        return key in self._models

    def __iter__(self) -> Iterator[type[EventPayload]]:
        """Every model, sorted by type then version."""
        return iter(sorted(self._models.values(), key=lambda m: (m.event_type, m.event_version)))

    def __len__(self) -> int:
        return len(self._models)


REGISTRY = Registry()


def contract(producer: str, event_type: str, version: int, *, aggregate: str,
             registry: Registry | None = REGISTRY) -> Callable[[type[P]], type[P]]:
    """Declare a payload model as the contract of ``event_type`` v``version`` produced by ``producer``.

    ``aggregate`` names the field that orders events (see the module docstring). Pass
    ``registry=None`` (tests) to declare a model without adding it to the shared registry.
    """
    if not TYPE_PATTERN.match(event_type):
        raise ValueError(f"event type {event_type!r} must look like 'order.paid'")
    if version < 1:
        raise ValueError("event versions start at 1")

    def declare(model: type[P]) -> type[P]:
        if aggregate not in model.model_fields:
            raise ValueError(f"{model.__qualname__} has no field {aggregate!r} to order its events by")
        model.event_type = event_type
        model.event_version = version
        model.producer = producer
        model.aggregate_field = aggregate
        if registry is not None:
            registry.add(model)
        return model

    return declare


class TraceContext(BaseModel):
    """The W3C trace context of the work that published an event (version 00 of ``traceparent``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    traceparent: str = Field(pattern=r"^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", max_length=55)
    tracestate: str | None = Field(None, pattern=r"^[\x20-\x7e]*$", max_length=512)


class Envelope(BaseModel):
    """What the outbox stores and the stream carries; ``payload`` is the payload model's JSON form."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: uuid.UUID
    type: str = Field(pattern=TYPE_PATTERN.pattern, max_length=64)
    version: int = Field(strict=True, ge=1)
    occurred_at: UtcTime
    producer: str = Field(min_length=1, max_length=32)
    payload: dict[str, Any]
    trace: TraceContext | None = Field(None, description="The trace of the work that published the event")
    request_id: str | None = Field(None, pattern=r"^[A-Za-z0-9._:\-]{1,128}$",
                                   description="The X-Request-ID of the call that published the event")

    @classmethod
    def of(cls, payload: EventPayload, *, occurred_at: datetime | None = None, event_id: uuid.UUID | None = None,
           trace: TraceContext | None = None, request_id: str | None = None) -> Envelope:
        """Wrap a payload: a fresh id, and the clock's time unless ``occurred_at`` is given."""
        return cls(
            id=event_id or uuid.uuid4(),
            type=payload.event_type,
            version=payload.event_version,
            occurred_at=occurred_at or now(),
            producer=payload.producer,
            payload=payload.model_dump(mode="json"),
            trace=trace,
            request_id=request_id,
        )

    def to_json(self) -> str:
        """The stored and streamed form: optional fields left out when empty, so an event without them
        reads the same as before they existed."""
        return self.model_dump_json(exclude_none=True)

    def parse(self, registry: Registry = REGISTRY) -> EventPayload:
        """The payload as its registered model (raises ``UnknownEvent`` or ``ValidationError``)."""
        return self.payload_as(registry.get(self.type, self.version))

    def payload_as(self, model: type[P]) -> P:
        """The payload as ``model``, which must be the contract of this envelope's type and version."""
        if (model.event_type, model.event_version) != (self.type, self.version):
            raise UnknownEvent(f"{model.__qualname__} is not the contract of {self.type} v{self.version}")
        return model.model_validate(self.payload)


# Every producer's contracts join the registry when the package is imported.
from common.events import catalog, membership, orders, referrals  # noqa: E402, F401
