"""What the end-to-end tests share: signing in through dev login, the bearer header, a buyer's address,
the leader's arrival report that makes shipped orders ready for pickup, and waiting for what the bus makes
happen."""

from __future__ import annotations

import asyncio

ADDRESS = {"recipient": "王五", "phone": "13700000000", "province": "浙江省", "city": "杭州市", "district": "西湖区",
           "estate": "翠苑一区", "building": "5幢", "unit": "1单元", "room": "502"}


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def login(gateway, openid: str, roles=()) -> dict:
    return (await gateway.post("/v1/auth/dev-login", json={"openid": openid, "roles": list(roles)})).json()


async def until(fetch, done, seconds: float):
    """Poll ``fetch`` until ``done(answer)`` or the time is up; the last answer either way."""
    for _ in range(int(seconds * 4)):
        answer = await fetch()
        if done(answer):
            return answer
        await asyncio.sleep(0.25)
    return await fetch()


async def arrive(gateway, tokens: dict, community_id: int, day: str | None = None) -> dict:
    """The leader (or ops) confirms that the community's orders for ``day`` (today) arrived in full."""
    answer = await gateway.post("/v1/supply/arrivals", headers=bearer(tokens),
                                json={"community_id": community_id} | ({"date": day} if day else {}))
    assert answer.status_code == 200, answer.text
    return answer.json()
