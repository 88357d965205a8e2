"""Acceptance: 10,000 events, the consumer process killed with SIGKILL again and again mid-stream, Redis
crashed and restarted empty once — every event applied exactly once, nothing left pending."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from prometheus_client import REGISTRY

from common.bus import stream_key
from common.db import Database
from common.leanredis import LeanRedis
from common.redis import make_redis
from common.relay import Relay
from common.settings import RedisSettings
from common.testing.infra import RedisEndpoint
from common.tests.events_support import (
    GROUP,
    PRODUCER,
    effect_counts,
    fast_settings,
    publish_ticks,
    scalar,
    start_again,
    stop_redis,
    tables,
    unsent,
    wait_until,
)

if TYPE_CHECKING:
    from common.testing.infra import TestInfra

ROOT = Path(__file__).resolve().parents[2]
EVENTS = 10_000
ROUNDS = 50  # the events are published in rounds, spread over the kills


class Worker:
    """The consumer worker process, started and killed at will."""

    def __init__(self, database_url: str, redis_settings: RedisSettings, log_path: Path) -> None:
        self.database_url = database_url
        self.redis_settings = redis_settings
        self.log = log_path.open("ab")
        self.process: subprocess.Popen[bytes] | None = None
        self.kills = 0

    def start(self, name: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "common.tests.events_worker", "--database", self.database_url,
             "--redis", self.redis_settings.url, "--prefix", self.redis_settings.prefix, "--name", name],
            cwd=ROOT, stdout=self.log, stderr=self.log, env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def kill(self) -> None:
        assert self.process is not None
        assert self.process.poll() is None, "the worker died on its own; see its log"
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.kills += 1

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                raise AssertionError("the worker did not stop within 30 s of SIGTERM") from None
        self.log.close()


def resent_total() -> float:
    return REGISTRY.get_sample_value("groupbuy_events_resent_total", {"producer": PRODUCER}) or 0.0


async def test_ten_thousand_events_survive_consumer_kills_and_a_redis_crash(
        infra: TestInfra, event_db: Database, private_redis: RedisEndpoint) -> None:
    started = time.monotonic()
    redis_settings = RedisSettings(url=private_redis.url, prefix="gbt:crash:")
    redis = make_redis(redis_settings)
    settings = fast_settings(relay_batch_size=500)
    # Two relays share the outbox, as two replicas of a service would: one sends its rounds through the lean
    # client, as the services do, the other through redis-py.
    lean = LeanRedis(redis_settings.url)
    relays = [Relay(tables=tables, database=event_db, redis=redis, redis_settings=redis_settings, settings=settings,
                    scripts=scripts) for scripts in (lean, None)]
    log_path = infra.tmp / f"events-worker-{int(time.time())}.log"
    worker = Worker(event_db.url, redis_settings, log_path)
    resent_before = resent_total()
    try:
        async with relays[0].running(), relays[1].running():
            worker.start("stable")
            per_round = EVENTS // ROUNDS

            async def produce() -> None:
                for round_ in range(ROUNDS):
                    await publish_ticks(event_db, range(round_ * per_round, (round_ + 1) * per_round))
                    await asyncio.sleep(0.15)

            producing = asyncio.create_task(produce())
            names = iter(["stable", "second", "stable", "third", "stable", "fourth", "stable"])
            applied_at_kills = []
            for chaos in range(6):
                # Kill only once this worker has applied something: mid-stream however slow the machine is.
                before = (await effect_counts(event_db))[0]

                async def progressed(before: int = before) -> bool:
                    return (await effect_counts(event_db))[0] > before

                await wait_until(progressed, timeout_s=60, what="the worker applying events", every_s=0.05)
                await asyncio.sleep(0.2)
                worker.kill()
                applied_at_kills.append((await effect_counts(event_db))[0])
                if chaos == 2:
                    # Redis crashes while nobody consumes: sent events are lost with it and must be sent again.
                    await asyncio.sleep(0.5)
                    stop_redis(private_redis, crash=True)
                    await asyncio.sleep(0.5)
                    start_again(private_redis, infra)
                worker.start(next(names))  # the same name resumes its own pending entries; a new one reclaims
            await producing

            async def all_applied() -> bool:
                return (await effect_counts(event_db))[0] >= EVENTS

            await wait_until(all_applied, timeout_s=90, what=f"{EVENTS} effects", every_s=0.25)
            stream = stream_key(redis_settings, PRODUCER)

            async def drained() -> bool:
                summary = await redis.xpending(stream, GROUP)
                return summary["pending"] == 0 and await unsent(event_db) == 0

            await wait_until(drained, timeout_s=30, what="no pending entry and no unsent row", every_s=0.25)
    finally:
        worker.stop()
        await redis.aclose()
        await lean.aclose()
    rows, distinct = await effect_counts(event_db)
    assert (rows, distinct) == (EVENTS, EVENTS), f"each event applied exactly once (worker log: {log_path})"
    inbox = await scalar(event_db, sa.select(sa.func.count()).select_from(tables.inbox))
    assert inbox == EVENTS
    assert worker.kills == 6
    mid_stream = [n for n in applied_at_kills if 0 < n < EVENTS]
    assert len(mid_stream) >= 3, f"the kills should land mid-stream (applied at each kill: {applied_at_kills})"
    assert resent_total() > resent_before, "the Redis crash lost sent events, which the relay sent again"
    print(f"\n{EVENTS} events, kills at {applied_at_kills} applied, one Redis crash: "
          f"{time.monotonic() - started:.1f}s")
