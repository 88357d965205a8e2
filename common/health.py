"""``/healthz`` says the process is alive; ``/readyz`` says everything it needs answers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from common.problems import problem_response

Check = Callable[[Request], Awaitable[None]]


async def run_checks(request: Request, checks: dict[str, Check], timeout_s: float) -> dict[str, str]:
    async def one(check: Check) -> str:
        try:
            await asyncio.wait_for(check(request), timeout_s)
            return "ok"
        except Exception as exc:  # any failure means not ready; say which
            return f"failing: {type(exc).__name__}"

    results = await asyncio.gather(*(one(c) for c in checks.values()))
    return dict(zip(checks, results, strict=True))


def health_router(checks: dict[str, Check], timeout_s: float = 2.0) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        results = await run_checks(request, checks, timeout_s)
        if all(v == "ok" for v in results.values()):
            return JSONResponse({"status": "ok", "checks": results})
        return problem_response(503, "not_ready", detail="A dependency is not reachable", checks=results)

    return router


async def check_database(request: Request) -> None:
    await request.app.state.db.ping()


async def check_redis(request: Request) -> None:
    await request.app.state.redis.ping()
