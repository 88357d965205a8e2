"""The back office and the pickup day through the gateway to the real processes: who may reach which
order, history and pickup code (the BOLA matrix: nothing changes when the answer is no), a leader
handing out a buyer's whole day with one code, twenty counters entering that code at once, a batch ship
racing single ships, a buyer paying again after closing the payment sheet, and ``groupbuy-ops orders``."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter

import pytest

from tests.support import ADDRESS, arrive, bearer, login
from tests.test_ops_cli_e2e import Cli, line_with, ok

pytestmark = pytest.mark.e2e

NEIGHBOUR = ADDRESS | {"recipient": "赵六", "phone": "13911112222", "room": "601"}


async def joined_buyer(gateway, community_id: int, name: str, address: dict) -> dict:
    buyer = await login(gateway, name)
    assert (await gateway.post(f"/v1/communities/{community_id}/join", headers=bearer(buyer))).status_code == 200
    buyer["address_id"] = (await gateway.post("/v1/users/me/addresses", json=address,
                                              headers=bearer(buyer))).json()["id"]
    buyer["id"] = buyer["user"]["id"]
    return buyer


async def placed(gateway, buyer: dict, sku: int, key: str | None = None):
    return await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": key or uuid.uuid4().hex},
                              json={"sku_id": sku, "quantity": 1, "address_id": buyer["address_id"]})


async def paid_order(gateway, buyer: dict, sku: int) -> dict:
    order = await placed(gateway, buyer, sku)
    assert order.status_code == 201, order.text
    paid = await gateway.post(f"/v1/payments/sandbox/{order.json()['id']}", headers=bearer(buyer))
    assert paid.status_code == 200 and paid.json()["status"] == "confirmed", paid.text
    return paid.json()


async def community_with_leader(gateway, ops: dict, tag: str) -> tuple[dict, dict]:
    community = (await gateway.post("/v1/communities", headers=bearer(ops), json={
        "name": f"后台e2e {tag}", "province": "浙江省", "city": "杭州市", "district": "西湖区",
        "estate": "翠苑一区", "building": "5幢", "pickup_point": "5幢门卫室"})).json()
    leader = await login(gateway, f"bo-e2e-leader-{tag}")
    assigned = await gateway.put(f"/v1/communities/{community['id']}/leader", headers=bearer(ops),
                                 json={"user_id": leader["user"]["id"]})
    assert assigned.status_code == 200, assigned.text
    return community, await login(gateway, f"bo-e2e-leader-{tag}")  # a new token carries the leader role


@pytest.fixture
async def counter(gateway):
    """Community A (its leader, buyers X and Y), community B (its leader, buyer Z); a product; ops."""
    tag = uuid.uuid4().hex[:6]
    ops = await login(gateway, "bo-e2e-ops", ("ops",))
    a, leader_a = await community_with_leader(gateway, ops, f"a-{tag}")
    b, leader_b = await community_with_leader(gateway, ops, f"b-{tag}")
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"后台测试商品 {tag}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": 1200, "stock": 100}]})).json()
    return {"ops": ops, "a": a["id"], "b": b["id"], "leader_a": leader_a, "leader_b": leader_b,
            "sku": product["skus"][0]["id"],
            "x": await joined_buyer(gateway, a["id"], f"bo-e2e-x-{tag}", ADDRESS),
            "y": await joined_buyer(gateway, a["id"], f"bo-e2e-y-{tag}", NEIGHBOUR),
            "z": await joined_buyer(gateway, b["id"], f"bo-e2e-z-{tag}", ADDRESS)}


async def history(gateway, ops: dict, order_id: int) -> list[dict]:
    answer = await gateway.get(f"/v1/orders/{order_id}/history", headers=bearer(ops))
    assert answer.status_code == 200, answer.text
    return answer.json()["entries"]


async def status_of(gateway, ops: dict, order_id: int) -> str:
    return (await gateway.get(f"/v1/orders/{order_id}", headers=bearer(ops))).json()["status"]


async def test_the_bola_matrix(gateway, counter):
    c = counter
    x_order, y_order = await paid_order(gateway, c["x"], c["sku"]), await paid_order(gateway, c["y"], c["sku"])
    z_order = await paid_order(gateway, c["z"], c["sku"])
    shipped = await gateway.post(f"/v1/orders/{y_order['id']}/ship", headers=bearer(c["leader_a"]))
    assert shipped.status_code == 200, shipped.text
    assert (await gateway.get("/v1/orders/pickup-code", headers=bearer(c["y"]))).json()["codes"] == []  # on its way
    await arrive(gateway, c["leader_a"], c["a"])
    y_code = (await gateway.get("/v1/orders/pickup-code", headers=bearer(c["y"]))).json()["codes"][0]["code"]

    # a customer cannot reach another buyer's order, history or pickup code
    x = bearer(c["x"])
    for url in (f"/v1/orders/{y_order['id']}", f"/v1/orders/{y_order['id']}/history"):
        refused = await gateway.get(url, headers=x)
        assert refused.status_code == 404 and refused.json()["code"] == "not_found", (url, refused.text)
    assert (await gateway.get(f"/v1/orders/{x_order['id']}/history", headers=x)).status_code == 403
    assert (await gateway.get("/v1/orders/pickup-code", headers=x)).json()["codes"] == []  # nothing shipped for x
    assert (await gateway.post("/v1/orders/pickup", headers=x, json={"code": y_code, "community_id": c["a"]})
            ).status_code == 404
    assert (await gateway.post(f"/v1/orders/{y_order['id']}/payment", headers=x)).status_code == 404
    assert (await gateway.get("/v1/orders", params={"view": "staff"}, headers=x)).status_code == 403
    mine = (await gateway.get("/v1/orders", headers=x)).json()["items"]
    assert [o["id"] for o in mine] == [x_order["id"]]

    # a leader cannot see or move the orders of a community they do not lead: 404, and nothing changes
    b = bearer(c["leader_b"])
    before = {o["id"]: await status_of(gateway, c["ops"], o["id"]) for o in (x_order, y_order)}
    attempts = [
        gateway.get(f"/v1/orders/{x_order['id']}", headers=b),
        gateway.get(f"/v1/orders/{x_order['id']}/history", headers=b),
        gateway.get("/v1/orders", params={"view": "staff", "community_id": c["a"]}, headers=b),
        gateway.get("/v1/orders/uncollected", params={"community_id": c["a"]}, headers=b),
        gateway.get("/v1/orders/pickup-list", params={"community_id": c["a"]}, headers=b),
        gateway.post(f"/v1/orders/{x_order['id']}/ship", headers=b),
        gateway.post(f"/v1/orders/{y_order['id']}/deliver", headers=b),
        gateway.post("/v1/orders/ship", json={"community_id": c["a"]}, headers=b),
        gateway.post("/v1/orders/deliver", json={"community_id": c["a"], "user_id": c["y"]["id"]}, headers=b),
        gateway.post("/v1/orders/pickup", json={"code": y_code, "community_id": c["a"]}, headers=b),
    ]
    for answer in await asyncio.gather(*attempts):
        assert answer.status_code in (403, 404), answer.text  # the pickup list keeps its 403 (communities are public)
        assert answer.status_code == 404 or answer.url.path == "/v1/orders/pickup-list", answer.text
    assert {o: await status_of(gateway, c["ops"], o) for o in before} == before
    assert [e["event"] for e in await history(gateway, c["ops"], x_order["id"])] == ["pay", "confirm"]
    assert [e["event"] for e in await history(gateway, c["ops"], y_order["id"])] == ["pay", "confirm", "ship"]

    # its own leader sees the community masked; ops see everything in full
    as_leader = await gateway.get(f"/v1/orders/{x_order['id']}", headers=bearer(c["leader_a"]))
    assert as_leader.status_code == 200 and as_leader.json()["address"]["phone"] == "137****0000"
    found = await gateway.get("/v1/orders", params={"view": "staff", "community_id": c["a"]},
                              headers=bearer(c["leader_a"]))
    assert [o["id"] for o in found.json()["items"]] == [y_order["id"], x_order["id"]]
    as_ops = await gateway.get(f"/v1/orders/{z_order['id']}", headers=bearer(c["ops"]))
    assert as_ops.status_code == 200 and as_ops.json()["address"]["phone"] == "13700000000"
    by_phone = await gateway.get("/v1/orders", params={"view": "staff", "phone_tail": "2222", "community_id": c["a"]},
                                 headers=bearer(c["ops"]))
    assert [o["id"] for o in by_phone.json()["items"]] == [y_order["id"]]
    pay, _, move = await history(gateway, c["ops"], y_order["id"])
    assert pay["actor"] == {"kind": "user", "id": c["y"]["id"], "roles": ["customer"], "name": None}  # the sandbox
    assert move["actor"]["id"] == c["leader_a"]["user"]["id"] and "leader" in move["actor"]["roles"]


async def test_a_leader_hands_out_a_buyers_whole_day_with_one_code(gateway, counter):
    c = counter
    orders = [await paid_order(gateway, c["x"], c["sku"]) for _ in range(3)]
    neighbour = await paid_order(gateway, c["y"], c["sku"])
    shipped = await gateway.post("/v1/orders/ship", json={"community_id": c["a"]}, headers=bearer(c["ops"]))
    assert shipped.status_code == 200 and shipped.json()["counts"] == {"shipped": 4}, shipped.text
    again = await gateway.post("/v1/orders/ship", json={"community_id": c["a"]}, headers=bearer(c["ops"]))
    assert again.json()["counts"] == {"already_shipped": 4}
    await arrive(gateway, c["leader_a"], c["a"])

    card = (await gateway.get("/v1/orders/pickup-code", headers=bearer(c["x"]))).json()["codes"][0]
    assert sorted(o["id"] for o in card["orders"]) == [o["id"] for o in orders]
    handed = await gateway.post("/v1/orders/pickup", json={"code": card["code"], "community_id": c["a"]},
                                headers=bearer(c["leader_a"]) | {"X-Request-ID": f"counter-{card['code']}"})
    assert handed.status_code == 200, handed.text
    body = handed.json()
    assert body["counts"] == {"delivered": 3} and body["buyer"] == "王* 137****0000"
    assert sorted(line["order_id"] for line in body["lines"]) == [o["id"] for o in orders]
    for order in orders:
        *_, ship, deliver = await history(gateway, c["ops"], order["id"])
        assert (ship["via"], deliver["via"], deliver["request_id"]) == ("batch_ship", "pickup_code",
                                                                         f"counter-{card['code']}")
    assert await status_of(gateway, c["ops"], neighbour["id"]) == "shipped"
    used = await gateway.post("/v1/orders/pickup", json={"code": card["code"], "community_id": c["a"]},
                              headers=bearer(c["leader_a"]))
    assert used.status_code == 409 and used.json()["code"] == "pickup_code_used"
    wrong = await gateway.post("/v1/orders/pickup", json={"code": card["code"], "community_id": c["b"]},
                               headers=bearer(c["ops"]))
    assert wrong.status_code == 422 and wrong.json()["code"] == "pickup_code_wrong_community"


async def test_twenty_counters_entering_one_code_hand_out_once(gateway, counter):
    c = counter
    orders = [await paid_order(gateway, c["x"], c["sku"]) for _ in range(3)]
    assert (await gateway.post("/v1/orders/ship", json={"community_id": c["a"]},
                               headers=bearer(c["ops"]))).status_code == 200
    await arrive(gateway, c["leader_a"], c["a"])
    code = (await gateway.get("/v1/orders/pickup-code", headers=bearer(c["x"]))).json()["codes"][0]["code"]
    body = {"code": code, "community_id": c["a"]}
    answers = await asyncio.gather(*(gateway.post("/v1/orders/pickup", json=body, headers=bearer(c["leader_a"]))
                                     for _ in range(20)))
    codes = Counter(a.status_code for a in answers)
    assert codes == {200: 1, 409: 19}, [a.text for a in answers if a.status_code not in (200, 409)]
    (winner,) = [a.json() for a in answers if a.status_code == 200]
    assert winner["counts"] == {"delivered": 3}
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"pickup_code_used"}
    for order in orders:
        assert [e["event"] for e in await history(gateway, c["ops"], order["id"])] == ["pay", "confirm", "ship",
                                                                                      "deliver"]


async def test_a_batch_ship_racing_single_ships_ships_each_order_once(gateway, counter):
    c = counter
    orders = [await paid_order(gateway, buyer, c["sku"]) for buyer in (c["x"], c["y"]) for _ in range(3)]
    ops = bearer(c["ops"])
    race = [gateway.post("/v1/orders/ship", json={"community_id": c["a"]}, headers=ops),
            *(gateway.post(f"/v1/orders/{o['id']}/ship", headers=ops) for o in orders),
            gateway.post("/v1/orders/ship", json={"community_id": c["a"]}, headers=bearer(c["leader_a"]))]
    answers = await asyncio.gather(*race)
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    batch_moves = sum(a.json()["counts"].get("shipped", 0) for a in (answers[0], answers[-1]))
    assert batch_moves <= len(orders)
    for order in orders:
        assert await status_of(gateway, c["ops"], order["id"]) == "shipped"
        assert [e["event"] for e in await history(gateway, c["ops"], order["id"])] == ["pay", "confirm", "ship"]


async def test_a_buyer_who_closed_the_payment_sheet_pays_again(gateway, counter):
    c = counter
    key = uuid.uuid4().hex
    first = await placed(gateway, c["z"], c["sku"], key)
    assert first.status_code == 201, first.text
    order, package = first.json(), first.json()["payment"]["params"]["package"]
    again = await gateway.post(f"/v1/orders/{order['id']}/payment", headers=bearer(c["z"]))
    assert again.status_code == 200 and again.json()["payment"]["params"]["package"] == package
    repeat = await placed(gateway, c["z"], c["sku"], key)  # the same Idempotency-Key: the same order, payable
    assert repeat.status_code == 201 and repeat.json()["id"] == order["id"]
    assert repeat.json()["payment"]["params"]["package"] == package
    paid = await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(c["z"]))
    assert paid.json()["status"] == "confirmed"
    late = await gateway.post(f"/v1/orders/{order['id']}/payment", headers=bearer(c["z"]))
    assert late.status_code == 409 and late.json()["code"] == "invalid_transition"
    after = await placed(gateway, c["z"], c["sku"], key)
    assert after.status_code == 201 and after.json()["payment"] is None


async def test_groupbuy_ops_finds_and_opens_orders(gateway, counter, stack, tmp_path):
    c = counter
    x_order, y_order = await paid_order(gateway, c["x"], c["sku"]), await paid_order(gateway, c["y"], c["sku"])
    assert (await gateway.post(f"/v1/orders/{y_order['id']}/ship", headers=bearer(c["ops"]))).status_code == 200
    cli = Cli(tmp_path / "credentials.json")
    ok(cli("login", "--url", stack.gateway_url, "--dev-openid", f"bo-cli-{uuid.uuid4().hex[:8]}"))

    found = json.loads(ok(cli("orders", "search", "--community", c["a"], "--json")))
    assert [o["id"] for o in found] == [y_order["id"], x_order["id"]]
    assert json.loads(ok(cli("orders", "search", "--community", c["a"], "--oldest-first", "--json")))[0]["id"] == \
        x_order["id"]
    table = ok(cli("orders", "search", "--community", c["a"], "--phone", "2222", "--status", "shipped"))
    assert y_order["order_no"] in table and x_order["order_no"] not in table and "1 order(s)" in table
    shown = ok(cli("orders", "show", y_order["id"]))
    assert y_order["order_no"] in shown and "赵六 13911112222" in shown
    assert "ship" in line_with(shown, "confirmed", "shipped") and "History" in shown
    card = json.loads(ok(cli("orders", "show", y_order["id"], "--json")))
    assert card["order"]["id"] == y_order["id"]
    assert [e["event"] for e in card["history"]] == ["pay", "confirm", "ship"]
    for command in (("groups", "list"), ("withdrawals", "list")):
        assert isinstance(json.loads(ok(cli(*command, "--json"))), list)
    missing = cli("orders", "show", 2**31 - 1)
    assert missing.exit_code == 1 and "not_found" in missing.output
