"""The facts cache: one fetch per rush, nothing kept from a failure, a value fetched again ahead of its
time while it is served, and never a value served past its time."""

from __future__ import annotations

import asyncio

import pytest

from common.cache import TtlCache


class Owner:
    """The other service: answers ``value`` for every key, after ``gate`` opens when one is set."""

    def __init__(self) -> None:
        self.value = "v1"
        self.calls = 0
        self.gate: asyncio.Event | None = None
        self.fail = False

    async def fetch(self, key: str) -> str:
        self.calls += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise RuntimeError("owner down")
        return f"{key}:{self.value}"


async def settle() -> None:
    """Let every task that can go on do so (a background fetch start, or finish once its owner answers)."""
    for _ in range(10):
        await asyncio.sleep(0)


def cache_at(clock: list[float]) -> TtlCache[str, str]:
    return TtlCache(10.0, clock=lambda: clock[0])


async def test_concurrent_misses_share_one_fetch_and_a_failure_is_not_kept():
    clock, owner = [0.0], Owner()
    cache = cache_at(clock)
    owner.gate = asyncio.Event()
    rush = [asyncio.ensure_future(cache.get("a", owner.fetch)) for _ in range(5)]
    await asyncio.sleep(0)
    owner.gate.set()
    assert await asyncio.gather(*rush) == ["a:v1"] * 5 and owner.calls == 1
    owner.gate, owner.fail = None, True
    clock[0] = 10.0  # expired
    with pytest.raises(RuntimeError):
        await cache.get("a", owner.fetch)
    owner.fail = False
    assert await cache.get("a", owner.fetch) == "a:v1" and owner.calls == 3


async def test_a_value_near_its_end_is_served_while_one_fetch_renews_it():
    clock, owner = [0.0], Owner()
    cache = cache_at(clock)
    assert await cache.get("a", owner.fetch) == "a:v1"
    owner.value, owner.gate = "v2", asyncio.Event()
    clock[0] = 5.0  # half its time left: served, nothing fetched
    assert await cache.get("a", owner.fetch) == "a:v1" and owner.calls == 1
    clock[0] = 8.0  # in the last quarter: served at once, and fetched again behind it, once
    assert [await cache.get("a", owner.fetch) for _ in range(3)] == ["a:v1"] * 3
    await settle()
    assert owner.calls == 2
    owner.gate.set()
    await settle()
    assert await cache.get("a", owner.fetch) == "a:v2"
    clock[0] = 17.0  # the renewed value's time runs from its fetch (at 8): still fresh
    assert await cache.get("a", owner.fetch) == "a:v2" and owner.calls == 2


async def test_no_value_is_served_past_its_time_and_a_failed_renewal_lets_it_expire():
    clock, owner = [0.0], Owner()
    cache = cache_at(clock)
    await cache.get("a", owner.fetch)
    owner.value, owner.fail = "v2", True
    clock[0] = 9.0  # renewal fails in the background: the value is still served until its time
    assert await cache.get("a", owner.fetch) == "a:v1"
    await settle()
    assert owner.calls == 2 and await cache.get("a", owner.fetch) == "a:v1"
    clock[0] = 10.0  # its time is up: the caller asks the owner itself, and hears its failure
    with pytest.raises(RuntimeError):
        await cache.get("a", owner.fetch)
    owner.fail, owner.gate = False, asyncio.Event()
    clock[0] = 19.5
    renewal = asyncio.ensure_future(cache.get("a", owner.fetch))  # expired: waits for the owner
    await asyncio.sleep(0)
    late = asyncio.ensure_future(cache.get("a", owner.fetch))  # joins that fetch
    await asyncio.sleep(0)
    assert not renewal.done() and not late.done()
    owner.gate.set()
    assert await renewal == await late == "a:v2"
