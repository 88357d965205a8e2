"""Stopping background work, and worker processes on SIGTERM: a task whose first cancellation is swallowed
(as a shielded clean-up in a library may do) still stops, because it is cancelled again."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from common.relay import run_until_stopped
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


async def test_a_worker_stops_on_sigterm_though_its_work_swallows_one_cancellation():
    """A worker process (``python -m common.relay`` / ``common.consumer``) cancelled only once by SIGTERM
    would run on forever when that one cancellation is lost."""
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

    asyncio.get_running_loop().call_later(0.05, os.kill, os.getpid(), signal.SIGTERM)
    await asyncio.wait_for(run_until_stopped(stubborn), timeout=5)
    assert rounds == 2
    assert not asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)  # its handler went with it


async def test_a_workers_own_failure_is_raised_and_not_waited_for():
    async def failing() -> None:
        await asyncio.sleep(0)
        raise RuntimeError("the worker's own failure")

    with pytest.raises(RuntimeError, match="own failure"):
        await asyncio.wait_for(run_until_stopped(failing), timeout=5)
