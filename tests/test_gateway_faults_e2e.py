"""The gateway when things around it fail: Redis gone (the limits fail open, routes that need no Redis
keep answering), answers carrying exactly the headers a caller expects, and a request that is not HTTP."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from common.testing.infra import free_port
from conftest import stack_env
from tests.support import bearer, login

pytestmark = pytest.mark.e2e


@pytest.fixture
def gateway_without_redis(stack, fake_wechat):
    """A second gateway in front of the same services whose Redis is nowhere to be found."""
    env = stack_env(fake_wechat, GROUPBUY_REDIS__URL=f"redis://127.0.0.1:{free_port()}/0",
                    GROUPBUY_RATE_LIMITS__IP='{"capacity": 5, "per_second": 1}')
    url, process = stack.start_extra_gateway("gateway-no-redis", env)
    yield url
    process.terminate()
    process.wait(timeout=10)


async def test_without_redis_routed_requests_are_answered_not_failed(gateway_without_redis, gateway):
    tokens = await login(gateway, "no-redis-buyer")
    async with httpx.AsyncClient(base_url=gateway_without_redis, timeout=10) as client:
        answers = [await client.get("/v1/levels") for _ in range(12)]
        me = await client.get("/v1/users/me", headers=bearer(tokens))
        metrics = (await client.get("/metrics")).text
    # Twelve requests from one address over a limit of five: the limits could not be checked, so they
    # let everyone through instead of failing every route.
    assert [a.status_code for a in answers] == [200] * 12, [a.text for a in answers]
    assert me.status_code == 200 and me.json()["id"]
    unchecked = [line for line in metrics.splitlines() if line.startswith("groupbuy_ratelimit_unavailable_total ")]
    assert unchecked and float(unchecked[0].split()[1]) >= 13


async def test_a_forwarded_answer_carries_one_date_and_no_service_server_header(gateway):
    answer = await gateway.get("/v1/levels")
    assert answer.status_code == 200
    assert len(answer.headers.get_list("date")) == 1
    assert "uvicorn" not in answer.headers.get("server", "")


async def test_a_head_request_is_answered_without_a_body(gateway):
    answer = await gateway.head("/v1/levels")
    assert answer.status_code in (200, 405)
    assert answer.content == b""
    follow_up = await gateway.get("/v1/levels")
    assert follow_up.status_code == 200


@pytest.mark.parametrize("part", ["gateway", "orders"])
async def test_a_request_that_is_not_http_is_answered_with_a_problem(stack, part):
    # Refused by the HTTP parser before any app sees it; every part answers as every other 4xx of the API.
    url = httpx.URL(stack.url(part))
    reader, writer = await asyncio.open_connection(url.host, url.port)
    try:
        writer.write(b"POST /v1/referrals/shares HTTP/1.1\r\nHost: x\r\ncontent-length: r ,i-v\tg\r\n\r\n")
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout=10)  # the connection is closed after it
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    assert lines[0] == "HTTP/1.1 400 Bad Request", raw
    assert headers["content-type"] == "application/problem+json", raw
    problem = json.loads(body)
    assert problem["code"] == "bad_request" and problem["status"] == 400, problem
    assert problem["request_id"] == headers["x-request-id"], raw
