"""The first flow over the event stream, between real processes: membership tells of a new user,
referrals gives them a code; ops can see dead letters."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.e2e


async def test_a_new_user_gets_a_referral_code_from_the_event(gateway, stack):
    tokens = (await gateway.post("/v1/auth/dev-login", json={"openid": "events-e2e-newcomer"})).json()
    user_id = tokens["user"]["id"]
    engine = create_async_engine(stack.database_template.format(service="referrals"))
    code = None
    try:
        for _ in range(100):
            async with engine.connect() as conn:
                code = (await conn.execute(text("SELECT code FROM referral_code WHERE user_id = :u"),
                                           {"u": user_id})).scalar()
            if code:
                break
            await asyncio.sleep(0.1)
    finally:
        await engine.dispose()
    assert code, "referrals never applied user.registered"
    mine = await gateway.get("/v1/referrals/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert mine.status_code == 200 and mine.json()["code"] == code
    assert mine.json()["share_path"].endswith(f"ref={code}")
    assert (await gateway.get(f"/v1/referrals/codes/{code}")).json()["valid"] is True


async def test_referrals_me_needs_a_user(gateway):
    assert (await gateway.get("/v1/referrals/me")).status_code == 401


async def test_ops_read_dead_letters_others_cannot(gateway):
    ops = (await gateway.post("/v1/auth/dev-login", json={"openid": "events-e2e-ops", "roles": ["ops"]})).json()
    answer = await gateway.get("/v1/ops/dead-letters", params={"group": "referrals"},
                               headers={"Authorization": f"Bearer {ops['access_token']}"})
    assert answer.status_code == 200 and isinstance(answer.json(), list)
    customer = (await gateway.post("/v1/auth/dev-login", json={"openid": "events-e2e-customer"})).json()
    refused = await gateway.get("/v1/ops/dead-letters", params={"group": "referrals"},
                                headers={"Authorization": f"Bearer {customer['access_token']}"})
    assert refused.status_code == 403
    bad = await gateway.get("/v1/ops/dead-letters", params={"group": "nobody"},
                            headers={"Authorization": f"Bearer {ops['access_token']}"})
    assert bad.status_code == 422
