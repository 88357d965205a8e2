"""A community's pickup sheet through the orders API, with the real membership app answering who leads
the community: which orders are on a business day's sheet, grouped by door and SKU, masked, as JSON and
as CSV, and read only by ops and the community's current leader."""

from __future__ import annotations

import csv
import io
import itertools
import uuid
from datetime import UTC, datetime, time, timedelta

import httpx
import pytest

from common.clock import BUSINESS_TZ, business_now
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.membership.config import Settings as MembershipSettings
from services.membership.main import create_app as create_membership
from services.orders.clients import Clients
from services.orders.config import Settings
from services.orders.main import create_app
from services.orders.models import Order, OrderKind, OrderStatus

DAY = business_now().date() - timedelta(days=1)  # recent enough that nothing completes during the test
_orders = itertools.count(1)


def on_day(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the business calendar, relative to DAY, as UTC."""
    local = datetime.combine(DAY + timedelta(days=day_offset), time(hour, minute), tzinfo=BUSINESS_TZ)
    return local.astimezone(UTC)


def address(**fields) -> dict:
    return {"recipient": "王五", "phone": "13812345678", "province": "浙江省", "city": "杭州市", "district": "西湖区",
            "estate": "翠苑一区", "building": "1栋", "unit": "2单元", "room": "301"} | fields


@pytest.fixture(scope="module")
async def membership(infra, unit_databases):
    application = create_membership(service_settings(MembershipSettings, infra, unit_databases, dev_login=True))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


@pytest.fixture(scope="module")
async def app(infra, unit_databases, membership):
    application = create_app(service_settings(Settings, infra, unit_databases))
    async with serve_in_process(application) as client, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=membership)) as to_membership:
        application.state.client = client
        application.state.clients = Clients(to_membership, application.state.settings)
        yield application


async def dev_user(membership, name: str) -> int:
    answer = await membership.state.client.post("/v1/auth/dev-login", json={"openid": f"{name}-{uuid.uuid4().hex}"})
    return answer.json()["user"]["id"]


@pytest.fixture(scope="module")
async def community(membership):
    """A community with a leader, in membership."""
    api, key = membership.state.client, membership.state.settings.internal_key
    ops = SignedAs(user(await dev_user(membership, "pickup-ops"), "ops"), key)
    created = await api.post("/v1/communities", auth=ops, json={
        "name": "翠苑一区团", "province": "浙江省", "city": "杭州市", "district": "西湖区", "estate": "翠苑一区",
        "pickup_point": "1栋门卫室"})
    assert created.status_code == 201, created.text
    leader = await dev_user(membership, "pickup-leader")
    named = await api.put(f"/v1/communities/{created.json()['id']}/leader", json={"user_id": leader}, auth=ops)
    assert named.status_code == 200, named.text
    return {"id": created.json()["id"], "leader": leader, "ops": ops}


async def add_order(app, community_id: int, status: OrderStatus, *, shipped: datetime | None = None,
                    delivered: datetime | None = None, sku: int = 11, quantity: int = 1, arrived: bool = True,
                    **address_fields) -> str:
    """``arrived``: the leader confirmed the arrival when it was shipped (what makes it ready for pickup)."""
    n = next(_orders)
    number = f"PU{DAY:%Y%m%d}{n:06d}"
    placed = on_day(-3, 9)
    order = Order(order_no=number, user_id=4000 + n, kind=OrderKind.regular, sku_id=sku,
                  product_id=sku * 10, product_name=f"商品{sku}", product_role="regular", quantity=quantity,
                  unit_price_fen=1000, price_rule="list", amount_fen=1000 * quantity, status=status,
                  address=address(**address_fields), community_id=community_id, created_at=placed,
                  pay_deadline=placed + timedelta(minutes=30), paid_at=placed, confirmed_at=placed,
                  shipped_at=shipped, delivered_at=delivered, arrived_at=shipped if arrived else None)
    async with app.state.db.write_sessions() as session:
        session.add(order)
        await session.commit()
    return number


@pytest.fixture(scope="module")
async def sheet_orders(app, community):
    """Orders around DAY: the ones named ``on_*`` belong on DAY's sheet, the others do not."""
    c, s, d = community["id"], OrderStatus.shipped, OrderStatus.delivered
    return {
        "on_waiting": await add_order(app, c, s, shipped=on_day(0, 8), quantity=2),
        "on_same_door": await add_order(app, c, d, shipped=on_day(0, 8), delivered=on_day(0, 18), building="一号楼",
                                        unit="二单元", room="301室", recipient="王六", phone="139-8765-4321"),
        "on_left_over": await add_order(app, c, s, shipped=on_day(-1, 10), sku=12, room="502"),
        "on_just_after_midnight": await add_order(app, c, s, shipped=on_day(0, 0, 30), sku=12, room="502"),
        "on_picked_up_later": await add_order(app, c, d, shipped=on_day(0, 9), delivered=on_day(1, 9), sku=13),
        "on_completed": await add_order(app, c, OrderStatus.completed, shipped=on_day(-2, 9),
                                        delivered=on_day(0, 9), sku=13, room="601"),
        "off_picked_up_before": await add_order(app, c, d, shipped=on_day(-1, 9), delivered=on_day(-1, 20)),
        "off_shipped_next_day": await add_order(app, c, s, shipped=on_day(1, 0, 30)),
        "off_not_shipped": await add_order(app, c, OrderStatus.confirmed),
        "off_not_arrived": await add_order(app, c, s, shipped=on_day(0, 8), arrived=False),
        "off_refunded": await add_order(app, c, OrderStatus.refunded, shipped=on_day(0, 8)),
        "off_other_community": await add_order(app, c + 100000, s, shipped=on_day(0, 8)),
    }


def as_(app, user_id: int, *roles: str) -> SignedAs:
    return SignedAs(user(user_id, *roles), app.state.settings.internal_key)


async def sheet(app, auth, community_id: int, **params):
    query = {"community_id": community_id, "date": DAY.isoformat()} | params
    return await app.state.client.get("/v1/orders/pickup-list", params=query, auth=auth)


async def test_the_leader_sees_the_days_orders_by_door_and_sku(app, community, sheet_orders):
    answer = await sheet(app, as_(app, community["leader"], "leader"), community["id"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    listed = {n for row in body["rows"] for n in row["order_nos"]}
    assert listed == {n for name, n in sheet_orders.items() if name.startswith("on_")}
    assert (body["date"], body["timezone"], body["orders"], body["quantity"]) == (DAY.isoformat(), "Asia/Shanghai",
                                                                                  6, 7)
    rows = {(row["address"], row["sku_id"]): row for row in body["rows"]}
    door = rows[("翠苑一区 1栋 2单元 301", 11)]  # 一号楼二单元301室 is the same door
    assert (door["orders"], door["quantity"], door["picked_up_orders"]) == (2, 3, 1)
    assert door["recipients"] == ["王* 138****5678", "王* 139****4321"]
    assert door["order_nos"] == [sheet_orders["on_waiting"], sheet_orders["on_same_door"]]
    assert rows[("翠苑一区 1栋 2单元 502", 12)]["orders"] == 2
    assert rows[("翠苑一区 1栋 2单元 301", 13)]["picked_up_orders"] == 0  # picked up the next day
    assert rows[("翠苑一区 1栋 2单元 601", 13)]["picked_up_orders"] == 1
    assert body["picked_up_orders"] == 2
    assert "13812345678" not in answer.text and "王五" not in answer.text


async def test_csv_has_the_same_rows(app, community, sheet_orders):
    leader = as_(app, community["leader"], "leader")
    as_json = (await sheet(app, leader, community["id"])).json()["rows"]
    for answer in (await sheet(app, leader, community["id"], format="csv"),
                   await app.state.client.get("/v1/orders/pickup-list", auth=leader, headers={"Accept": "text/csv"},
                                              params={"community_id": community["id"], "date": DAY.isoformat()})):
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        assert f"pickup-{community['id']}-{DAY.isoformat()}.csv" in answer.headers["content-disposition"]
        assert answer.content.startswith("\ufeff".encode())
        rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert [(r["address"], int(r["sku_id"]), int(r["quantity"]), r["order_nos"].split("; ")) for r in rows] == \
            [(r["address"], r["sku_id"], r["quantity"], r["order_nos"]) for r in as_json]
        assert rows[0]["recipients"] == "; ".join(as_json[0]["recipients"])
    forced = await app.state.client.get("/v1/orders/pickup-list", auth=leader, headers={"Accept": "text/csv"},
                                        params={"community_id": community["id"], "date": DAY.isoformat(),
                                                "format": "json"})
    assert forced.headers["content-type"] == "application/json"


async def test_a_cell_that_would_start_a_formula_is_escaped(app, community, sheet_orders):
    number = await add_order(app, community["id"], OrderStatus.shipped, shipped=on_day(0, 8), sku=15, estate="",
                             building="", unit="", room="", detail="=HYPERLINK(\"x\")")
    answer = await sheet(app, as_(app, community["leader"], "leader"), community["id"], format="csv")
    row = next(r for r in csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))) if r["order_nos"] == number)
    assert row["address"] == "'=HYPERLINK(\"x\")"


async def test_other_days_have_their_own_sheets(app, community, sheet_orders):
    leader = as_(app, community["leader"], "leader")
    before = (await sheet(app, leader, community["id"], date=(DAY - timedelta(days=1)).isoformat())).json()
    assert sheet_orders["off_picked_up_before"] in {n for r in before["rows"] for n in r["order_nos"]}
    assert sheet_orders["on_waiting"] not in {n for r in before["rows"] for n in r["order_nos"]}
    later = (await sheet(app, leader, community["id"], date=(DAY + timedelta(days=1)).isoformat())).json()
    later_nos = {n for r in later["rows"] for n in r["order_nos"]}
    assert sheet_orders["off_shipped_next_day"] in later_nos and sheet_orders["on_left_over"] in later_nos
    assert sheet_orders["on_same_door"] not in later_nos
    empty = (await sheet(app, leader, community["id"], date=(DAY - timedelta(days=30)).isoformat())).json()
    assert (empty["orders"], empty["rows"]) == (0, [])


async def test_only_ops_and_the_current_leader_read_it(app, membership, community, sheet_orders):
    assert (await sheet(app, community["ops"], community["id"])).status_code == 200
    assert (await sheet(app, None, community["id"])).status_code == 401
    stranger = await dev_user(membership, "pickup-stranger")
    for caller in (as_(app, stranger), as_(app, stranger, "leader"), as_(app, community["leader"])):
        answer = await sheet(app, caller, community["id"])
        assert answer.status_code == 403 and answer.headers["content-type"] == "application/problem+json"
    assert (await sheet(app, community["ops"], 999999)).status_code == 404
    successor = await dev_user(membership, "pickup-successor")
    moved = await membership.state.client.put(f"/v1/communities/{community['id']}/leader", auth=community["ops"],
                                              json={"user_id": successor})
    assert moved.status_code == 200
    assert (await sheet(app, as_(app, community["leader"], "leader"), community["id"])).status_code == 403
    assert (await sheet(app, as_(app, successor, "leader"), community["id"])).status_code == 200


@pytest.mark.parametrize(("params", "field"), [
    ({"date": "2026-02-30"}, "query.date"),
    ({"date": "today"}, "query.date"),
    ({"community_id": 0}, "query.community_id"),
    ({"format": "xlsx"}, "query.format"),
])
async def test_bad_queries_are_validation_problems(app, community, params, field):
    query = {"community_id": community["id"], "date": DAY.isoformat()} | params
    answer = await app.state.client.get("/v1/orders/pickup-list", params=query, auth=community["ops"])
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == [field]
