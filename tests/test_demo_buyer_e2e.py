"""The demo's basket buyer (``devtools/demo_buyer.py``) through the gateway: a basket of three lines is one
checkout paid once, the small after-sales claim on the eggs is approved at once and shows on the order, and
loading it again adds nothing.  It runs on products and a buyer of its own, so the demo's own data stays
test_demo_e2e's to load (that test checks the demo's summary names the basket)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from groupbuy_client.api.catalog import catalog_create_product
from groupbuy_client.models import ProductCreate

from devtools.demo import Demo, _ok
from devtools.demo_buyer import BASKET, CLAIM, basket
from tests.support import until

pytestmark = pytest.mark.e2e


def products_like_the_demo(demo: Demo) -> dict[str, Any]:
    ops, _ = demo.login("demo-buyer-test-ops", ("ops",))
    return {external_id: _ok(catalog_create_product.sync_detailed(client=ops, body=ProductCreate.from_dict({
        "name": f"{external_id} {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": 1990, "stock": 100}]})), f"create {external_id}")
        for external_id, _ in BASKET}


async def test_the_demo_basket_is_paid_once_and_its_claim_approved_once(stack):
    demo = Demo(stack.gateway_url)
    products = await asyncio.to_thread(products_like_the_demo, demo)
    buyer = f"demo-dave-{uuid.uuid4().hex[:8]}"
    first = await asyncio.to_thread(basket, demo, products, buyer)
    again = await asyncio.to_thread(basket, demo, products, buyer)
    assert first == again and f"{buyer} paid a basket of 3 lines once" in first, (first, again)
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as gateway:
        token = (await gateway.post("/v1/auth/dev-login", json={"openid": buyer})).json()["access_token"]
        dave = {"Authorization": f"Bearer {token}"}
        (checkout,) = (await gateway.get("/v1/checkouts", headers=dave)).json()["items"]
        assert checkout["status"] == "paid" and len(checkout["lines"]) == len(BASKET)
        assert checkout["amount_fen"] == sum(line["amount_fen"] for line in checkout["lines"]) == 1990 * 4
        assert {line["status"] for line in checkout["lines"]} <= {"paid", "confirmed"}
        assert len((await gateway.get("/v1/orders", headers=dave)).json()["items"]) == len(BASKET)
        (claim,) = (await gateway.get("/v1/orders/after-sales", headers=dave)).json()["items"]
        assert (claim["status"], claim["auto_rule"], claim["amount_fen"]) == ("approved", "small_amount",
                                                                             CLAIM["amount_fen"])
        eggs = next(line for line in checkout["lines"] if line["sku_id"] == products["demo-eggs"].skus[0].id)
        assert claim["order_id"] == eggs["id"] and f"claim {claim['id']} on order {eggs['id']}: approved" in first
        order = await until(lambda: gateway.get(f"/v1/orders/{claim['order_id']}", headers=dave),
                            lambda answer: answer.json()["refunds"][0]["state"] == "paid", 15)
        (line,) = order.json()["refunds"]
        assert (line["reason"], line["reason_code"], line["amount_fen"]) == ("after_sales", "damaged", 300)
