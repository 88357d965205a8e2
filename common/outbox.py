"""The transactional outbox and the consumer inbox: tables in the service's own database.

A service declares them once, in its ``models.py``, on its own metadata (so its Alembic history
creates them like any other table)::

    from common.outbox import define_event_tables

    Table = service_base()
    events = define_event_tables(Table.metadata, producer="orders")

and publishes inside the transaction that makes the change — the row is written by the caller's
session and committed (or rolled back) with the change; ``publish`` never commits::

    async with db.write_sessions() as session, session.begin():
        order.status = "paid"
        await events.publish(session, OrderPaid(...))

Each envelope gets the request id and the trace context of the work that published it (the current
span's when tracing is on, else the one the call or event came with; see ``common/tracing.py``), so the
event can be followed back to its cause (unless ``GROUPBUY_TRACING__IN_EVENTS`` is false).

Tables (names fixed, so every service's migrations look alike):

``event_outbox``  one row per published event. ``id`` increases monotonically (SQLite AUTOINCREMENT,
                  a PostgreSQL sequence) and is the relay's sending order; ``aggregate`` keeps events
                  of one aggregate in order. ``sent_at`` stays null until the relay has added the
                  event to the stream; ``stream_ms``/``stream_seq`` are then the stream entry id.
                  ``settled_at`` is set once every consumer group of the stream has acknowledged the
                  entry: only settled rows may be purged, and after Redis loses data every unsettled
                  row is sent again (see ``common.relay``).
``event_inbox``   one row per (consumer group, event id) applied, written in the transaction of the
                  event's effect: a redelivered event finds its row and changes nothing.
``event_group``   the consumer groups ever seen on this service's stream. The relay trims the stream
                  and settles rows only when every known group is present, so a group that Redis
                  forgot (a restart without persistence) never misses events. Delete a row here
                  (and ``XGROUP DESTROY`` it) to retire a group for good.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.ext.asyncio import AsyncSession

from common import fastsql, tracing
from common.clock import now
from common.events import Envelope, EventPayload
from common.models import UtcDateTime
from common.requestid import current_request_id
from common.transaction import Transaction

OUTBOX_TABLE = "event_outbox"
INBOX_TABLE = "event_inbox"
GROUP_TABLE = "event_group"

_WAKE_FLAG = "groupbuy_outbox_wake"

# SQLite only autoincrements an INTEGER PRIMARY KEY; BIGINT elsewhere.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


@dataclass(eq=False)
class EventTables:
    """The event tables of one service, and ``publish`` for the events it produces."""

    producer: str
    outbox: sa.Table
    inbox: sa.Table
    groups: sa.Table
    _wakers: weakref.WeakSet[asyncio.Event] = field(default_factory=weakref.WeakSet, repr=False)

    def __post_init__(self) -> None:
        self._insert = sa.insert(self.outbox)  # built once: a statement object keeps its cache key

    async def publish(self, session: AsyncSession | Transaction, payload: EventPayload, *,
                      occurred_at: datetime | None = None) -> Envelope:
        """Write ``payload``'s event to the outbox in the session's transaction (no commit)."""
        (envelope,) = await self.publish_many(session, [payload], occurred_at=occurred_at)
        return envelope

    async def publish_many(self, session: AsyncSession | Transaction, payloads: Iterable[EventPayload], *,
                           occurred_at: datetime | None = None) -> list[Envelope]:
        """Write several events at once, in the given order (no commit)."""
        payloads = list(payloads)
        if not payloads:
            return []
        trace, request_id = None, None
        if tracing.in_events:
            trace, request_id = tracing.current_trace_context(), current_request_id()
        envelopes = [Envelope.of(p, occurred_at=occurred_at, trace=trace, request_id=request_id) for p in payloads]
        for envelope in envelopes:
            if envelope.producer != self.producer:
                raise ValueError(f"{envelope.type} is produced by {envelope.producer}, not by {self.producer}")
        rows = [self.outbox_row(e, aggregate=p.aggregate_key()) for p, e in zip(payloads, envelopes, strict=True)]
        await defer(session, self._insert, rows)  # nothing reads them back: sent with what comes next
        self._wake_relays_after_commit(session)
        return envelopes

    def outbox_row(self, envelope: Envelope, *, aggregate: str) -> dict[str, Any]:
        return {
            "event_id": str(envelope.id),
            "producer": envelope.producer,
            "event_type": envelope.type,
            "aggregate": aggregate,
            "envelope": envelope.to_json(),
            "created_at": now(),
            "attempts": 0,
        }

    def add_waker(self, wake: asyncio.Event) -> None:
        """``wake`` is set after every commit that published an event in this process (the relay's cue)."""
        self._wakers.add(wake)

    def _wake_relays_after_commit(self, session: AsyncSession | Transaction) -> None:
        if isinstance(session, Transaction):
            if not session.info.get(_WAKE_FLAG):
                session.info[_WAKE_FLAG] = True
                session.after_commit(self._wake_relays)
            return
        sync_session = session.sync_session
        if sync_session.info.get(_WAKE_FLAG):
            return
        sync_session.info[_WAKE_FLAG] = True

        def wake(_session: Any) -> None:
            sync_session.info.pop(_WAKE_FLAG, None)
            self._wake_relays()

        sa_event.listen(sync_session, "after_commit", wake, once=True)

    def _wake_relays(self) -> None:
        for waker in list(self._wakers):
            waker.set()


def define_event_tables(metadata: sa.MetaData, *, producer: str) -> EventTables:
    """Declare the outbox, inbox and group tables on a service's ``metadata``."""
    outbox = sa.Table(
        OUTBOX_TABLE, metadata,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("producer", sa.String(32), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("aggregate", sa.String(128), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.Column("stream_ms", sa.BigInteger(), nullable=True),
        sa.Column("stream_seq", sa.BigInteger(), nullable=True),
        sa.Column("settled_at", UtcDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.UniqueConstraint("event_id", name=f"uq_{OUTBOX_TABLE}_event_id"),
        sa.Index(f"ix_{OUTBOX_TABLE}_unsent", "sent_at", "id"),
        sa.Index(f"ix_{OUTBOX_TABLE}_unsettled", "settled_at", "stream_ms", "stream_seq"),
        sqlite_autoincrement=True,
    )
    inbox = sa.Table(
        INBOX_TABLE, metadata,
        sa.Column("consumer_group", sa.String(64), primary_key=True),
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("applied_at", UtcDateTime(), nullable=False),
        sa.Index(f"ix_{INBOX_TABLE}_applied_at", "applied_at"),
    )
    groups = sa.Table(
        GROUP_TABLE, metadata,
        sa.Column("producer", sa.String(32), primary_key=True),
        sa.Column("group_name", sa.String(64), primary_key=True),
        sa.Column("first_seen_at", UtcDateTime(), nullable=False),
    )
    return EventTables(producer=producer, outbox=outbox, inbox=inbox, groups=groups)


async def defer(session: AsyncSession | Transaction, statement: sa.Executable, params: Any = None) -> None:
    """A write whose answer nobody reads: in a ``Transaction`` on PostgreSQL, sent together with the next
    statement's or the commit's round trip (``Transaction.defer``); in a session, at once (``execute``)."""
    if isinstance(session, Transaction):
        await session.defer(statement, params)
    else:
        await execute(session, statement, params)


async def execute(session: AsyncSession | Transaction, statement: sa.Executable, params: Any = None) -> Any:
    """Run a Core statement (one on tables, not on mapped classes) in the session's transaction (or in a
    ``common.transaction.Transaction``, which has no session).

    It goes to the session's connection, not through the ORM's execution (``Session.execute``), which for a
    Core statement only adds work: an ORM-enabled ``UPDATE`` sent through the session cost about twice
    the statement sent on its connection, an insert or select about a third more.  What the session would
    have done first is done here too: objects added or changed in it are flushed before the statement
    runs, so it sees them (and a row it writes may point at them)."""
    if isinstance(session, Transaction):
        return await session.execute(statement, params)
    sync_session = session.sync_session
    if sync_session.new or sync_session.dirty or sync_session.deleted:
        await session.flush()
    return await fastsql.run(await session.connection(), statement, params)
