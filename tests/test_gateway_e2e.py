"""Through the gateway to the real service processes: routing, problems, request ids, limits, and what
happens when a service dies or hangs."""

from __future__ import annotations

import asyncio
import re
import signal
import time

import httpx
import pytest

from conftest import UPSTREAM_TIMEOUT_S

pytestmark = pytest.mark.e2e


async def test_ready_when_every_part_answers(gateway):
    answer = await gateway.get("/readyz")
    assert answer.status_code == 200
    assert answer.json()["checks"] == {
        "catalog": "ok", "orders": "ok", "membership": "ok", "referrals": "ok", "redis": "ok"}
    assert (await gateway.get("/healthz")).json() == {"status": "ok"}


@pytest.mark.parametrize(("path", "status"), [
    ("/v1/products", 200),
    ("/v1/levels", 200),
    ("/v1/referrals/codes/NOPE42", 200),
    ("/v1/groups/424242", 404),
])
async def test_each_service_answers_through_its_prefix(gateway, path, status):
    answer = await gateway.get(path)
    assert answer.status_code == status, answer.text


async def test_service_problem_passes_through_unchanged_with_the_request_id(gateway, stack):
    answer = await gateway.get("/v1/groups/424242", headers={"X-Request-ID": "e2e-pass-through-1"})
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["code"] == "not_found" and body["request_id"] == "e2e-pass-through-1"
    assert answer.headers["x-request-id"] == "e2e-pass-through-1"
    await asyncio.sleep(0.2)
    assert "e2e-pass-through-1" in stack.tail("orders", 200)


async def test_request_id_is_made_at_the_edge_and_sent_on(gateway, stack):
    answer = await gateway.get("/v1/levels")
    made = answer.headers["x-request-id"]
    assert len(made) >= 16
    await asyncio.sleep(0.2)
    assert made in stack.tail("membership", 200) and made in stack.tail("gateway", 200)


@pytest.mark.parametrize("path", ["/v1/products", "/v1/levels", "/v1/referrals/codes/AB", "/v1/groups/0"])
async def test_malformed_input_to_any_service_is_a_4xx_problem_with_the_request_id(gateway, path):
    answer = await gateway.get(path, params={"limit": "lots"}, headers={"X-Request-ID": "bad-input-7"})
    assert 400 <= answer.status_code < 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["request_id"] == "bad-input-7"


async def test_text_with_a_nul_character_is_refused_the_same_on_every_database(gateway):
    login = (await gateway.post("/v1/auth/dev-login", json={"openid": "nul-text"})).json()
    headers = {"Authorization": f"Bearer {login['access_token']}"}
    address = {"recipient": "王\x00五", "phone": "13700000000", "province": "浙江省", "city": "杭州市",
               "district": "西湖区", "estate": "翠苑一区", "building": "1幢", "room": "101"}
    refused = await gateway.post("/v1/users/me/addresses", headers=headers, json=address)
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_text", refused.text
    assert refused.json()["request_id"] == refused.headers["x-request-id"]
    query = await gateway.get("/v1/products", params={"role": "regular\x00"})
    assert query.status_code == 422 and query.json()["code"] == "invalid_text"
    listed = await gateway.get("/v1/users/me/addresses", headers=headers)
    assert listed.json()["items"] == []  # nothing was stored


async def test_a_header_value_that_is_not_ascii_is_passed_on_and_refused_by_the_service(gateway):
    login = (await gateway.post("/v1/auth/dev-login", json={"openid": "header-bytes"})).json()
    answer = await gateway.post("/v1/orders", json={"sku_id": 1, "address_id": 1}, headers={
        "Authorization": f"Bearer {login['access_token']}", "Idempotency-Key": "订单一二三四".encode()})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("path", [
    "/internal/anything",
    "/v1/internal/anything",
    "/v1/products/../../internal/x",
    "/v1/products/%2e%2e/%2e%2e/internal/x",
    "/v1/nosuchthing",
    "/v1/",
])
async def test_only_the_public_prefixes_are_routed(gateway, path):
    answer = await gateway.get(httpx.URL(path) if "%" not in path else path)
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


async def test_a_body_over_the_cap_is_refused_with_413(gateway):
    big = b"x" * (1_048_576 + 1)
    declared = await gateway.post("/v1/products", content=big, headers={"content-type": "application/json"})
    assert declared.status_code == 413
    assert declared.json()["code"] == "payload_too_large"

    async def chunks():
        for _ in range(5):
            yield b"y" * 300_000

    chunked = await gateway.post("/v1/products", content=chunks())
    assert chunked.status_code == 413


async def test_metrics_count_requests_by_route_template(gateway, stack):
    await gateway.get("/v1/groups/31337")
    async with httpx.AsyncClient() as client:
        text = (await client.get(f"{stack.url('orders')}/metrics")).text
    assert 'route="/v1/groups/{group_id}"' in text
    labels = re.findall(r'"([^"]*)"', text)  # label values only: sample values may hold any digits
    assert not [label for label in labels if "31337" in label]


async def test_a_killed_service_gives_503_quickly_while_others_keep_working(gateway, stack):
    stack.kill("referrals")
    try:
        started = time.monotonic()
        answer = await gateway.get("/v1/referrals/codes/ABCD12")
        assert time.monotonic() - started < UPSTREAM_TIMEOUT_S
        assert answer.status_code == 503
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "service_unavailable"
        assert (await gateway.get("/v1/products")).status_code == 200
        assert (await gateway.get("/readyz")).status_code == 503
    finally:
        stack.start_part("referrals")
        stack.wait_ready()
    assert (await gateway.get("/v1/referrals/codes/ABCD12")).status_code == 200


async def test_a_hanging_service_gives_504_within_the_timeout(gateway, stack):
    stack.kill("catalog", signal.SIGSTOP)
    try:
        started = time.monotonic()
        answer = await gateway.get("/v1/products")
        elapsed = time.monotonic() - started
        assert answer.status_code == 504, answer.text
        assert answer.json()["code"] == "upstream_timeout"
        assert elapsed < UPSTREAM_TIMEOUT_S + 2
        assert (await gateway.get("/v1/levels")).status_code == 200
    finally:
        stack.processes["catalog"].send_signal(signal.SIGCONT)
    stack.wait_ready()
