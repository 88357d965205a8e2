"""A small in-process cache of facts fetched from another service, each kept for a fixed time.

Concurrent misses for one key share one fetch (a rush for one sale asks its owner once), and a failed
fetch is not kept, so the next caller asks again."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    def __init__(self, ttl_s: float, *, max_entries: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self.entries: dict[K, tuple[float, V]] = {}
        self.pending: dict[K, asyncio.Future[V]] = {}

    async def get(self, key: K, fetch: Callable[[K], Awaitable[V]]) -> V:
        entry = self.entries.get(key)
        if entry is not None and entry[0] > time.monotonic():
            return entry[1]
        if self.ttl_s <= 0:
            return await fetch(key)
        waiting = self.pending.get(key)
        if waiting is not None:
            return await asyncio.shield(waiting)
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self.pending[key] = future
        try:
            value = await fetch(key)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # marked retrieved: nobody else may be waiting
            raise
        finally:
            self.pending.pop(key, None)
        future.set_result(value)
        if len(self.entries) >= self.max_entries:
            self.entries.clear()
        self.entries[key] = (time.monotonic() + self.ttl_s, value)
        return value

    def forget(self, key: K) -> None:
        self.entries.pop(key, None)
