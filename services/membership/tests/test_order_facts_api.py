"""What orders reads of a buyer to place an order (``/internal/users/{id}/order-facts``): the buyer as
``/internal/users/{id}`` tells them, with their community and its leader, and the address as the buyer's own
book shows it — never someone else's, never a deleted one, for the orders service only."""

from __future__ import annotations

import secrets

import pytest

from common.auth import service_identity
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.membership.config import Settings
from services.membership.main import create_app

ADDRESS = {"recipient": "赵六", "phone": "13600000000", "province": "江苏省", "city": "南京市", "district": "鼓楼区",
           "estate": "清凉山公寓", "building": "2栋", "unit": "3单元", "room": "301", "detail": "东门进"}
COMMUNITY = {"name": "清凉山公寓团", "province": "江苏省", "city": "南京市", "district": "鼓楼区",
             "estate": "清凉山公寓", "building": "", "pickup_point": "东门门卫室"}


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases, dev_login=True))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


def as_user(app, user_id: int, *roles: str) -> SignedAs:
    return SignedAs(user(user_id, *roles), app.state.settings.internal_key)


def as_orders(app) -> SignedAs:
    return SignedAs(service_identity("orders"), app.state.settings.internal_key)


async def new_user(app) -> int:
    answer = await app.state.client.post("/v1/auth/dev-login", json={"openid": f"facts-{secrets.token_hex(6)}"})
    return answer.json()["user"]["id"]


async def add_address(app, user_id: int, **changes) -> dict:
    answer = await app.state.client.post("/v1/users/me/addresses", json=ADDRESS | changes,
                                         auth=as_user(app, user_id))
    assert answer.status_code == 201, answer.text
    return answer.json()


async def facts(app, user_id: int, address_id: int):
    return await app.state.client.get(f"/internal/users/{user_id}/order-facts", params={"address_id": address_id},
                                      auth=as_orders(app))


async def test_the_buyer_and_their_address_as_the_other_routes_tell_them(app):
    api = app.state.client
    buyer = await new_user(app)
    address = await add_address(app, buyer)
    answer = await facts(app, buyer, address["id"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["buyer"] == (await api.get(f"/internal/users/{buyer}", auth=as_orders(app))).json()
    assert body["buyer"]["community_id"] is None and body["buyer"]["community_leader_id"] is None
    assert body["address"] == (await api.get(f"/v1/users/me/addresses/{address['id']}",
                                             auth=as_user(app, buyer))).json()


async def test_the_buyers_community_and_its_leader_come_with_them(app):
    api = app.state.client
    ops, leader, buyer = await new_user(app), await new_user(app), await new_user(app)
    community = (await api.post("/v1/communities", json=COMMUNITY, auth=as_user(app, ops, "ops"))).json()
    address = await add_address(app, buyer, room="402")
    assert (await api.post(f"/v1/communities/{community['id']}/join", auth=as_user(app, buyer))).status_code == 200
    without_leader = (await facts(app, buyer, address["id"])).json()["buyer"]
    assert without_leader["community_id"] == community["id"] and without_leader["community_leader_id"] is None
    await api.put(f"/v1/communities/{community['id']}/leader", json={"user_id": leader},
                  auth=as_user(app, ops, "ops"))
    body = (await facts(app, buyer, address["id"])).json()
    assert body["buyer"]["community_id"] == community["id"] and body["buyer"]["community_leader_id"] == leader
    assert body["buyer"] == (await api.get(f"/internal/users/{buyer}", auth=as_orders(app))).json()


async def test_someone_elses_a_deleted_or_a_missing_address_and_an_unknown_buyer_are_not_found(app):
    api = app.state.client
    buyer, neighbour = await new_user(app), await new_user(app)
    theirs = await add_address(app, neighbour)
    deleted = await add_address(app, buyer, room="101")
    assert (await api.delete(f"/v1/users/me/addresses/{deleted['id']}", auth=as_user(app, buyer))).status_code == 204
    for address_id in (theirs["id"], deleted["id"], 2**31 - 1):
        refused = await facts(app, buyer, address_id)
        assert refused.status_code == 404, refused.text
        assert refused.json()["code"] == "not_found" and refused.json()["resource"] == "address"
    unknown = await facts(app, 2**31 - 5, theirs["id"])
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert "resource" not in unknown.json()


async def test_only_services_read_order_facts(app):
    buyer = await new_user(app)
    address = await add_address(app, buyer)
    refused = await app.state.client.get(f"/internal/users/{buyer}/order-facts", params={"address_id": address["id"]},
                                         auth=as_user(app, buyer))
    assert refused.status_code == 403
