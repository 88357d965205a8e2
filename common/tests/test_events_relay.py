"""The relay: Redis down while events are produced, Redis losing what it had, failures, order per
aggregate between two relays, and trimming that never drops an unread entry."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY
from redis.asyncio import Redis

from common.bus import StreamPos, stream_key
from common.consumer import Consumer
from common.db import STATEMENTS, Database
from common.events import Envelope
from common.outbox import execute
from common.redis import make_lean_redis, make_redis
from common.relay import Relay
from common.settings import RedisSettings
from common.testing.infra import RedisEndpoint
from common.tests.events_support import (
    GROUP,
    PRODUCER,
    TickHappened,
    effect,
    effect_counts,
    fast_settings,
    handlers,
    publish_ticks,
    reconnected,
    scalar,
    start_again,
    stop_redis,
    tables,
    unsent,
    wait_until,
)

if TYPE_CHECKING:
    from common.testing.infra import TestInfra


def make_relay(database: Database, redis: Redis, redis_settings: RedisSettings, *, scripts: Any = None,
               **changes: Any) -> Relay:
    return Relay(tables=tables, database=database, redis=redis, redis_settings=redis_settings,
                 settings=fast_settings(**changes), scripts=scripts)


# A round's script goes through redis-py's client, or through the lean one (``common.leanredis``) as the
# services' relays send it: both must come through Redis going away and coming back empty.
SCRIPT_CLIENTS = pytest.mark.parametrize("lean_scripts", [False, True], ids=["redis-py", "lean"])


def make_consumer(database: Database, redis: Redis, redis_settings: RedisSettings, name: str = "c1") -> Consumer:
    return Consumer(group=GROUP, handlers=handlers, tables=tables, database=database, redis=redis,
                    redis_settings=redis_settings, settings=fast_settings(), name=name)


def metric(name: str) -> float | None:
    return REGISTRY.get_sample_value(name, {"producer": PRODUCER})


async def stream_seqs(redis: Redis, stream: str) -> list[int]:
    entries = await redis.xrange(stream)
    return [Envelope.model_validate_json(fields["envelope"]).payload_as(TickHappened).seq for _, fields in entries]


async def applied_in_order_per_aggregate(database: Database) -> bool:
    async with database.read_sessions() as session:
        rows = (await execute(session, sa.select(effect.c.aggregate_id, effect.c.seq).order_by(effect.c.id))).all()
    last: dict[int, int] = {}
    for aggregate_id, seq in rows:
        if seq <= last.get(aggregate_id, -1):
            return False
        last[aggregate_id] = seq
    return True


@SCRIPT_CLIENTS
async def test_redis_down_while_producing_then_the_backlog_arrives(
        infra: TestInfra, event_db: Database, private_redis: RedisEndpoint, lean_scripts: bool) -> None:
    redis_settings = RedisSettings(url=private_redis.url, prefix="gbt:down:")
    redis = make_redis(redis_settings)
    scripts = make_lean_redis(redis_settings) if lean_scripts else None
    relay = make_relay(event_db, redis, redis_settings, scripts=scripts)
    try:
        async with relay.running(), make_consumer(event_db, redis, redis_settings).running():
            await publish_ticks(event_db, range(100))

            async def first_applied() -> bool:
                return await effect_counts(event_db) == (100, 100)

            await wait_until(first_applied, timeout_s=20, what="the first 100 events")

            stop_redis(private_redis, crash=True)
            await publish_ticks(event_db, range(100, 300), per_transaction=20)

            async def backlog_seen() -> bool:
                return metric("groupbuy_events_outbox_backlog") == 200

            await wait_until(backlog_seen, timeout_s=10, what="the backlog metric")
            async def lag_grows() -> bool:
                return (metric("groupbuy_events_relay_lag_seconds") or 0) >= 1.0

            await wait_until(lag_grows, timeout_s=10, what="the relay lag metric")  # the relay keeps trying
            assert await unsent(event_db) == 200
            async with event_db.read_sessions() as session:
                outbox = tables.outbox
                tried = (await execute(session, sa.select(sa.func.max(outbox.c.attempts), sa.func.max(
                    outbox.c.last_error)).where(outbox.c.sent_at.is_(None)))).one()
            assert tried[0] >= 1 and "Error" in tried[1]

            start_again(private_redis, infra)  # empty: the first 100 may come again, the consumer skips them

            async def all_applied() -> bool:
                return (await effect_counts(event_db))[0] >= 300 and await unsent(event_db) == 0

            await wait_until(all_applied, timeout_s=30, what="the backlog after Redis returned")
            await wait_until(lambda: _zero(metric("groupbuy_events_outbox_backlog")), timeout_s=5, what="metric")
    finally:
        await redis.aclose()
        if scripts is not None:
            await scripts.aclose()
    assert await effect_counts(event_db) == (300, 300)
    assert await applied_in_order_per_aggregate(event_db)
    async with event_db.read_sessions() as session:
        outbox = tables.outbox
        attempts, errors = (await execute(session, sa.select(sa.func.max(outbox.c.attempts), sa.func.count(
            outbox.c.last_error)))).one()
    assert attempts >= 2 and errors == 0


async def _zero(value: float | None) -> bool:
    return value == 0


@SCRIPT_CLIENTS
async def test_what_redis_lost_is_sent_again(infra: TestInfra, event_db: Database,
                                             private_redis: RedisEndpoint, lean_scripts: bool) -> None:
    redis_settings = RedisSettings(url=private_redis.url, prefix="gbt:lost:")
    redis = make_redis(redis_settings)
    stream = stream_key(redis_settings, PRODUCER)
    scripts = make_lean_redis(redis_settings) if lean_scripts else None
    relay = make_relay(event_db, redis, redis_settings, scripts=scripts)
    consumer = make_consumer(event_db, redis, redis_settings)
    resent_before = metric("groupbuy_events_resent_total") or 0
    try:
        await publish_ticks(event_db, range(50))
        assert await relay.relay_once() == 50
        stop_redis(private_redis, crash=True)
        start_again(private_redis, infra)
        await reconnected(redis)
        # A consumer creating its group re-creates the stream, empty: the relay is not fooled by it.
        await consumer.ensure_groups()
        await publish_ticks(event_db, [50])
        assert await relay.relay_once() == -1  # the loss is found: the 50 are queued again
        assert await unsent(event_db) == 51
        assert await relay.relay_once() == 51
        assert await stream_seqs(redis, stream) == list(range(51))
        assert (metric("groupbuy_events_resent_total") or 0) - resent_before == 50
        async with consumer.running():
            async def all_applied() -> bool:
                return (await effect_counts(event_db))[0] >= 51

            await wait_until(all_applied, timeout_s=10, what="51 effects")
    finally:
        await redis.aclose()
        if scripts is not None:
            await scripts.aclose()
    assert await effect_counts(event_db) == (51, 51)


async def test_what_redis_lost_is_sent_again_with_nothing_new_to_send(
        infra: TestInfra, event_db: Database, private_redis: RedisEndpoint) -> None:
    redis_settings = RedisSettings(url=private_redis.url, prefix="gbt:quiet:")
    redis = make_redis(redis_settings)
    stream = stream_key(redis_settings, PRODUCER)
    relay = make_relay(event_db, redis, redis_settings)
    try:
        await publish_ticks(event_db, range(20))
        assert await relay.relay_once() == 20
        assert await relay.resend_if_lost() == 0  # nothing lost: nothing queued
        stop_redis(private_redis, crash=True)
        start_again(private_redis, infra)
        await reconnected(redis)
        await make_consumer(event_db, redis, redis_settings).ensure_groups()  # the stream again, empty
        # No new event will come to notice the loss: maintenance does.
        assert await relay.resend_if_lost() == 20
        assert await unsent(event_db) == 20
        assert await relay.relay_once() == 20
        assert await stream_seqs(redis, stream) == list(range(20))
        assert await relay.resend_if_lost() == 0
    finally:
        await redis.aclose()


async def test_a_failed_send_keeps_the_rows_and_their_order(event_db: Database, redis: Redis,
                                                             redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    relay = make_relay(event_db, redis, redis_settings, relay_batch_size=4)
    await publish_ticks(event_db, range(10))
    await redis.set(stream, "not a stream")  # every XADD now fails
    for _ in range(2):
        with pytest.raises(Exception, match="WRONGTYPE"):
            await relay.relay_once()
    assert await unsent(event_db) == 10
    async with event_db.read_sessions() as session:
        outbox = tables.outbox
        rows = (await execute(session, sa.select(outbox.c.attempts, outbox.c.last_error).order_by(outbox.c.id))).all()
    assert [r.attempts for r in rows] == [2] * 4 + [0] * 6  # the oldest rows, retried first
    assert "WRONGTYPE" in rows[0].last_error
    await redis.delete(stream)
    while await relay.relay_once() > 0:
        pass
    assert await stream_seqs(redis, stream) == list(range(10))
    assert await unsent(event_db) == 0


async def test_the_services_writes_go_on_while_redis_is_slow_to_answer_the_relay(
        event_db: Database, redis: Redis, redis_settings: RedisSettings) -> None:
    """A round waiting on Redis holds back no write of the service's: on SQLite, whose one write lock a round
    once held until Redis answered, every order's write waited that long behind it."""
    stream = stream_key(redis_settings, PRODUCER)
    relay = make_relay(event_db, redis, redis_settings)
    await publish_ticks(event_db, range(3))
    await redis.execute_command("CLIENT", "PAUSE", 2000, "WRITE")  # the relay's script waits on it
    try:
        round_ = asyncio.create_task(relay.relay_once())
        await asyncio.sleep(0.3)
        assert not round_.done()
        await asyncio.wait_for(publish_ticks(event_db, [3]), timeout=1.0)  # not held back by the round
    finally:
        await redis.execute_command("CLIENT", "UNPAUSE")
    assert await round_ == 3
    assert await relay.relay_once() == 1
    assert await stream_seqs(redis, stream) == [0, 1, 2, 3]
    assert await unsent(event_db) == 0


async def test_a_row_waits_while_another_relay_holds_an_older_row_of_its_aggregate(
        infra: TestInfra, event_db: Database, redis: Redis, redis_settings: RedisSettings) -> None:
    if not infra.on_postgres:
        pytest.skip("SQLite's relay claims no rows: relays there do not share the work")
    stream = stream_key(redis_settings, PRODUCER)
    relay = make_relay(event_db, redis, redis_settings)
    # Aggregate 1: the even ticks, aggregate 2: the odd ones.
    async with event_db.write_sessions() as session, session.begin():
        await tables.publish_many(session, [TickHappened(seq=s, aggregate_id=s % 2 + 1) for s in range(10)])
    outbox = tables.outbox
    async with event_db.write_sessions() as other_relay, other_relay.begin():
        held = (await execute(other_relay, sa.select(outbox.c.id).order_by(outbox.c.id).limit(1)
                              .with_for_update())).scalar_one()
        assert held
        assert await relay.relay_once() == 5
        assert await stream_seqs(redis, stream) == [1, 3, 5, 7, 9]
    assert await relay.relay_once() == 5
    assert await stream_seqs(redis, stream) == [1, 3, 5, 7, 9, 0, 2, 4, 6, 8]


async def test_trimming_never_drops_an_unread_entry(event_db: Database, redis: Redis,
                                                    redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    relay = make_relay(event_db, redis, redis_settings, outbox_retention_s=0)
    await redis.xgroup_create(stream, "audit", id="0", mkstream=True)  # a second group that reads slowly
    await publish_ticks(event_db, range(300))
    while await relay.relay_once() > 0:
        pass
    async with make_consumer(event_db, redis, redis_settings).running():
        async def all_applied() -> bool:
            return (await effect_counts(event_db))[0] >= 300

        await wait_until(all_applied, timeout_s=20, what="300 effects")
    outbox = tables.outbox
    settled = sa.select(sa.func.count()).select_from(outbox).where(outbox.c.settled_at.is_not(None))

    assert await relay.settle_and_trim() == StreamPos(0, 1)  # audit has read nothing
    assert await redis.xlen(stream) == 300
    assert await scalar(event_db, settled) == 0

    read = await redis.xreadgroup("audit", "a1", {stream: ">"}, count=150)
    ids = [entry_id for entry_id, _ in read[0][1]]
    await redis.xack(stream, "audit", *ids[:120])  # 30 still pending
    point = await relay.settle_and_trim()
    assert point == StreamPos.parse(ids[120])
    assert await scalar(event_db, settled) == 120
    remaining = [entry_id for entry_id, _ in await redis.xrange(stream)]
    assert remaining[-180:] == [entry_id for entry_id, _ in await redis.xrange(stream, min=ids[120])]
    assert len(remaining) >= 180 and StreamPos.parse(remaining[0]) <= point
    assert await relay.purge_settled() == 120  # retention 0: settled rows go at once

    await redis.xgroup_destroy(stream, "audit")  # Redis forgets a group it had: nothing more is settled
    assert await relay.settle_and_trim() is None
    assert await scalar(event_db, settled) == 0


async def test_what_is_committed_while_the_relay_lingers_goes_in_one_round(
        event_db: Database, redis: Redis, redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    relay = make_relay(event_db, redis, redis_settings, poll_interval_s=5.0, linger_ms=1000)
    rounds: list[int] = []
    relay_once = relay.relay_once

    async def counted(**options: bool) -> int:
        sent = await relay_once(**options)
        if sent:
            rounds.append(sent)
        return sent

    relay.relay_once = counted  # type: ignore[method-assign]
    async with relay.running():
        await publish_ticks(event_db, [0])

        async def first_sent() -> bool:
            return await redis.xlen(stream) == 1

        # An idle relay sends at once: well before its linger (or its poll) would let it.
        await wait_until(first_sent, timeout_s=0.9, what="the first event sent at once")
        for seq in (1, 2, 3):  # three transactions a moment apart, each waking the relay
            await publish_ticks(event_db, [seq])
            await asyncio.sleep(0.05)

        async def all_sent() -> bool:
            return await redis.xlen(stream) == 4

        await wait_until(all_sent, timeout_s=10, what="the three others")
    assert rounds == [1, 3]


async def test_each_sent_row_keeps_the_position_of_its_own_entry(event_db: Database, redis: Redis,
                                                                 redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    relay = make_relay(event_db, redis, redis_settings, relay_batch_size=7)
    await publish_ticks(event_db, range(12))
    assert await relay.relay_once() == 7  # a batch of several rows, marked together
    assert await relay.relay_once() == 5
    entries = {fields["event_id"]: StreamPos.parse(entry_id) for entry_id, fields in await redis.xrange(stream)}
    async with event_db.read_sessions() as session:
        outbox = tables.outbox
        rows = (await execute(session, sa.select(outbox.c.event_id, outbox.c.stream_ms, outbox.c.stream_seq,
                                                 outbox.c.sent_at, outbox.c.attempts, outbox.c.last_error)
                              .order_by(outbox.c.id))).all()
    assert len(rows) == len(entries) == 12
    for row in rows:
        assert StreamPos(row.stream_ms, row.stream_seq) == entries[row.event_id]
        assert row.sent_at is not None and row.attempts == 1 and row.last_error is None
    assert await stream_seqs(redis, stream) == list(range(12))


async def test_a_round_on_postgresql_is_its_claim_and_its_marks_whatever_its_rows(
        infra: TestInfra, event_db: Database, redis: Redis, redis_settings: RedisSettings) -> None:
    """One statement claims the rows (with the stream position they must follow) and one marks them all
    sent; a second read only when another relay holds older rows (the test above)."""
    if not infra.on_postgres:
        pytest.skip("SQLite's relay claims no rows: it reads, sends, then marks")
    stream = stream_key(redis_settings, PRODUCER)
    relay = make_relay(event_db, redis, redis_settings, relay_batch_size=7)

    def sent() -> float:
        return sum(STATEMENTS.labels(engine)._value.get() for engine in ("reader", "writer"))

    await publish_ticks(event_db, range(9))
    for rows in (7, 2):
        before = sent()
        assert await relay.relay_once(look_first=False) == rows
        assert sent() - before == 2
    assert await stream_seqs(redis, stream) == list(range(9))


async def test_rounds_of_a_size_mark_their_rows_by_one_statement_text(
        infra: TestInfra, event_db: Database, redis: Redis, redis_settings: RedisSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL parses and plans a statement once per connection and text: rounds of 7 and 5 rows mark them
    by the same text (made up to 8 updates; one text per count of rows before), and every row is marked."""
    if not infra.on_postgres:
        pytest.skip("SQLite marks the rows as one batch of one statement")
    from common import fastsql

    sent_sql: list[str] = []
    real = fastsql._asyncpg

    async def noting(adapter: Any, sql: str, *args: Any, **kwargs: Any) -> Any:
        sent_sql.append(sql)
        return await real(adapter, sql, *args, **kwargs)

    monkeypatch.setattr(fastsql, "_asyncpg", noting)
    relay = make_relay(event_db, redis, redis_settings, relay_batch_size=7)
    await publish_ticks(event_db, range(12))
    marks = []
    for rows in (7, 5):
        sent_sql.clear()
        assert await relay.relay_once(look_first=False) == rows
        marks.append([sql for sql in sent_sql if "SET sent_at" in sql])
    assert len(marks[0]) == len(marks[1]) == 1 and marks[0] == marks[1]
    assert await stream_seqs(redis, stream_key(redis_settings, PRODUCER)) == list(range(12))
    assert await unsent(event_db) == 0


async def test_a_round_known_to_have_work_does_not_look_first(event_db: Database, redis: Redis,
                                                             redis_settings: RedisSettings) -> None:
    """A relay woken by a commit (or with a batch left over) begins its round at once; a poll looks first
    whether any row waits, so an idle relay opens no transaction."""
    stream = stream_key(redis_settings, PRODUCER)
    relay = make_relay(event_db, redis, redis_settings)

    def sent() -> float:
        return sum(STATEMENTS.labels(engine)._value.get() for engine in ("reader", "writer"))

    before = sent()
    assert await relay.relay_once() == 0  # the look finds nothing: nothing else is sent
    assert sent() - before == 1
    for look_first in (True, False):
        await publish_ticks(event_db, [0, 1] if look_first else [2, 3])
        before = sent()
        assert await relay.relay_once(look_first=look_first) == 2
        counted = sent() - before
        if look_first:
            with_look = counted
    assert counted == with_look - 1
    assert await relay.relay_once(look_first=False) == 0  # nothing there: the round finds none and ends
    assert await stream_seqs(redis, stream) == [0, 1, 2, 3]
