"""The back office and the pickup counter through the orders API, with the real membership app answering
who leads which community: the staff search and its masking, batch shipping and hand-outs, pickup codes
and their guessing limit, uncollected orders and ``order.uncollected`` once, the audit trail, and paying
again for an unpaid order."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa
from redis.asyncio import Redis
from sqlmodel import col, select

from common.auth import Identity
from common.clock import business_now, now
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.membership.config import Settings as MembershipSettings
from services.membership.main import create_app as create_membership
from services.orders import delivery, uncollected
from services.orders.clients import Clients
from services.orders.config import Settings
from services.orders.main import create_app
from services.orders.models import Order, OrderKind, OrderStatus, OrderTransition, PickupCode, events

GUESSES = 3
_numbers = itertools.count(1)
TAG = uuid.uuid4().int % 10**6  # keeps this module's products, SKUs and activities apart from other modules'


@pytest.fixture(scope="module")
async def membership(infra, unit_databases):
    application = create_membership(service_settings(MembershipSettings, infra, unit_databases, dev_login=True))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


@pytest.fixture(scope="module")
async def app(infra, unit_databases, membership):
    application = create_app(service_settings(Settings, infra, unit_databases, pickup_code_guesses=GUESSES))
    async with serve_in_process(application) as client, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=membership)) as to_membership:
        application.state.client = client
        application.state.clients = Clients(to_membership, application.state.settings)
        yield application


async def dev_user(membership, name: str) -> int:
    answer = await membership.state.client.post("/v1/auth/dev-login", json={"openid": f"{name}-{uuid.uuid4().hex}"})
    return answer.json()["user"]["id"]


def as_(app, user_id: int, *roles: str) -> SignedAs:
    return SignedAs(user(user_id, *roles), app.state.settings.internal_key)


@pytest.fixture(scope="module")
async def world(app, membership):
    """Two communities, each with its leader; ops; and buyers known to membership."""
    api, key = membership.state.client, membership.state.settings.internal_key
    ops_id = await dev_user(membership, "bo-ops")
    ops = SignedAs(user(ops_id, "ops"), key)
    made = {}
    for name in ("a", "b"):
        created = await api.post("/v1/communities", auth=ops, json={
            "name": f"后台测试团 {name} {TAG}", "province": "浙江省", "city": "杭州市", "district": "西湖区",
            "estate": "翠苑一区", "pickup_point": "门卫室"})
        assert created.status_code == 201, created.text
        leader = await dev_user(membership, f"bo-leader-{name}")
        named = await api.put(f"/v1/communities/{created.json()['id']}/leader", json={"user_id": leader}, auth=ops)
        assert named.status_code == 200, named.text
        made[name] = {"id": created.json()["id"], "leader": leader}
    buyers = [await dev_user(membership, f"bo-buyer-{n}") for n in range(3)]
    return {"ops": ops, "ops_id": ops_id, "a": made["a"], "b": made["b"], "buyers": buyers}


def address(**fields) -> dict:
    return {"recipient": "王五", "phone": "13812345678", "province": "浙江省", "city": "杭州市", "district": "西湖区",
            "estate": "翠苑一区", "building": "1栋", "unit": "2单元", "room": "301"} | fields


async def add_order(app, *, user_id: int, community_id: int | None, status: OrderStatus = OrderStatus.confirmed,
                    sku: int = 1, product: int = 1, activity: int | None = None, group: int | None = None,
                    leader: int | None = None, shipped_at: datetime | None = None, delivery_date=None,
                    delivered_at: datetime | None = None, placed_at: datetime | None = None,
                    pay_deadline: datetime | None = None, phone: str = "13812345678", arrived: bool = True) -> Order:
    """``arrived``: the leader confirmed the arrival when it was shipped (what makes it ready for pickup)."""
    placed = placed_at or now() - timedelta(hours=1)
    paid = None if status in (OrderStatus.pending_payment, OrderStatus.cancelled) else placed
    order = Order(order_no=f"BO{TAG:06d}{next(_numbers):08d}", user_id=user_id, kind=OrderKind.regular,
                  sku_id=TAG * 100 + sku, product_id=TAG * 100 + product, product_name=f"后台商品{sku}",
                  product_role="regular", quantity=1, unit_price_fen=1000, price_rule="list", amount_fen=1000,
                  status=status, address=address(phone=phone), community_id=community_id, leader_user_id=leader,
                  activity_id=TAG * 100 + activity if activity else None, group_id=group, created_at=placed,
                  pay_deadline=pay_deadline or placed + timedelta(minutes=30), paid_at=paid,
                  confirmed_at=paid if status != OrderStatus.paid else None, shipped_at=shipped_at,
                  delivery_date=delivery_date, delivered_at=delivered_at,
                  arrived_at=shipped_at if arrived else None)
    async with app.state.db.write_sessions() as session:
        session.add(order)
        await session.commit()
    return order


async def orders_of(app, *ids: int) -> dict[int, Order]:
    async with app.state.db.read_sessions() as session:
        return {o.id: o for o in (await session.exec(select(Order).where(col(Order.id).in_(ids)))).all()}


async def trail(app, order_id: int) -> list[OrderTransition]:
    async with app.state.db.read_sessions() as session:
        return list((await session.exec(select(OrderTransition).where(OrderTransition.order_id == order_id)
                                        .order_by(col(OrderTransition.id)))).all())


def ids(page: dict) -> list[int]:
    return [item["id"] for item in page["items"]]


# --- search --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def catalogue(app, world):
    """Orders of community a spread over every filter; one of community b."""
    a, b, buyers = world["a"]["id"], world["b"]["id"], world["buyers"]
    today = delivery.today()
    made = {
        "plain": await add_order(app, user_id=buyers[0], community_id=a, leader=world["a"]["leader"]),
        "ladder": await add_order(app, user_id=buyers[1], community_id=a, sku=2, product=2, activity=7,
                                  status=OrderStatus.paid),
        "shipped": await add_order(app, user_id=buyers[0], community_id=a, sku=3, product=3,
                                   status=OrderStatus.shipped, shipped_at=now(), delivery_date=today,
                                   phone="139-0000-4321"),
        "unpaid": await add_order(app, user_id=buyers[2], community_id=a, status=OrderStatus.pending_payment),
        "elsewhere": await add_order(app, user_id=buyers[1], community_id=b, sku=3, product=3),
    }
    return made


async def staff_search(app, auth, **params):
    return await app.state.client.get("/v1/orders", params={"view": "staff"} | params, auth=auth)


async def test_ops_find_orders_by_every_filter_newest_first(app, world, catalogue):
    c, a = catalogue, world["a"]["id"]
    everything = (await staff_search(app, world["ops"], community_id=a)).json()
    assert ids(everything) == sorted((c[n].id for n in ("plain", "ladder", "shipped", "unpaid")), reverse=True)
    oldest_first = (await staff_search(app, world["ops"], community_id=a, order="asc")).json()
    assert ids(oldest_first) == sorted(ids(everything))
    expectations = {
        (("status", "shipped"),): ["shipped"],
        (("leader_id", world["a"]["leader"]),): ["plain"],
        (("delivery_date", delivery.today().isoformat()), ("community_id", a)): ["shipped"],
        (("activity_id", TAG * 100 + 7),): ["ladder"],
        (("product_id", TAG * 100 + 3),): ["shipped", "elsewhere"],
        (("sku_id", TAG * 100 + 3), ("community_id", a)): ["shipped"],
        (("order_no", c["unpaid"].order_no),): ["unpaid"],
        (("phone_tail", "4321"),): ["shipped"],
        (("user_id", world["buyers"][1]),): ["ladder", "elsewhere"],
    }
    for params, names in expectations.items():
        found = await staff_search(app, world["ops"], **dict(params))
        assert found.status_code == 200, found.text
        assert ids(found.json()) == sorted((c[n].id for n in names), reverse=True), params
    assert (await staff_search(app, world["ops"], group_id=2**31 - 1)).json()["items"] == []
    assert everything["items"][0]["address"]["phone"] == "13812345678"  # ops see the buyer in full


async def test_pages_follow_the_cursor_in_both_directions(app, world, catalogue):
    a = world["a"]["id"]
    for direction in ("desc", "asc"):
        seen, cursor = [], None
        while True:
            params = {"community_id": a, "limit": 1, "order": direction} | ({"cursor": cursor} if cursor else {})
            page = (await staff_search(app, world["ops"], **params)).json()
            seen += ids(page)
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == sorted(seen, reverse=direction == "desc") and len(seen) == 4


async def test_a_leader_searches_only_the_community_they_lead_and_sees_buyers_masked(app, world, catalogue):
    leader = as_(app, world["a"]["leader"], "leader")
    mine = await staff_search(app, leader, community_id=world["a"]["id"])
    assert mine.status_code == 200 and len(mine.json()["items"]) == 4
    assert {item["address"]["phone"] for item in mine.json()["items"]} <= {"138****5678", "139****4321"}
    assert {item["address"]["recipient"] for item in mine.json()["items"]} == {"王*"}
    assert "13812345678" not in mine.text
    other = await staff_search(app, leader, community_id=world["b"]["id"])
    assert other.status_code == 404 and other.json()["code"] == "not_found"
    unnamed = await staff_search(app, leader)
    assert unnamed.status_code == 422 and unnamed.json()["errors"][0]["field"] == "query.community_id"
    buyer = as_(app, world["buyers"][0])
    assert (await staff_search(app, buyer)).status_code == 403
    assert (await staff_search(app, buyer, community_id=world["a"]["id"])).status_code == 404


async def test_a_buyer_lists_only_their_own_orders_newest_first(app, world, catalogue):
    answer = await app.state.client.get("/v1/orders", auth=as_(app, world["buyers"][0]))
    assert ids(answer.json())[:2] == [catalogue["shipped"].id, catalogue["plain"].id]
    assert {item["user_id"] for item in answer.json()["items"]} == {world["buyers"][0]}


async def test_who_opens_which_order(app, world, catalogue):
    order = catalogue["plain"]
    url = f"/v1/orders/{order.id}"
    full = await app.state.client.get(url, auth=world["ops"])
    assert full.status_code == 200 and full.json()["address"]["recipient"] == "王五"
    own = await app.state.client.get(url, auth=as_(app, world["buyers"][0]))
    assert own.status_code == 200 and own.json()["address"]["phone"] == "13812345678"
    masked = await app.state.client.get(url, auth=as_(app, world["a"]["leader"], "leader"))
    assert masked.status_code == 200 and masked.json()["address"]["phone"] == "138****5678"
    for stranger in (as_(app, world["b"]["leader"], "leader"), as_(app, world["buyers"][1])):
        refused = await app.state.client.get(url, auth=stranger)
        assert refused.status_code == 404 and refused.json()["code"] == "not_found"


@pytest.mark.parametrize(("params", "field"), [
    ({"phone_tail": "12a4"}, "query.phone_tail"),
    ({"delivery_date": "2026-02-30"}, "query.delivery_date"),
    ({"order": "sideways"}, "query.order"),
    ({"view": "everyone"}, "query.view"),
    ({"community_id": 0}, "query.community_id"),
])
async def test_bad_search_queries_are_validation_problems(app, world, params, field):
    answer = await staff_search(app, world["ops"], **params)
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == [field]


# --- batches -------------------------------------------------------------------------------------


async def test_shipping_a_communitys_day_in_one_call(app, membership, world):
    community = await fresh_community(membership, world)
    buyer = world["buyers"][0]
    ready = [await add_order(app, user_id=buyer, community_id=community["id"]) for _ in range(2)]
    forming = await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.paid)
    tomorrow = delivery.today() + timedelta(days=1)
    body = {"community_id": community["id"], "date": tomorrow.isoformat()}
    stranger = as_(app, world["a"]["leader"], "leader")
    refused = await app.state.client.post("/v1/orders/ship", json=body, auth=stranger)
    assert refused.status_code == 404
    assert {o.status for o in (await orders_of(app, *(o.id for o in ready))).values()} == {OrderStatus.confirmed}

    answer = await app.state.client.post("/v1/orders/ship", json=body, auth=world["ops"],
                                         headers={"X-Request-ID": "batch-ship-1"})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["counts"] == {"shipped": 2, "not_ready": 1}
    assert {(line["order_id"], line["outcome"]) for line in result["lines"]} == {
        (ready[0].id, "shipped"), (ready[1].id, "shipped"), (forming.id, "not_ready")}
    stored = await orders_of(app, *(o.id for o in ready))
    assert {(o.status, o.delivery_date) for o in stored.values()} == {(OrderStatus.shipped, tomorrow)}
    (move,) = await trail(app, ready[0].id)
    assert (move.event, move.from_status, move.to_status, move.via) == ("ship", "confirmed", "shipped", "batch_ship")
    assert (move.actor_kind, move.actor_id, move.actor_roles, move.request_id) == (
        "user", world["ops_id"], "customer,ops", "batch-ship-1")

    again = (await app.state.client.post("/v1/orders/ship", json=body, auth=world["ops"])).json()
    assert again["counts"] == {"already_shipped": 2, "not_ready": 1}
    assert len(await trail(app, ready[0].id)) == 1
    past = await app.state.client.post("/v1/orders/ship", auth=world["ops"], json={
        "community_id": community["id"], "date": (delivery.today() - timedelta(days=1)).isoformat()})
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "body.date"
    # shipped for tomorrow: not on today's pickup list, on tomorrow's once the leader confirmed the arrival
    leader = as_(app, community["leader"], "leader")
    today_sheet = await app.state.client.get("/v1/orders/pickup-list", auth=leader,
                                             params={"community_id": community["id"]})
    assert today_sheet.json()["orders"] == 0
    later = {"community_id": community["id"], "date": tomorrow.isoformat()}
    on_way = await app.state.client.get("/v1/orders/pickup-list", auth=leader, params=later)
    assert on_way.json()["orders"] == 0
    assert (await app.state.client.post("/v1/supply/arrivals", auth=leader, json=later)).status_code == 200
    later_sheet = await app.state.client.get("/v1/orders/pickup-list", auth=leader, params=later)
    assert later_sheet.json()["orders"] == 2


async def fresh_community(membership, world) -> dict:
    api = membership.state.client
    created = await api.post("/v1/communities", auth=world["ops"], json={
        "name": f"批量团 {uuid.uuid4().hex[:8]}", "province": "浙江省", "city": "杭州市", "district": "西湖区",
        "estate": "翠苑一区", "pickup_point": "门卫室"})
    leader = await dev_user(membership, "bo-batch-leader")
    await api.put(f"/v1/communities/{created.json()['id']}/leader", json={"user_id": leader}, auth=world["ops"])
    return {"id": created.json()["id"], "leader": leader}


async def test_handing_out_a_buyers_day_by_name(app, membership, world):
    community = await fresh_community(membership, world)
    buyer, other = world["buyers"][1], world["buyers"][2]
    today = delivery.today()
    waiting = [await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.shipped,
                               shipped_at=now() - timedelta(days=1), delivery_date=today - timedelta(days=1)),
               await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.shipped,
                               shipped_at=now(), delivery_date=today)]
    ahead = await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.shipped,
                            shipped_at=now(), delivery_date=today + timedelta(days=1))
    someone_else = await add_order(app, user_id=other, community_id=community["id"], status=OrderStatus.shipped,
                                   shipped_at=now(), delivery_date=today)
    body = {"community_id": community["id"], "user_id": buyer}
    leader = as_(app, community["leader"], "leader")
    answer = await app.state.client.post("/v1/orders/deliver", json=body, auth=leader)
    assert answer.status_code == 200, answer.text
    assert answer.json()["counts"] == {"delivered": 2} and answer.json()["buyer"] == "王* 138****5678"
    stored = await orders_of(app, *(o.id for o in [*waiting, ahead, someone_else]))
    assert [stored[o.id].status for o in waiting] == [OrderStatus.delivered] * 2
    assert stored[ahead.id].status == stored[someone_else.id].status == OrderStatus.shipped
    again = (await app.state.client.post("/v1/orders/deliver", json=body, auth=leader)).json()
    assert again["counts"] == {"already_delivered": 2}
    assert [m.via for m in await trail(app, waiting[0].id)] == ["batch_deliver"]


# --- pickup codes --------------------------------------------------------------------------------


async def test_a_buyer_gets_one_code_and_the_leader_hands_out_with_it(app, membership, world):
    community = await fresh_community(membership, world)
    buyer = await dev_user(membership, "bo-code-buyer")
    today = delivery.today()
    waiting = [await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.shipped,
                               shipped_at=now(), delivery_date=today, sku=n) for n in (1, 2)]
    not_shipped = await add_order(app, user_id=buyer, community_id=community["id"])
    me = as_(app, buyer)
    shown = await app.state.client.get("/v1/orders/pickup-code", auth=me)
    assert shown.status_code == 200, shown.text
    (card,) = shown.json()["codes"]
    assert card["community_id"] == community["id"] and len(card["code"]) == 8 and card["code"].isdigit()
    assert card["qr_payload"] == f"groupbuy:pickup:{community['id']}:{today.isoformat()}:{card['code']}"
    assert sorted(o["id"] for o in card["orders"]) == [o.id for o in waiting]
    again = (await app.state.client.get("/v1/orders/pickup-code", params={"date": today.isoformat()}, auth=me)).json()
    assert again["codes"][0]["code"] == card["code"]  # one code per buyer, community and day

    leader = as_(app, community["leader"], "leader")
    typed = f"{card['code'][:4]} {card['code'][4:]}"
    handed = await app.state.client.post("/v1/orders/pickup", auth=leader, headers={"X-Request-ID": "counter-1"},
                                         json={"code": typed, "community_id": community["id"]})
    assert handed.status_code == 200, handed.text
    assert handed.json()["counts"] == {"delivered": 2} and handed.json()["user_id"] == buyer
    stored = await orders_of(app, *(o.id for o in [*waiting, not_shipped]))
    assert [stored[o.id].status for o in waiting] == [OrderStatus.delivered] * 2
    assert stored[not_shipped.id].status == OrderStatus.confirmed
    (move,) = await trail(app, waiting[0].id)
    assert (move.via, move.actor_id, move.request_id) == ("pickup_code", community["leader"], "counter-1")

    used = await app.state.client.post("/v1/orders/pickup", auth=leader,
                                       json={"code": card["qr_payload"], "community_id": community["id"]})
    assert used.status_code == 409 and used.json()["code"] == "pickup_code_used" and used.json()["used_at"]
    later = await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.shipped,
                            shipped_at=now(), delivery_date=today)
    more = await app.state.client.post("/v1/orders/pickup", auth=leader,
                                       json={"code": card["code"], "community_id": community["id"]})
    assert more.status_code == 200 and [line["order_id"] for line in more.json()["lines"]
                                        if line["outcome"] == "delivered"] == [later.id]


async def test_a_code_works_only_at_its_own_counter_on_its_own_day(app, membership, world):
    community, elsewhere = await fresh_community(membership, world), await fresh_community(membership, world)
    buyer = await dev_user(membership, "bo-code-place")
    await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.shipped, shipped_at=now(),
                    delivery_date=delivery.today())
    code = (await app.state.client.get("/v1/orders/pickup-code", auth=as_(app, buyer))).json()["codes"][0]["code"]
    wrong_counter = await app.state.client.post("/v1/orders/pickup", auth=world["ops"],
                                                json={"code": code, "community_id": elsewhere["id"]})
    assert wrong_counter.status_code == 422 and wrong_counter.json()["code"] == "pickup_code_wrong_community"
    yesterday = delivery.today() - timedelta(days=1)
    async with app.state.db.write_sessions() as session:
        session.add(PickupCode(community_id=community["id"], day=yesterday, user_id=buyer, code="87654321",
                               created_at=now()))
        await session.commit()
    stale = await app.state.client.post("/v1/orders/pickup", auth=world["ops"],
                                        json={"code": "87654321", "community_id": community["id"]})
    assert stale.status_code == 422 and stale.json()["code"] == "pickup_code_wrong_day"
    other_leader = as_(app, elsewhere["leader"], "leader")
    refused = await app.state.client.post("/v1/orders/pickup", auth=other_leader,
                                          json={"code": code, "community_id": community["id"]})
    assert refused.status_code == 404  # not their counter: nothing checked, nothing counted
    buyer_tries = await app.state.client.post("/v1/orders/pickup", auth=as_(app, buyer),
                                              json={"code": code, "community_id": community["id"]})
    assert buyer_tries.status_code == 404


async def test_guessing_codes_is_stopped_and_counted_per_caller(app, membership, world):
    community = await fresh_community(membership, world)
    leader = as_(app, community["leader"], "leader")
    body = {"community_id": community["id"]}
    for guess in ("00000001", "not a code", "00000002"):
        wrong = await app.state.client.post("/v1/orders/pickup", auth=leader, json=body | {"code": guess})
        assert wrong.status_code == 422 and wrong.json()["code"] == "pickup_code_invalid", wrong.text
    stopped = await app.state.client.post("/v1/orders/pickup", auth=leader, json=body | {"code": "00000003"})
    assert stopped.status_code == 429 and stopped.json()["code"] == "too_many_guesses"
    assert 0 < int(stopped.headers["retry-after"]) <= app.state.settings.pickup_code_guess_window_s
    # another caller at the same counter is not stopped by these guesses
    other = await app.state.client.post("/v1/orders/pickup", auth=world["ops"], json=body | {"code": "00000003"})
    assert other.status_code == 422


async def test_codes_are_not_made_for_days_far_ahead(app, world):
    far = business_now().date() + timedelta(days=30)
    answer = await app.state.client.get("/v1/orders/pickup-code", params={"date": far.isoformat()},
                                        auth=as_(app, world["buyers"][0]))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "query.date"


async def test_an_order_on_its_way_is_ready_for_pickup_only_once_its_arrival_is_confirmed(app, membership, world):
    community = await fresh_community(membership, world)
    buyer = await dev_user(membership, "bo-arrival-buyer")
    today = delivery.today()
    on_way = await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.shipped,
                             shipped_at=now(), delivery_date=today, arrived=False)
    me, leader = as_(app, buyer), as_(app, community["leader"], "leader")
    assert (await app.state.client.get("/v1/orders/pickup-code", auth=me)).json()["codes"] == []
    by_name = await app.state.client.post("/v1/orders/deliver", auth=leader,
                                          json={"community_id": community["id"], "user_id": buyer})
    assert by_name.status_code == 200 and by_name.json()["counts"] == {}
    by_id = await app.state.client.post(f"/v1/orders/{on_way.id}/deliver", auth=leader)
    assert by_id.status_code == 409 and by_id.json()["code"] == "not_arrived", by_id.text
    sheet = await app.state.client.get("/v1/orders/pickup-list", auth=leader,
                                       params={"community_id": community["id"], "date": today.isoformat()})
    assert sheet.json()["orders"] == 0
    assert (await orders_of(app, on_way.id))[on_way.id].status == OrderStatus.shipped

    arrived = await app.state.client.post("/v1/supply/arrivals", auth=leader,
                                          json={"community_id": community["id"], "date": today.isoformat()})
    assert arrived.status_code == 200 and arrived.json()["arrived_orders"] == [on_way.id], arrived.text
    (card,) = (await app.state.client.get("/v1/orders/pickup-code", auth=me)).json()["codes"]
    assert [o["id"] for o in card["orders"]] == [on_way.id]
    handed = await app.state.client.post("/v1/orders/pickup", auth=leader,
                                         json={"code": card["code"], "community_id": community["id"]})
    assert handed.status_code == 200 and handed.json()["counts"] == {"delivered": 1}, handed.text


# --- uncollected ---------------------------------------------------------------------------------


async def test_uncollected_orders_are_listed_and_announced_once(app, membership, world):
    community = await fresh_community(membership, world)
    buyer = world["buyers"][0]
    long_ago = now() - timedelta(seconds=app.state.settings.uncollected_after_s + 3600)
    left = await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.shipped,
                           shipped_at=long_ago, delivery_date=delivery.local_day(long_ago))
    fresh = await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.shipped,
                            shipped_at=now(), delivery_date=delivery.today())
    never_arrived = await add_order(app, user_id=buyer, community_id=community["id"], status=OrderStatus.shipped,
                                    shipped_at=long_ago, delivery_date=delivery.local_day(long_ago), arrived=False)
    listed = await app.state.client.get("/v1/orders/uncollected", params={"community_id": community["id"]},
                                        auth=as_(app, community["leader"], "leader"))
    assert listed.status_code == 200 and ids(listed.json()) == [left.id]
    assert listed.json()["items"][0]["address"]["phone"] == "138****5678"
    assert (await app.state.client.get("/v1/orders/uncollected", auth=as_(app, buyer))).status_code == 403
    for _ in range(2):
        await uncollected.announce_due(db=app.state.db, settings=app.state.settings)
    async with app.state.db.read_sessions() as session:
        announced = (await session.exec(sa.select(events.outbox.c.aggregate).where(
            events.outbox.c.event_type == "order.uncollected",
            col(events.outbox.c.aggregate).in_([f"order_id:{o.id}" for o in (left, fresh, never_arrived)])))).all()
    assert [row[0] for row in announced] == [f"order_id:{left.id}"]


# --- audit trail ---------------------------------------------------------------------------------


async def test_the_history_shows_who_moved_the_order(app, world):
    order = await add_order(app, user_id=world["buyers"][0], community_id=world["a"]["id"])
    leader = as_(app, world["a"]["leader"], "leader")
    assert (await app.state.client.post(f"/v1/orders/{order.id}/ship", auth=leader,
                                        headers={"X-Request-ID": "ship-by-leader"})).status_code == 200
    refund = await app.state.client.post(f"/v1/orders/{order.id}/refunds", json={"amount_fen": 100},
                                         auth=world["ops"], headers={"X-Request-ID": "part-refund"})
    assert refund.status_code == 201, refund.text
    history = await app.state.client.get(f"/v1/orders/{order.id}/history", auth=leader)
    assert history.status_code == 200, history.text
    entries = history.json()["entries"]
    assert [(e["event"], e["from_status"], e["to_status"], e["request_id"]) for e in entries] == [
        ("ship", "confirmed", "shipped", "ship-by-leader"), ("refund_partial", "shipped", "shipped", "part-refund")]
    assert entries[0]["actor"] == {"kind": "user", "id": world["a"]["leader"], "roles": ["customer", "leader"],
                                   "name": None}
    assert entries[1]["actor"]["roles"] == ["customer", "ops"]
    assert datetime.fromisoformat(entries[0]["at"]).tzinfo is not None
    own = await app.state.client.get(f"/v1/orders/{order.id}/history", auth=as_(app, world["buyers"][0]))
    assert own.status_code == 403
    for stranger in (as_(app, world["b"]["leader"], "leader"), as_(app, world["buyers"][1])):
        assert (await app.state.client.get(f"/v1/orders/{order.id}/history", auth=stranger)).status_code == 404


async def test_the_scheduler_is_named_in_the_history(app, world):
    placed = now() - timedelta(hours=2)
    order = await add_order(app, user_id=world["buyers"][0], community_id=world["a"]["id"],
                            status=OrderStatus.pending_payment, placed_at=placed, pay_deadline=placed)
    for _ in range(40):  # the scheduler cancels it once the provider has no payment for it
        if (await orders_of(app, order.id))[order.id].status == OrderStatus.cancelled:
            break
        await asyncio.sleep(0.25)
    (move,) = await trail(app, order.id)
    assert (move.event, move.actor_kind, move.actor_name, move.request_id) == ("expire", "system", "scheduler", None)


# --- paying again --------------------------------------------------------------------------------


async def test_an_unpaid_order_can_be_paid_again_by_its_buyer(app, world):
    buyer = world["buyers"][2]
    order = await add_order(app, user_id=buyer, community_id=None, status=OrderStatus.pending_payment,
                            placed_at=now(), pay_deadline=now() + timedelta(minutes=30))
    url = f"/v1/orders/{order.id}/payment"
    first = await app.state.client.post(url, auth=as_(app, buyer))
    assert first.status_code == 200, first.text
    params = first.json()["payment"]["params"]
    assert params["package"].startswith("prepay_id=") and params["paySign"]
    second = (await app.state.client.post(url, auth=as_(app, buyer))).json()["payment"]["params"]
    assert second["package"] == params["package"]  # the same payment, asked for again
    assert (await app.state.client.post(url, auth=as_(app, world["buyers"][0]))).status_code == 404
    assert (await app.state.client.post(url, auth=world["ops"])).status_code == 404
    paid = await add_order(app, user_id=buyer, community_id=None)
    done = await app.state.client.post(f"/v1/orders/{paid.id}/payment", auth=as_(app, buyer))
    assert done.status_code == 409 and done.json()["code"] == "invalid_transition"


async def test_a_lapsed_order_cannot_be_paid_again(app, world):
    buyer = world["buyers"][2]
    lapsed = now() - timedelta(seconds=1)
    order = await add_order(app, user_id=buyer, community_id=None, status=OrderStatus.pending_payment,
                            placed_at=lapsed - timedelta(minutes=30), pay_deadline=lapsed)
    answer = await app.state.client.post(f"/v1/orders/{order.id}/payment", auth=as_(app, buyer))
    assert answer.status_code == 409 and answer.json()["code"] in ("payment_deadline_passed", "invalid_transition")


def test_the_phone_tail_is_kept_from_the_address():
    from services.orders.models import phone_tail

    assert phone_tail({"phone": "+86 138-1234-5678"}) == "5678"
    assert phone_tail({"phone": "123"}) is None and phone_tail(None) is None


def test_arrival_is_the_start_of_the_delivery_day_or_the_confirmation_if_later():
    today = delivery.today()
    start = delivery.bounds(today)[0]
    early = Order(arrived_at=start - timedelta(hours=5), delivery_date=today)
    late = Order(arrived_at=start + timedelta(hours=3), delivery_date=today)
    assert delivery.arrived_at(early) == start and delivery.arrived_at(late) == late.arrived_at
    assert delivery.arrived_at(Order(arrived_at=datetime(2026, 1, 1, tzinfo=UTC))) == datetime(2026, 1, 1, tzinfo=UTC)
    assert delivery.arrived_at(Order(shipped_at=start, delivery_date=today)) is None  # on its way, not confirmed


async def test_without_redis_codes_are_not_checked(app, membership, world, monkeypatch):
    community = await fresh_community(membership, world)
    gone = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2, socket_timeout=0.2)
    monkeypatch.setattr(app.state, "redis", gone)
    answer = await app.state.client.post("/v1/orders/pickup", auth=as_(app, community["leader"], "leader"),
                                         json={"code": "12345678", "community_id": community["id"]})
    assert answer.status_code == 503 and answer.json()["code"] == "pickup_codes_unavailable"
    assert answer.headers["retry-after"]
    await gone.aclose()


async def test_a_logistics_partners_key_may_ship_but_not_hand_out(app, world):
    order = await add_order(app, user_id=world["buyers"][0], community_id=world["a"]["id"])
    key = app.state.settings.internal_key
    writer = SignedAs(Identity(kind="api_key", api_key_id=77, scopes=("orders:write",)), key)
    reader = SignedAs(Identity(kind="api_key", api_key_id=78, scopes=("orders:read",)), key)
    assert (await app.state.client.post(f"/v1/orders/{order.id}/ship", auth=reader)).status_code == 403
    shipped = await app.state.client.post(f"/v1/orders/{order.id}/ship", auth=writer)
    assert shipped.status_code == 200 and shipped.json()["status"] == "shipped"
    assert (await app.state.client.post(f"/v1/orders/{order.id}/deliver", auth=writer)).status_code == 401
    (move,) = await trail(app, order.id)
    assert (move.actor_kind, move.actor_id, move.actor_roles) == ("api_key", 77, None)
