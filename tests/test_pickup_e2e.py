"""The leader's pickup sheet through the gateway to the real processes: orders paid and confirmed are
not on it until they are shipped and the leader confirmed their arrival, then they are, grouped by door and
SKU with the buyers masked; picking up is counted; the CSV has the same rows; only ops and the community's
leader may read it."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from tests.support import ADDRESS, arrive, bearer, login

pytestmark = pytest.mark.e2e

SAME_DOOR = ADDRESS | {"recipient": "赵六", "phone": "13911112222", "building": "5栋", "unit": "一单元",
                       "room": "502室"}


async def joined_buyer(gateway, community_id: int, name: str, address: dict) -> dict:
    buyer = await login(gateway, name)
    assert (await gateway.post(f"/v1/communities/{community_id}/join", headers=bearer(buyer))).status_code == 200
    buyer["address_id"] = (await gateway.post("/v1/users/me/addresses", json=address,
                                              headers=bearer(buyer))).json()["id"]
    return buyer


async def paid_order(gateway, buyer: dict, sku_id: int, quantity: int) -> dict:
    placed = await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"sku_id": sku_id, "quantity": quantity, "address_id": buyer["address_id"]})
    assert placed.status_code == 201, placed.text
    paid = await gateway.post(f"/v1/payments/sandbox/{placed.json()['id']}", headers=bearer(buyer))
    assert paid.status_code == 200 and paid.json()["status"] == "confirmed", paid.text
    return paid.json()


@pytest.fixture
async def pickup_point(gateway):
    """A community with a leader, two buyers at one door (spelled two ways), each with a paid order."""
    tag = uuid.uuid4().hex[:6]
    ops = await login(gateway, "pickup-e2e-ops", ("ops",))
    community = (await gateway.post("/v1/communities", headers=bearer(ops), json={
        "name": f"翠苑自提点 {tag}", "province": "浙江省", "city": "杭州市", "district": "西湖区",
        "estate": "翠苑一区", "building": "5幢", "pickup_point": "5幢门卫室"})).json()
    leader = await login(gateway, f"pickup-e2e-leader-{tag}")
    assigned = await gateway.put(f"/v1/communities/{community['id']}/leader", headers=bearer(ops),
                                 json={"user_id": leader["user"]["id"]})
    assert assigned.status_code == 200, assigned.text
    leader = await login(gateway, f"pickup-e2e-leader-{tag}")  # a new token carries the leader role
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"自提测试商品 {tag}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": 1500, "stock": 10}]})).json()
    sku = product["skus"][0]["id"]
    first = await joined_buyer(gateway, community["id"], f"pickup-e2e-a-{tag}", ADDRESS)
    second = await joined_buyer(gateway, community["id"], f"pickup-e2e-b-{tag}", SAME_DOOR)
    orders = [await paid_order(gateway, first, sku, 2), await paid_order(gateway, second, sku, 1)]
    return {"ops": ops, "leader": leader, "community": community["id"], "sku": sku, "orders": orders,
            "buyer": first}


async def sheet(gateway, tokens: dict, community_id: int, **params):
    return await gateway.get("/v1/orders/pickup-list", params={"community_id": community_id} | params,
                             headers=bearer(tokens) if tokens else {})


async def test_the_leader_hands_out_from_the_sheet(gateway, pickup_point):
    point = pickup_point
    before = await sheet(gateway, point["leader"], point["community"])
    assert before.status_code == 200, before.text
    assert before.json()["rows"] == []  # paid and confirmed, not shipped yet: nothing at the point

    for order in point["orders"]:
        shipped = await gateway.post(f"/v1/orders/{order['id']}/ship", headers=bearer(point["leader"]))
        assert shipped.status_code == 200, shipped.text
    on_way = (await sheet(gateway, point["leader"], point["community"])).json()
    assert on_way["rows"] == []  # shipped, but the leader has not confirmed the arrival yet: nothing to hand out
    await arrive(gateway, point["leader"], point["community"])
    body = (await sheet(gateway, point["leader"], point["community"])).json()
    assert (body["orders"], body["quantity"], body["picked_up_orders"]) == (2, 3, 0)
    (row,) = body["rows"]
    assert (row["address"], row["sku_id"], row["orders"], row["quantity"]) == ("翠苑一区 5幢 1单元 502", point["sku"],
                                                                              2, 3)
    assert sorted(row["order_nos"]) == sorted(o["order_no"] for o in point["orders"])
    assert sorted(row["recipients"]) == ["王* 137****0000", "赵* 139****2222"]

    handed = await gateway.post(f"/v1/orders/{point['orders'][0]['id']}/deliver", headers=bearer(point["leader"]))
    assert handed.status_code == 200
    after = (await sheet(gateway, point["leader"], point["community"], date=body["date"])).json()
    assert after["rows"][0]["picked_up_orders"] == 1 and after["orders"] == 2

    as_csv = await gateway.get("/v1/orders/pickup-list", headers=bearer(point["leader"]) | {"Accept": "text/csv"},
                               params={"community_id": point["community"], "date": body["date"]})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    (csv_row,) = csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig")))
    assert (csv_row["address"], int(csv_row["quantity"]), int(csv_row["picked_up_orders"])) == (
        "翠苑一区 5幢 1单元 502", 3, 1)
    assert "13911112222" not in as_csv.text and "13700000000" not in as_csv.text


async def test_only_ops_and_the_communitys_leader_read_the_sheet(gateway, pickup_point):
    point = pickup_point
    assert (await sheet(gateway, point["ops"], point["community"])).status_code == 200
    other_leader = await login(gateway, f"pickup-e2e-other-{uuid.uuid4().hex[:6]}", ("leader",))
    for caller in (point["buyer"], other_leader):
        refused = await sheet(gateway, caller, point["community"])
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden", refused.text
    assert (await sheet(gateway, None, point["community"])).status_code == 401
    assert (await sheet(gateway, point["ops"], 987654321)).status_code == 404
    bad = await sheet(gateway, point["leader"], point["community"], date="2026-13-01")
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
