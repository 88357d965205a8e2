"""A paid order's stock reservation is committed from the event stream, with no call from orders at the
time of payment (whatever crashes then, the event still arrives)."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support import ADDRESS, bearer, login, until

pytestmark = pytest.mark.e2e


@pytest.fixture
async def product(gateway):
    ops = await login(gateway, "stock-settle-ops", ("ops",))
    created = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"结算测试 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "一袋", "price_fen": 1500, "stock": 10}]})).json()
    return {"ops": ops, "id": created["id"], "sku": created["skus"][0]["id"]}


async def _available(gateway, product) -> int:
    answer = await gateway.get(f"/v1/products/{product['id']}", headers=bearer(product["ops"]))
    return answer.json()["skus"][0]["available"]


async def test_a_paid_orders_reservation_is_committed_from_the_stream(gateway, stack, product):
    buyer = await login(gateway, f"stock-settle-buyer-{uuid.uuid4().hex[:6]}")
    address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))).json()
    placed = await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"sku_id": product["sku"], "quantity": 2, "address_id": address["id"]})
    assert placed.status_code == 201, placed.text
    paid = await gateway.post(f"/v1/payments/sandbox/{placed.json()['id']}", headers=bearer(buyer))
    assert paid.status_code == 200 and paid.json()["status"] == "confirmed"

    engine = create_async_engine(stack.database_template.format(service="catalog"))
    try:
        async def status():
            async with engine.connect() as conn:
                return (await conn.execute(sa.text("SELECT status FROM reservation WHERE order_id = :no"),
                                           {"no": placed.json()["order_no"]})).scalar_one()

        assert await until(status, lambda s: s == "committed", seconds=15) == "committed"
    finally:
        await engine.dispose()
    assert await _available(gateway, product) == 8  # committed units stay taken
