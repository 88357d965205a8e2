"""The supply day through the gateway to the real processes: a supplier with its own API key, paid orders
given their delivery day at payment, the sales day's cutoff passing, the cutoff run twice at once (one
purchase order per supplier and day), the supplier reading only its own purchase orders, a short
confirmation sent twice at once refunding exactly the units short to the orders paid last, and the
leader's arrival report refunding damage, charging it back and making the orders ready for pickup."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid

import pytest

from tests.support import ADDRESS, bearer, close_sales_day_soon, login, until

pytestmark = pytest.mark.e2e


async def api_key(gateway, ops: dict, *scopes: str) -> tuple[int, dict[str, str]]:
    created = await gateway.post("/v1/api-keys", headers=bearer(ops),
                                 json={"name": f"供应商 {uuid.uuid4().hex[:6]}", "scopes": list(scopes)})
    assert created.status_code == 201, created.text
    return created.json()["id"], {"X-API-Key": created.json()["key"]}


async def supplier_with_key(gateway, ops: dict, sku_price: int) -> dict:
    tag = uuid.uuid4().hex[:6]
    supplier = await gateway.post("/v1/suppliers", headers=bearer(ops),
                                  json={"name": f"绿源农场 {tag}", "contact": "李经理 13800000001",
                                        "settlement_terms": "monthly"})
    assert supplier.status_code == 201, supplier.text
    key_id, key = await api_key(gateway, ops, "orders:read", "orders:write", "catalog:read")
    bound = await gateway.put(f"/v1/suppliers/{supplier.json()['id']}/api-key", headers=bearer(ops),
                              json={"api_key_id": key_id})
    assert bound.status_code == 200, bound.text
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"土鸡蛋 {tag}", "role": "regular", "published": True,
        "skus": [{"name": "30枚", "price_fen": sku_price, "stock": 100}]})).json()
    assigned = await gateway.post(f"/v1/suppliers/{supplier.json()['id']}/products", headers=bearer(ops),
                                  json={"product_ids": [product["id"]]})
    assert assigned.status_code == 200, assigned.text
    return {"id": supplier.json()["id"], "key": key, "sku": product["skus"][0]["id"]}


async def paid_order(gateway, buyer: dict, sku_id: int, quantity: int) -> dict:
    placed = await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"sku_id": sku_id, "quantity": quantity, "address_id": buyer["address_id"]})
    assert placed.status_code == 201, placed.text
    paid = await gateway.post(f"/v1/payments/sandbox/{placed.json()['id']}", headers=bearer(buyer))
    assert paid.status_code == 200 and paid.json()["status"] == "confirmed", paid.text
    assert paid.json()["delivery_date"] is not None  # given at payment
    return paid.json()


@pytest.fixture
async def supply_day(gateway):
    tag = uuid.uuid4().hex[:6]
    ops = await login(gateway, "supply-e2e-ops", ("ops",))
    community = (await gateway.post("/v1/communities", headers=bearer(ops), json={
        "name": f"翠苑供货点 {tag}", "province": "浙江省", "city": "杭州市", "district": "西湖区",
        "estate": "翠苑一区", "building": "5幢", "pickup_point": "5幢门卫室"})).json()
    leader = await login(gateway, f"supply-e2e-leader-{tag}")
    await gateway.put(f"/v1/communities/{community['id']}/leader", headers=bearer(ops),
                      json={"user_id": leader["user"]["id"]})
    leader = await login(gateway, f"supply-e2e-leader-{tag}")
    mine, other = await supplier_with_key(gateway, ops, 1000), await supplier_with_key(gateway, ops, 500)
    orders = []
    for i, quantity in enumerate((3, 3, 4)):  # 10 units of one SKU, three buyers
        buyer = await login(gateway, f"supply-e2e-buyer-{i}-{tag}")
        await gateway.post(f"/v1/communities/{community['id']}/join", headers=bearer(buyer))
        buyer["address_id"] = (await gateway.post("/v1/users/me/addresses", json=ADDRESS,
                                                  headers=bearer(buyer))).json()["id"]
        orders.append((buyer, await paid_order(gateway, buyer, mine["sku"], quantity)))
    await paid_order(gateway, orders[0][0], other["sku"], 2)
    day = orders[0][1]["delivery_date"]
    # The sales day closes now: ops move its cutoff to a moment from now (a holiday's early cutoff).
    await close_sales_day_soon(gateway, ops, day, also=[leader, *(buyer for buyer, _ in orders)])
    return {"ops": ops, "leader": leader, "community": community["id"], "mine": mine, "other": other,
            "orders": orders, "day": day}


async def test_the_supply_day(gateway, supply_day):
    s = supply_day
    ops, mine, other = s["ops"], s["mine"], s["other"]
    runs = await asyncio.gather(*(gateway.post("/v1/supply/cutoffs", headers=bearer(ops)) for _ in range(3)))
    assert all(run.status_code == 200 for run in runs), [run.text for run in runs]
    listed = await gateway.get("/v1/supply/purchase-orders", headers=bearer(ops), params={"delivery_date": s["day"]})
    ours = [po for po in listed.json()["items"] if po["supplier_id"] == mine["id"]]
    assert len(ours) == 1, listed.text  # one purchase order per supplier and day, however often the run goes
    (po,) = ours
    assert po["total_units"] == 10 and po["lines"][0]["ordered_units"] == 10
    assert po["lines"][0]["communities"] == [{"community_id": s["community"], "units": 10}]

    # The supplier's key reads its own purchase orders only.
    seen = await gateway.get("/v1/supply/purchase-orders", headers=mine["key"])
    assert {p["supplier_id"] for p in seen.json()["items"]} == {mine["id"]}
    assert (await gateway.get(f"/v1/supply/purchase-orders/{po['id']}", headers=mine["key"])).status_code == 200
    theirs = await gateway.get(f"/v1/supply/purchase-orders/{po['id']}", headers=other["key"])
    assert theirs.status_code == 404 and theirs.headers["content-type"] == "application/problem+json"
    refused = await gateway.post(f"/v1/supply/purchase-orders/{po['id']}/confirm", headers=other["key"],
                                 json={"lines": [{"sku_id": mine["sku"], "units": 0}]})
    assert refused.status_code == 404
    buyer = s["orders"][0][0]
    assert (await gateway.get(f"/v1/supply/purchase-orders/{po['id']}", headers=bearer(buyer))).status_code == 404
    as_csv = await gateway.get(f"/v1/supply/purchase-orders/{po['id']}", headers=mine["key"],
                               params={"format": "csv"})
    assert as_csv.content.startswith(b"\xef\xbb\xbf")
    (row,) = csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig")))
    assert int(row["units"]) == 10

    # 7 of 10 confirmed, twice at once: 3 units refunded, from the last paid order (4 units: 3 of them).
    confirm = {"lines": [{"sku_id": mine["sku"], "units": 7}]}
    answers = await asyncio.gather(*(gateway.post(f"/v1/supply/purchase-orders/{po['id']}/confirm",
                                                  headers=mine["key"], json=confirm) for _ in range(2)))
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    assert answers[0].json()["lines"][0]["confirmed_units"] == 7
    last = s["orders"][2][1]
    refunds = await until(lambda: gateway.get("/v1/orders/refunds", headers=bearer(ops), params={"limit": 100}),
                          lambda a: any(r["order_id"] == last["id"] for r in a.json()["items"]), 10)
    short = [r for r in refunds.json()["items"] if r["reason"] == "supplier_short"
             and r["order_id"] in {o["id"] for _, o in s["orders"]}]
    assert [(r["order_id"], r["amount_fen"]) for r in short] == [(last["id"], 3 * 1000)]
    changed = await gateway.post(f"/v1/supply/purchase-orders/{po['id']}/confirm", headers=mine["key"],
                                 json={"lines": [{"sku_id": mine["sku"], "units": 5}]})
    assert changed.status_code == 409 and changed.json()["code"] == "purchase_order_confirmed"

    # The warehouse sorts 7; the leader finds 1 damaged: refunded, charged back, and the rest arrive.
    sorting = await gateway.get("/v1/supply/sorting-list", headers=bearer(ops), params={"date": s["day"]})
    rows = [r for r in sorting.json()["rows"] if r["sku_id"] == mine["sku"]]
    assert [(r["community_id"], r["units"]) for r in rows] == [(s["community"], 7)]
    report = {"community_id": s["community"], "date": s["day"],
              "lines": [{"sku_id": mine["sku"], "received": 6, "short": 0, "damaged": 1,
                         "photo_urls": ["https://img.example/egg.jpg"]}]}
    stranger = await login(gateway, f"supply-e2e-stranger-{uuid.uuid4().hex[:6]}", ("leader",))
    assert (await gateway.post("/v1/supply/arrivals", headers=bearer(stranger), json=report)).status_code == 404
    arrived = await gateway.post("/v1/supply/arrivals", headers=bearer(s["leader"]), json=report)
    assert arrived.status_code == 200, arrived.text
    again = await gateway.post("/v1/supply/arrivals", headers=bearer(s["leader"]), json=report)
    assert again.status_code == 200 and again.json()["refunded_orders"] == {}
    assert arrived.json()["refunded_orders"] == {str(last["id"]): 1}
    charged = await gateway.get("/v1/supply/chargebacks", headers=mine["key"])
    assert [(c["order_id"], c["units"], c["amount_fen"]) for c in charged.json()["items"]] == [(last["id"], 1, 1000)]
    assert (await gateway.get("/v1/supply/chargebacks", headers=other["key"])).json()["items"] == []
    first = await gateway.get(f"/v1/orders/{s['orders'][0][1]['id']}", headers=bearer(buyer))
    assert first.json()["status"] == "shipped"  # arrived: ready for pickup
