"""The dev clock across the real processes: once ``POST /v1/dev/clock`` answers, every part reads the new
time (a token issued next is accepted, one from before the move has expired), and the demo data
``make run`` loads is placed on that clock.

These tests move the clock by days, so they run on a stack of their own (own databases, own Redis key
space), never on the shared one."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
import pytest

from common.testing.stack import Stack
from conftest import stack_env
from devtools.demo import FLASH_TITLE, LADDER_TITLE, Demo

if TYPE_CHECKING:
    from common.testing.infra import TestInfra

pytestmark = pytest.mark.e2e

ACCESS_TTL_S = 900  # membership's default access token lifetime


@pytest.fixture(scope="module")
def clock_stack(infra: TestInfra) -> Iterator[Stack]:
    env = stack_env("http://127.0.0.1:9",  # no WeChat: everyone logs in through the dev login
                    GROUPBUY_REDIS__PREFIX=f"{infra.redis.prefix}clock:",
                    GROUPBUY_DATA_DIR=str(infra.tmp / "data-clock"),
                    # Listings straight from the database: what is live follows the clock at once.
                    GROUPBUY_PUBLIC_CACHE_TTL_S="0")
    running = Stack(infra=infra, database_template=infra.database_template("clock"), extra_env=env).start()
    yield running
    running.stop()


async def login(gateway: httpx.AsyncClient, openid: str, roles: tuple[str, ...] = ()) -> dict[str, str]:
    answer = await gateway.post("/v1/auth/dev-login", json={"openid": openid, "roles": list(roles)})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def move_clock(gateway: httpx.AsyncClient, ops: dict[str, str], seconds: float) -> None:
    moved = await gateway.post("/v1/dev/clock", json={"advance_seconds": seconds}, headers=ops)
    assert moved.status_code == 200, moved.text


async def test_a_token_issued_right_after_the_clock_moved_is_judged_on_the_new_time(clock_stack):
    async with httpx.AsyncClient(base_url=clock_stack.gateway_url, timeout=15) as gateway:
        for round_ in range(3):
            ops = await login(gateway, "e2e-clock-mover", ("ops",))
            before = await login(gateway, "e2e-clock-holder")
            await move_clock(gateway, ops, ACCESS_TTL_S + 60)
            fresh = await login(gateway, "e2e-clock-holder")
            accepted = await gateway.get("/v1/users/me", headers=fresh)
            assert accepted.status_code == 200, (round_, accepted.text)
            expired = await gateway.get("/v1/users/me", headers=before)
            assert expired.status_code == 401 and expired.json()["code"] == "token_expired", (round_, expired.text)


async def live_demo_activities(gateway: httpx.AsyncClient) -> list[tuple[str, str]]:
    listed = (await gateway.get("/v1/activities", params={"limit": 100})).json()["items"]
    return sorted((a["title"], a["status"]) for a in listed if a["title"] in (LADDER_TITLE, FLASH_TITLE))


async def until_nothing_awaits_its_group(gateway: httpx.AsyncClient, ops: dict[str, str],
                                        timeout_s: float = 30.0) -> None:
    """Until no paid order waits for its group to close (a ladder order is ``paid`` until then)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        waiting = await gateway.get("/v1/orders", params={"view": "staff", "status": "paid", "limit": 1},
                                    headers=ops)
        assert waiting.status_code == 200, waiting.text
        if not waiting.json()["items"]:
            return
        assert asyncio.get_running_loop().time() < deadline, f"still waiting for their groups: {waiting.text}"
        await asyncio.sleep(0.2)


async def test_the_demo_places_its_activities_on_the_stacks_clock(clock_stack):
    demo = Demo(clock_stack.gateway_url)
    await asyncio.to_thread(demo.load)
    live = sorted([(FLASH_TITLE, "live"), (LADDER_TITLE, "live")])
    async with httpx.AsyncClient(base_url=clock_stack.gateway_url, timeout=15) as gateway:
        assert await live_demo_activities(gateway) == live
        await move_clock(gateway, await login(gateway, "e2e-clock-mover", ("ops",)), 4 * 86400)
        ops = await login(gateway, "e2e-clock-mover", ("ops",))  # the token from before the move has expired
        # Every demo activity has ended on the stack's clock; loading makes new ones, live on it.
        assert await live_demo_activities(gateway) == []
        # The ended ladder group's orders are settled by the scheduler's next look (within a second or so):
        # settled during a load, between its cutoff and the next load's, they would be bought by the second
        # load's cutoff alone. Loads are compared once nothing from before the move is left to settle.
        await until_nothing_awaits_its_group(gateway, ops)
        first = await asyncio.to_thread(demo.load)
        assert await live_demo_activities(gateway) == live
        again = await asyncio.to_thread(demo.load)
        # Loading again changes nothing but the pickup day's last line: demo-carol's ladder order becomes
        # ready to hand out whenever the scheduler closes its ended group, which may fall between two loads.
        def without_pickup(summary: str) -> list[str]:
            return [part for part in summary.split("; ") if "demo-carol" not in part]

        assert without_pickup(again) == without_pickup(first)
        assert await live_demo_activities(gateway) == live
