"""What the event tests share with the consumer worker they start: a test-only contract (kept out of
the shared registry), the tables of one test database, the effect a handler writes, and helpers."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable

import sqlalchemy as sa
from pydantic import StrictBool
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession

from common.bus import EventSettings
from common.consumer import Handlers
from common.db import Database
from common.events import Count, Envelope, EventPayload, Id, Registry, contract
from common.models import UtcDateTime
from common.outbox import define_event_tables, execute
from common.testing.infra import RedisEndpoint, TestInfra, start_redis, stop_process

PRODUCER = "ticker"
GROUP = "ledger"
TEST_REGISTRY = Registry()


@contract(PRODUCER, "tick.happened", 1, aggregate="aggregate_id", registry=TEST_REGISTRY)
class TickHappened(EventPayload):
    """One numbered event; ``poison`` makes its handler fail."""

    seq: Count
    aggregate_id: Id
    poison: StrictBool = False


metadata = sa.MetaData()
tables = define_event_tables(metadata, producer=PRODUCER)
# No unique constraint on purpose: the database must not hide a second application of an event.
effect = sa.Table(
    "test_effect", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("aggregate_id", sa.Integer(), nullable=False),
    sa.Column("event_id", sa.String(36), nullable=False),
    sa.Column("applied_at", UtcDateTime(), nullable=False),
)

handlers = Handlers()


# Session-free: the consumer applies its batches in a ``common.transaction.Transaction``, so the tests of
# redelivery, races and crashes run on that path (the services' own handlers cover the session's).
@handlers.on(TickHappened, session_free=True)
async def apply_tick(session: AsyncSession, event: TickHappened, envelope: Envelope) -> None:
    if event.poison:
        raise RuntimeError(f"tick {event.seq} is poisoned")
    await execute(session, sa.insert(effect).values(seq=event.seq, aggregate_id=event.aggregate_id,
                                                    event_id=str(envelope.id), applied_at=envelope.occurred_at))


def fast_settings(**changes: object) -> EventSettings:
    """Short intervals, so the tests see retries, reclaims and maintenance within seconds."""
    values: dict[str, object] = dict(
        poll_interval_s=0.05, backoff_initial_s=0.05, backoff_max_s=0.5, maintain_interval_s=0.3,
        block_ms=200, retry_delay_s=0.1, retry_max_s=0.5, claim_idle_s=1.0, claim_interval_s=0.3,
        consumer_batch_size=200,
    )
    values.update(changes)
    return EventSettings.model_validate(values)


def ticks(seqs: Iterable[int], *, aggregates: int = 50, poison: Iterable[int] = ()) -> list[TickHappened]:
    poisoned = set(poison)
    return [TickHappened(seq=s, aggregate_id=s % aggregates + 1, poison=s in poisoned) for s in seqs]


async def create_tables(database: Database) -> None:
    async with database.writer.begin() as conn:
        await conn.run_sync(metadata.create_all)


async def publish_ticks(database: Database, seqs: Iterable[int], *, per_transaction: int = 100,
                        poison: Iterable[int] = ()) -> None:
    pending = ticks(seqs, poison=poison)
    for start in range(0, len(pending), per_transaction):
        async with database.write_sessions() as session, session.begin():
            await tables.publish_many(session, pending[start:start + per_transaction])


async def scalar(database: Database, statement: sa.Select) -> int:
    async with database.read_sessions() as session:
        return int((await execute(session, statement)).scalar_one())


async def effect_counts(database: Database) -> tuple[int, int]:
    """(effect rows, distinct events among them)."""
    rows = await scalar(database, sa.select(sa.func.count()).select_from(effect))
    distinct = await scalar(database, sa.select(sa.func.count(sa.distinct(effect.c.seq))))
    return rows, distinct


async def unsent(database: Database) -> int:
    outbox = tables.outbox
    return await scalar(database, sa.select(sa.func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None)))


async def wait_until(check: Callable[[], Awaitable[bool]], *, timeout_s: float, what: str,
                     every_s: float = 0.05) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        await asyncio.sleep(every_s)


async def reconnected(redis: Redis) -> None:
    """Wait until ``redis`` answers again (its pooled connections to a stopped server fail once)."""

    async def answers() -> bool:
        try:
            return bool(await redis.ping())
        except (ConnectionError, OSError, RedisError):
            return False

    await wait_until(answers, timeout_s=10, what="Redis to answer")


def stop_redis(endpoint: RedisEndpoint, *, crash: bool = True) -> None:
    """Stop a private server: SIGKILL when ``crash`` (it keeps no data either way)."""
    assert endpoint.process is not None
    if crash:
        endpoint.process.kill()
        endpoint.process.wait()
    else:
        stop_process(endpoint.process)


def start_again(endpoint: RedisEndpoint, infra: TestInfra) -> None:
    """A fresh, empty server on the stopped one's port."""
    fresh = start_redis(infra.tmp / f"redis-{uuid.uuid4().hex[:8]}", prefix=endpoint.prefix, port=endpoint.port)
    endpoint.process = fresh.process
