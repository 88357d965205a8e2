"""Where an event's lag goes: from the producer's outbox row to its stream entry (the relay's part), and from
the entry to each consumer's inbox row (the consumer's part), read from the services' own databases after a
scenario.

The outbox row keeps the entry id the relay's script got (``stream_ms``: Redis's clock, in ms) beside the
row's ``created_at`` (written as the event was published, in the producing transaction, before it
committed); each consumer's inbox keeps ``applied_at`` (written as its batch applied the event, before that
batch committed). ``created_at`` and ``applied_at`` are the stack's clock, which the dev clock may have
moved: the scenario passes that offset. Everything runs on one host, so the clocks are one otherwise.

Read-only, after the scenario was measured (rows settled long ago may be purged; none of a scenario's are).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.loadgen import percentile

_OUTBOX = "SELECT event_id, created_at, stream_ms FROM event_outbox WHERE event_type = {0}"
_INBOX = "SELECT event_id, applied_at FROM event_inbox WHERE event_type = {0}"


def read_rows(url: str, query: str, event_type: str) -> list[tuple[Any, ...]]:
    """The rows of ``query`` (``{0}`` stands for the event type's parameter) in the database at ``url``: a
    SQLite file (opened read-only) or PostgreSQL."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1]
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            return connection.execute(query.format("?"), (event_type,)).fetchall()
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)

    async def read() -> list[tuple[Any, ...]]:
        import asyncpg

        connection = await asyncpg.connect(dsn)
        try:
            return [tuple(row) for row in await connection.fetch(query.format("$1"), event_type)]
        finally:
            await connection.close()

    with ThreadPoolExecutor(1) as apart:  # the caller may be running an event loop of its own
        return apart.submit(asyncio.run, read()).result()


def as_instant(value: datetime | str) -> datetime:
    """A stored time as an aware UTC datetime (SQLite keeps it as text without its zone)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _spread(values: list[float]) -> dict[str, float | int | None]:
    ordered = sorted(values)
    if not ordered:
        return {"count": 0, "p50": None, "p99": None, "max": None}
    return {"count": len(ordered), "p50": round(percentile(ordered, 50), 1),
            "p99": round(percentile(ordered, 99), 1), "max": round(ordered[-1], 1)}


def stage_lags(outbox: Sequence[tuple[Any, ...]], inboxes: Mapping[str, Sequence[tuple[Any, ...]]], *,
               since: datetime, offset: timedelta) -> dict[str, Any]:
    """The relay's part (outbox row → stream entry) of every event published since ``since`` (stack clock),
    and each consumer's part (stream entry → its inbox row), in ms: count, p50, p99 and max."""
    entered: dict[str, float] = {}
    relay: list[float] = []
    for event_id, created_at, stream_ms in outbox:
        written = as_instant(created_at)
        if stream_ms is None or written < since:
            continue
        entered[str(event_id)] = float(stream_ms)
        relay.append(float(stream_ms) - (written - offset).timestamp() * 1000)
    consumers = {}
    for consumer, rows in inboxes.items():
        consumers[consumer] = _spread([(as_instant(applied_at) - offset).timestamp() * 1000 - entered[str(event_id)]
                                       for event_id, applied_at in rows if str(event_id) in entered])
    return {"relay_ms": _spread(relay), "consumers_ms": consumers}


def event_stages(database_urls: Mapping[str, str], *, producer: str, consumers: Sequence[str], event_type: str,
                 since: datetime, offset: timedelta) -> dict[str, Any]:
    """``stage_lags`` of ``event_type`` events of ``producer``, read from the services' databases."""
    outbox = read_rows(database_urls[producer], _OUTBOX, event_type)
    inboxes = {consumer: read_rows(database_urls[consumer], _INBOX, event_type) for consumer in consumers}
    return {"event_type": event_type, **stage_lags(outbox, inboxes, since=since, offset=offset)}


def describe(stages: Mapping[str, Any]) -> str:
    """One line: p50 / p99 ms of each stage (or why they could not be read)."""
    if "error" in stages:
        return f"where {stages['event_type']} waited: not read ({stages['error']})"

    def cell(spread: Mapping[str, Any]) -> str:
        return "n/a" if spread["p50"] is None else f"{spread['p50']:.0f} / {spread['p99']:.0f}"

    consumers = ", ".join(f"{name} {cell(spread)}" for name, spread in stages["consumers_ms"].items())
    return (f"where {stages['event_type']} waited, p50 / p99 ms: outbox row to stream entry {cell(stages['relay_ms'])};"
            f" entry to inbox: {consumers}")
