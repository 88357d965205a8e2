"""The demo data ``make run`` loads, through the gateway with the generated client: everything the
README promises is there, loading twice adds nothing, the referral chain shows rebates, and the supply day
left a purchase order of the demo's supplier."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from devtools.demo import CHAIN, FLASH_TITLE, LADDER_TITLE, PRODUCTS, Demo
from devtools.demo_supply import SUPPLIER

pytestmark = pytest.mark.e2e


async def test_the_demo_loads_once_and_shows_every_part(stack):
    demo = Demo(stack.gateway_url)
    first = await asyncio.to_thread(demo.load)
    again = await asyncio.to_thread(demo.load)
    assert first == again, (first, again)
    assert "demo-dave paid a basket of 3 lines once" in first, first  # devtools/demo_buyer.py
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as gateway:
        listed = await gateway.get("/v1/products", params={"limit": 100})
        assert listed.status_code == 200, (listed.status_code, listed.headers, listed.text)
        products = listed.json()["items"]
        mine = {p["external_id"]: p for p in products if (p["external_id"] or "").startswith("demo-")}
        assert {p[0] for p in PRODUCTS} | {"demo-giftpack"} == set(mine)
        assert {p["role"] for p in mine.values()} == {"traffic", "regular", "profit", "service", "fission"}
        assert mine["demo-giftpack"]["grants_level"] == "member"
        activities = (await gateway.get("/v1/activities", params={"limit": 100})).json()["items"]
        live = {a["title"]: a for a in activities if a["status"] == "live"}
        assert {LADDER_TITLE, FLASH_TITLE} <= set(live)
        tokens = {openid: (await gateway.post("/v1/auth/dev-login", json={"openid": openid})).json()
                  for openid in CHAIN}
        bob = {"Authorization": f"Bearer {tokens['demo-bob']['access_token']}"}
        team = (await gateway.get("/v1/referrals/team", headers=bob)).json()
        assert team["levels"][0]["members"] == 1 and team["levels"][0]["buyers"] == 1
        for _ in range(40):
            balance = (await gateway.get("/v1/rebates/balance", headers=bob)).json()
            if balance["frozen_fen"] + balance["pending_fen"] > 0:
                break
            await asyncio.sleep(0.25)
        assert balance["frozen_fen"] + balance["pending_fen"] > 0, balance
        carol = {"Authorization": f"Bearer {tokens['demo-carol']['access_token']}"}
        orders = (await gateway.get("/v1/orders", headers=carol)).json()["items"]
        assert len(orders) == 2 and {o["kind"] for o in orders} == {"regular", "ladder"}
        # the pickup day: demo-leader handed out demo-carol's regular order with her pickup code
        assert "handed out demo-carol's day with pickup code" in first, first
        regular = next(o for o in orders if o["kind"] == "regular")
        assert regular["status"] == "delivered", regular
        ops = (await gateway.post("/v1/auth/dev-login", json={"openid": "demo-ops", "roles": ["ops"]})).json()
        trail = (await gateway.get(f"/v1/orders/{regular['id']}/history",
                                   headers={"Authorization": f"Bearer {ops['access_token']}"})).json()["entries"]
        assert [(e["event"], e["via"]) for e in trail][-2:] == [("ship", "batch_ship"), ("deliver", "pickup_code")]
        # the supply day: the demo's supplier owns the products and has a purchase order past the cutoff
        assert "'s purchase order " in first, first
        as_ops = {"Authorization": f"Bearer {ops['access_token']}"}
        suppliers = (await gateway.get("/v1/suppliers", params={"limit": 100}, headers=as_ops)).json()["items"]
        (supplier,) = [s for s in suppliers if s["name"] == SUPPLIER["name"]]
        orders_of_supplier = (await gateway.get("/v1/supply/purchase-orders", params={"limit": 100},
                                                headers=as_ops)).json()["items"]
        assert any(po["supplier_id"] == supplier["id"] and po["total_units"] >= 1 for po in orders_of_supplier)
