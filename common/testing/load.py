"""Firing many requests at a real server at once, the way a crowd of clients would: at most
``concurrency`` in flight, each built (and signed) only when it is about to be sent."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def rush(count: int, send: Callable[[int], Awaitable[T]], *, concurrency: int = 100) -> list[T]:
    """``send(i)`` for i in range(count), ``concurrency`` at a time; results in order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(i: int) -> T:
        async with gate:
            return await send(i)

    return await asyncio.gather(*(one(i) for i in range(count)))
