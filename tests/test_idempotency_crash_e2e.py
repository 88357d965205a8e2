"""An Idempotency-Key whose request crashed half-way is not stuck: its lease runs out and a retry places
the order (once); a claim left without an order by an older version is taken over the same way."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import create_async_engine

from common.models import UtcDateTime
from services.orders.schemas import OrderCreate
from services.orders.service import _request_hash
from tests.support import ADDRESS, bearer, login

pytestmark = pytest.mark.e2e


@pytest.fixture
async def buyer(gateway):
    ops = await login(gateway, "idem-crash-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"幂等 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "份", "price_fen": 800, "stock": 10}]})).json()
    tokens = await login(gateway, f"idem-crash-{uuid.uuid4().hex[:8]}")
    address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(tokens))).json()
    me = (await gateway.get("/v1/users/me", headers=bearer(tokens))).json()
    return {"tokens": tokens, "user_id": me["id"], "body": {"sku_id": product["skus"][0]["id"], "quantity": 1,
                                                             "address_id": address["id"]}}


async def _place(gateway, buyer, key: str):
    headers = bearer(buyer["tokens"]) | {"Idempotency-Key": key}
    return await gateway.post("/v1/orders", json=buyer["body"], headers=headers)


async def test_a_key_held_by_a_crashed_request_frees_itself(gateway, stack, buyer):
    key = f"crash-{uuid.uuid4().hex}"
    redis = Redis.from_url(stack.infra.redis.url, decode_responses=True)
    try:  # what the same request left when it died after taking its lease: the lease, nothing else
        lease = f"{stack.infra.redis.prefix}orders:idempotency:{buyer['user_id']}:{key}"
        await redis.set(lease, _request_hash(OrderCreate(**buyer["body"])), px=2000)
    finally:
        await redis.aclose()
    held = await _place(gateway, buyer, key)
    assert held.status_code == 409 and held.json()["code"] == "request_in_flight"
    await asyncio.sleep(2.5)
    placed = await _place(gateway, buyer, key)
    assert placed.status_code == 201, placed.text
    again = await _place(gateway, buyer, key)
    assert again.status_code == 201 and again.json()["id"] == placed.json()["id"]


async def test_an_orderless_claim_left_by_a_crash_is_taken_over(gateway, stack, buyer):
    key = f"legacy-{uuid.uuid4().hex}"
    engine = create_async_engine(stack.database_template.format(service="orders"))
    try:
        records = sa.table("idempotency_record", sa.column("user_id"), sa.column("key"), sa.column("request_hash"),
                           sa.column("order_id"), sa.column("created_at", UtcDateTime()))
        async with engine.begin() as conn:
            await conn.execute(sa.insert(records).values(user_id=buyer["user_id"], key=key, request_hash="f" * 64,
                                                         order_id=None, created_at=datetime.now(UTC)))
    finally:
        await engine.dispose()
    placed = await _place(gateway, buyer, key)
    assert placed.status_code == 201, placed.text
    assert (await _place(gateway, buyer, key)).json()["id"] == placed.json()["id"]


async def test_a_refused_order_frees_its_key_and_a_placed_one_is_answered_by_its_row(gateway, stack, buyer):
    too_many = {**buyer, "body": {**buyer["body"], "quantity": 11}}  # the SKU has 10
    key = f"refused-{uuid.uuid4().hex}"
    refused = await _place(gateway, too_many, key)
    assert refused.status_code == 409, refused.text
    again = await _place(gateway, too_many, key)  # at once: the refused request gave its lease back
    assert again.status_code == 409 and again.json()["code"] == refused.json()["code"] != "request_in_flight"

    key = f"placed-{uuid.uuid4().hex}"
    placed = await _place(gateway, buyer, key)
    assert placed.status_code == 201, placed.text
    redis = Redis.from_url(stack.infra.redis.url, decode_responses=True)
    try:  # the placed order's lease is left to run out: its row answers every retry from now on
        lease = f"{stack.infra.redis.prefix}orders:idempotency:{buyer['user_id']}:{key}"
        assert await redis.pttl(lease) > 0
    finally:
        await redis.aclose()
    retries = await asyncio.gather(*(_place(gateway, buyer, key) for _ in range(3)))
    assert [r.status_code for r in retries] == [201] * 3
    assert {r.json()["id"] for r in retries} == {placed.json()["id"]}
    other = await _place(gateway, {**buyer, "body": {**buyer["body"], "quantity": 2}}, key)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
