"""The outbox relay: moves a service's outbox rows to its stream, in id order, and never loses one.

Run it inside the service (a ``create_service_app`` hook)::

    create_service_app(settings, ..., hooks=[relay_hook(events)])

or as a worker process of its own (production may run several; they share the work)::

    python -m common.relay orders          # tables: services.orders.models:events

One round:
1. a cheap read looks for unsent rows (an idle relay never takes SQLite's write lock);
2. on PostgreSQL, a write transaction claims the oldest unsent rows in id order — ``FOR UPDATE SKIP
   LOCKED``, so relays share the work; a row waits while an older unsent row of its aggregate is claimed
   by another relay. On SQLite the round claims nothing: it reads the oldest unsent rows, and writes only
   once Redis has answered (step 3). SQLite has one write lock for the whole database, and a round that
   held it while Redis answered held every other write of the service back for that long — under load
   not Redis's milliseconds but the event loop's turn to read the answer, and the orders of a busy
   ladder sale queued behind it. The relay is the only writer of ``sent_at``, and a service's rounds
   follow one another; a second relay on the same SQLite file (a worker beside the service) would at
   worst send a row twice, which consumers skip;
3. one Lua script adds the rows to ``<prefix>events:<producer>`` — all of them or, if Redis fails,
   none are marked: rows are marked sent (with their entry ids) only after the script succeeded (in the
   claiming transaction on PostgreSQL, in a short one of their own on SQLite), so a failed round sends
   them again, still in order (duplicates are possible, losses are not; consumers skip what they
   applied). Failed rounds count ``attempts`` and keep ``last_error``, and the relay backs off (capped
   exponential) until Redis answers a PING again;
4. the script first checks that the stream has reached the last entry id recorded in the outbox for a
   row not yet settled. If not, Redis lost entries (a restart without persistence, a failover): those
   rows go back to unsent and are sent again, before anything newer. Maintenance makes the same check,
   so a service with nothing new to send still sends again what Redis lost.

Every ``maintain_interval_s`` the relay also settles rows (every consumer group of the stream has
acknowledged them), trims the stream below the oldest entry some group still needs, purges settled
rows older than the retention, and updates the backlog and lag metrics. Events of one aggregate must
be published by transactions that serialise on the aggregate (they update its row): the relay keeps
the order in which such transactions committed.

A publish in this process wakes the relay at once (after commit); other processes' rows are found
within ``poll_interval_s``.  With tracing on, each event that carries a trace context is sent in a
``send <type>`` span, a child of that context (``common/tracing.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import logging
import signal
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from redis.asyncio import Redis
from redis.exceptions import ResponseError
from sqlalchemy.exc import IntegrityError

from common import tracing
from common.bus import (
    OUTBOX_BACKLOG,
    RELAY_ERRORS,
    RELAY_LAG,
    RELAYED,
    RESENT,
    ZERO,
    Backoff,
    EventSettings,
    StreamPos,
    event_settings_of,
    linger,
    safe_trim_point,
    stream_key,
    trim_stream,
)
from common.clock import now
from common.db import Database
from common.leanredis import LeanRedis
from common.outbox import EventTables, execute
from common.redis import make_lean_redis
from common.settings import GroupbuySettings, RedisSettings
from common.tasks import STOP_TIMEOUT_S, background, stop
from common.transaction import Transaction

log = logging.getLogger("groupbuy.relay")

PURGE_EVERY_S = 60.0
PURGE_BATCH = 5000

# KEYS[1] the stream. ARGV[1], ARGV[2]: the entry id (ms, seq) the stream must have reached;
# then three values per event: type, event id, envelope. Returns {'ok', {ids}} or {'lost', last id}.
XADD_CHECKED = """
local last = '0-0'
if redis.call('EXISTS', KEYS[1]) == 1 then
  local info = redis.call('XINFO', 'STREAM', KEYS[1])
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then last = info[i + 1] break end
  end
end
local dash = string.find(last, '-', 1, true)
local ms = tonumber(string.sub(last, 1, dash - 1))
local seq = tonumber(string.sub(last, dash + 1))
local want_ms = tonumber(ARGV[1])
local want_seq = tonumber(ARGV[2])
if ms < want_ms or (ms == want_ms and seq < want_seq) then
  return {'lost', last}
end
local ids = {}
for i = 3, #ARGV, 3 do
  ids[#ids + 1] = redis.call('XADD', KEYS[1], '*', 'type', ARGV[i], 'event_id', ARGV[i + 1], 'envelope', ARGV[i + 2])
end
return {'ok', ids}
"""


def _bucket(count: int) -> int:
    """The number of marks a round's statement is written for: the next power of two, so a connection
    parses and plans at most a few texts (one per size) rather than one per count of rows."""
    return 1 << max(0, count - 1).bit_length()


class Relay:
    """Relays one service's outbox to its stream; ``run()`` loops until cancelled."""

    def __init__(self, *, tables: EventTables, database: Database, redis: Redis, redis_settings: RedisSettings,
                 settings: EventSettings | None = None, scripts: LeanRedis | Redis | None = None) -> None:
        """``scripts``: the client a round's script goes through (``common.redis.make_lean_redis``'s: a round
        cost 0.88 ms of the service's CPU through redis-py's pool, 0.70 through it); ``redis`` when not given.
        Everything else (maintenance, the ping while Redis is away) goes through ``redis``."""
        self.tables = tables
        self.database = database
        self.redis = redis
        self.settings = settings or EventSettings()
        self.producer = tables.producer
        self.stream = stream_key(redis_settings, tables.producer)
        self._on_postgres = database.writer.dialect.name == "postgresql"
        self._script = (scripts or redis).register_script(XADD_CHECKED)
        self._waiting = sa.select(tables.outbox.c.id).where(tables.outbox.c.sent_at.is_(None)).limit(1)
        self._claiming = self._claim_statement()
        self._marking = self._mark_statement()
        self._wake = asyncio.Event()
        tables.add_waker(self._wake)
        self._backoff = Backoff(self.settings.backoff_initial_s, self.settings.backoff_max_s)
        self._failing = False
        self._next_maintain = 0.0
        self._next_purge = 0.0

    # The loop ------------------------------------------------------------------------------------

    async def run(self) -> None:
        linger_s = self.settings.linger_ms / 1000
        last_round = -linger_s
        sent = 0
        expected = False  # rows are known to wait: a commit woke the relay, or the last round left some
        while True:
            if sent > 0:  # the last round found work: what is committed meanwhile joins the next one
                await linger(last_round + linger_s)
            sent = 0
            try:
                if self._failing:
                    await self.redis.ping()
                last_round = time.monotonic()
                sent = await self.relay_once(look_first=not expected)
                if self._failing:
                    log.info("relay %s: sending again", self.producer)
                self._failing = False
                self._backoff.reset()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                RELAY_ERRORS.labels(self.producer).inc()
                (log.debug if self._failing else log.warning)(
                    "relay %s: %s: %s; backing off", self.producer, type(exc).__name__, exc)
                self._failing = True
            await self._maybe_maintain()
            expected = True  # a full batch, or rows queued again: more are waiting
            if self._failing:
                expected = False
                await self._backoff.sleep()
            elif 0 <= sent < self.settings.relay_batch_size:
                expected = False
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation that
                # arrives as the event is set, and the relay would then outlive its service.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.settings.poll_interval_s):
                        await self._wake.wait()
                        expected = True  # woken by a commit of this process: no need to look first

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Relay]:
        """Run the loop in a task for the duration of the block."""
        async with background(self.run(), f"relay-{self.producer}"):
            yield self

    # One round -----------------------------------------------------------------------------------

    async def relay_once(self, *, look_first: bool = True) -> int:
        """Send one batch; returns how many rows were sent (-1: rows were queued again after a loss).
        ``look_first``: a read outside any transaction sees whether any row waits before a round is begun —
        the poll of an idle relay; when rows are known to wait, a statement for nothing under load."""
        self._wake.clear()
        if look_first and (await self.database.fetch(self._waiting)).first() is None:
            return 0
        if not self._on_postgres:
            return await self._relay_once_unclaimed()
        failure: Exception | None = None
        # Without a session: a round is a few Core statements, and a session cost several times them.
        async with self.database.transaction() as session:
            rows, expected = await self._claim(session)
            if not rows:
                return 0
            with tracing.relaying([row.envelope for row in rows], stream=self.stream) as spans:
                args: list[Any] = [expected.ms, expected.seq]
                for row in rows:
                    args += [row.event_type, row.event_id, row.envelope]
                try:
                    status, result = await self._script(keys=[self.stream], args=args)
                except Exception as exc:  # Redis away or refusing: count the attempt, keep the rows
                    failure = exc
                    await self._record_failure(session, rows, exc)
                else:
                    if status == "lost":
                        if spans is not None:
                            spans.outcome = "requeued"
                        await self._send_lost_again(session, StreamPos.parse(result))
                        await session.commit()
                        return -1
                    await self._mark_sent(session, rows, [StreamPos.parse(i) for i in result])
            await session.commit()
        if failure is not None:
            raise failure
        RELAYED.labels(self.producer).inc(len(rows))
        return len(rows)

    async def _relay_once_unclaimed(self) -> int:
        """One round on SQLite (step 2 of the module docstring): the rows read, sent, then marked — the
        database's write lock taken only to mark them, never while Redis answers."""
        async with self.database.read_sessions() as session:
            rows = (await execute(session, self._oldest_unsent())).all()
            if not rows:
                return 0
            expected = await self._last_unsettled_position(session)
        args: list[Any] = [expected.ms, expected.seq]
        for row in rows:
            args += [row.event_type, row.event_id, row.envelope]
        with tracing.relaying([row.envelope for row in rows], stream=self.stream) as spans:
            try:
                status, result = await self._script(keys=[self.stream], args=args)
            except Exception as exc:  # Redis away or refusing: count the attempt, keep the rows
                async with self.database.transaction() as session:
                    await self._record_failure(session, rows, exc)
                    await session.commit()
                raise
            async with self.database.transaction() as session:
                if status == "lost":
                    if spans is not None:
                        spans.outcome = "requeued"
                    await self._send_lost_again(session, StreamPos.parse(result))
                    await session.commit()
                    return -1
                await self._mark_sent(session, rows, [StreamPos.parse(i) for i in result])
                await session.commit()
        RELAYED.labels(self.producer).inc(len(rows))
        return len(rows)

    def _oldest_unsent(self) -> sa.Select:
        outbox = self.tables.outbox
        return (sa.select(outbox.c.id, outbox.c.event_id, outbox.c.event_type, outbox.c.aggregate, outbox.c.envelope)
                .where(outbox.c.sent_at.is_(None)).order_by(outbox.c.id).limit(self.settings.relay_batch_size))

    def _claim_statement(self) -> sa.Select:
        """The claim of a PostgreSQL round as one statement: the oldest unsent rows not locked by another
        relay, each with how many rows are unsent up to the last of them (more than were claimed: another
        relay holds some, and the rows of their aggregates must wait) and the last position recorded for an
        unsettled row (what the stream must have reached)."""
        outbox = self.tables.outbox
        claimed = self._oldest_unsent().with_for_update(skip_locked=True).cte("claimed")
        older = outbox.alias("older")
        unsent_upto = (sa.select(sa.func.count()).select_from(older)
                       .where(older.c.sent_at.is_(None),
                              older.c.id <= sa.select(sa.func.max(claimed.c.id)).scalar_subquery())
                       .scalar_subquery())
        last = last_unsettled(outbox).subquery("last")
        return (sa.select(claimed, unsent_upto.label("unsent_upto"), last.c.stream_ms.label("last_ms"),
                          last.c.stream_seq.label("last_seq"))
                .select_from(claimed.outerjoin(last, sa.true())).order_by(claimed.c.id))

    async def _claim(self, session: Any) -> tuple[Sequence[Any], StreamPos]:
        """The rows this round sends, and the position the stream must have reached: one statement, and a
        second only when another relay holds unsent rows older than the last claimed."""
        rows = (await execute(session, self._claiming)).all()
        if not rows:
            return rows, ZERO
        first = rows[0]
        expected = StreamPos(first.last_ms, first.last_seq) if first.last_ms is not None else ZERO
        if first.unsent_upto != len(rows):
            rows = await self._without_waiting_aggregates(session, rows)
        return rows, expected

    async def _without_waiting_aggregates(self, session: Any, rows: Sequence[Any]) -> Sequence[Any]:
        """Leave out rows whose aggregate has an older unsent row that another relay holds."""
        outbox = self.tables.outbox
        ids = [r.id for r in rows]
        held = (await execute(session, sa.select(outbox.c.aggregate).distinct().where(
            outbox.c.sent_at.is_(None),
            outbox.c.id < max(ids),
            outbox.c.id.not_in(ids),
            outbox.c.aggregate.in_({r.aggregate for r in rows}),
        ))).scalars().all()
        if not held:
            return rows
        waiting = set(held)
        return [r for r in rows if r.aggregate not in waiting]

    async def _last_unsettled_position(self, session: Any) -> StreamPos:
        row = (await execute(session, last_unsettled(self.tables.outbox))).first()
        return StreamPos(row.stream_ms, row.stream_seq) if row else ZERO

    async def _mark_sent(self, session: Transaction, rows: Sequence[Any], positions: list[StreamPos]) -> None:
        """Each row marked with its entry id, found by its key: on PostgreSQL held, and sent as one statement
        with the commit — its count of updates made up to the next power of two by updates of no row (key
        0), so a connection parses and plans one text per size, where a text per count cost ~7 ms of the
        server's time at each new count on each connection (an update from arrays of keys, one text for
        all, was planned on a nearly empty outbox as a scan of the whole table, and kept); on SQLite as one
        batch at once."""
        sent_at = now()
        marks = [{"row_id": r.id, "at": sent_at, "ms": p.ms, "seq": p.seq}
                 for r, p in zip(rows, positions, strict=True)]
        if session.dialect_name == "postgresql":
            marks += [{"row_id": 0, "at": sent_at, "ms": 0, "seq": 0}] * (_bucket(len(marks)) - len(marks))
        await session.defer(self._marking, marks, own_rows=True)

    def _mark_statement(self) -> sa.Update:
        """A row marked sent with its entry id: one statement object for every round, so what is worked out
        of it (its tables, its cache key's parts) is worked out once.  Built anew each round, with the time
        as a value in it, it cost over a quarter of a one-row round's CPU (1.05 against 0.75 ms, PostgreSQL)."""
        outbox = self.tables.outbox
        return sa.update(outbox).where(outbox.c.id == sa.bindparam("row_id")).values(
            sent_at=sa.bindparam("at"), stream_ms=sa.bindparam("ms"), stream_seq=sa.bindparam("seq"),
            attempts=outbox.c.attempts + 1, last_error=None)

    async def _record_failure(self, session: Any, rows: Sequence[Any], exc: Exception) -> None:
        outbox = self.tables.outbox
        await execute(session, sa.update(outbox).where(outbox.c.id.in_([r.id for r in rows])).values(
            attempts=outbox.c.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]))

    async def _send_lost_again(self, session: Any, last: StreamPos) -> int:
        """Redis's stream ends before rows recorded as sent: queue every unsettled row after its end."""
        outbox = self.tables.outbox
        result = await execute(session, requeuing(outbox, last))
        count = result.rowcount or 0
        RESENT.labels(self.producer).inc(count)
        log.warning("relay %s: the stream ends at %s, before events already sent; sending %d again",
                    self.producer, last, count)
        return count

    # Maintenance ---------------------------------------------------------------------------------

    async def _maybe_maintain(self) -> None:
        """Maintenance when due; the metrics even while Redis is away (that is when they matter)."""
        if time.monotonic() < self._next_maintain:
            return
        self._next_maintain = time.monotonic() + self.settings.maintain_interval_s
        with _logged_failure(f"relay {self.producer}: metrics"):
            await self.update_metrics()
        if self._failing:
            return
        with _logged_failure(f"relay {self.producer}: maintenance"):
            await self.resend_if_lost()
            await self.settle_and_trim()
            if time.monotonic() >= self._next_purge:
                self._next_purge = time.monotonic() + PURGE_EVERY_S
                await self.purge_settled()

    async def resend_if_lost(self) -> int:
        """Queue unsettled rows again when the stream ends before them: Redis lost entries while this
        service had nothing new to send, so no send noticed.  Returns how many were queued."""
        async with self.database.read_sessions() as session:
            expected = await self._last_unsettled_position(session)
        if expected == ZERO or await self._stream_end() >= expected:
            return 0  # the cheap look first: an idle relay never takes SQLite's write lock
        async with self.database.write_sessions() as session, session.begin():
            expected = await self._last_unsettled_position(session)
            end = await self._stream_end()
            if expected == ZERO or end >= expected:
                return 0
            count = await self._send_lost_again(session, end)
        self._wake.set()
        return count

    async def _stream_end(self) -> StreamPos:
        """The stream's last entry id ever added (0-0 when the stream does not exist)."""
        try:
            info = await self.redis.xinfo_stream(self.stream)
        except ResponseError as exc:
            if "no such key" in str(exc).lower():
                return ZERO
            raise
        return StreamPos.parse(info["last-generated-id"])

    async def settle_and_trim(self) -> StreamPos | None:
        """Mark rows every consumer group acknowledged as settled, and trim the stream below them.
        Returns the trim point, or None when some group is missing (or there is none)."""
        known = await self._known_groups()
        point, groups = await safe_trim_point(self.redis, self.stream, known)
        await self._remember_groups({g["name"] for g in groups} - known)
        if point is None:
            return None
        outbox = self.tables.outbox
        async with self.database.write_sessions() as session, session.begin():
            await execute(session, settling(outbox, point))
        await trim_stream(self.redis, self.stream, point)
        return point

    async def _known_groups(self) -> set[str]:
        groups = self.tables.groups
        async with self.database.read_sessions() as session:
            names = (await execute(session, sa.select(groups.c.group_name)
                                   .where(groups.c.producer == self.producer))).scalars().all()
        return set(names)

    async def _remember_groups(self, names: set[str]) -> None:
        for name in sorted(names):
            try:
                async with self.database.write_sessions() as session, session.begin():
                    await execute(session, sa.insert(self.tables.groups).values(
                        producer=self.producer, group_name=name, first_seen_at=now()))
                log.info("relay %s: consumer group %s reads the stream", self.producer, name)
            except IntegrityError:
                pass  # another relay recorded it first

    async def purge_settled(self) -> int:
        outbox = self.tables.outbox
        cutoff = now() - timedelta(seconds=self.settings.outbox_retention_s)
        total = 0
        while True:
            async with self.database.write_sessions() as session, session.begin():
                doomed = sa.select(outbox.c.id).where(outbox.c.settled_at < cutoff).limit(PURGE_BATCH)
                result = await execute(session, sa.delete(outbox).where(outbox.c.id.in_(doomed.scalar_subquery())))
            total += result.rowcount or 0
            if (result.rowcount or 0) < PURGE_BATCH:
                return total

    async def update_metrics(self) -> None:
        outbox = self.tables.outbox
        async with self.database.read_sessions() as session:
            row = (await execute(session, sa.select(sa.func.count(), sa.func.min(outbox.c.created_at))
                                 .where(outbox.c.sent_at.is_(None)))).one()
        backlog, oldest = row
        OUTBOX_BACKLOG.labels(self.producer).set(backlog)
        RELAY_LAG.labels(self.producer).set(max(0.0, (now() - oldest).total_seconds()) if oldest else 0.0)


def last_unsettled(outbox: sa.Table) -> sa.Select:
    """The stream position of the newest row sent and not settled: one entry of the unsettled index, read
    backwards, however many rows wait to be settled. Ordered by the index's every column (``settled_at`` is
    NULL throughout, so the answer is the same): ordered by the position alone, PostgreSQL read every
    unsettled row and sorted them in every round — and a consumer group stopped for a day leaves a day of
    rows unsettled (200,000: 32 ms a round, where one entry takes 0.2)."""
    return (sa.select(outbox.c.stream_ms, outbox.c.stream_seq)
            .where(outbox.c.settled_at.is_(None), outbox.c.stream_ms.is_not(None))
            .order_by(outbox.c.settled_at.desc(), outbox.c.stream_ms.desc(), outbox.c.stream_seq.desc())
            .limit(1))


# Settling and sending again each read a range of the unsettled index (``stream_ms`` bounded on its own),
# not every unsettled row: those behind a stopped consumer group are many and lie outside either range.

def settling(outbox: sa.Table, point: StreamPos) -> sa.Update:
    """Rows sent before ``point`` (every group has acknowledged them) marked settled."""
    ms, seq = outbox.c.stream_ms, outbox.c.stream_seq
    return sa.update(outbox).where(
        outbox.c.settled_at.is_(None), ms.is_not(None), ms <= point.ms, sa.or_(ms < point.ms, seq < point.seq),
    ).values(settled_at=now())


def requeuing(outbox: sa.Table, last: StreamPos) -> sa.Update:
    """Unsettled rows sent after ``last`` (the stream's end: Redis lost them) queued to be sent again."""
    ms, seq = outbox.c.stream_ms, outbox.c.stream_seq
    return sa.update(outbox).where(
        outbox.c.settled_at.is_(None), ms.is_not(None), ms >= last.ms, sa.or_(ms > last.ms, seq > last.seq),
    ).values(sent_at=None, stream_ms=None, stream_seq=None)


@contextlib.contextmanager
def _logged_failure(what: str) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        log.warning("%s failed: %s: %s", what, type(exc).__name__, exc)


def relay_hook(tables: EventTables, settings: EventSettings | None = None
               ) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A ``create_service_app`` hook that runs the relay for the app's lifetime."""

    @asynccontextmanager
    async def run_relay(app: Any) -> AsyncIterator[None]:
        scripts = make_lean_redis(app.state.settings.redis)
        database = app.state.db.apart()  # the requests' pool full, a round waited for each connection
        try:
            relay = Relay(tables=tables, database=database, redis=app.state.redis,
                          redis_settings=app.state.settings.redis,
                          settings=settings or event_settings_of(app.state.settings), scripts=scripts)
            async with relay.running():
                yield
        finally:
            await scripts.aclose()
            if database is not app.state.db:
                await database.dispose()

    return run_relay


async def run_until_stopped(work: Callable[[], Any], *, stop_timeout_s: float = STOP_TIMEOUT_S) -> None:
    """Run ``work()`` until SIGTERM or SIGINT (worker processes), or until it fails (raised here).

    On a signal the work is cancelled as the app's background tasks are (``common.tasks.stop``): again
    and again until it stops, because one cancellation can be lost on its way (a library's shielded
    clean-up, ``asyncio.wait_for`` on 3.11) and a worker cancelled once would then never stop. Work still
    running after ``stop_timeout_s`` is reported and left behind."""
    task = asyncio.create_task(work())
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    signals = (signal.SIGTERM, signal.SIGINT)
    for signum in signals:
        loop.add_signal_handler(signum, stopping.set)
    asked = asyncio.create_task(stopping.wait())
    try:
        await asyncio.wait({task, asked}, return_when=asyncio.FIRST_COMPLETED)
        if not task.done():
            await stop(task, stop_timeout_s)
        elif not task.cancelled():
            task.result()  # the work's own failure
    finally:
        asked.cancel()
        for signum in signals:
            loop.remove_signal_handler(signum)


async def run_relay_worker(settings: GroupbuySettings, tables: EventTables,
                           events: EventSettings | None = None) -> None:
    """The relay as a process of its own: connects, relays until SIGTERM, disconnects."""
    from common.redis import make_redis

    database = Database.connect(settings.database_url, pool_size=2,
                                busy_timeout_ms=settings.database.sqlite_busy_timeout_ms)
    if tracing.setup_tracing(settings, role="relay"):
        tracing.instrument_database(database)
    redis = make_redis(settings.redis)
    scripts = make_lean_redis(settings.redis)
    try:
        relay = Relay(tables=tables, database=database, redis=redis, redis_settings=settings.redis,
                      settings=events or event_settings_of(settings), scripts=scripts)
        await run_until_stopped(relay.run)
    finally:
        await scripts.aclose()
        await redis.aclose()
        await database.dispose()
        await tracing.flush()


def load_attribute(spec: str) -> Any:
    """``"package.module:name"`` → the object."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m common.relay", description="Relay a service's outbox")
    parser.add_argument("service", help="catalog, orders, membership or referrals")
    parser.add_argument("--tables", help="module:attribute of the EventTables "
                                         "(default: services.<service>.models:events)")
    args = parser.parse_args(argv)
    from common.logs import configure_logging

    settings = importlib.import_module(f"services.{args.service}.config").Settings()
    configure_logging(f"{args.service}-relay", settings.log_level)
    tables = load_attribute(args.tables or f"services.{args.service}.models:events")
    asyncio.run(run_relay_worker(settings, tables))


if __name__ == "__main__":
    main()
