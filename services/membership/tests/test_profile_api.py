"""Profile and address book through the membership API: edits are validated, another buyer's address is
out of reach, a deleted address still resolves for the orders placed to it, one default at most."""

from __future__ import annotations

import asyncio

import pytest

from common.auth import service_identity as service
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.membership.config import Settings
from services.membership.main import create_app

ADDRESS = {"recipient": "王五", "phone": "13700000000", "province": "浙江省", "city": "杭州市", "district": "西湖区",
           "estate": "翠苑一区", "building": "5幢", "unit": "1单元", "room": "502"}


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases, dev_login=True))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


def as_user(app, user_id: int) -> SignedAs:
    return SignedAs(user(user_id), app.state.settings.internal_key)


async def new_user(app, openid: str) -> int:
    return (await app.state.client.post("/v1/auth/dev-login", json={"openid": openid})).json()["user"]["id"]


async def add(app, user_id: int, **changes) -> dict:
    answer = await app.state.client.post("/v1/users/me/addresses", json=ADDRESS | changes, auth=as_user(app, user_id))
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_nickname_and_avatar_are_set_and_validated(app):
    api, me = app.state.client, await new_user(app, "profile-a")
    changed = await api.patch("/v1/users/me", json={"nickname": " 小王 ", "avatar_url": "https://img.example.com/a.png"},
                              auth=as_user(app, me))
    assert changed.status_code == 200, changed.text
    assert changed.json()["nickname"] == "小王" and changed.json()["avatar_url"] == "https://img.example.com/a.png"
    for bad in ({"nickname": ""}, {"nickname": "a\u202eb"}, {"avatar_url": "http://img.example.com/a.png"},
                {"avatar_url": "https://u:p@img.example.com/a.png"}, {"level": "partner"}, {"nickname": "字" * 33}):
        refused = await api.patch("/v1/users/me", json=bad, auth=as_user(app, me))
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
    cleared = await api.patch("/v1/users/me", json={"avatar_url": None}, auth=as_user(app, me))
    assert cleared.json()["avatar_url"] is None and cleared.json()["nickname"] == "小王"
    assert (await api.patch("/v1/users/me", json={"nickname": "x"})).status_code == 401


async def test_another_buyers_address_cannot_be_edited_deleted_or_made_default(app):
    api = app.state.client
    owner, stranger = await new_user(app, "book-owner"), await new_user(app, "book-stranger")
    address = await add(app, owner)
    path = f"/v1/users/me/addresses/{address['id']}"
    for answer in (await api.patch(path, json={"room": "101"}, auth=as_user(app, stranger)),
                   await api.delete(path, auth=as_user(app, stranger)),
                   await api.post(f"{path}/default", auth=as_user(app, stranger))):
        assert answer.status_code == 404, answer.text
    kept = await api.get(path, auth=as_user(app, owner))
    assert kept.json()["room"] == "502" and kept.json()["is_default"] is True


async def test_edit_then_delete_keeps_the_address_resolvable_for_orders(app):
    api, me = app.state.client, await new_user(app, "book-delete")
    first, second = await add(app, me), await add(app, me, room="603")
    assert first["is_default"] and not second["is_default"]
    edited = await api.patch(f"/v1/users/me/addresses/{second['id']}", json={"room": "604", "unit": None},
                             auth=as_user(app, me))
    assert edited.status_code == 200 and edited.json()["room"] == "604" and edited.json()["unit"] == ""
    assert (await api.patch(f"/v1/users/me/addresses/{second['id']}", json={"recipient": None, "foo": 1},
                            auth=as_user(app, me))).status_code == 422
    assert (await api.delete(f"/v1/users/me/addresses/{first['id']}", auth=as_user(app, me))).status_code == 204
    assert (await api.delete(f"/v1/users/me/addresses/{first['id']}", auth=as_user(app, me))).status_code == 204
    book = (await api.get("/v1/users/me/addresses", auth=as_user(app, me))).json()["items"]
    assert [a["id"] for a in book] == [second["id"]]
    assert (await api.get(f"/v1/users/me/addresses/{first['id']}", auth=as_user(app, me))).status_code == 404
    assert (await api.patch(f"/v1/users/me/addresses/{first['id']}", json={"room": "1"},
                            auth=as_user(app, me))).status_code == 404
    orders = SignedAs(service("orders"), app.state.settings.internal_key)
    placed_to = await api.get(f"/internal/users/{me}/addresses/{first['id']}", auth=orders)
    assert placed_to.status_code == 200 and placed_to.json()["room"] == "502"
    new_order = await api.get(f"/internal/users/{me}/order-facts", params={"address_id": first["id"]}, auth=orders)
    assert new_order.status_code == 404


async def test_concurrent_default_choices_leave_exactly_one_default(app):
    api, me = app.state.client, await new_user(app, "book-default")
    addresses = [await add(app, me, room=str(700 + i)) for i in range(6)]
    answers = await asyncio.gather(*(api.post(f"/v1/users/me/addresses/{a['id']}/default", auth=as_user(app, me))
                                     for a in addresses))
    assert [a.status_code for a in answers] == [200] * 6, [a.text for a in answers]
    book = (await api.get("/v1/users/me/addresses", auth=as_user(app, me))).json()["items"]
    assert sum(a["is_default"] for a in book) == 1


async def test_participant_cards_show_an_initial_and_an_avatar_only(app):
    api, me = app.state.client, await new_user(app, "card-owner")
    await api.patch("/v1/users/me", json={"nickname": "张三丰", "avatar_url": "https://img.example.com/z.png"},
                    auth=as_user(app, me))
    orders = SignedAs(service("orders"), app.state.settings.internal_key)
    cards = await api.post("/internal/users/cards", json={"user_ids": [me, me, 999999]}, auth=orders)
    assert cards.json() == [{"user_id": me, "initial": "张", "avatar_url": "https://img.example.com/z.png"}]
    assert (await api.post("/internal/users/cards", json={"user_ids": [me]}, auth=as_user(app, me))).status_code in (
        401, 403)
