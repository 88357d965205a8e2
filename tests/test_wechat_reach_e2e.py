"""Reaching buyers through WeChat, end to end through the gateway against the local WeChat stand-in:
subscription messages from a ladder group's tiers (once per consenting buyer, whatever redelivers the
event, whatever WeChat's server errors delay), and a referral code's image round trip (generate → scan →
resolve → bind, with where the bind came from)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from common.bus import stream_key
from common.redis import make_redis
from common.settings import RedisSettings
from common.testing.fake_wechat import png_text
from common.testing.infra import TestInfra, free_port, stop_process, wait_for_port
from common.testing.stack import Stack
from conftest import WECHAT_APPID, WECHAT_SECRET, stack_env
from tests.support import bearer, login, until

pytestmark = pytest.mark.e2e

TIERS = [{"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000},
         {"threshold": 3, "unit_price_fen": 8500}, {"threshold": 5, "unit_price_fen": 7500}]


@pytest.fixture(scope="module")
def wechat() -> Iterator[str]:
    """A WeChat stand-in of this module's own: its faults and counters touch no other test."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "common.testing.fake_wechat", "--port", str(port),
                                "--appid", WECHAT_APPID, "--secret", WECHAT_SECRET])
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}"
    stop_process(process)


@pytest.fixture(scope="module")
def reach_stack(infra: TestInfra, wechat: str) -> Iterator[Stack]:
    prefix = f"{infra.redis.prefix}reach:"
    env = stack_env(wechat, GROUPBUY_REDIS__PREFIX=prefix, GROUPBUY_DATA_DIR=str(infra.tmp / "data-reach"),
                    GROUPBUY_REACH__QUIET_START_HOUR="0", GROUPBUY_REACH__QUIET_END_HOUR="0",  # no quiet hours
                    GROUPBUY_REACH__RETRY_INITIAL_S="0.5", GROUPBUY_REACH__RETRY_MAX_DELAY_S="1",
                    GROUPBUY_REACH__POLL_INTERVAL_S="0.2", GROUPBUY_WECHAT__TIMEOUT_S="1")
    running = Stack(infra=infra, database_template=infra.database_template("reach"), extra_env=env).start()
    running.redis_prefix = prefix  # type: ignore[attr-defined]
    yield running
    running.stop()


@pytest.fixture
async def gateway(reach_stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=reach_stack.gateway_url, timeout=15) as client:
        yield client


@pytest.fixture
async def fake(wechat: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=wechat, timeout=10) as client:
        yield client


def user_id(tokens: dict) -> int:
    return int(jwt.decode(tokens["access_token"], options={"verify_signature": False})["sub"])


async def neighbour(gateway, name: str) -> tuple[dict, int, str]:
    """A signed-in buyer with an address in the test's building: tokens, address id, openid."""
    openid = f"{name}-{uuid.uuid4().hex[:8]}"
    tokens = await login(gateway, openid)
    address = await gateway.post("/v1/users/me/addresses", headers=bearer(tokens), json={
        "recipient": name, "phone": "13600000000", "province": "上海市", "city": "上海市", "district": "浦东新区",
        "estate": "触达花园", "building": "3栋", "room": str(300 + len(name))})
    assert address.status_code == 201, address.text
    return tokens, address.json()["id"], openid


async def ladder_activity(gateway) -> int:
    ops = await login(gateway, "reach-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"触达草莓 {uuid.uuid4().hex[:6]}", "role": "fission", "published": True,
        "skus": [{"name": "2盒", "price_fen": 12000, "stock": 100}]})).json()
    start = datetime.now(UTC) - timedelta(minutes=1)
    activity = await gateway.post("/v1/activities", headers=bearer(ops), json={
        "title": "触达阶梯团", "sku_id": product["skus"][0]["id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "terms": {"kind": "ladder_group", "tiers": TIERS, "close_on_top_tier": False}})
    assert activity.status_code == 201, activity.text
    return activity.json()["id"]


async def join_and_pay(gateway, activity_id: int, tokens: dict, address_id: int) -> dict:
    order = await gateway.post("/v1/orders", headers=bearer(tokens) | {"Idempotency-Key": uuid.uuid4().hex},
                               json={"activity_id": activity_id, "address_id": address_id})
    assert order.status_code == 201, order.text
    paid = await gateway.post(f"/v1/payments/sandbox/{order.json()['id']}", headers=bearer(tokens))
    assert paid.status_code == 200, paid.text
    return order.json()


async def test_a_tier_reached_reaches_each_consenting_buyer_once_through_redelivery_and_wechat_faults(
        gateway, fake, reach_stack):
    activity_id = await ladder_activity(gateway)
    ann, ben, cat = [await neighbour(gateway, name) for name in ("ann", "ben", "cat")]
    for tokens, _, _ in (ann, ben):  # cat never consents
        for _ in range(3):
            answer = await gateway.post("/v1/users/me/subscriptions", headers=bearer(tokens),
                                        json={"results": {"tmpl-group_tier": "accept"}})
            assert answer.status_code == 200, answer.text
    ids = {buyer[2]: user_id(buyer[0]) for buyer in (ann, ben, cat)}
    # A consumer group of the test's own keeps this test's entries in the stream, to deliver them again.
    redis_settings = RedisSettings(url=reach_stack.infra.redis.url, prefix=reach_stack.redis_prefix)
    redis = make_redis(redis_settings)
    stream = stream_key(redis_settings, "orders")
    await redis.xgroup_create(stream, "reach-test-observer", id="$", mkstream=True)
    # WeChat fails the first sends: server errors, and one that never answers in time.
    await fake.post("/_fake/send-faults", json=[{"mode": "error", "status": 503}, {"mode": "hang", "seconds": 3},
                                                {"mode": "error", "status": 500}])

    await join_and_pay(gateway, activity_id, *ann[:2])  # tier 1: ann
    await join_and_pay(gateway, activity_id, *ben[:2])  # tier 2: ann, ben
    await join_and_pay(gateway, activity_id, *cat[:2])  # tier 3: ann, ben (cat has no consent)

    ops = await login(gateway, "reach-ops", ("ops",))

    async def log() -> list[dict]:
        answer = await gateway.get("/v1/users/reach-messages", headers=bearer(ops), params={"limit": 100})
        assert answer.status_code == 200, answer.text
        return [m for m in answer.json()["items"] if m["user_id"] in ids.values()]

    settled = await until(log, lambda rows: len(rows) == 6 and all(r["status"] != "pending" for r in rows), 40)
    outcomes = Counter((r["user_id"], r["status"]) for r in settled)
    assert outcomes == {(ids[ann[2]], "sent"): 3, (ids[ben[2]], "sent"): 2, (ids[cat[2]], "no_consent"): 1}, settled
    assert sum(r["attempts"] for r in settled if r["status"] == "sent") >= 5 + 3  # three faults, retried
    assert (await fake.get("/_fake/stats")).json()["send_faults_left"] == 0

    # The bus delivers each tier event twice more: nothing is queued or sent again.
    tier_events = [fields for _, fields in await redis.xrange(stream)
                   if fields.get("type") == "group.tier_reached"
                   and set(json.loads(fields["envelope"])["payload"]["participant_ids"]) <= set(ids.values())]
    assert len(tier_events) == 3
    for _ in range(2):
        for fields in tier_events:
            await redis.xadd(stream, fields)
    await redis.xgroup_destroy(stream, "reach-test-observer")
    await redis.aclose()
    await asyncio.sleep(3)  # the consumer reads new entries within a second

    assert Counter((r["user_id"], r["status"]) for r in await log()) == outcomes
    received = {openid: (await fake.get("/_fake/messages", params={"touser": openid})).json() for openid in ids}
    assert [len(received[buyer[2]]) for buyer in (ann, ben, cat)] == [3, 2, 0]
    assert len({m["msgid"] for m in received[ann[2]]}) == 3
    at_tier_two = [m for m in received[ben[2]] if m["data"]["amount1"]["value"] == "90.00元"]
    assert [m["data"]["thing2"]["value"] for m in at_tier_two] == ["再1位邻居下单 每份85.00元"]
    assert all(m["page"].startswith("pages/group/detail?id=") for m in received[ann[2]])


async def test_a_referral_code_image_resolves_and_the_bind_records_where_it_came_from(gateway, fake):
    alice = await login(gateway, f"sharer-{uuid.uuid4().hex[:8]}")
    code = (await gateway.get("/v1/referrals/me", headers=bearer(alice))).json()["code"]
    made = await gateway.post("/v1/scenes", headers=bearer(alice), json={"kind": "referral", "target": code})
    assert made.status_code == 201, made.text
    image = await gateway.get(made.json()["image_url"])  # the mini-program shows it: no credentials
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    scanned = png_text(image.content)  # what a camera reads from the code
    assert len(scanned["scene"]) <= 32 and scanned["page"] == "pages/index/index"

    bob = await login(gateway, f"scanner-{uuid.uuid4().hex[:8]}")
    resolved = await gateway.get(f"/v1/scenes/{scanned['scene']}")
    assert resolved.status_code == 200
    assert resolved.json()["kind"] == "referral" and resolved.json()["query"] == f"ref={code}"
    bound = await gateway.post("/v1/referrals/bind", headers=bearer(bob), json={
        "code": resolved.json()["target"], "source": {"kind": "scene", "scene": scanned["scene"]}})
    assert bound.status_code == 200, bound.text
    assert bound.json()["referrer_code"] == code

    bad = await gateway.post("/v1/referrals/bind", headers=bearer(bob), json={
        "code": code, "source": {"kind": "poster", "scene": scanned["scene"]}})
    assert bad.status_code == 422
    ops = await login(gateway, "reach-ops", ("ops",))
    funnel = await gateway.get("/v1/referrals/funnel", headers=bearer(ops))
    assert funnel.status_code == 200, funnel.text
    sources = {row["source"]: row for row in funnel.json()["sources"]}
    assert sources["scene"]["binds"] >= 1
    scenes = {row["kind"]: row for row in funnel.json()["scenes"]}
    assert scenes["referral"]["shares"] >= 1 and scenes["referral"]["visits"] >= 1
    assert (await gateway.get("/v1/referrals/funnel", headers=bearer(bob))).status_code == 403
