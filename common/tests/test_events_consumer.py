"""The consumer: redelivery changes nothing, a failing event is dead-lettered while the others flow,
entries of dead consumers are taken over, and a group Redis forgot is created again."""

from __future__ import annotations

import asyncio
from typing import Any

import sqlalchemy as sa
from prometheus_client import REGISTRY
from redis.asyncio import Redis
from sqlmodel.ext.asyncio.session import AsyncSession

from common.bus import count_dead_letters, failures_key, list_dead_letters, stream_key
from common.consumer import Consumer, Entry, Handlers
from common.db import Database
from common.events import Envelope
from common.events.orders import OrderCancelled
from common.outbox import execute
from common.relay import Relay
from common.settings import RedisSettings
from common.tests.events_support import (
    GROUP,
    PRODUCER,
    TickHappened,
    effect,
    effect_counts,
    fast_settings,
    handlers,
    publish_ticks,
    scalar,
    tables,
    ticks,
    wait_until,
)
from common.transaction import Transaction


def make_consumer(database: Database, redis: Redis, redis_settings: RedisSettings, name: str = "c1",
                  **changes: Any) -> Consumer:
    return Consumer(group=GROUP, handlers=handlers, tables=tables, database=database, redis=redis,
                    redis_settings=redis_settings, settings=fast_settings(**changes), name=name)


async def relay_all(database: Database, redis: Redis, redis_settings: RedisSettings) -> None:
    relay = Relay(tables=tables, database=database, redis=redis, redis_settings=redis_settings,
                  settings=fast_settings())
    while await relay.relay_once() > 0:
        pass


async def until_effects(database: Database, count: int, timeout_s: float = 15) -> None:
    async def reached() -> bool:
        return (await effect_counts(database))[0] >= count

    await wait_until(reached, timeout_s=timeout_s, what=f"{count} effects")


async def until_nothing_pending(redis: Redis, stream: str, timeout_s: float = 15) -> None:
    async def drained() -> bool:
        return (await redis.xpending(stream, GROUP))["pending"] == 0

    await wait_until(drained, timeout_s=timeout_s, what="no pending entry")


def inbox_count() -> sa.Select:
    return sa.select(sa.func.count()).select_from(tables.inbox)


async def test_the_same_event_delivered_twice_has_one_effect(event_db: Database, redis: Redis,
                                                             redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    await publish_ticks(event_db, range(3))
    await relay_all(event_db, redis, redis_settings)
    # The relay sends the rows again (as after a commit lost once Redis had them) ...
    await execute_update(event_db, tables.outbox.update().values(sent_at=None, stream_ms=None, stream_seq=None))
    await relay_all(event_db, redis, redis_settings)
    # ... and one entry is added a third time by hand.
    (_, fields), *_ = await redis.xrange(stream, count=1)
    await redis.xadd(stream, fields)
    assert await redis.xlen(stream) == 7
    consumer = make_consumer(event_db, redis, redis_settings)
    await consumer.ensure_groups()
    async with consumer.running():
        await until_nothing_pending(redis, stream)
        await wait_until(lambda: _last_delivered_is_last(redis, stream), timeout_s=10, what="all read")
    assert await effect_counts(event_db) == (3, 3)
    assert await scalar(event_db, inbox_count()) == 3
    duplicates = REGISTRY.get_sample_value("groupbuy_events_consumed_total",
                                           {"group": GROUP, "type": "tick.happened", "outcome": "duplicate"})
    assert duplicates is not None and duplicates >= 4


async def test_two_consumers_applying_one_batch_at_once_apply_it_once(event_db: Database, redis: Redis,
                                                                      redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    entries = [Entry(stream, f"1-{i}", {"envelope": Envelope.of(tick).model_dump_json()})
               for i, tick in enumerate(ticks(range(50)))]
    first, second = (make_consumer(event_db, redis, redis_settings, name=n) for n in ("c1", "c2"))
    await asyncio.gather(first.handle(entries), second.handle(entries), first.handle(entries[:1] * 2))
    assert await effect_counts(event_db) == (50, 50)
    assert await scalar(event_db, inbox_count()) == 50


async def test_a_failing_event_is_dead_lettered_and_the_others_flow(event_db: Database, redis: Redis,
                                                                    redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    consumer = make_consumer(event_db, redis, redis_settings, max_attempts=3)
    await consumer.ensure_groups()
    async with consumer.running():
        await publish_ticks(event_db, range(20), poison=[7])
        await relay_all(event_db, redis, redis_settings)
        await until_effects(event_db, 19)

        async def dead_lettered() -> bool:
            return await count_dead_letters(redis, redis_settings, GROUP) == 1

        await wait_until(dead_lettered, timeout_s=15, what="the dead letter")
        await until_nothing_pending(redis, stream)
    assert await effect_counts(event_db) == (19, 19)
    async with event_db.read_sessions() as session:
        seqs = set((await execute(session, sa.select(effect.c.seq))).scalars().all())
    assert seqs == set(range(20)) - {7}
    (dead,) = await list_dead_letters(redis, redis_settings, GROUP)
    assert dead.error == "RuntimeError: tick 7 is poisoned"
    assert "apply_tick" in dead.traceback
    assert dead.attempts == 3 and dead.type == "tick.happened" and dead.version == 1 and dead.group == GROUP
    assert dead.stream == stream
    envelope = Envelope.model_validate_json(dead.envelope)
    assert str(envelope.id) == dead.event_id and envelope.payload_as(TickHappened).seq == 7
    assert not await redis.exists(failures_key(redis_settings, GROUP, PRODUCER, dead.entry_id))
    assert await scalar(event_db, inbox_count()) == 19  # the dead one was never applied
    await consumer.maintain()
    assert REGISTRY.get_sample_value("groupbuy_events_dead_letters", {"group": GROUP}) == 1
    assert REGISTRY.get_sample_value("groupbuy_events_pending", {"stream": stream, "group": GROUP}) == 0


async def test_unreadable_and_unknown_entries(event_db: Database, redis: Redis,
                                              redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    consumer = make_consumer(event_db, redis, redis_settings)
    await consumer.ensure_groups()
    await redis.xadd(stream, {"type": "tick.happened", "envelope": "{not json"})
    other = OrderCancelled(order_id=1, user_id=1, reason="user", cancelled_at=Envelope.of(ticks([1])[0]).occurred_at)
    await redis.xadd(stream, {"type": "order.cancelled", "envelope": Envelope.of(other).model_dump_json()})
    bad_payload = Envelope.of(ticks([1])[0]).model_dump(mode="json")
    bad_payload["payload"]["seq"] = "one"
    await redis.xadd(stream, {"type": "tick.happened", "envelope": Envelope.model_validate(bad_payload)
                              .model_dump_json()})
    assert await consumer.poll() == 3
    dead = await list_dead_letters(redis, redis_settings, GROUP)
    assert [d.error.split(":")[0] for d in dead] == ["ValidationError", "ValidationError"]
    assert dead[0].type == "tick.happened" and dead[1].event_id is None
    assert (await redis.xpending(stream, GROUP))["pending"] == 0  # the unknown type was acknowledged
    assert await effect_counts(event_db) == (0, 0)
    assert await list_dead_letters(redis, redis_settings, GROUP, before=dead[0].id) == dead[1:]
    assert await list_dead_letters(redis, redis_settings, GROUP, before="0-0") == []
    assert len(await list_dead_letters(redis, redis_settings, GROUP, before=f"{2**64}-0")) == 2


async def test_entries_of_a_dead_consumer_are_taken_over(event_db: Database, redis: Redis,
                                                         redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    consumer = make_consumer(event_db, redis, redis_settings, claim_idle_s=0.5, consumer_idle_s=0.5,
                             max_deliveries=10)
    await consumer.ensure_groups()
    await publish_ticks(event_db, range(30))
    await relay_all(event_db, redis, redis_settings)
    read = await redis.xreadgroup(GROUP, "ghost", {stream: ">"}, count=30)  # then the ghost dies
    ids = [entry_id for entry_id, _ in _entries(read)]
    # One entry has been delivered over and over without an acknowledgement (a handler that kills its process).
    await redis.xclaim(stream, GROUP, "ghost", 0, [ids[3]], retrycount=15)
    async with consumer.running():
        await until_effects(event_db, 29)
        await until_nothing_pending(redis, stream)

        async def ghost_forgotten() -> bool:
            return "ghost" not in {c["name"] for c in await redis.xinfo_consumers(stream, GROUP)}

        await wait_until(ghost_forgotten, timeout_s=10, what="the dead consumer to be forgotten")
    assert await effect_counts(event_db) == (29, 29)
    (dead,) = await list_dead_letters(redis, redis_settings, GROUP)
    assert dead.entry_id == ids[3] and "delivered 16 times" in dead.error


async def test_a_group_redis_forgot_is_created_again(event_db: Database, redis: Redis,
                                                     redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    consumer = make_consumer(event_db, redis, redis_settings)
    await consumer.ensure_groups()
    async with consumer.running():
        await publish_ticks(event_db, range(10))
        await relay_all(event_db, redis, redis_settings)
        await until_effects(event_db, 10)
        await redis.xgroup_destroy(stream, GROUP)
        await publish_ticks(event_db, range(10, 20))
        await relay_all(event_db, redis, redis_settings)
        await until_effects(event_db, 20)
        await until_nothing_pending(redis, stream)
    assert await effect_counts(event_db) == (20, 20)  # the re-created group read all 20 again, applied 10


async def execute_update(database: Database, statement: Any) -> None:
    async with database.write_sessions() as session, session.begin():
        await execute(session, statement)


async def _last_delivered_is_last(redis: Redis, stream: str) -> bool:
    (group,) = [g for g in await redis.xinfo_groups(stream) if g["name"] == GROUP]
    last = (await redis.xrevrange(stream, count=1))[0][0]
    return group["last-delivered-id"] == last


def _entries(response: Any) -> list[tuple[str, dict[str, str]]]:
    if isinstance(response, dict):
        return [entry for value in response.values() for entry in value[0]]
    return [entry for _, entries in response for entry in entries]


async def test_a_batch_of_session_free_handlers_runs_without_a_session(event_db: Database, redis: Redis,
                                                                        redis_settings: RedisSettings) -> None:
    stream = stream_key(redis_settings, PRODUCER)
    seen: list[type] = []
    lean = Handlers()

    @lean.on(TickHappened, session_free=True)
    async def mismarked(session: Any, event: TickHappened, envelope: Envelope) -> None:
        seen.append(type(session))
        # A handler marked session-free that still asks for the session's own API: its batch is applied
        # again one event at a time in a session, where it works, once.
        await session.exec(sa.insert(effect).values(seq=event.seq, aggregate_id=event.aggregate_id,
                                                    event_id=str(envelope.id), applied_at=envelope.occurred_at))

    entries = [Entry(stream, f"1-{i}", {"envelope": Envelope.of(tick).model_dump_json()})
               for i, tick in enumerate(ticks(range(5)))]
    consumer = Consumer(group=GROUP, handlers=lean, tables=tables, database=event_db, redis=redis,
                        redis_settings=redis_settings, settings=fast_settings(), name="lean")
    await consumer.handle(entries)
    assert seen[0] is Transaction and AsyncSession in seen[1:]
    assert await effect_counts(event_db) == (5, 5)
    assert await scalar(event_db, inbox_count()) == 5
    await consumer.handle(entries)  # delivered again: nothing more
    assert await effect_counts(event_db) == (5, 5)


async def test_entries_that_arrive_while_the_consumer_lingers_are_applied_as_one_batch(
        event_db: Database, redis: Redis, redis_settings: RedisSettings) -> None:
    consumer = make_consumer(event_db, redis, redis_settings, linger_ms=1000)
    batches: list[int] = []
    handle = consumer.handle

    async def counted(entries: list[Entry]) -> int:
        batches.append(len(entries))
        return await handle(entries)

    consumer.handle = counted  # type: ignore[method-assign]
    async with consumer.running():
        await publish_ticks(event_db, [0])
        await relay_all(event_db, redis, redis_settings)
        # An idle consumer applies the first entry at once, well before its linger would let it.
        await until_effects(event_db, 1, timeout_s=0.9)
        for seq in (1, 2, 3):  # three entries a moment apart
            await publish_ticks(event_db, [seq])
            await relay_all(event_db, redis, redis_settings)
            await asyncio.sleep(0.05)
        await until_effects(event_db, 4)
    assert batches == [1, 3]
    assert await effect_counts(event_db) == (4, 4)


def test_a_read_through_the_lean_client_is_parsed_as_redis_py_parses_it() -> None:
    from common.consumer import _parsed_read, _stream_entries

    raw = [["s1", [["1-0", ["type", "t", "envelope", "{}"]], ["2-0", None]]], ["s2", [["3-1", ["a", "b"]]]]]
    assert _stream_entries(_parsed_read(raw)) == [
        ("s1", "1-0", {"type": "t", "envelope": "{}"}), ("s1", "2-0", None), ("s2", "3-1", {"a": "b"})]
    assert _parsed_read(None) == []  # the block ran out
