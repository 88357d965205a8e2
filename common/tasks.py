"""Background tasks of a process: started for the app's lifetime, and stopped without ever hanging
shutdown (a task that ignores cancellation is reported with where it is stuck, then left behind).

A cancellation can be lost on its way: one that lands while a library shields a clean-up (httpcore
does, closing a connection) or while ``asyncio.wait_for`` finishes on 3.11 is swallowed, and the task
goes on as if nothing had happened.  So a task that has not stopped is cancelled again every
``RECANCEL_S`` until it does or the time is up."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from collections.abc import AsyncIterator, Coroutine
from typing import Any

log = logging.getLogger("groupbuy.tasks")

STOP_TIMEOUT_S = 5.0
RECANCEL_S = 0.25


async def stop(task: asyncio.Task[Any], timeout_s: float = STOP_TIMEOUT_S) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    done: set[asyncio.Task[Any]] = set()
    while not done:
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            break
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=min(RECANCEL_S, left))
    if not done:
        stack = io.StringIO()
        task.print_stack(file=stack)
        log.error("task %s did not stop within %ss; left behind", task.get_name(), timeout_s,
                  extra={"stack": stack.getvalue()})
        return
    with contextlib.suppress(asyncio.CancelledError):
        exc = task.exception()
        if exc is not None:
            log.error("task %s had failed: %r", task.get_name(), exc)


@contextlib.asynccontextmanager
async def background(work: Coroutine[Any, Any, Any], name: str) -> AsyncIterator[asyncio.Task[Any]]:
    """Run ``work`` in a task for the duration of the block."""
    task = asyncio.create_task(work, name=name)
    try:
        yield task
    finally:
        await stop(task)
