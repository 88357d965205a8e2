"""The chaos stack: five real processes on databases of their own (``infra.database_template("chaos")``:
SQLite files, or PostgreSQL databases when the run has ``TEST_DATABASE_URL``) and on a ``redis-server``
of their own, which the scenarios freeze, kill and wipe.  Redis is always private here, on both runs:
with ``TEST_REDIS_URL`` the rest of the suite shares that server, and killing it would break every
other test.  The server is the one the embedded default runs (``common.embedded_redis``).

``CHAOS_SCALE=full`` (``make chaos``) runs every scenario with bigger bursts; the default is the
bounded subset that ``make test`` runs."""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace

import httpx
import pytest

from common.testing.chaos import OwnRedis
from common.testing.infra import TestInfra
from common.testing.stack import Stack
from conftest import stack_env
from tests.chaos.invariants import Databases
from tests.support import bearer, login, until


@dataclass(frozen=True)
class Scale:
    full: bool
    shoppers: int  # at once, each placing ``purchases`` orders one after another, ``pause_s`` apart
    purchases: int
    pause_s: float


SCALE = Scale(full=True, shoppers=16, purchases=10, pause_s=0.5) if os.environ.get("CHAOS_SCALE") == "full" \
    else Scale(full=False, shoppers=6, purchases=5, pause_s=1.0)

CHAOS_ENV = {
    "GROUPBUY_UPSTREAM_TIMEOUT_S": "4",  # a frozen service is answered for (504) before it thaws
    "GROUPBUY_IDEMPOTENCY_LEASE_S": "2",  # a key whose request died is free again this soon
    # Reservations of orders never written go back this soon — shorter than the stalls the faults cause
    # (a frozen orders process, SQLite's writer waiting while the relay's Redis call times out), so a
    # placement held up between its reservation and its order's write meets a number made void: it fails,
    # and the client's retry places the order afresh (never paid without stock).
    "GROUPBUY_RESERVATION_CHECK_AFTER_S": "3",
    "GROUPBUY_UNPAID_TIMEOUT_S": "600",  # nothing expires during a scenario: every order ends as its client chose
    "GROUPBUY_EVENTS__CLAIM_IDLE_S": "3",  # a killed consumer's entries are taken over this soon
    "GROUPBUY_EVENTS__CLAIM_INTERVAL_S": "1",
    "GROUPBUY_EVENTS__MAINTAIN_INTERVAL_S": "0.5",
    "GROUPBUY_EVENTS__BACKOFF_MAX_S": "1",
}


@pytest.fixture(scope="module")
def chaos_redis(infra: TestInfra) -> Iterator[OwnRedis]:
    own = OwnRedis(infra.tmp / "chaos-redis", prefix=infra.redis.prefix).start()
    yield own
    own.stop()


@pytest.fixture(scope="module")
def chaos_stack(infra: TestInfra, fake_wechat: str, chaos_redis: OwnRedis) -> Iterator[Stack]:
    own = replace(infra, tmp=infra.tmp / "chaos", redis=chaos_redis.endpoint)
    running = Stack(infra=own, database_template=infra.database_template("chaos"),
                    extra_env=stack_env(fake_wechat, **CHAOS_ENV)).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
async def chaos_db(chaos_stack: Stack) -> AsyncIterator[Databases]:
    databases = Databases(chaos_stack.database_template)
    yield databases
    await databases.dispose()


@pytest.fixture(scope="module")
async def chaos_gateway(chaos_stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
    async with httpx.AsyncClient(base_url=chaos_stack.gateway_url, timeout=30, limits=limits) as client:
        yield client


@pytest.fixture(scope="module")
async def referrer(chaos_gateway: httpx.AsyncClient, chaos_db: Databases) -> dict:
    """A partner whose referral code every buyer of every scenario used, known as a partner to referrals."""
    ops = await login(chaos_gateway, "chaos-ops", ("ops",))
    tokens = await login(chaos_gateway, f"chaos-referrer-{uuid.uuid4().hex[:8]}")
    user_id = tokens["user"]["id"]
    level = await chaos_gateway.put(f"/v1/users/{user_id}/level", headers=bearer(ops),
                                    json={"level": "partner", "reason": "chaos suite"})
    assert level.status_code == 200, level.text
    mine = await until(lambda: chaos_gateway.get("/v1/referrals/me", headers=bearer(tokens)),
                       lambda a: a.status_code == 200, 15)
    assert mine.status_code == 200, mine.text

    async def heard() -> list:
        return await chaos_db.rows("referrals", "SELECT to_level FROM referral_level_change WHERE user_id = :u",
                                   u=user_id)

    assert [r.to_level for r in await until(heard, lambda rows: bool(rows), 15)] == ["partner"]
    return {"user_id": user_id, "code": mine.json()["code"], "ops": ops}


@pytest.fixture
def restore(chaos_stack: Stack, chaos_redis: OwnRedis) -> Iterator[None]:
    """Whatever a scenario leaves broken is mended before the next one: Redis thawed and running, every
    part thawed and running, the stack ready."""
    yield
    if chaos_redis.process is None or chaos_redis.process.poll() is not None:
        chaos_redis.start()
    else:
        chaos_redis.thaw()
    for part, process in list(chaos_stack.processes.items()):
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)
        else:
            chaos_stack.start_part(part)
    chaos_stack.wait_ready()
