"""Profile and address book through the gateway: a buyer edits their nickname and avatar, edits, deletes
and picks a default address; another buyer can touch none of it; an order placed to an address keeps it
after the address is edited or deleted."""

from __future__ import annotations

import uuid

import pytest

from common.testing.load import rush
from tests.support import ADDRESS, bearer, login

pytestmark = pytest.mark.e2e


async def test_profile_is_edited_and_validated(gateway):
    me = await login(gateway, f"profile-{uuid.uuid4().hex[:8]}")
    changed = await gateway.patch("/v1/users/me", headers=bearer(me),
                                  json={"nickname": "小区王阿姨", "avatar_url": "https://thirdwx.qlogo.cn/a/132"})
    assert changed.status_code == 200, changed.text
    assert (await gateway.get("/v1/users/me", headers=bearer(me))).json()["nickname"] == "小区王阿姨"
    for bad in ({"avatar_url": "http://thirdwx.qlogo.cn/a/132"}, {"nickname": "\u200b"}, {"roles": ["ops"]}):
        refused = await gateway.patch("/v1/users/me", headers=bearer(me), json=bad)
        assert refused.status_code == 422 and refused.json()["code"] == "validation_error", refused.text
    assert (await gateway.patch("/v1/users/me", json={"nickname": "匿名"})).status_code == 401


async def test_address_book_edit_delete_default_and_the_order_keeps_its_address(gateway):
    ops = await login(gateway, "profile-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"地址簿大米 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "5kg", "price_fen": 5900, "stock": 10}]})).json()
    me, stranger = (await login(gateway, f"book-{uuid.uuid4().hex[:8]}"),
                    await login(gateway, f"book-x-{uuid.uuid4().hex[:8]}"))
    home = (await gateway.post("/v1/users/me/addresses", headers=bearer(me), json=ADDRESS)).json()
    office = (await gateway.post("/v1/users/me/addresses", headers=bearer(me), json=ADDRESS | {"room": "1201"})).json()
    assert home["is_default"] and not office["is_default"]
    order = await gateway.post("/v1/orders", headers=bearer(me) | {"Idempotency-Key": uuid.uuid4().hex},
                               json={"sku_id": product["skus"][0]["id"], "address_id": home["id"]})
    assert order.status_code == 201, order.text

    # Another buyer can neither edit, delete nor choose it (404, as if it did not exist).
    path = f"/v1/users/me/addresses/{home['id']}"
    assert (await gateway.patch(path, headers=bearer(stranger), json={"room": "999"})).status_code == 404
    assert (await gateway.delete(path, headers=bearer(stranger))).status_code == 404
    assert (await gateway.post(f"{path}/default", headers=bearer(stranger))).status_code == 404

    edited = await gateway.patch(path, headers=bearer(me), json={"room": "503"})
    assert edited.status_code == 200 and edited.json()["room"] == "503"
    chosen = await gateway.post(f"/v1/users/me/addresses/{office['id']}/default", headers=bearer(me))
    assert chosen.status_code == 200 and chosen.json()["is_default"]
    assert (await gateway.delete(path, headers=bearer(me))).status_code == 204
    book = (await gateway.get("/v1/users/me/addresses", headers=bearer(me))).json()["items"]
    assert [(a["id"], a["is_default"]) for a in book] == [(office["id"], True)]

    kept = (await gateway.get(f"/v1/orders/{order.json()['id']}", headers=bearer(me))).json()
    assert kept["address"]["room"] == "502"  # as it was when placed
    again = await gateway.post("/v1/orders", headers=bearer(me) | {"Idempotency-Key": uuid.uuid4().hex},
                               json={"sku_id": product["skus"][0]["id"], "address_id": home["id"]})
    assert again.status_code == 422  # a deleted address takes no new order


async def test_concurrent_default_choices_leave_one_default(gateway):
    me = await login(gateway, f"book-rush-{uuid.uuid4().hex[:8]}")
    ids = [(await gateway.post("/v1/users/me/addresses", headers=bearer(me),
                               json=ADDRESS | {"room": str(800 + i)})).json()["id"] for i in range(8)]
    answers = await rush(len(ids), lambda i: gateway.post(f"/v1/users/me/addresses/{ids[i]}/default",
                                                          headers=bearer(me)), concurrency=8)
    assert [a.status_code for a in answers] == [200] * 8, [a.text for a in answers]
    book = (await gateway.get("/v1/users/me/addresses", headers=bearer(me))).json()["items"]
    assert sum(a["is_default"] for a in book) == 1
