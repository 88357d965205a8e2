"""Baskets through the gateway to the real processes: a basket of three lines (a plain SKU, a ladder group's
line, a flash sale's line) is one payment, every line an order of its own; a basket with a line that cannot
be held holds nothing; thirty buyers racing for a flash line and a scarce SKU never oversell and leave
nothing held; a checkout's notification replayed ten times at once pays each order once; cancelling, the
deadline and a late payment treat the basket as one; the cart quotes live; nobody sees another's basket."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from common.payments import SandboxProvider, SandboxSettings
from conftest import SANDBOX_APIV3_KEY, SANDBOX_PLATFORM_KEY, UNPAID_TIMEOUT_S
from tests.support import ADDRESS, bearer, login, until

pytestmark = pytest.mark.e2e

TIERS = [{"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000}]


async def _product(gateway, ops, name: str, price_fen: int, stock: int) -> dict:
    created = await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"{name} {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": price_fen, "stock": stock}]})
    assert created.status_code == 201, created.text
    return {"id": created.json()["id"], "sku": created.json()["skus"][0]["id"]}


async def _activity(gateway, ops, sku_id: int, terms: dict) -> int:
    start = datetime.now(UTC) - timedelta(minutes=1)
    created = await gateway.post("/v1/activities", headers=bearer(ops), json={
        "title": terms["kind"], "sku_id": sku_id, "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(), "terms": terms})
    assert created.status_code == 201, created.text
    return created.json()["id"]


async def _buyer(gateway, name: str) -> dict:
    tokens = await login(gateway, f"{name}-{uuid.uuid4().hex[:8]}")
    tokens["address_id"] = (await gateway.post("/v1/users/me/addresses", json=ADDRESS,
                                               headers=bearer(tokens))).json()["id"]
    return tokens


async def available(gateway, ops, product: dict) -> int:
    answer = await gateway.get(f"/v1/products/{product['id']}", headers=bearer(ops))
    return answer.json()["skus"][0]["available"]


async def checkout(gateway, buyer: dict, lines: list[dict] | None, key: str | None = None, **extra):
    body = {"address_id": buyer["address_id"]} | ({"lines": lines} if lines is not None else {}) | extra
    return await gateway.post("/v1/checkouts", json=body,
                              headers=bearer(buyer) | {"Idempotency-Key": key or uuid.uuid4().hex})


@pytest.fixture
async def shop(gateway):
    """A plain SKU (stock 50), a ladder group buy, a flash sale (stock 10) and a scarce SKU (stock 4)."""
    ops = await login(gateway, "checkout-e2e-ops", ("ops",))
    plain = await _product(gateway, ops, "鸡蛋", 1200, 50)
    rice = await _product(gateway, ops, "大米", 10000, 50)
    fruit = await _product(gateway, ops, "水果", 3000, 50)
    scarce = await _product(gateway, ops, "牛奶", 800, 4)
    ladder = await _activity(gateway, ops, rice["sku"], {"kind": "ladder_group", "tiers": TIERS,
                                                          "close_on_top_tier": False})
    flash = await _activity(gateway, ops, fruit["sku"], {"kind": "flash_sale", "price_fen": 990, "stock": 10,
                                                          "per_user_limit": 1})
    return {"ops": ops, "plain": plain, "rice": rice, "fruit": fruit, "scarce": scarce, "ladder": ladder,
            "flash": flash}


def _three(shop) -> list[dict]:
    return [{"sku_id": shop["plain"]["sku"], "quantity": 2}, {"activity_id": shop["ladder"]},
            {"activity_id": shop["flash"]}]


async def _reservations(stack, order_nos: list[str]) -> dict[str, str]:
    engine = create_async_engine(stack.database_template.format(service="catalog"))
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.text("SELECT order_id, status FROM reservation"))).all()
    finally:
        await engine.dispose()
    wanted = set(order_nos)
    return {order_no: status for order_no, status in rows if order_no in wanted}


async def _held_for_skus(stack, sku_ids: list[int]) -> dict[int, list[tuple[str, str, int]]]:
    engine = create_async_engine(stack.database_template.format(service="catalog"))
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.text("SELECT sku_id, order_id, status, quantity FROM reservation"))).all()
    finally:
        await engine.dispose()
    held: dict[int, list[tuple[str, str, int]]] = {sku: [] for sku in sku_ids}
    for sku_id, order_no, status, quantity in rows:
        if sku_id in held:
            held[sku_id].append((order_no, status, quantity))
    return held


async def _paid_events(stack, order_ids: set[int]) -> Counter:
    engine = create_async_engine(stack.database_template.format(service="orders"))
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.text(
                "SELECT envelope FROM event_outbox WHERE event_type = 'order.paid'"))).scalars().all()
    finally:
        await engine.dispose()
    seen = Counter(json.loads(envelope)["payload"]["order_id"] for envelope in rows)
    return Counter({order_id: seen[order_id] for order_id in order_ids})


def _sandbox() -> SandboxProvider:
    return SandboxProvider(SandboxSettings(platform_private_key_pem=SANDBOX_PLATFORM_KEY, apiv3_key=SANDBOX_APIV3_KEY))


async def test_a_basket_of_three_lines_is_one_payment_each_line_its_own_order(gateway, shop):
    buyer = await _buyer(gateway, "checkout-e2e-three")
    placed = await checkout(gateway, buyer, _three(shop))
    assert placed.status_code == 201, placed.text
    body = placed.json()
    assert body["checkout_no"].startswith("GC") and body["status"] == "pending_payment"
    lines = body["lines"]
    assert [(line["kind"], line["price_rule"], line["amount_fen"]) for line in lines] == [
        ("regular", "list", 2400), ("ladder", "tier", 10000), ("flash", "flash", 990)]
    assert body["amount_fen"] == 2400 + 10000 + 990
    assert all(line["order_no"].startswith("GB") and line["status"] == "pending_payment" for line in lines)
    assert len({line["pay_deadline"] for line in lines}) == 1 and lines[0]["pay_deadline"] == body["pay_deadline"]
    assert body["payment"]["params"]["outTradeNo"] == body["checkout_no"]
    assert await available(gateway, shop["ops"], shop["plain"]) == 48

    again = await gateway.post(f"/v1/checkouts/{body['id']}/payment", headers=bearer(buyer))
    assert again.status_code == 200 and again.json()["payment"]["params"]["package"] == \
        body["payment"]["params"]["package"]  # the same provider order: never a second payment
    alone = await gateway.post(f"/v1/orders/{lines[0]['id']}/cancel", headers=bearer(buyer))
    assert alone.status_code == 409 and alone.json()["code"] == "checkout_line", alone.text

    stranger = await _buyer(gateway, "checkout-e2e-stranger")
    for method, path in (("GET", f"/v1/checkouts/{body['id']}"), ("POST", f"/v1/checkouts/{body['id']}/cancel"),
                         ("POST", f"/v1/checkouts/{body['id']}/payment"),
                         ("POST", f"/v1/payments/sandbox/checkouts/{body['id']}")):
        refused = await gateway.request(method, path, headers=bearer(stranger))
        assert refused.status_code == 404 and refused.json()["code"] == "not_found", (path, refused.text)
    assert (await gateway.get("/v1/checkouts", headers=bearer(stranger))).json()["items"] == []

    paid = await gateway.post(f"/v1/payments/sandbox/checkouts/{body['id']}", headers=bearer(buyer))
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid"
    assert [line["status"] for line in paid.json()["lines"]] == ["confirmed", "paid", "confirmed"]
    mine = (await gateway.get("/v1/checkouts", headers=bearer(buyer))).json()["items"]
    assert [c["id"] for c in mine] == [body["id"]] and mine[0]["status"] == "paid"
    group = await gateway.get(f"/v1/groups/{lines[1]['group_id']}", headers=bearer(buyer))
    assert group.json()["paid_count"] == 1  # the ladder line counts in its own group
    cancel = await gateway.post(f"/v1/checkouts/{body['id']}/cancel", headers=bearer(buyer))
    assert cancel.status_code == 409 and cancel.json()["code"] == "invalid_transition"


async def test_the_same_key_gives_the_same_checkout_and_another_body_is_refused(gateway, shop):
    buyer = await _buyer(gateway, "checkout-e2e-key")
    key = uuid.uuid4().hex
    lines = [{"sku_id": shop["plain"]["sku"], "quantity": 1}, {"sku_id": shop["scarce"]["sku"], "quantity": 1}]
    answers = await asyncio.gather(*(checkout(gateway, buyer, lines, key=key) for _ in range(4)))
    codes = Counter(a.status_code for a in answers)
    assert set(codes) <= {201, 409} and codes[201] >= 1, [a.text for a in answers]
    ids = {a.json()["id"] for a in answers if a.status_code == 201}
    assert len(ids) == 1
    repeat = await checkout(gateway, buyer, lines, key=key)
    assert repeat.status_code == 201 and repeat.json()["id"] in ids
    other = await checkout(gateway, buyer, lines[:1], key=key)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert await available(gateway, shop["ops"], shop["scarce"]) == 3  # one checkout's unit, nothing more


async def test_a_basket_with_a_line_that_cannot_be_held_holds_nothing(gateway, stack, shop):
    buyer = await _buyer(gateway, "checkout-e2e-fails")
    answer = await checkout(gateway, buyer, [{"sku_id": shop["plain"]["sku"], "quantity": 3},
                                             {"activity_id": shop["flash"]},
                                             {"sku_id": shop["scarce"]["sku"], "quantity": 5}])
    assert 400 <= answer.status_code < 500 and answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["line"] == 2, answer.text
    assert "Line 2" in answer.json()["detail"]
    assert await available(gateway, shop["ops"], shop["plain"]) == 50
    assert await available(gateway, shop["ops"], shop["scarce"]) == 4
    held = await _held_for_skus(stack, [shop["plain"]["sku"], shop["fruit"]["sku"], shop["scarce"]["sku"]])
    assert all(status == "released" for rows in held.values() for _, status, _ in rows), held
    assert len(held[shop["plain"]["sku"]]) == 1 and len(held[shop["fruit"]["sku"]]) == 1  # held, then given back
    assert (await gateway.get("/v1/checkouts", headers=bearer(buyer))).json()["items"] == []
    # The buyer drops the failing line and sends the basket again: it goes through.
    retry = await checkout(gateway, buyer, [{"sku_id": shop["plain"]["sku"], "quantity": 3},
                                            {"activity_id": shop["flash"]}])
    assert retry.status_code == 201, retry.text
    doubled = await checkout(gateway, buyer, [{"activity_id": shop["flash"]}, {"activity_id": shop["flash"]}])
    assert doubled.status_code == 422 and doubled.json()["code"] == "duplicate_line" and doubled.json()["line"] == 1


async def test_thirty_buyers_racing_never_oversell_and_leave_nothing_held(gateway, stack, shop):
    buyers = [await _buyer(gateway, f"checkout-e2e-race-{n}") for n in range(30)]
    basket = [{"activity_id": shop["flash"]}, {"sku_id": shop["scarce"]["sku"]}, {"sku_id": shop["plain"]["sku"]}]
    answers = await asyncio.gather(*(checkout(gateway, buyer, basket) for buyer in buyers))
    won = [(buyer, answer.json()) for buyer, answer in zip(buyers, answers, strict=True) if answer.status_code == 201]
    lost = [answer for answer in answers if answer.status_code != 201]
    assert 1 <= len(won) <= 4, Counter(a.status_code for a in answers)  # the scarce SKU has 4
    assert all(a.status_code in (409, 422, 503) and a.json()["line"] in (0, 1) for a in lost), \
        [a.text for a in lost if a.status_code not in (409, 422, 503) or "line" not in a.json()]
    paid = await asyncio.gather(*(gateway.post(f"/v1/payments/sandbox/checkouts/{body['id']}", headers=bearer(b))
                                  for b, body in won))
    assert all(p.status_code == 200 and p.json()["status"] == "paid" for p in paid), [p.text for p in paid]
    assert all(line["status"] in ("confirmed", "paid") for p in paid for line in p.json()["lines"])

    winners = {line["order_no"] for _, body in won for line in body["lines"]}
    skus = [shop["fruit"]["sku"], shop["scarce"]["sku"], shop["plain"]["sku"]]
    held = await _held_for_skus(stack, skus)
    for sku in skus:
        for order_no, status, _ in held[sku]:
            # Every unit a lost basket held is back; every winner's unit is its own, committed once paid.
            assert status in (("reserved", "committed") if order_no in winners else ("released",)), (
                sku, order_no, status)
        assert sum(q for no, status, q in held[sku] if status != "released") == len(won)
    assert await available(gateway, shop["ops"], shop["scarce"]) == 4 - len(won)
    assert await available(gateway, shop["ops"], shop["plain"]) == 50 - len(won)


async def test_a_checkouts_notification_replayed_ten_times_at_once_pays_each_order_once(gateway, stack, shop):
    buyer = await _buyer(gateway, "checkout-e2e-replay")
    body = (await checkout(gateway, buyer, _three(shop))).json()
    signed = _sandbox().pay(body["checkout_no"], amount_fen=body["amount_fen"], payer_openid="o-payer")
    answers = await asyncio.gather(*(gateway.post("/v1/payments/wechat/notify", content=signed.body,
                                                  headers=signed.headers) for _ in range(10)))
    assert [a.status_code for a in answers] == [204] * 10, [a.text for a in answers]
    seen = (await gateway.get(f"/v1/checkouts/{body['id']}", headers=bearer(buyer))).json()
    assert seen["status"] == "paid" and all(line["paid_at"] for line in seen["lines"])
    ids = {line["id"] for line in body["lines"]}
    assert await _paid_events(stack, ids) == Counter(dict.fromkeys(ids, 1))

    short = _sandbox()
    other = (await checkout(gateway, buyer, [{"sku_id": shop["plain"]["sku"]}])).json()
    wrong = short.pay(other["checkout_no"], amount_fen=other["amount_fen"] - 1, payer_openid="o-payer")
    refused = await gateway.post("/v1/payments/wechat/notify", content=wrong.body, headers=wrong.headers)
    assert refused.status_code == 409 and refused.json()["code"] == "amount_mismatch"
    still = (await gateway.get(f"/v1/checkouts/{other['id']}", headers=bearer(buyer))).json()
    assert still["status"] == "pending_payment"


async def test_a_line_refund_after_payment_is_a_partial_refund_of_the_checkout(gateway, shop):
    buyer = await _buyer(gateway, "checkout-e2e-refund")
    body = (await checkout(gateway, buyer, [{"sku_id": shop["plain"]["sku"], "quantity": 2},
                                            {"sku_id": shop["scarce"]["sku"]}])).json()
    await gateway.post(f"/v1/payments/sandbox/checkouts/{body['id']}", headers=bearer(buyer))
    line = body["lines"][0]
    asked = await gateway.post(f"/v1/orders/{line['id']}/refunds", json={"amount_fen": 1200}, headers=bearer(buyer))
    assert asked.status_code == 201, asked.text

    async def refunded():
        return (await gateway.get(f"/v1/orders/{line['id']}", headers=bearer(buyer))).json()

    done = await until(refunded, lambda order: order["refunded_fen"] == 1200, seconds=15)
    assert done["refunded_fen"] == 1200
    other = (await gateway.get(f"/v1/orders/{body['lines'][1]['id']}", headers=bearer(buyer))).json()
    assert other["refunded_fen"] == 0 and other["status"] == "confirmed"


async def test_cancelling_and_the_deadline_take_the_whole_basket_and_a_late_payment_goes_back(gateway, stack, shop):
    buyer = await _buyer(gateway, "checkout-e2e-cancel")
    first = (await checkout(gateway, buyer, [{"sku_id": shop["plain"]["sku"], "quantity": 5},
                                             {"sku_id": shop["scarce"]["sku"]}])).json()
    assert await available(gateway, shop["ops"], shop["plain"]) == 45
    cancelled = await gateway.post(f"/v1/checkouts/{first['id']}/cancel", headers=bearer(buyer))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert {line["status"] for line in cancelled.json()["lines"]} == {"cancelled"}
    assert await available(gateway, shop["ops"], shop["plain"]) == 50
    assert await available(gateway, shop["ops"], shop["scarce"]) == 4

    second = (await checkout(gateway, buyer, [{"sku_id": shop["plain"]["sku"], "quantity": 4},
                                              {"sku_id": shop["scarce"]["sku"], "quantity": 2}])).json()

    async def seen():
        return (await gateway.get(f"/v1/checkouts/{second['id']}", headers=bearer(buyer))).json()

    expired = await until(seen, lambda c: c["status"] == "cancelled", seconds=UNPAID_TIMEOUT_S * 3)
    assert expired["status"] == "cancelled" and expired["cancel_reason"] == "payment_timeout"
    assert {line["cancel_reason"] for line in expired["lines"]} == {"payment_timeout"}
    # The lines' stock goes back right after the cancellation is written.
    assert await until(lambda: available(gateway, shop["ops"], shop["plain"]), lambda n: n == 50, seconds=5) == 50
    assert await available(gateway, shop["ops"], shop["scarce"]) == 4

    late = _sandbox().pay(second["checkout_no"], amount_fen=second["amount_fen"], payer_openid="o-payer")
    told = await gateway.post("/v1/payments/wechat/notify", content=late.body, headers=late.headers)
    assert told.status_code == 204, told.text

    # Every line's money goes back in full (the sandbox closed the provider's order at the deadline, so only
    # the decision is seen here: WeChat Pay itself never takes money for a closed order).
    engine = create_async_engine(stack.database_template.format(service="orders"))
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.text(
                "SELECT order_id, amount_fen, reason FROM refund WHERE order_id IN (:a, :b)"),
                {"a": second["lines"][0]["id"], "b": second["lines"][1]["id"]})).all()
    finally:
        await engine.dispose()
    assert sorted(rows) == sorted((line["id"], line["amount_fen"], "late_payment") for line in second["lines"])


async def test_the_cart_quotes_live_and_checks_out_whole(gateway, shop):
    buyer = await _buyer(gateway, "checkout-e2e-cart")
    headers = bearer(buyer)
    for line in _three(shop):
        added = await gateway.post("/v1/cart/lines", json=line, headers=headers)
        assert added.status_code == 201, added.text
    again = await gateway.post("/v1/cart/lines", json={"sku_id": shop["plain"]["sku"], "quantity": 1},
                               headers=headers)
    assert again.json()["quantity"] == 3  # the same item adds up
    listed = await gateway.get("/v1/cart", params={"address_id": buyer["address_id"]}, headers=headers)
    assert listed.status_code == 200, listed.text
    cart = listed.json()
    assert [(line["price_rule"], line["unit_price_fen"], line["available"]) for line in cart["lines"]] == [
        ("list", 1200, True), ("tier", 10000, True), ("flash", 990, True)]
    assert cart["lines"][1]["ladder_threshold"] == 1 and cart["total_fen"] == 3600 + 10000 + 990
    changed = await gateway.patch(f"/v1/cart/lines/{cart['lines'][0]['id']}", json={"quantity": 1}, headers=headers)
    assert changed.status_code == 200 and changed.json()["quantity"] == 1
    stranger = await _buyer(gateway, "checkout-e2e-cart-stranger")
    assert (await gateway.delete(f"/v1/cart/lines/{cart['lines'][0]['id']}",
                                 headers=bearer(stranger))).status_code == 404
    assert (await gateway.get("/v1/cart", headers=bearer(stranger))).json()["lines"] == []

    placed = await checkout(gateway, buyer, None)
    assert placed.status_code == 201, placed.text
    assert placed.json()["amount_fen"] == 1200 + 10000 + 990
    assert (await gateway.get("/v1/cart", headers=headers)).json()["lines"] == []
    # The flash line's limit is now taken: the cart says so before any checkout tries.
    await gateway.post("/v1/cart/lines", json={"activity_id": shop["flash"]}, headers=headers)
    (line,) = (await gateway.get("/v1/cart", headers=headers)).json()["lines"]
    assert (line["available"], line["unavailable_reason"], line["unit_price_fen"]) == (False, "limit_reached", None)
    empty = await checkout(gateway, stranger, None)
    assert empty.status_code == 422 and empty.json()["code"] == "cart_empty"
