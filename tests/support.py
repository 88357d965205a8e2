"""What the end-to-end tests share: signing in through dev login, the bearer header, a buyer's address,
the leader's arrival report that makes shipped orders ready for pickup, and waiting for what the bus makes
happen."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

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


async def close_sales_day_soon(gateway, ops: dict, delivery_day: str, *, after_s: float = 2.0,
                               also: Sequence[dict] = ()) -> None:
    """Close the sales day of orders delivered on ``delivery_day`` ``after_s`` seconds from now (a holiday's
    early cutoff), and wait until it has closed.  A cutoff lies within a day of its sales day: when earlier
    tests on the shared stack already closed the days in between (near midnight in Shanghai, today's and
    tomorrow's), the dev clock is first moved to the earliest moment that allows — and since a token's
    expiry is read against the moved clock, ops' tokens and those in ``also`` are then refreshed (in place)."""
    sales_day = date.fromisoformat(delivery_day) - timedelta(days=1)
    now = datetime.fromisoformat((await gateway.get("/v1/dev/clock", headers=bearer(ops))).json()["now"])
    earliest = datetime.combine(sales_day - timedelta(days=1), time(0, 0, 1), SHANGHAI)
    if now < earliest:
        moved = await gateway.post("/v1/dev/clock", headers=bearer(ops),
                                   json={"advance_seconds": (earliest - now).total_seconds()})
        assert moved.status_code == 200, moved.text
        now = datetime.fromisoformat(moved.json()["now"])
        for tokens in (ops, *also):
            fresh = await gateway.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
            assert fresh.status_code == 200, fresh.text
            tokens.update(fresh.json())
    moved = await gateway.put("/v1/supply/calendar", headers=bearer(ops), json={
        "sales_day": sales_day.isoformat(), "cutoff_at": (now + timedelta(seconds=after_s)).isoformat(),
        "note": "e2e"})
    assert moved.status_code == 200 and moved.json()["moved"], moved.text
    await asyncio.sleep(after_s + 0.5)
