"""A small in-process cache of facts fetched from another service, each kept for a fixed time.

Concurrent misses for one key share one fetch (a rush for one sale asks its owner once), and a failed
fetch is not kept, so the next caller asks again.  A value in the last quarter of its time is fetched again
in the background by the first caller who finds it there, and served meanwhile: under steady use a fact is
never found expired, so the requests in flight do not all stop, once per lifetime, for the owner's answer
(at 20:00 orders holds ~64, and every one of them waited).  No value is ever served past its time: one
found expired is fetched as before, joining a refresh under way.  A refresh that fails is not kept, and
the value it would have replaced expires on time."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

log = logging.getLogger("groupbuy.cache")

K = TypeVar("K")
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    REFRESH_AHEAD = 0.25  # of the lifetime: a value with less than this left is fetched again in the background

    def __init__(self, ttl_s: float, *, max_entries: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self.clock = clock
        self.entries: dict[K, tuple[float, V]] = {}
        self.pending: dict[K, asyncio.Future[V]] = {}
        self._refreshing: set[asyncio.Task[None]] = set()  # held, so that none is collected while it runs

    async def get(self, key: K, fetch: Callable[[K], Awaitable[V]]) -> V:
        entry = self.entries.get(key)
        if entry is not None:
            left = entry[0] - self.clock()
            if left > 0:
                if left < self.ttl_s * self.REFRESH_AHEAD and key not in self.pending:
                    self._refresh(key, fetch)
                return entry[1]
        if self.ttl_s <= 0:
            return await fetch(key)
        waiting = self.pending.get(key)
        if waiting is not None:
            return await asyncio.shield(waiting)
        future = self._fetching(key)
        try:
            value = await fetch(key)
        except BaseException as exc:
            self._failed(key, future, exc)
            raise
        self._keep(key, future, value)
        return value

    def _fetching(self, key: K) -> asyncio.Future[V]:
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self.pending[key] = future
        return future

    def _failed(self, key: K, future: asyncio.Future[V], exc: BaseException) -> None:
        self.pending.pop(key, None)
        future.set_exception(exc)
        future.exception()  # marked retrieved: nobody else may be waiting

    def _keep(self, key: K, future: asyncio.Future[V], value: V) -> None:
        self.pending.pop(key, None)
        future.set_result(value)
        if len(self.entries) >= self.max_entries:
            self.entries.clear()
        self.entries[key] = (self.clock() + self.ttl_s, value)

    def _refresh(self, key: K, fetch: Callable[[K], Awaitable[V]]) -> None:
        future = self._fetching(key)

        async def refresh() -> None:
            try:
                value = await fetch(key)
            except BaseException as exc:  # kept from nobody who asks after the value expires
                self._failed(key, future, exc)
                if not isinstance(exc, asyncio.CancelledError):
                    log.info("a cached fact was not fetched again ahead of its time: %s", exc)
                return
            self._keep(key, future, value)

        task = asyncio.get_running_loop().create_task(refresh())
        self._refreshing.add(task)
        task.add_done_callback(self._refreshing.discard)

    def forget(self, key: K) -> None:
        self.entries.pop(key, None)
