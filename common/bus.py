"""The event bus on Redis Streams: key names, stream positions, tunables, metrics and dead letters —
what the relay (``common.relay``) and the consumers (``common.consumer``) share.

Layout in Redis (every key under the deployment's prefix, ``common.redis.key``):

- ``<prefix>events:<producer>``: one stream per producing service, written only by its relay; each
  entry has the fields ``type``, ``version``, ``event_id`` and ``envelope`` (the JSON envelope);
- a consumer group per consuming service on each stream it reads (the group is named after it);
- ``<prefix>events-dead:<group>``: the dead letters of one consumer group (events whose handler
  kept failing), newest last, read with :func:`list_dead_letters`;
- ``<prefix>events-failures:<group>:<producer>:<entry id>``: failed attempts of one entry (expiring).

Streams are trimmed only below the oldest entry that some consumer group has not acknowledged yet
(:func:`safe_trim_point`), never by length, so no entry is dropped unread.

Redis must persist its data in production (AOF); even so the outbox keeps every event until all
consumer groups have acknowledged it, and re-sends what Redis forgot.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from datetime import datetime
from typing import Any, NamedTuple

from prometheus_client import Counter, Gauge
from pydantic import BaseModel, Field
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from common.clock import now
from common.redis import key
from common.settings import RedisSettings

log = logging.getLogger("groupbuy.events")


class EventSettings(BaseModel):
    """Tunables of the relay and the consumers; a service's settings may compose it as ``events``
    (``GROUPBUY_EVENTS__POLL_INTERVAL_S=0.05``)."""

    poll_interval_s: float = Field(1.0, gt=0, description="How often the relay looks for rows other processes "
                                   "wrote (a commit in its own process wakes it at once)")
    relay_batch_size: int = Field(500, ge=1)
    linger_ms: float = Field(20.0, ge=0, le=1000, description=(
        "Under a steady stream, how long after a relay round or a consumer read that found work the next "
        "one waits to begin: what arrives meanwhile goes in one batch (one transaction and one "
        "acknowledgement instead of several). An idle relay or consumer answers the first event at once"))
    backoff_initial_s: float = Field(0.1, gt=0)
    backoff_max_s: float = Field(5.0, gt=0, description="Cap of the backoff while Redis or the database is away")
    maintain_interval_s: float = Field(2.0, gt=0, description="Settling, trimming and metrics")
    outbox_retention_s: float = Field(7 * 86400, ge=0, description="How long settled outbox rows are kept")
    consumer_batch_size: int = Field(100, ge=1, description="Entries read, and applied in one transaction")
    block_ms: int = Field(1000, ge=1, le=4000, description="XREADGROUP BLOCK; below the socket timeout")
    max_attempts: int = Field(5, ge=1, description="Failed attempts before an event is dead-lettered")
    retry_delay_s: float = Field(0.5, ge=0, description="First retry of a failed event; doubles, capped")
    retry_max_s: float = Field(30.0, ge=0)
    max_deliveries: int = Field(20, ge=2, description="Deliveries without acknowledgement before dead-lettering")
    claim_idle_s: float = Field(60.0, gt=0, description="Entries idle this long are taken from their consumer")
    claim_interval_s: float = Field(5.0, gt=0)
    consumer_idle_s: float = Field(86400.0, gt=0, description="Idle consumers without pending entries are removed")
    consumer_name: str = Field("", description="Default: host name and process id")
    inbox_retention_s: float = Field(30 * 86400, ge=0, description="How long applied event ids are remembered")
    dead_letter_maxlen: int = Field(100_000, ge=1)


def event_settings_of(settings: object) -> EventSettings:
    """The ``events`` block of a service's settings, or the defaults when it has none."""
    found = getattr(settings, "events", None)
    return found if isinstance(found, EventSettings) else EventSettings()


# Metrics -------------------------------------------------------------------------------------------

OUTBOX_BACKLOG = Gauge("groupbuy_events_outbox_backlog", "Outbox rows not yet relayed to the stream", ["producer"])
RELAY_LAG = Gauge("groupbuy_events_relay_lag_seconds", "Age of the oldest outbox row not yet relayed", ["producer"])
RELAYED = Counter("groupbuy_events_relayed_total", "Events added to the stream by the relay", ["producer"])
RELAY_ERRORS = Counter("groupbuy_events_relay_errors_total", "Relay rounds that failed", ["producer"])
RESENT = Counter("groupbuy_events_resent_total", "Outbox rows queued again because Redis lost them", ["producer"])
CONSUMER_LAG = Gauge("groupbuy_events_consumer_lag", "Stream entries not yet delivered to the group",
                     ["stream", "group"])
PENDING = Gauge("groupbuy_events_pending", "Entries delivered to the group and not yet acknowledged",
                ["stream", "group"])
DEAD_LETTERS = Gauge("groupbuy_events_dead_letters", "Entries in the group's dead-letter stream", ["group"])
CONSUMED = Counter("groupbuy_events_consumed_total", "Entries handled by a consumer group, by outcome",
                   ["group", "type", "outcome"])
CONSUMER_ERRORS = Counter("groupbuy_events_consumer_errors_total", "Consumer rounds that failed", ["group"])


# Keys ----------------------------------------------------------------------------------------------

def stream_key(settings: RedisSettings, producer: str) -> str:
    return key(settings, "events", producer)


def dead_letter_key(settings: RedisSettings, group: str) -> str:
    return key(settings, "events-dead", group)


def failures_key(settings: RedisSettings, group: str, producer: str, entry_id: str) -> str:
    return key(settings, "events-failures", group, producer, entry_id)


# Stream positions ----------------------------------------------------------------------------------

class StreamPos(NamedTuple):
    """A stream entry id, ``<ms>-<seq>``, comparable."""

    ms: int
    seq: int

    @classmethod
    def parse(cls, entry_id: str | bytes) -> StreamPos:
        text = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
        ms, _, seq = text.partition("-")
        return cls(int(ms), int(seq or 0))

    def __str__(self) -> str:
        return f"{self.ms}-{self.seq}"

    def successor(self) -> StreamPos:
        return StreamPos(self.ms, self.seq + 1)


ZERO = StreamPos(0, 0)


# Backoff -------------------------------------------------------------------------------------------

class Backoff:
    """Capped exponential backoff with jitter, reset after a success."""

    def __init__(self, initial_s: float, max_s: float) -> None:
        self.initial_s = initial_s
        self.max_s = max_s
        self.failures = 0

    def reset(self) -> None:
        self.failures = 0

    def next_delay(self) -> float:
        delay = min(self.max_s, self.initial_s * 2 ** min(self.failures, 30))
        self.failures += 1
        return delay * random.uniform(0.75, 1.0)

    async def sleep(self) -> None:
        await asyncio.sleep(self.next_delay())


async def linger(until: float) -> None:
    """Wait until ``time.monotonic()`` reaches ``until``; at once when it has."""
    delay = until - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


# Consumer groups -----------------------------------------------------------------------------------

async def stream_groups(redis: Redis, stream: str) -> list[dict[str, Any]]:
    """XINFO GROUPS, or an empty list when the stream does not exist."""
    try:
        return list(await redis.xinfo_groups(stream))
    except ResponseError as exc:
        if "no such key" in str(exc).lower():
            return []
        raise


async def group_bound(redis: Redis, stream: str, group: dict[str, Any]) -> StreamPos:
    """The oldest entry ``group`` has not acknowledged yet: its oldest pending entry, or the one after
    the last delivered. Entries below it are done for this group."""
    if int(group.get("pending") or 0) > 0:
        summary = await redis.xpending(stream, group["name"])
        if summary.get("pending") and summary.get("min"):
            return StreamPos.parse(summary["min"])
    return StreamPos.parse(group.get("last-delivered-id") or "0-0").successor()


async def safe_trim_point(redis: Redis, stream: str, known_groups: set[str] | None = None
                          ) -> tuple[StreamPos | None, list[dict[str, Any]]]:
    """The lowest bound over every consumer group of ``stream`` (entries below it are acknowledged by
    all), and the groups. None when there is no group, or when a group in ``known_groups`` is missing
    (Redis forgot it: nothing is done for it yet)."""
    groups = await stream_groups(redis, stream)
    if not groups:
        return None, groups
    names = {g["name"] for g in groups}
    if known_groups and not known_groups <= names:
        return None, groups
    bounds = [await group_bound(redis, stream, g) for g in groups]
    return min(bounds), groups


async def trim_stream(redis: Redis, stream: str, point: StreamPos) -> int:
    """Remove entries below ``point`` (approximately: whole nodes only, never at or above it)."""
    if point <= ZERO.successor():
        return 0
    return int(await redis.xtrim(stream, minid=str(point), approximate=True))


# Dead letters --------------------------------------------------------------------------------------

class DeadLetter(BaseModel):
    """An event a consumer group gave up on: acknowledged on its stream, kept here with the error."""

    id: str = Field(description="Entry id in the dead-letter stream")
    group: str
    stream: str
    entry_id: str = Field(description="Entry id in the event stream")
    event_id: str | None
    type: str | None
    version: int | None
    error: str
    traceback: str = ""
    attempts: int
    failed_at: datetime
    envelope: str = Field(description="The envelope as received (JSON text)")


async def list_dead_letters(redis: Redis, settings: RedisSettings, group: str, *, limit: int = 100,
                            before: str | None = None, after: str | None = None,
                            ascending: bool = False) -> list[DeadLetter]:
    """The group's dead letters, newest first; ``before`` (a dead letter's ``id``) pages further.  With
    ``ascending``, oldest first, and ``after`` pages further."""
    if ascending:
        minimum = f"({after}" if after else "-"
        if after and max(int(part) for part in after.split("-")) >= 2**64:
            return []  # beyond what Redis ids hold: nothing comes after it
        entries = await redis.xrange(dead_letter_key(settings, group), min=minimum, max="+", count=limit)
        return [dead_letter_from_entry(entry_id, fields) for entry_id, fields in entries]
    maximum = "+"
    if before:
        milliseconds, sequence = (int(part) for part in before.split("-"))
        if (milliseconds, sequence) == (0, 0):
            return []  # nothing comes before the first possible id
        if max(milliseconds, sequence) < 2**64:  # beyond what Redis ids hold: everything is before it
            maximum = f"({before}"
    entries = await redis.xrevrange(dead_letter_key(settings, group), max=maximum, min="-", count=limit)
    return [dead_letter_from_entry(entry_id, fields) for entry_id, fields in entries]


async def count_dead_letters(redis: Redis, settings: RedisSettings, group: str) -> int:
    return int(await redis.xlen(dead_letter_key(settings, group)))


def dead_letter_from_entry(entry_id: str, fields: dict[str, str]) -> DeadLetter:
    version = fields.get("version")
    return DeadLetter(
        id=entry_id,
        group=fields.get("group", ""),
        stream=fields.get("stream", ""),
        entry_id=fields.get("entry_id", ""),
        event_id=fields.get("event_id") or None,
        type=fields.get("type") or None,
        version=int(version) if version and version.isdigit() else None,
        error=fields.get("error", ""),
        traceback=fields.get("traceback", ""),
        attempts=int(fields.get("attempts") or 0),
        failed_at=datetime.fromisoformat(fields["failed_at"]) if fields.get("failed_at") else now(),
        envelope=fields.get("envelope", ""),
    )
