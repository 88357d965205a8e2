"""Subscription messages of the order's way to the buyer and of the partner's money, end to end through the
gateway against the local WeChat stand-in: goods shipped, arrived and left uncollected (orders' events),
an earning made available and a withdrawal paid out (referrals' events).  For each scene a consenting
user gets exactly one message per event, a user without consent none, and the bus delivering an event
again sends nothing more."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from common.bus import stream_key
from common.redis import make_redis
from common.settings import RedisSettings
from common.testing.infra import TestInfra, free_port, stop_process, wait_for_port
from common.testing.stack import Stack
from conftest import AFTER_SALES_S, WECHAT_APPID, WECHAT_SECRET, stack_env
from tests.support import ADDRESS, bearer, login, until

pytestmark = pytest.mark.e2e

UNCOLLECTED_AFTER_S = 2
PRICE_FEN = 100_000
OBSERVER = "reach-scenes-observer"


@pytest.fixture(scope="module")
def wechat() -> Iterator[str]:
    """A WeChat stand-in of this module's own: its messages touch no other test."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "common.testing.fake_wechat", "--port", str(port),
                                "--appid", WECHAT_APPID, "--secret", WECHAT_SECRET])
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}"
    stop_process(process)


@pytest.fixture(scope="module")
def scenes_stack(infra: TestInfra, wechat: str) -> Iterator[Stack]:
    prefix = f"{infra.redis.prefix}reach-scenes:"
    env = stack_env(wechat, GROUPBUY_REDIS__PREFIX=prefix, GROUPBUY_DATA_DIR=str(infra.tmp / "data-reach-scenes"),
                    GROUPBUY_REACH__QUIET_START_HOUR="0", GROUPBUY_REACH__QUIET_END_HOUR="0",  # no quiet hours
                    GROUPBUY_REACH__POLL_INTERVAL_S="0.2", GROUPBUY_UNCOLLECTED_AFTER_S=str(UNCOLLECTED_AFTER_S))
    running = Stack(infra=infra, database_template=infra.database_template("reach-scenes"), extra_env=env).start()
    running.redis_prefix = prefix  # type: ignore[attr-defined]
    yield running
    running.stop()


@pytest.fixture
async def gateway(scenes_stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=scenes_stack.gateway_url, timeout=15) as client:
        yield client


@pytest.fixture
async def fake(wechat: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=wechat, timeout=10) as client:
        yield client


class Bus:
    """The test's own consumer group on a producer's stream keeps the test's entries there, to deliver
    them again."""

    def __init__(self, stack: Stack, producer: str) -> None:
        self.settings = RedisSettings(url=stack.infra.redis.url, prefix=stack.redis_prefix)  # type: ignore[attr-defined]
        self.redis = make_redis(self.settings)
        self.stream = stream_key(self.settings, producer)

    async def __aenter__(self) -> Bus:
        await self.redis.xgroup_create(self.stream, OBSERVER, id="$", mkstream=True)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.redis.xgroup_destroy(self.stream, OBSERVER)
        await self.redis.aclose()

    async def entries(self, event_type: str, user_ids: set[int]) -> list[dict]:
        return [fields for _, fields in await self.redis.xrange(self.stream)
                if fields.get("type") == event_type
                and json.loads(fields["envelope"])["payload"]["user_id"] in user_ids]

    async def deliver_again(self, entries: list[dict], times: int = 2) -> None:
        for _ in range(times):
            for fields in entries:
                await self.redis.xadd(self.stream, fields)


async def consent(gateway, tokens: dict, scene: str, times: int = 1) -> None:
    for _ in range(times):
        answer = await gateway.post("/v1/users/me/subscriptions", headers=bearer(tokens),
                                    json={"results": {f"tmpl-{scene}": "accept"}})
        assert answer.status_code == 200, answer.text


async def held(gateway, tokens: dict, scene: str) -> int:
    answer = await gateway.get("/v1/users/me/subscriptions", headers=bearer(tokens))
    assert answer.status_code == 200, answer.text
    return next(s["available"] for s in answer.json()["scenes"] if s["scene"] == scene)


async def messages(gateway, ops: dict, user_ids: set[int]) -> list[dict]:
    answer = await gateway.get("/v1/users/reach-messages", headers=bearer(ops), params={"limit": 100})
    assert answer.status_code == 200, answer.text
    return [m for m in answer.json()["items"] if m["user_id"] in user_ids]


def settled(rows: list[dict]) -> bool:
    return all(r["status"] != "pending" for r in rows)


async def community_with(gateway, ops: dict, *buyers: dict) -> int:
    tag = uuid.uuid4().hex[:6]
    community = await gateway.post("/v1/communities", headers=bearer(ops), json={
        "name": f"触达小区 {tag}", "province": "浙江省", "city": "杭州市", "district": "西湖区",
        "estate": "翠苑一区", "building": "5幢", "pickup_point": "5幢门卫室"})
    assert community.status_code == 201, community.text
    for buyer in buyers:
        joined = await gateway.post(f"/v1/communities/{community.json()['id']}/join", headers=bearer(buyer))
        assert joined.status_code == 200, joined.text
    return community.json()["id"]


async def product(gateway, ops: dict, price_fen: int) -> int:
    made = await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"触达大米 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "5kg", "price_fen": price_fen, "stock": 100}]})
    assert made.status_code == 201, made.text
    return made.json()["skus"][0]["id"]


async def paid_order(gateway, buyer: dict, sku_id: int) -> dict:
    address = await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))
    assert address.status_code == 201, address.text
    placed = await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"sku_id": sku_id, "quantity": 1, "address_id": address.json()["id"]})
    assert placed.status_code == 201, placed.text
    paid = await gateway.post(f"/v1/payments/sandbox/{placed.json()['id']}", headers=bearer(buyer))
    assert paid.status_code == 200 and paid.json()["status"] == "confirmed", paid.text
    return paid.json()


async def ship_and_arrive(gateway, ops: dict, community_id: int, sku_id: int, orders: list[dict]) -> None:
    """Ops ship each order (for today), then report the community's day arrived in full."""
    for order in orders:
        shipped = await gateway.post(f"/v1/orders/{order['id']}/ship", headers=bearer(ops))
        assert shipped.status_code == 200, shipped.text
    day = shipped.json()["delivery_date"]
    arrived = await gateway.post("/v1/supply/arrivals", headers=bearer(ops), json={
        "community_id": community_id, "date": day,
        "lines": [{"sku_id": sku_id, "received": len(orders), "short": 0, "damaged": 0}]})
    assert arrived.status_code == 200, arrived.text
    assert sorted(arrived.json()["arrived_orders"]) == sorted(o["id"] for o in orders)


async def test_shipped_arrived_and_uncollected_reach_the_consenting_buyer_once(gateway, fake, scenes_stack):
    tag = uuid.uuid4().hex[:8]
    ops = await login(gateway, "reach-scenes-ops", ("ops",))
    ann = await login(gateway, f"ann-{tag}")
    bob = await login(gateway, f"bob-{tag}")  # never consents
    for scene in ("order_shipped", "order_arrived", "order_uncollected"):
        await consent(gateway, ann, scene)
    ids = {ann["user"]["id"]: f"ann-{tag}", bob["user"]["id"]: f"bob-{tag}"}
    community_id = await community_with(gateway, ops, ann, bob)
    sku_id = await product(gateway, ops, 3_900)

    async with Bus(scenes_stack, "orders") as bus:
        orders = [await paid_order(gateway, buyer, sku_id) for buyer in (ann, bob)]
        await ship_and_arrive(gateway, ops, community_id, sku_id, orders)
        # Nobody picks up: both orders are uncollected a moment later.
        rows = await until(lambda: messages(gateway, ops, set(ids)),
                           lambda rows: len(rows) == 6 and settled(rows), 30)
        outcomes = Counter((ids[r["user_id"]], r["scene"], r["status"]) for r in rows)
        assert outcomes == {(f"ann-{tag}", "order_shipped", "sent"): 1, (f"ann-{tag}", "order_arrived", "sent"): 1,
                            (f"ann-{tag}", "order_uncollected", "sent"): 1,
                            (f"bob-{tag}", "order_shipped", "no_consent"): 1,
                            (f"bob-{tag}", "order_arrived", "no_consent"): 1,
                            (f"bob-{tag}", "order_uncollected", "no_consent"): 1}, rows
        for scene in ("order_shipped", "order_arrived", "order_uncollected"):
            assert await held(gateway, ann, scene) == 0  # each message spent its consent

        # The bus delivers each of the three events twice more: nothing is queued or sent again.
        replayed = [entry for kind in ("order.shipped", "order.arrived", "order.uncollected")
                    for entry in await bus.entries(kind, set(ids))]
        assert Counter(entry["type"] for entry in replayed) == {"order.shipped": 2, "order.arrived": 2,
                                                                "order.uncollected": 2}
        await bus.deliver_again(replayed)
    await asyncio.sleep(3)  # the consumer reads new entries within a second
    assert Counter((ids[r["user_id"]], r["scene"], r["status"]) for r in await messages(gateway, ops, set(ids))) \
        == outcomes

    received = (await fake.get("/_fake/messages", params={"touser": f"ann-{tag}"})).json()
    by_template = {m["template_id"]: m for m in received}
    assert len(received) == 3 and set(by_template) == {"tmpl-order_shipped", "tmpl-order_arrived",
                                                       "tmpl-order_uncollected"}
    ann_order = orders[0]
    shipped = by_template["tmpl-order_shipped"]
    assert shipped["page"] == f"pages/order/detail?id={ann_order['id']}"
    assert shipped["data"]["character_string1"]["value"] == ann_order["order_no"]
    assert shipped["data"]["thing2"]["value"].endswith("到5幢门卫室取货")
    assert by_template["tmpl-order_arrived"]["data"]["thing2"]["value"] == "已到货，请到5幢门卫室取货"
    assert (await fake.get("/_fake/messages", params={"touser": f"bob-{tag}"})).json() == []


async def member_under(gateway, ops: dict, upline: dict, tag: str, name: str) -> dict:
    """A user bound under ``upline`` and made a member by ops."""
    user = await login(gateway, f"{name}-{tag}")
    code = (await gateway.get("/v1/referrals/me", headers=bearer(upline))).json()["code"]
    bound = await gateway.post("/v1/referrals/bind", json={"code": code}, headers=bearer(user))
    assert bound.status_code == 200, bound.text
    level = await gateway.put(f"/v1/users/{user['user']['id']}/level", headers=bearer(ops),
                              json={"level": "member", "reason": "reach e2e"})
    assert level.status_code == 200, level.text
    return user


async def test_money_made_available_and_a_withdrawal_paid_reach_the_consenting_partner_once(
        gateway, fake, scenes_stack):
    tag = uuid.uuid4().hex[:8]
    ops = await login(gateway, "reach-scenes-ops", ("ops",))
    top = await login(gateway, f"top-{tag}")  # a customer: earns nothing
    rita = await member_under(gateway, ops, top, tag, "rita")
    nick = await member_under(gateway, ops, top, tag, "nick")  # never consents
    ids = {rita["user"]["id"]: f"rita-{tag}", nick["user"]["id"]: f"nick-{tag}"}
    # Their earnings are fixed at payment by their level as referrals knows it: wait until it does.
    team = await until(lambda: gateway.get("/v1/referrals/team", headers=bearer(top)),
                       lambda a: a.json()["levels"][0]["by_membership_level"] == {"member": 2}, 15)
    assert team.json()["levels"][0]["by_membership_level"] == {"member": 2}, team.text
    await consent(gateway, rita, "rebate_credited", times=3)
    await consent(gateway, rita, "withdrawal_paid")
    buyers = []
    for referrer, name in ((rita, "rita-buyer"), (nick, "nick-buyer")):
        buyer = await login(gateway, f"{name}-{tag}")
        code = (await gateway.get("/v1/referrals/me", headers=bearer(referrer))).json()["code"]
        assert (await gateway.post("/v1/referrals/bind", json={"code": code}, headers=bearer(buyer))).status_code == 200
        buyers.append(buyer)
    community_id = await community_with(gateway, ops, *buyers)
    sku_id = await product(gateway, ops, PRICE_FEN)

    async with Bus(scenes_stack, "referrals") as bus:
        orders = [await paid_order(gateway, buyer, sku_id) for buyer in buyers]
        await ship_and_arrive(gateway, ops, community_id, sku_id, orders)
        for order in orders:
            handed = await gateway.post(f"/v1/orders/{order['id']}/deliver", headers=bearer(ops))
            assert handed.status_code == 200, handed.text
        # The after-sales window passes: each order completes and its earnings become available.
        for partner in (rita, nick):
            available = await until(lambda p=partner: gateway.get("/v1/rebates/balance", headers=bearer(p)),
                                    lambda a: a.json()["available_fen"] > 0 and a.json()["frozen_fen"] == 0,
                                    AFTER_SALES_S * 4)
            assert available.json()["available_fen"] > 0, available.text
        credited = await until(lambda: bus.entries("rebate.credited", set(ids)),
                               lambda found: len(found) >= 4, 10)  # a rebate and the new-member reward each
        earned = Counter(json.loads(e["envelope"])["payload"]["user_id"] for e in credited)
        assert earned == {rita["user"]["id"]: 2, nick["user"]["id"]: 2}, credited

        for partner in (rita, nick):
            asked = await gateway.post("/v1/withdrawals", json={"amount_fen": 2_000},
                                       headers=bearer(partner) | {"Idempotency-Key": uuid.uuid4().hex})
            assert asked.status_code == 201, asked.text
            approved = await gateway.post(f"/v1/withdrawals/{asked.json()['id']}/approve", headers=bearer(ops))
            assert approved.status_code == 200, approved.text
            paid = await until(lambda w=asked.json()["id"], p=partner: gateway.get(f"/v1/withdrawals/{w}",
                                                                                    headers=bearer(p)),
                               lambda a: a.json()["status"] == "paid", 15)
            assert paid.json()["status"] == "paid", paid.text

        rows = await until(lambda: messages(gateway, ops, set(ids)),
                           lambda rows: len(rows) == 6 and settled(rows), 30)
        outcomes = Counter((ids[r["user_id"]], r["scene"], r["status"]) for r in rows)
        assert outcomes == {(f"rita-{tag}", "rebate_credited", "sent"): 2,
                            (f"rita-{tag}", "withdrawal_paid", "sent"): 1,
                            (f"nick-{tag}", "rebate_credited", "no_consent"): 2,
                            (f"nick-{tag}", "withdrawal_paid", "no_consent"): 1}, rows
        assert await held(gateway, rita, "rebate_credited") == 1 and await held(gateway, rita, "withdrawal_paid") == 0

        replayed = credited + await bus.entries("withdrawal.paid", set(ids))
        assert len(replayed) == 6
        await bus.deliver_again(replayed)
    await asyncio.sleep(3)
    assert Counter((ids[r["user_id"]], r["scene"], r["status"]) for r in await messages(gateway, ops, set(ids))) \
        == outcomes

    received = (await fake.get("/_fake/messages", params={"touser": f"rita-{tag}"})).json()
    assert Counter(m["template_id"] for m in received) == {"tmpl-rebate_credited": 2, "tmpl-withdrawal_paid": 1}
    paid = next(m for m in received if m["template_id"] == "tmpl-withdrawal_paid")
    assert paid["data"]["amount1"]["value"] == "19.88元" and paid["page"].startswith("pages/withdrawals/detail?id=")
    kinds = sorted(m["data"]["thing2"]["value"] for m in received if m["template_id"] == "tmpl-rebate_credited")
    assert kinds == ["拉新奖励已到账，可提现", "推广返利已到账，可提现"]
    assert (await fake.get("/_fake/messages", params={"touser": f"nick-{tag}"})).json() == []
