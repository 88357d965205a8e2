"""``purchase_order.created`` between the real processes, through the gateway, to a real local HTTP receiver:
the supplier's own key's subscription receives its purchase order, signed; another partner's key subscribed
to the same event (with the same scope) receives nothing, and its delivery log stays empty."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from common.testing.stack import Stack
from common.testing.webhook_receiver import WebhookReceiver, partner_verify
from conftest import stack_env
from tests.support import ADDRESS, bearer, close_sales_day_soon, login

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(infra, fake_wechat):
    """A stack of this module's own: a supply-day test closes a sales day early, and only today's and
    tomorrow's can be closed from now; the shared stack's are for the tests there (and the demo)."""
    env = stack_env(fake_wechat, GROUPBUY_REDIS__PREFIX=f"{infra.redis.prefix}supply-hooks:",
                    GROUPBUY_DATA_DIR=str(infra.tmp / "data-supply-hooks"))
    running = Stack(infra=infra, database_template=infra.database_template("supply_hooks"),
                    extra_env=env).start()
    yield running
    running.stop()

EVENT = "purchase_order.created"


@pytest.fixture
async def receiver():
    running = await WebhookReceiver.start()
    yield running
    await running.stop()


async def partner_key(gateway, ops: dict, name: str) -> tuple[int, dict[str, str]]:
    made = await gateway.post("/v1/api-keys", headers=bearer(ops),
                              json={"name": name, "scopes": ["orders:read", "webhooks:manage"]})
    assert made.status_code == 201, made.text
    return made.json()["id"], {"X-API-Key": made.json()["key"]}


async def subscribe(gateway, key: dict[str, str], url: str) -> dict:
    made = await gateway.post("/v1/webhooks", headers=key, json={"url": url, "event_types": [EVENT]})
    assert made.status_code == 201, made.text
    return made.json()


async def test_a_purchase_order_reaches_only_its_suppliers_webhook(gateway, receiver):
    tag = uuid.uuid4().hex[:6]
    ops = await login(gateway, "supply-hooks-e2e-ops", ("ops",))
    supplier = (await gateway.post("/v1/suppliers", headers=bearer(ops), json={
        "name": f"推送供应商 {tag}", "contact": "周经理", "settlement_terms": "weekly"})).json()
    key_id, supplier_key = await partner_key(gateway, ops, f"供应商密钥 {tag}")
    bound = await gateway.put(f"/v1/suppliers/{supplier['id']}/api-key", headers=bearer(ops),
                              json={"api_key_id": key_id})
    assert bound.status_code == 200, bound.text
    _, bystander_key = await partner_key(gateway, ops, f"物流伙伴 {tag}")
    mine = await subscribe(gateway, supplier_key, receiver.url("supplier"))
    theirs = await subscribe(gateway, bystander_key, receiver.url("bystander"))

    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"推送鸡蛋 {tag}", "role": "regular", "published": True,
        "skus": [{"name": "30枚", "price_fen": 1500, "stock": 50}]})).json()
    assigned = await gateway.post(f"/v1/suppliers/{supplier['id']}/products", headers=bearer(ops),
                                  json={"product_ids": [product["id"]]})
    assert assigned.status_code == 200, assigned.text
    buyer = await login(gateway, f"supply-hooks-e2e-buyer-{tag}")
    address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))).json()
    placed = await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"sku_id": product["skus"][0]["id"], "quantity": 2, "address_id": address["id"]})
    assert placed.status_code == 201, placed.text
    paid = (await gateway.post(f"/v1/payments/sandbox/{placed.json()['id']}", headers=bearer(buyer))).json()
    day = paid["delivery_date"]

    # The sales day closes a moment from now (a holiday's early cutoff), then the day is bought.
    await close_sales_day_soon(gateway, ops, day)
    assert (await gateway.post("/v1/supply/cutoffs", headers=bearer(ops))).status_code == 200
    listed = (await gateway.get("/v1/supply/purchase-orders", headers=supplier_key,
                                params={"delivery_date": day})).json()["items"]
    (po,) = listed

    def delivered(r: WebhookReceiver) -> bool:
        return any(x.event_type == EVENT and x.json()["payload"]["purchase_order_id"] == po["id"]
                   for x in r.at("supplier"))

    assert await receiver.wait_for(delivered, 30), [x.json() for x in receiver.received]
    (got,) = [x for x in receiver.at("supplier") if x.json()["payload"]["purchase_order_id"] == po["id"]]
    assert partner_verify(mine["secret"], got.headers, got.body)
    payload = got.json()["payload"]
    assert (payload["supplier_id"], payload["delivery_date"], payload["total_units"]) == (supplier["id"], day, 2)
    assert [(line["sku_id"], line["units"]) for line in payload["lines"]] == [(product["skus"][0]["id"], 2)]

    await asyncio.sleep(2.0)  # a wrongly addressed delivery would have been sent by now
    assert receiver.at("bystander") == []
    log = await gateway.get(f"/v1/webhooks/{theirs['id']}/deliveries", headers=bystander_key)
    assert log.status_code == 200 and log.json()["items"] == [], log.text
    for item in (await gateway.get("/v1/webhooks", params={"limit": 100}, headers=bearer(ops))).json()["items"]:
        if item["id"] in (mine["id"], theirs["id"]):
            await gateway.delete(f"/v1/webhooks/{item['id']}", headers=bearer(ops))
