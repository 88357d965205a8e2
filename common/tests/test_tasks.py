"""Stopping background work: a task whose first cancellation is swallowed (as a shielded clean-up in a
library may do) still stops, because it is cancelled again."""

from __future__ import annotations

import asyncio

from common.tasks import background


async def test_a_task_that_swallows_one_cancellation_is_stopped_all_the_same():
    rounds = 0

    async def stubborn() -> None:
        nonlocal rounds
        while True:
            rounds += 1
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                if rounds == 1:
                    continue  # lost on its way, once
                raise

    async with background(stubborn(), "stubborn") as task:
        await asyncio.sleep(0.05)
    assert task.done() and task.cancelled()
    assert rounds == 2
