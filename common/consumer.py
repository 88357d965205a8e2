"""Consuming events: a consumer group per consuming service, exactly-once effects through the inbox.

A service declares its handlers once, in ``handlers.py``, by payload model (type and version)::

    from common.consumer import Handlers
    from common.events.orders import OrderPaid

    handlers = Handlers()

    @handlers.on(OrderPaid)
    async def record_pending_rebate(session: AsyncSession, event: OrderPaid, envelope: Envelope) -> None:
        ...  # writes with ``session``; never commits

and runs them for the app's lifetime (``tables`` are the service's own ``define_event_tables``)::

    create_service_app(settings, ..., hooks=[relay_hook(events), consumer_hook(handlers, events)])

(or in a worker process: ``python -m common.consumer referrals``). ``consumer_hook`` also accepts a
function ``app -> Handlers`` for handlers that need the app's clients or settings.

How an entry is handled:
- the group (named after the consuming service) is created on each stream it reads when missing,
  from the stream's first entry; at start the consumer first re-reads its own pending entries
  (``XREADGROUP ... 0``), then reads new ones (``>``), and every ``claim_interval_s`` takes over
  entries idle longer than ``claim_idle_s`` from consumers that died (``XAUTOCLAIM``);
- a batch of entries is applied in one write transaction, each event in a savepoint that inserts its
  id into the inbox and runs its handler: an id already in the inbox is skipped (redelivery changes
  nothing), a failing handler rolls back only its own event. Entries are acknowledged after commit;
- a failed event is retried (``retry_delay_s``, doubling) while the others keep flowing; after
  ``max_attempts`` failures — or ``max_deliveries`` deliveries never acknowledged, e.g. a handler that
  kills the process — it goes to the group's dead-letter stream with the error and is acknowledged
  (``common.bus.list_dead_letters`` reads them). An unreadable envelope goes there at once;
- events without a handler (other types, or versions this service does not read) are acknowledged;
- Redis or the database away: the consumer backs off (capped exponential) and starts again from its
  own pending entries; a group Redis forgot is created again.

A handler runs with the event's request id and trace context as its own (``common/tracing.py``): its log
lines show the request id of the call that caused the event, the events it publishes carry both on, and
with tracing on it runs in a ``process <type>`` span, a child of the envelope's trace context.

Handlers see at-least-once delivery with exactly-once effects. Events of one aggregate arrive in order,
except after a failure or a crash: a retried event may be applied after later ones of its aggregate,
so handlers check the state they change rather than assume the previous event was applied.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import socket
import time
import traceback
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import ValidationError
from redis.asyncio import Redis
from redis.exceptions import ResponseError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common import tracing
from common.bus import (
    CONSUMED,
    CONSUMER_ERRORS,
    CONSUMER_LAG,
    DEAD_LETTERS,
    PENDING,
    Backoff,
    EventSettings,
    dead_letter_key,
    event_settings_of,
    failures_key,
    linger,
    stream_groups,
    stream_key,
)
from common.clock import now
from common.db import Database
from common.events import Envelope, EventPayload
from common.leanredis import LeanRedis
from common.outbox import EventTables, execute
from common.redis import make_lean_redis
from common.relay import load_attribute, run_until_stopped
from common.settings import GroupbuySettings, RedisSettings
from common.tasks import background
from common.transaction import Transaction
from common.upsert import insert_new

log = logging.getLogger("groupbuy.consumer")

P = TypeVar("P", bound=EventPayload)
Handler = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]

PURGE_EVERY_S = 600.0
PURGE_BATCH = 5000
FAILURES_TTL_S = 7 * 86400
MAX_CLAIM_PAGES = 10


class Handlers:
    """The handlers of one consuming service, by event type and version."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, int], tuple[type[EventPayload], Handler]] = {}
        self._session_free: set[Handler] = set()

    def on(self, model: type[P], *, session_free: bool = False
           ) -> Callable[[Callable[[AsyncSession, P, Envelope], Awaitable[None]]],
                         Callable[[AsyncSession, P, Envelope], Awaitable[None]]]:
        """Decorator: handle events of ``model``'s type and version (``session_free``: see ``add``)."""

        def register(handler: Callable[[AsyncSession, P, Envelope], Awaitable[None]]
                     ) -> Callable[[AsyncSession, P, Envelope], Awaitable[None]]:
            self.add(model, handler, session_free=session_free)
            return handler

        return register

    def add(self, model: type[EventPayload], handler: Handler, *, session_free: bool = False) -> None:
        """``session_free``: the handler writes only Core statements through ``common.outbox.execute``,
        ``publish`` and ``common.upsert`` (no ORM object, no ``session.exec``), so a batch of such handlers
        runs in a ``common.transaction.Transaction``, which costs a fraction of a session."""
        key = (model.event_type, model.event_version)
        if key in self._by_key:
            raise ValueError(f"{key[0]} v{key[1]} already has a handler")
        self._by_key[key] = (model, handler)
        if session_free:
            self._session_free.add(handler)

    def get(self, event_type: str, version: int) -> tuple[type[EventPayload], Handler] | None:
        return self._by_key.get((event_type, version))

    def is_session_free(self, handler: Handler) -> bool:
        return handler in self._session_free

    @property
    def producers(self) -> list[str]:
        """The services whose streams these handlers read."""
        return sorted({model.producer for model, _ in self._by_key.values()})

    def __len__(self) -> int:
        return len(self._by_key)


@dataclass
class Entry:
    """One stream entry delivered to this consumer."""

    stream: str
    entry_id: str
    fields: dict[str, str] | None
    delivered: int = 1  # times delivered, from XPENDING for re-read and claimed entries

    @property
    def ref(self) -> tuple[str, str]:
        return self.stream, self.entry_id


APPLIED, DUPLICATE, IGNORED = "applied", "duplicate", "ignored"


class Exhausted(Exception):
    """Delivered too often without being acknowledged."""


class _HandlerFailed(Exception):
    """A handler raised (the cause) while the batch was applied together."""


@dataclass
class _Work:
    entry: Entry
    envelope: Envelope
    payload: EventPayload
    handler: Handler


class Consumer:
    """Reads the streams ``handlers`` need as consumer group ``group``; ``run()`` loops until cancelled."""

    def __init__(self, *, group: str, handlers: Handlers, tables: EventTables, database: Database, redis: Redis,
                 redis_settings: RedisSettings, settings: EventSettings | None = None, name: str | None = None,
                 lean: LeanRedis | None = None) -> None:
        """``lean``: a client of the consumer's own (``common.leanredis``, one connection) for what every batch
        sends, the read of new entries and the acknowledgements: through redis-py's pool they were ~a sixth of
        a one-event batch's CPU. Everything else (its own pending entries, reclaiming, dead letters,
        maintenance) goes through ``redis``."""
        if not len(handlers):
            raise ValueError("a consumer needs at least one handler")
        self.group = group
        self.handlers = handlers
        self.tables = tables
        self.database = database
        self.redis = redis
        self._lean = lean
        self.redis_settings = redis_settings
        self.settings = settings or EventSettings()
        self.name = name or self.settings.consumer_name or f"{socket.gethostname()}-{os.getpid()}"
        self.producers = {stream_key(redis_settings, p): p for p in handlers.producers}
        self.streams = list(self.producers)
        self.dead_letters = dead_letter_key(redis_settings, group)
        self._backoff = Backoff(self.settings.backoff_initial_s, self.settings.backoff_max_s)
        self._groups_ready = False
        self._replay_own = True
        self._retry_at: dict[tuple[str, str], float] = {}
        self._last_read, self._last_read_found = 0.0, False
        self._failing = False
        self._next_claim = 0.0
        self._next_maintain = 0.0
        self._next_purge = 0.0

    # The loop ------------------------------------------------------------------------------------

    async def run(self) -> None:
        while True:
            try:
                await self.poll()
                if self._failing:
                    log.info("consumer %s/%s: consuming again", self.group, self.name)
                self._failing = False
                self._backoff.reset()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._groups_ready = False
                self._replay_own = True
                if isinstance(exc, ResponseError) and "NOGROUP" in str(exc):
                    log.warning("consumer %s: the group is gone (Redis lost it?); creating it again", self.group)
                    continue
                CONSUMER_ERRORS.labels(self.group).inc()
                (log.debug if self._failing else log.warning)(
                    "consumer %s/%s: %s: %s; backing off", self.group, self.name, type(exc).__name__, exc)
                self._failing = True
                await self._backoff.sleep()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Consumer]:
        """Run the loop in a task for the duration of the block."""
        async with background(self.run(), f"consumer-{self.group}"):
            yield self

    async def poll(self) -> int:
        """One step: own pending entries when due, then new entries (blocking up to ``block_ms``),
        reclaiming and maintenance when due. Returns how many entries were handled."""
        if not self._groups_ready:
            await self.ensure_groups()
        handled = 0
        if self._replay_own or self._retry_due():
            handled += await self.replay_own_pending()
            self._replay_own = False
        handled += await self.read_new()
        if time.monotonic() >= self._next_claim:
            self._next_claim = time.monotonic() + self.settings.claim_interval_s
            handled += await self.reclaim_idle()
        if time.monotonic() >= self._next_maintain:
            self._next_maintain = time.monotonic() + self.settings.maintain_interval_s
            await self.maintain()
        return handled

    async def ensure_groups(self) -> None:
        for stream in self.streams:
            try:
                await self.redis.xgroup_create(stream, self.group, id="0", mkstream=True)
                log.info("consumer %s: group created on %s", self.group, stream)
            except ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise
        self._groups_ready = True

    # Reading -------------------------------------------------------------------------------------

    async def read_new(self) -> int:
        if self._last_read_found:  # what arrives meanwhile is read, and applied, with the next
            await linger(self._last_read + self.settings.linger_ms / 1000)
        block_ms = self.settings.block_ms
        if self._retry_at:
            until_retry = min(self._retry_at.values()) - time.monotonic()
            block_ms = max(1, min(block_ms, int(until_retry * 1000)))
        if self._lean is None:
            response = await self.redis.xreadgroup(self.group, self.name, dict.fromkeys(self.streams, ">"),
                                                   count=self.settings.consumer_batch_size, block=block_ms)
        else:
            response = _parsed_read(await self._lean.execute(
                "XREADGROUP", "GROUP", self.group, self.name, "COUNT", self.settings.consumer_batch_size,
                "BLOCK", block_ms, "STREAMS", *self.streams, *([">"] * len(self.streams))))
        self._last_read = time.monotonic()
        entries = [Entry(stream, entry_id, fields) for stream, entry_id, fields in _stream_entries(response)
                   if fields is not None]
        self._last_read_found = bool(entries)
        return await self.handle(entries) if entries else 0

    async def replay_own_pending(self) -> int:
        """Entries delivered to this consumer and not acknowledged: after a restart, and failed ones
        whose retry is due."""
        handled = 0
        still_pending: set[tuple[str, str]] = set()
        for stream in self.streams:
            after = "0"
            while True:
                response = await self.redis.xreadgroup(self.group, self.name, {stream: after},
                                                       count=self.settings.consumer_batch_size)
                page = [Entry(s, i, f) for s, i, f in _stream_entries(response)]
                if not page:
                    break
                after = page[-1].entry_id
                still_pending.update(e.ref for e in page)
                await self._acknowledge([e for e in page if e.fields is None])  # deleted meanwhile
                moment = time.monotonic()
                due = [e for e in page if e.fields is not None and self._retry_at.get(e.ref, 0.0) <= moment]
                if due:
                    await self._count_deliveries(stream, due)
                    handled += await self.handle(due)
        for ref in set(self._retry_at) - still_pending:
            del self._retry_at[ref]
        return handled

    async def reclaim_idle(self) -> int:
        """Take over entries idle longer than ``claim_idle_s`` (their consumer died) and handle them."""
        handled = 0
        min_idle_ms = int(self.settings.claim_idle_s * 1000)
        for stream in self.streams:
            start = "0-0"
            for _ in range(MAX_CLAIM_PAGES):
                response = await self.redis.xautoclaim(stream, self.group, self.name, min_idle_ms,
                                                       start_id=start, count=self.settings.consumer_batch_size)
                start = response[0]
                claimed = [Entry(stream, i, f) for i, f in response[1] if i is not None and f is not None]
                if claimed:
                    log.info("consumer %s/%s: took over %d idle entries of %s",
                             self.group, self.name, len(claimed), stream)
                    await self._count_deliveries(stream, claimed)
                    handled += await self.handle(claimed)
                if start in ("0-0", b"0-0"):
                    break
        return handled

    async def _count_deliveries(self, stream: str, entries: Sequence[Entry]) -> None:
        ids = sorted((e.entry_id for e in entries), key=_pos)
        details = await self.redis.xpending_range(stream, self.group, min=ids[0], max=ids[-1],
                                                  count=len(entries) + 100, consumername=self.name)
        counts = {d["message_id"]: int(d["times_delivered"]) for d in details}
        for entry in entries:
            entry.delivered = counts.get(entry.entry_id, entry.delivered)

    def _retry_due(self) -> bool:
        return bool(self._retry_at) and min(self._retry_at.values()) <= time.monotonic()

    # Handling ------------------------------------------------------------------------------------

    async def handle(self, entries: Sequence[Entry]) -> int:
        """Apply a batch: parse, apply in one transaction, then acknowledge, retry or dead-letter."""
        work: list[_Work] = []
        done: list[Entry] = []
        failed: list[tuple[Entry, BaseException, Envelope]] = []
        for entry in entries:
            try:
                envelope = Envelope.model_validate_json((entry.fields or {}).get("envelope", ""))
            except ValidationError as exc:
                await self._dead_letter(entry, exc, attempts=1)
                continue
            found = self.handlers.get(envelope.type, envelope.version)
            if found is None:
                CONSUMED.labels(self.group, envelope.type, IGNORED).inc()
                done.append(entry)
                continue
            model, handler = found
            try:
                payload = envelope.payload_as(model)
            except ValidationError as exc:
                await self._dead_letter(entry, exc, attempts=1, envelope=envelope)
                continue
            work.append(_Work(entry, envelope, payload, handler))
        if work:
            outcomes = await self._apply(work)
            for item in work:
                outcome = outcomes[item.entry.ref]
                if isinstance(outcome, BaseException):
                    failed.append((item.entry, outcome, item.envelope))
                else:
                    CONSUMED.labels(self.group, item.envelope.type, outcome).inc()
                    done.append(item.entry)
        await self._acknowledge(done)
        for entry, exc, envelope in failed:
            await self._failed(entry, exc, envelope)
        return len(entries)

    async def _apply(self, work: Sequence[_Work]) -> dict[tuple[str, str], str | BaseException]:
        """Apply a batch in one transaction: the inbox rows in one statement, then the handlers. If a
        handler fails (or an inbox row exists already: another consumer applied the event meanwhile),
        the transaction is rolled back and the batch applied again, each event in a savepoint, so the
        failure stays with its event. A failing handler can thus run twice in one round."""
        try:
            return await self._apply_together(work)
        except (_HandlerFailed, IntegrityError):
            pass  # outside the except block, so the failure's traceback does not chain this one
        return await self._apply_one_by_one(work)

    async def _apply_together(self, work: Sequence[_Work]) -> dict[tuple[str, str], str | BaseException]:
        if all(self.handlers.is_session_free(item.handler) for item in work):
            try:
                async with self.database.transaction() as tx:
                    outcomes = await self._apply_in(tx, work)
                    await tx.commit()
                return outcomes
            except _HandlerFailed as failed:
                if isinstance(failed.__cause__, AttributeError | TypeError):  # a handler not session-free after all
                    log.warning("consumer %s: a session-free batch failed (%r); applied one by one in a session",
                                self.group, failed.__cause__)
                raise
        async with self.database.write_sessions() as session, session.begin():
            return await self._apply_in(session, work)

    async def _apply_in(self, session: AsyncSession | Transaction, work: Sequence[_Work]
                        ) -> dict[tuple[str, str], str | BaseException]:
        """The inbox rows and the handlers of a batch, in the caller's transaction."""
        outcomes, todo = self._sort_out_delivered(work, applied=set())
        if todo:
            # The inbox rows in one statement that skips the events already applied (by an earlier
            # delivery, or by another consumer that got there first): only the rows it wrote run.
            written = {event_id for (event_id,) in await insert_new(
                session, self.tables.inbox, [self._inbox_row(item) for item in todo], returning=("event_id",))}
            for item in todo:
                if str(item.envelope.id) not in written:
                    outcomes[item.entry.ref] = DUPLICATE
            todo = [item for item in todo if str(item.envelope.id) in written]
        for item in todo:
            try:
                await self._run_handler(session, item)
            except Exception as exc:
                raise _HandlerFailed() from exc
            outcomes[item.entry.ref] = APPLIED
        return outcomes

    async def _apply_one_by_one(self, work: Sequence[_Work]) -> dict[tuple[str, str], str | BaseException]:
        async with self.database.write_sessions() as session, session.begin():
            outcomes, todo = await self._sort_out(session, work)
            for item in todo:
                stage = "inbox"
                try:
                    async with session.begin_nested():
                        await execute(session, sa.insert(self.tables.inbox).values(**self._inbox_row(item)))
                        stage = "handler"
                        await self._run_handler(session, item)
                except IntegrityError as exc:
                    # Another consumer applied it meanwhile (its inbox row won), or the handler broke a constraint.
                    outcomes[item.entry.ref] = DUPLICATE if stage == "inbox" else exc
                except Exception as exc:
                    outcomes[item.entry.ref] = exc
                else:
                    outcomes[item.entry.ref] = APPLIED
        return outcomes

    async def _run_handler(self, session: AsyncSession | Transaction, item: _Work) -> None:
        with tracing.consuming(item.envelope, group=self.group, stream=item.entry.stream,
                               delivered=item.entry.delivered):
            await item.handler(session, item.payload, item.envelope)

    async def _sort_out(self, session: AsyncSession, work: Sequence[_Work]
                        ) -> tuple[dict[tuple[str, str], str | BaseException], list[_Work]]:
        """Outcomes known before running anything (applied before, delivered too often), and the rest."""
        inbox = self.tables.inbox
        event_ids = list({str(w.envelope.id) for w in work})
        applied = set((await execute(session, sa.select(inbox.c.event_id).where(
            inbox.c.consumer_group == self.group, inbox.c.event_id.in_(event_ids)))).scalars().all())
        return self._sort_out_delivered(work, applied=applied)

    def _sort_out_delivered(self, work: Sequence[_Work], *, applied: set[str]
                            ) -> tuple[dict[tuple[str, str], str | BaseException], list[_Work]]:
        """Of ``work``, what is known without running it: applied before (``applied``, event ids), delivered
        too often, or the same event again in this batch; and the rest, to run."""
        outcomes: dict[tuple[str, str], str | BaseException] = {}
        todo = []
        for item in work:
            event_id = str(item.envelope.id)
            if event_id in applied:
                outcomes[item.entry.ref] = DUPLICATE
            elif item.entry.delivered > self.settings.max_deliveries:
                outcomes[item.entry.ref] = Exhausted(
                    f"delivered {item.entry.delivered} times without being acknowledged")
            else:
                applied.add(event_id)  # the same event twice in one batch: the second is a duplicate
                todo.append(item)
        return outcomes, todo

    def _inbox_row(self, item: _Work) -> dict[str, Any]:
        return {"consumer_group": self.group, "event_id": str(item.envelope.id), "event_type": item.envelope.type,
                "applied_at": now()}

    async def _acknowledge(self, entries: Iterable[Entry]) -> None:
        by_stream: dict[str, list[str]] = defaultdict(list)
        cleared: list[str] = []
        for entry in entries:
            by_stream[entry.stream].append(entry.entry_id)
            if self._retry_at.pop(entry.ref, None) is not None:
                cleared.append(self._failures_key(entry))
        if not by_stream:
            return
        if self._lean is not None:  # one connection: the commands go out together, answered in order
            calls = [self._lean.execute("XACK", stream, self.group, *ids) for stream, ids in by_stream.items()]
            if cleared:
                calls.append(self._lean.execute("DEL", *cleared))
            await (calls[0] if len(calls) == 1 else asyncio.gather(*calls))
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for stream, ids in by_stream.items():
                pipe.xack(stream, self.group, *ids)
            if cleared:
                pipe.delete(*cleared)
            await pipe.execute()

    async def _failed(self, entry: Entry, exc: BaseException, envelope: Envelope) -> None:
        failures_key_ = self._failures_key(entry)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(failures_key_)
            pipe.expire(failures_key_, FAILURES_TTL_S)
            attempts, _ = await pipe.execute()
        attempts = int(attempts)
        if isinstance(exc, Exhausted) or attempts >= self.settings.max_attempts:
            await self._dead_letter(entry, exc, attempts=max(attempts, entry.delivered), envelope=envelope)
            self._retry_at.pop(entry.ref, None)
            return
        CONSUMED.labels(self.group, envelope.type, "failed").inc()
        delay = min(self.settings.retry_delay_s * 2 ** (attempts - 1), self.settings.retry_max_s)
        self._retry_at[entry.ref] = time.monotonic() + delay
        log.warning("consumer %s: %s %s failed (attempt %d of %d), retrying in %.1fs: %s",
                    self.group, envelope.type, entry.entry_id, attempts, self.settings.max_attempts, delay,
                    _error_text(exc), exc_info=exc if not isinstance(exc, Exhausted) else None)

    async def _dead_letter(self, entry: Entry, exc: BaseException, *, attempts: int,
                           envelope: Envelope | None = None) -> None:
        event_type = envelope.type if envelope else _loose_field(entry, "type")
        fields = {
            "group": self.group,
            "stream": entry.stream,
            "entry_id": entry.entry_id,
            "event_id": str(envelope.id) if envelope else _loose_field(entry, "event_id"),
            "type": event_type,
            "version": str(envelope.version) if envelope else "",
            "error": _error_text(exc),
            "traceback": "".join(traceback.format_exception(exc))[-4000:],
            "attempts": str(attempts),
            "failed_at": now().isoformat(),
            "envelope": (entry.fields or {}).get("envelope", ""),
        }
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(self.dead_letters, fields, maxlen=self.settings.dead_letter_maxlen, approximate=True)
            pipe.xack(entry.stream, self.group, entry.entry_id)
            pipe.delete(self._failures_key(entry))
            await pipe.execute()
        CONSUMED.labels(self.group, event_type or "unknown", "dead_lettered").inc()
        log.error("consumer %s: %s %s dead-lettered after %d attempts: %s",
                  self.group, event_type, entry.entry_id, attempts, fields["error"])

    def _failures_key(self, entry: Entry) -> str:
        return failures_key(self.redis_settings, self.group, self.producers.get(entry.stream, "unknown"),
                            entry.entry_id)

    # Maintenance ---------------------------------------------------------------------------------

    async def maintain(self) -> None:
        """Metrics (lag, pending, dead letters), forget long-idle consumers, purge the old inbox."""
        for stream in self.streams:
            for info in await stream_groups(self.redis, stream):
                if info["name"] != self.group:
                    continue
                PENDING.labels(stream, self.group).set(int(info.get("pending") or 0))
                if info.get("lag") is not None:  # Redis 7 and later
                    CONSUMER_LAG.labels(stream, self.group).set(int(info["lag"]))
            await self._forget_idle_consumers(stream)
        DEAD_LETTERS.labels(self.group).set(await self.redis.xlen(self.dead_letters))
        if time.monotonic() >= self._next_purge:
            self._next_purge = time.monotonic() + PURGE_EVERY_S
            await self.purge_inbox()

    async def _forget_idle_consumers(self, stream: str) -> None:
        try:
            consumers = await self.redis.xinfo_consumers(stream, self.group)
        except ResponseError:
            return
        for info in consumers:
            idle_s = int(info.get("idle") or 0) / 1000
            forgotten = int(info.get("pending") or 0) == 0 and idle_s > self.settings.consumer_idle_s
            if forgotten and info["name"] != self.name:
                await self.redis.xgroup_delconsumer(stream, self.group, info["name"])

    async def purge_inbox(self) -> int:
        """Forget applied event ids older than ``inbox_retention_s`` (far beyond any redelivery)."""
        inbox = self.tables.inbox
        cutoff = now() - timedelta(seconds=self.settings.inbox_retention_s)
        total = 0
        while True:
            async with self.database.write_sessions() as session, session.begin():
                doomed = (sa.select(inbox.c.consumer_group, inbox.c.event_id)
                          .where(inbox.c.consumer_group == self.group, inbox.c.applied_at < cutoff)
                          .limit(PURGE_BATCH))
                ids = [r.event_id for r in (await execute(session, doomed)).all()]
                if ids:
                    await execute(session, sa.delete(inbox).where(inbox.c.consumer_group == self.group,
                                                                   inbox.c.event_id.in_(ids)))
            total += len(ids)
            if len(ids) < PURGE_BATCH:
                return total


def _stream_entries(response: Any) -> list[tuple[str, str, dict[str, str] | None]]:
    """XREADGROUP's answer as (stream, entry id, fields) in order; fields are None for an entry deleted
    while pending. RESP2 answers a list of [stream, entries], RESP3 a dict of stream -> [entries]."""
    if not response:
        return []
    if isinstance(response, dict):
        streams = [(stream, value[0] if value else []) for stream, value in response.items()]
    else:
        streams = response
    return [(stream, entry_id, fields) for stream, entries in streams for entry_id, fields in entries]


def _parsed_read(raw: Any) -> list[tuple[str, list[tuple[str, dict[str, str] | None]]]]:
    """XREADGROUP's raw RESP2 answer (``common.leanredis``) as redis-py parses it: [stream, [(entry id,
    fields as a dict, or None for an entry deleted while pending)]]; nil (the block ran out) as none."""
    if not raw:
        return []
    return [(stream, [(entry_id, dict(zip(fields[::2], fields[1::2], strict=True)) if fields is not None else None)
                      for entry_id, fields in entries]) for stream, entries in raw]


def _pos(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def _loose_field(entry: Entry, name: str) -> str:
    return (entry.fields or {}).get(name, "")


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _lean_client(settings: RedisSettings) -> LeanRedis | None:
    """A consumer's own lean client, where the URL is one it speaks (``common.redis.make_lean_redis``); None
    otherwise, and the consumer sends everything through redis-py (the client made instead never connected)."""
    client = make_lean_redis(settings)
    return client if isinstance(client, LeanRedis) else None


def consumer_hook(handlers: Handlers | Callable[[Any], Handlers], tables: EventTables, *, group: str | None = None,
                  settings: EventSettings | None = None) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A ``create_service_app`` hook that consumes for the app's lifetime; the group defaults to the
    service's name."""

    @asynccontextmanager
    async def run_consumer(app: Any) -> AsyncIterator[None]:
        service_settings = app.state.settings
        lean = _lean_client(service_settings.redis)
        try:
            consumer = Consumer(
                group=group or service_settings.part_name,
                handlers=handlers if isinstance(handlers, Handlers) else handlers(app),
                tables=tables, database=app.state.db, redis=app.state.redis,
                redis_settings=service_settings.redis,
                settings=settings or event_settings_of(service_settings), lean=lean,
            )
            async with consumer.running():
                yield
        finally:
            if lean is not None:
                await lean.aclose()

    return run_consumer


async def run_consumer_worker(settings: GroupbuySettings, handlers: Handlers, tables: EventTables, *,
                              group: str | None = None, events: EventSettings | None = None) -> None:
    """The consumer as a process of its own: connects, consumes until SIGTERM, disconnects."""
    from common.redis import make_redis

    database = Database.connect(settings.database_url, pool_size=2,
                                busy_timeout_ms=settings.database.sqlite_busy_timeout_ms)
    if tracing.setup_tracing(settings, role="consumer"):
        tracing.instrument_database(database)
    redis = make_redis(settings.redis)
    lean = _lean_client(settings.redis)
    try:
        consumer = Consumer(group=group or settings.part_name, handlers=handlers, tables=tables, database=database,
                            redis=redis, redis_settings=settings.redis, settings=events or event_settings_of(settings),
                            lean=lean)
        await run_until_stopped(consumer.run)
    finally:
        if lean is not None:
            await lean.aclose()
        await redis.aclose()
        await database.dispose()
        await tracing.flush()


def main(argv: Sequence[str] | None = None) -> None:
    import importlib

    from common.logs import configure_logging

    parser = argparse.ArgumentParser(prog="python -m common.consumer", description="Consume events for a service")
    parser.add_argument("service", help="catalog, orders, membership or referrals")
    parser.add_argument("--handlers", help="module:attribute (default: services.<service>.handlers:handlers)")
    parser.add_argument("--tables", help="module:attribute (default: services.<service>.models:events)")
    args = parser.parse_args(argv)
    settings = importlib.import_module(f"services.{args.service}.config").Settings()
    configure_logging(f"{args.service}-consumer", settings.log_level)
    handlers = load_attribute(args.handlers or f"services.{args.service}.handlers:handlers")
    tables = load_attribute(args.tables or f"services.{args.service}.models:events")
    asyncio.run(run_consumer_worker(settings, handlers, tables))


if __name__ == "__main__":
    main()
