"""Group progress, in-process against this run's orders database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from common.clock import now
from common.db import Database
from common.fastsql import FastResult
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.orders import groups
from services.orders.clients import ActivityFacts
from services.orders.config import Settings
from services.orders.domain.share_link import share_secret, share_token
from services.orders.main import create_app
from services.orders.models import GroupStatus, LadderGroup, Order, OrderStatus, Refund


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


def as_ops(app) -> SignedAs:
    return SignedAs(user(1, "ops"), app.state.settings.internal_key)


async def _add_group(app, **fields) -> int:
    opened = now()
    terms = {"kind": "ladder_group", "basis": "participants", "tiers": [
        {"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000},
        {"threshold": 3, "unit_price_fen": 8500}, {"threshold": 5, "unit_price_fen": 7500}]}
    group = LadderGroup(activity_id=7, address_key="k", opened_at=opened, terms=terms,
                        closes_at=opened + timedelta(hours=2), **fields)
    async with app.state.db.write_sessions() as session:
        session.add(group)
        await session.commit()
        return group.id


async def test_open_group_shows_count_and_time_left(app):
    group_id = await _add_group(app, paid_count=2, reached_threshold=2)
    body = (await app.state.client.get(f"/v1/groups/{group_id}", auth=as_ops(app))).json()
    assert body["paid_count"] == 2 and body["status"] == "open"
    assert body["unit_price_fen"] == 9000
    assert body["next_tier"] == {"threshold": 3, "unit_price_fen": 8500, "needed": 1}  # 1 more neighbour → ¥85
    assert 7000 < body["seconds_left"] <= 7200
    assert body["opened_at"].endswith(("+00:00", "Z"))


async def test_closed_group_has_no_time_left(app):
    group_id = await _add_group(app, status=GroupStatus.succeeded)
    assert (await app.state.client.get(f"/v1/groups/{group_id}", auth=as_ops(app))).json()["seconds_left"] == 0


async def test_unknown_group_is_a_404_problem(app):
    answer = await app.state.client.get("/v1/groups/999999", auth=as_ops(app))
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


async def test_progress_is_for_ops_participants_and_share_link_holders_only(app):
    group_id = await _add_group(app, paid_count=1, reached_threshold=1, status=GroupStatus.succeeded)
    api, key = app.state.client, app.state.settings.internal_key
    anonymous = await api.get(f"/v1/groups/{group_id}")
    assert anonymous.status_code == 404 and anonymous.json()["code"] == "not_found"
    stranger = await api.get(f"/v1/groups/{group_id}", auth=SignedAs(user(424242), key))
    assert stranger.status_code == 404 and stranger.json()["code"] == "not_found"
    token = share_token(share_secret(key), group_id)
    assert (await api.get(f"/v1/groups/{group_id}", params={"share": token})).json()["id"] == group_id
    other = await _add_group(app, status=GroupStatus.failed)
    for wrong in (share_token(share_secret(key), other), token[:-1] + ("A" if token[-1] != "A" else "B")):
        assert (await api.get(f"/v1/groups/{group_id}", params={"share": wrong})).status_code == 404
    assert (await api.get(f"/v1/groups/{group_id}", params={"share": "not a token"})).status_code == 422


@pytest.mark.parametrize("own_order_in_it", [False, True], ids=["stranger", "own-paid-order-in-it"])
async def test_a_joiner_racing_a_neighbour_to_open_a_group_joins_the_neighbours(app, monkeypatch, own_order_in_it):
    """The neighbour's group is opened between this joiner's look for one and its own opening: the one open
    group per address refuses the second, and the joiner is given the neighbour's, read again with the
    joiner's own orders in it (one paid there already — sent at once with another key — means no new
    participant): three statements in all."""
    opened = now()
    activity_id = 9101 + 10 * own_order_in_it
    activity = ActivityFacts(id=activity_id, kind="ladder_group", sku_id=1, starts_at=opened,
                             ends_at=opened + timedelta(hours=2), status="live", community_ids=[],
                             terms={"kind": "ladder_group", "tiers": [{"threshold": 1, "unit_price_fen": 10000}]})
    neighbours = LadderGroup(activity_id=activity.id, address_key="race", opened_at=opened, terms=activity.terms,
                             closes_at=activity.ends_at)
    db = app.state.db
    real_fetch, real_write = db.fetch, db.write_alone
    sent = []

    async def first_look(statement, params=None):  # the first look misses: nobody has opened it yet
        sent.append("look")
        if statement is groups._JOINING_AT and sent.count("look") == 1:
            return await real_fetch(statement, {**params, "address_key": "nobody"})
        return await real_fetch(statement, params)

    opening = []

    async def neighbour_first(statement, params=None):  # the neighbour opens it just before this joiner does
        sent.append("open")
        if not opening:
            neighbour = Database.connect(db.url)  # another process: this one's writer is the joiner's now
            try:
                async with neighbour.write_sessions() as other:
                    other.add(neighbours)
                    await other.flush()
                    if own_order_in_it:
                        other.add(_paid_order(activity.id, neighbours.id, 77, opened))
                    await other.commit()
            finally:
                await neighbour.dispose()
        answer = await real_write(statement, params)
        opening.append(answer.all())
        return FastResult(list(answer.keys()), opening[-1], -1)

    monkeypatch.setattr(db, "fetch", first_look)
    monkeypatch.setattr(db, "write_alone", neighbour_first)
    joining = await groups.group_to_join(app.state.db, activity, "race", user_id=77)
    assert joining.group_id == neighbours.id and joining.paid_before is own_order_in_it
    async with app.state.db.read_sessions() as session:
        open_here = (await session.exec(select(LadderGroup.id).where(
            LadderGroup.activity_id == activity.id, LadderGroup.status == GroupStatus.open))).all()
    assert open_here == [neighbours.id]
    assert opening == [[]]  # the joiner's opening wrote nothing: the neighbour's was there
    assert sent == ["look", "open", "look"]


async def test_the_first_joiner_opens_the_group_in_two_statements(app, monkeypatch):
    """Nobody's order can be in a group this joiner has just opened: its own orders are not read again."""
    opened = now()
    activity = ActivityFacts(id=9103, kind="ladder_group", sku_id=1, starts_at=opened,
                             ends_at=opened + timedelta(hours=2), status="live", community_ids=[],
                             terms={"kind": "ladder_group", "tiers": [{"threshold": 1, "unit_price_fen": 10000}]})
    db = app.state.db
    sent = []
    for name in ("fetch", "write_alone"):
        real = getattr(db, name)

        async def counted(statement, params=None, *, _real=real, _name=name):
            sent.append(_name)
            return await _real(statement, params)

        monkeypatch.setattr(db, name, counted)
    first = await groups.group_to_join(db, activity, "first", user_id=601)
    assert sent == ["fetch", "write_alone"] and not first.paid_before
    second = await groups.group_to_join(db, activity, "first", user_id=602)
    assert second.group_id == first.group_id and sent == ["fetch", "write_alone", "fetch"]


def _paid_order(activity_id: int, group_id: int, buyer: int, at) -> Order:
    return Order(order_no=f"GBPAID{activity_id}{buyer}", user_id=buyer, kind="ladder", sku_id=1, product_id=1,
                 product_name="x", product_role="regular", activity_id=activity_id, group_id=group_id, quantity=1,
                 unit_price_fen=10000, price_rule="ladder", amount_fen=10000, status=OrderStatus.paid, created_at=at,
                 pay_deadline=at + timedelta(minutes=30), paid_at=at)


async def test_a_joiner_with_an_order_still_in_the_group_is_no_new_participant(app):
    """The joiner's paid orders come with the group in one read: one still in it (unrefunded, or refunded only
    for a reason beyond the buyer's control) means a further order adds no participant."""
    opened = now()
    activity = ActivityFacts(id=9102, kind="ladder_group", sku_id=1, starts_at=opened,
                             ends_at=opened + timedelta(hours=2), status="live", community_ids=[],
                             terms={"kind": "ladder_group", "tiers": [{"threshold": 1, "unit_price_fen": 10000}]})
    db = app.state.db
    first = await groups.group_to_join(db, activity, "again", user_id=501)  # opens it
    assert not first.paid_before
    buyers = {502: [], 503: ["shortage"], 504: ["changed_mind"], 505: ["shortage", "changed_mind"]}
    async with db.write_sessions() as session:
        for buyer, reasons in buyers.items():
            order = _paid_order(activity.id, first.group_id, buyer, opened)
            session.add(order)
            await session.flush()
            for i, reason in enumerate(reasons):
                session.add(Refund(order_id=order.id, out_refund_no=f"R{buyer}{i}", amount_fen=100, reason=reason,
                                   created_at=opened))
        await session.commit()
    seen = {buyer: (await groups.group_to_join(db, activity, "again", user_id=buyer)) for buyer in (501, *buyers)}
    assert {buyer: joining.group_id for buyer, joining in seen.items()} == dict.fromkeys(seen, first.group_id)
    assert {buyer: joining.paid_before for buyer, joining in seen.items()} == {
        501: False, 502: True, 503: True, 504: False, 505: False}
