"""Partners' webhooks between the real processes, through the gateway, to a real local HTTP receiver:
a receiver that fails three times gets the event on the fourth attempt and acknowledges it once; the
receiver's own check detects a wrong signature; a receiver that hangs delays neither ``POST /v1/orders``
nor other partners' deliveries; and a key without ``orders:read`` never receives an order's payload.

Membership runs here with retry timings in seconds (``WEBHOOK_ENV``), restarted for this module and
restored after it."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest

from common.testing.webhook_receiver import WebhookReceiver, partner_verify
from tests.support import ADDRESS, bearer, login, until

pytestmark = pytest.mark.e2e

TIMEOUT_S = 10  # a receiver's answer is awaited this long: far beyond any order's response time
RETRY_INITIAL_S = 0.3
WEBHOOK_ENV = {
    "GROUPBUY_WEBHOOKS__TIMEOUT_S": str(TIMEOUT_S),
    "GROUPBUY_WEBHOOKS__RETRY_INITIAL_S": str(RETRY_INITIAL_S),
    "GROUPBUY_WEBHOOKS__RETRY_MAX_DELAY_S": "2",
    "GROUPBUY_WEBHOOKS__RETRY_WINDOW_S": "60",
    "GROUPBUY_WEBHOOKS__POLL_INTERVAL_S": "0.1",
}


def restart_membership(stack) -> None:
    stack.kill("membership")
    stack.start_part("membership")
    stack.wait_ready()


@pytest.fixture(scope="module")
async def receiver(stack):
    """The receiver, and membership restarted with webhook timings in seconds (every subscription made
    here is deleted afterwards, and membership restored)."""
    stack.extra_env.update(WEBHOOK_ENV)
    restart_membership(stack)
    running = await WebhookReceiver.start()
    try:
        yield running
    finally:
        async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as gateway:
            ops = await login(gateway, "webhooks-e2e-ops", ("ops",))
            for _ in range(10):
                items = (await gateway.get("/v1/webhooks", params={"limit": 100}, headers=bearer(ops))).json()["items"]
                for item in items:
                    await gateway.delete(f"/v1/webhooks/{item['id']}", headers=bearer(ops))
                if not items:
                    break
        await running.stop()
        for name in WEBHOOK_ENV:
            stack.extra_env.pop(name, None)
        restart_membership(stack)


async def partner_key(gateway, *scopes: str) -> dict[str, str]:
    ops = await login(gateway, "webhooks-e2e-ops", ("ops",))
    made = await gateway.post("/v1/api-keys", headers=bearer(ops),
                              json={"name": f"partner {uuid.uuid4().hex[:6]}", "scopes": list(scopes)})
    assert made.status_code == 201, made.text
    return {"X-API-Key": made.json()["key"]}


async def subscribe(gateway, key: dict[str, str], url: str, *event_types: str) -> httpx.Response:
    return await gateway.post("/v1/webhooks", headers=key, json={"url": url, "event_types": list(event_types)})


@pytest.fixture
async def shop(gateway):
    """A fresh product (stock 20) and a buyer with an address."""
    tag = uuid.uuid4().hex[:6]
    ops = await login(gateway, "webhooks-e2e-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"推送测试商品 {tag}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": 1990, "stock": 20}]})).json()
    buyer = await login(gateway, f"webhooks-e2e-buyer-{tag}")
    address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))).json()
    return {"product": product, "sku": product["skus"][0]["id"], "buyer": buyer, "address": address["id"]}


async def place(gateway, shop) -> tuple[dict, float]:
    """An order, and how long ``POST /v1/orders`` took."""
    started = time.monotonic()
    answer = await gateway.post("/v1/orders", headers=bearer(shop["buyer"]) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"sku_id": shop["sku"], "quantity": 1, "address_id": shop["address"]})
    elapsed = time.monotonic() - started
    assert answer.status_code == 201, answer.text
    return answer.json(), elapsed


async def paid_order(gateway, shop) -> dict:
    order, _ = await place(gateway, shop)
    paid = await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(shop["buyer"]))
    assert paid.status_code == 200 and paid.json()["status"] == "confirmed", paid.text
    return order


def about(order: dict):
    """Received deliveries whose payload is about ``order``."""
    return lambda r: r.json()["payload"].get("order_id") == order["id"]


async def test_a_receiver_failing_three_times_gets_the_event_on_the_fourth_attempt_once(gateway, receiver, shop):
    receiver.fail_first("flaky", 3)
    key = await partner_key(gateway, "orders:read", "webhooks:manage")
    made = await subscribe(gateway, key, receiver.url("flaky"), "order.confirmed")
    assert made.status_code == 201, made.text
    subscription = made.json()
    order = await paid_order(gateway, shop)

    def log():
        return gateway.get(f"/v1/webhooks/{subscription['id']}/deliveries", headers=key)

    seen = await until(log, lambda a: any(d["status"] == "delivered" for d in a.json()["items"]), 30)
    (delivery,) = [d for d in seen.json()["items"] if d["event_type"] == "order.confirmed"]
    assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == ("delivered", 4, 200)
    await asyncio.sleep(5 * RETRY_INITIAL_S)  # time enough for a fifth attempt, were there one
    arrived = [r for r in receiver.at("flaky") if about(order)(r)]
    assert [r.status for r in arrived] == [503, 503, 503, 200]
    assert {r.event_id for r in arrived} == {delivery["event_id"]}
    assert all(partner_verify(subscription["secret"], r.headers, r.body) for r in arrived)
    event = arrived[-1].json()
    assert event["type"] == "order.confirmed" and event["payload"]["settled_amount_fen"] == 1990
    detail = await gateway.get(f"/v1/webhooks/{subscription['id']}/deliveries/{delivery['id']}", headers=key)
    assert [(a["number"], a["status_code"]) for a in detail.json()["attempt_log"]] == [
        (1, 503), (2, 503), (3, 503), (4, 200)]


async def test_the_receivers_check_detects_a_wrong_signature(gateway, receiver, shop):
    key = await partner_key(gateway, "orders:read", "webhooks:manage")
    subscription = (await subscribe(gateway, key, receiver.url("checked"), "order.placed")).json()
    order, _ = await place(gateway, shop)
    assert await receiver.wait_for(lambda r: any(about(order)(x) for x in r.at("checked")), 30)
    got = next(x for x in receiver.at("checked") if about(order)(x))
    assert partner_verify(subscription["secret"], got.headers, got.body)
    assert not partner_verify("whsec_" + "x" * 43, got.headers, got.body)
    tampered = got.body.replace(b'"amount_fen":1990', b'"amount_fen":1')
    assert tampered != got.body and not partner_verify(subscription["secret"], got.headers, tampered)
    forged = got.headers | {"groupbuy-signature": "v1=" + "0" * 64}
    assert not partner_verify(subscription["secret"], forged, got.body)


async def test_a_hanging_receiver_delays_neither_orders_nor_other_partners(gateway, receiver, shop):
    receiver.hang("stuck")
    stuck_key = await partner_key(gateway, "orders:read", "webhooks:manage")
    prompt_key = await partner_key(gateway, "orders:read", "webhooks:manage")
    assert (await subscribe(gateway, stuck_key, receiver.url("stuck"), "order.placed")).status_code == 201
    assert (await subscribe(gateway, prompt_key, receiver.url("prompt"), "order.placed")).status_code == 201
    first, _ = await place(gateway, shop)
    assert await receiver.wait_for(lambda r: any(about(first)(x) for x in r.at("stuck")), 30)
    hanging_since = next(x.at for x in receiver.at("stuck") if about(first)(x))
    orders = [await place(gateway, shop) for _ in range(3)]
    assert all(elapsed < TIMEOUT_S / 2 for _, elapsed in orders), [elapsed for _, elapsed in orders]
    assert time.monotonic() - hanging_since < TIMEOUT_S, "the orders were placed while the first attempt hung"
    wanted = {order["id"] for order, _ in orders}
    assert await receiver.wait_for(
        lambda r: wanted <= {x.json()["payload"]["order_id"] for x in r.at("prompt")}, 30)
    latest = max(x.at for x in receiver.at("prompt") if x.json()["payload"]["order_id"] in wanted)
    assert latest - hanging_since < TIMEOUT_S, "other partners got theirs while the first attempt still hung"


async def test_a_key_without_orders_read_never_receives_an_order_payload(gateway, receiver, shop):
    catalog_key = await partner_key(gateway, "catalog:read", "webhooks:manage")
    refused = await subscribe(gateway, catalog_key, receiver.url("catalog"), "product.changed", "order.confirmed")
    assert refused.status_code == 403 and refused.json()["code"] == "scope_required"
    assert refused.headers["content-type"] == "application/problem+json"
    mine = await subscribe(gateway, catalog_key, receiver.url("catalog"), "product.changed")
    assert mine.status_code == 201, mine.text
    control_key = await partner_key(gateway, "orders:read", "catalog:read", "webhooks:manage")
    control = await subscribe(gateway, control_key, receiver.url("control"), "order.confirmed", "product.changed")
    assert control.status_code == 201, control.text
    hidden = await gateway.get(f"/v1/webhooks/{control.json()['id']}", headers=catalog_key)
    assert hidden.status_code == 404
    unscoped = await partner_key(gateway, "orders:read")
    assert (await gateway.get("/v1/webhooks", headers=unscoped)).status_code == 403

    ops = await login(gateway, "webhooks-e2e-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"只读目录 {uuid.uuid4().hex[:6]}", "role": "traffic", "published": True,
        "skus": [{"name": "试吃装", "price_fen": 100, "stock": 3}]})).json()
    order = await paid_order(gateway, shop)

    def has(path: str, event_type: str, field: str, value: int):
        return lambda r: any(x.event_type == event_type and x.json()["payload"].get(field) == value for x in r.at(path))

    assert await receiver.wait_for(has("control", "order.confirmed", "order_id", order["id"]), 30)
    assert await receiver.wait_for(has("control", "product.changed", "product_id", product["id"]), 30)
    assert await receiver.wait_for(has("catalog", "product.changed", "product_id", product["id"]), 30)
    await asyncio.sleep(1.0)
    received = receiver.at("catalog")
    assert received and {x.event_type for x in received} == {"product.changed"}
    assert not any("order_id" in x.json()["payload"] for x in received)
    log = await gateway.get(f"/v1/webhooks/{mine.json()['id']}/deliveries", headers=catalog_key)
    assert {d["event_type"] for d in log.json()["items"]} == {"product.changed"}
