"""WeChat reach in-process, against a local WeChat stand-in of its own (its counters start at zero) and this
run's Redis: the shared access token, consents, mini-program codes and scenes, the phone number."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
import jwt
import pytest

from common.auth import service_identity
from common.redis import make_redis
from common.settings import RedisSettings
from common.testing.apps import serve_in_process, service_settings
from common.testing.fake_wechat import png_text
from common.testing.identity import SignedAs, user
from common.testing.infra import free_port, stop_process, wait_for_port
from conftest import WECHAT_APPID, WECHAT_SECRET
from services.membership.config import Settings, WeChatSettings
from services.membership.main import create_app
from services.membership.phone import mask_phone
from services.membership.wechat_token import AccessTokens, WeChatServer


@pytest.fixture(scope="module")
def own_wechat():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "common.testing.fake_wechat", "--port", str(port),
                                "--appid", WECHAT_APPID, "--secret", WECHAT_SECRET])
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}"
    stop_process(process)


async def _stats(url: str) -> dict:
    async with httpx.AsyncClient(base_url=url) as fake:
        return (await fake.get("/_fake/stats")).json()


async def test_twenty_senders_on_an_ended_token_cost_one_refresh(infra, own_wechat):
    """Two processes (two managers sharing Redis), ten senders each, all holding a token WeChat has ended."""
    redis_settings = RedisSettings(url=infra.redis.url, prefix=f"{infra.redis.prefix}token-test:")
    wechat = WeChatSettings(base_url=own_wechat, appid=WECHAT_APPID, secret=WECHAT_SECRET, timeout_s=5)
    redis = make_redis(redis_settings)
    async with httpx.AsyncClient() as client, httpx.AsyncClient(base_url=own_wechat) as fake:
        managers = [AccessTokens(redis=redis, redis_settings=redis_settings, client=client, settings=wechat)
                    for _ in range(2)]
        first = await managers[0].current()
        assert await managers[1].current() == first  # shared: the second process fetched nothing
        before = await _stats(own_wechat)
        await fake.post("/_fake/expire-tokens")

        async def send(n: int) -> dict:
            server = WeChatServer(managers[n % 2])
            return await server.call_json("/cgi-bin/message/subscribe/send", {
                "touser": f"token-user-{n}", "template_id": "tmpl-group_tier", "page": "pages/index/index",
                "data": {"thing1": {"value": str(n)}}})

        answers = await asyncio.gather(*(send(n) for n in range(20)))
        after = await _stats(own_wechat)
        assert all(answer["errcode"] == 0 for answer in answers)
        assert after["tokens_issued"] - before["tokens_issued"] == 1
        assert after["force_refreshes"] == before["force_refreshes"]
        assert after["messages"] - before["messages"] == 20
        assert await managers[0].current() != first
    await redis.aclose()


async def test_a_wrong_secret_is_an_error_not_a_token(infra, own_wechat):
    redis_settings = RedisSettings(url=infra.redis.url, prefix=f"{infra.redis.prefix}token-bad:")
    redis = make_redis(redis_settings)
    async with httpx.AsyncClient() as client:
        tokens = AccessTokens(redis=redis, redis_settings=redis_settings, client=client,
                              settings=WeChatSettings(base_url=own_wechat, appid=WECHAT_APPID, secret="wrong"))
        with pytest.raises(Exception, match="40125"):
            await tokens.current()
    await redis.aclose()


@pytest.fixture(scope="module")
async def app(infra, unit_databases, own_wechat):
    settings = service_settings(
        Settings, infra, unit_databases, dev_login=True, ops_openids=["reach-boss"],
        wechat={"base_url": own_wechat, "appid": WECHAT_APPID, "secret": WECHAT_SECRET, "env_version": "trial"},
        reach={"quiet_start_hour": 0, "quiet_end_hour": 0})
    application = create_app(settings)
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


def _as(app, user_id: int, *roles: str) -> SignedAs:
    return SignedAs(user(user_id, *roles), app.state.settings.internal_key)


async def _user_id(api, openid: str) -> int:
    """Register ``openid`` (dev login) and answer its user id."""
    tokens = (await api.post("/v1/auth/dev-login", json={"openid": openid})).json()
    return int(jwt.decode(tokens["access_token"], options={"verify_signature": False})["sub"])


async def test_consents_count_per_scene_and_belong_to_their_user(app):
    api = app.state.client
    alice, bob = await _user_id(api, "reach-alice"), await _user_id(api, "reach-bob")
    report = {"results": {"tmpl-group_tier": "accept", "tmpl-refund_paid": "reject"}}
    for _ in range(2):
        answer = await api.post("/v1/users/me/subscriptions", json=report, auth=_as(app, alice))
        assert answer.status_code == 200, answer.text
    held = {s["scene"]: s["available"] for s in answer.json()["scenes"]}
    assert held["group_tier"] == 2 and held["refund_paid"] == 0
    theirs = (await api.get("/v1/users/me/subscriptions", auth=_as(app, bob))).json()
    assert all(s["available"] == 0 for s in theirs["scenes"])
    banned = await api.post("/v1/users/me/subscriptions", json={"results": {"tmpl-group_tier": "ban"}},
                            auth=_as(app, alice))
    assert {s["scene"]: s["available"] for s in banned.json()["scenes"]}["group_tier"] == 0


async def test_consents_refuse_what_the_mini_program_cannot_have_asked(app):
    api = app.state.client
    alice = await _user_id(api, "reach-alice")
    unknown = await api.post("/v1/users/me/subscriptions", json={"results": {"tmpl-nope": "accept"}},
                             auth=_as(app, alice))
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_template"
    extra = await api.post("/v1/users/me/subscriptions", json={"results": {"tmpl-group_tier": "accept"},
                                                                "available": 99}, auth=_as(app, alice))
    assert extra.status_code == 422
    assert (await api.post("/v1/users/me/subscriptions", json={"results": {"tmpl-group_tier": "accept"}})
            ).status_code == 401


async def test_concurrent_accepts_are_all_counted(app):
    api = app.state.client
    carol = await _user_id(api, "reach-carol")
    answers = await asyncio.gather(*(api.post("/v1/users/me/subscriptions",
                                              json={"results": {"tmpl-group_succeeded": "accept"}},
                                              auth=_as(app, carol)) for _ in range(8)))
    assert all(answer.status_code == 200 for answer in answers)
    held = (await api.get("/v1/users/me/subscriptions", auth=_as(app, carol))).json()
    assert {s["scene"]: s["available"] for s in held["scenes"]}["group_succeeded"] == 8


async def test_the_message_log_is_for_ops(app):
    api = app.state.client
    alice = await _user_id(api, "reach-alice")
    assert (await api.get("/v1/users/reach-messages", auth=_as(app, alice))).status_code == 403
    assert (await api.get("/v1/users/reach-messages", auth=_as(app, alice, "ops"))).status_code == 200


async def test_a_scene_round_trip_image_resolve_and_visits(app, own_wechat):
    api = app.state.client
    dora = await _user_id(api, "reach-dora")
    made = await api.post("/v1/scenes", json={"kind": "referral", "target": "ab12cd"}, auth=_as(app, dora))
    assert made.status_code == 201, made.text
    scene = made.json()["scene"]
    assert len(scene) <= 32 and made.json()["query"] == "ref=AB12CD"
    again = await api.post("/v1/scenes", json={"kind": "referral", "target": "AB12CD"}, auth=_as(app, dora))
    assert again.json()["scene"] == scene  # one scene per thing shared
    before = await _stats(own_wechat)
    image = await api.get(made.json()["image_url"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    scanned = png_text(image.content)
    assert scanned == {"scene": scene, "page": "pages/index/index", "env_version": "trial"}
    assert (await api.get(made.json()["image_url"])).content == image.content
    assert (await _stats(own_wechat))["codes"] - before["codes"] == 1  # cached
    resolved = await api.get(f"/v1/scenes/{scanned['scene']}")
    assert resolved.status_code == 200 and resolved.json()["query"] == "ref=AB12CD"
    stats = await api.get("/internal/scenes/stats",
                          auth=SignedAs(service_identity("referrals"), app.state.settings.internal_key))
    assert stats.status_code == 200
    referral = next(row for row in stats.json() if row["kind"] == "referral")
    assert referral["visits"] >= 1 and referral["shares"] >= 1


async def test_scenes_refuse_bad_input_and_other_leaders_communities(app):
    api = app.state.client
    erin = await _user_id(api, "reach-erin")
    assert (await api.get("/v1/scenes/zzzzzzzzzz")).json()["code"] == "not_found"
    assert (await api.get("/v1/scenes/x")).status_code == 422
    bad = await api.post("/v1/scenes", json={"kind": "product", "target": "abc"}, auth=_as(app, erin))
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_scene_target"
    other = await api.post("/v1/scenes", json={"kind": "community", "target": "999999"}, auth=_as(app, erin))
    assert other.status_code == 403 and other.json()["code"] == "not_community_leader"
    anonymous = await api.post("/v1/scenes", json={"kind": "product", "target": "1"})
    assert anonymous.status_code == 401


async def test_the_phone_number_is_kept_and_shown_masked(app):
    api = app.state.client
    fay = await _user_id(api, "reach-fay")
    answer = await api.post("/v1/users/me/phone", json={"code": "phone-13912345678"}, auth=_as(app, fay))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"phone_masked": "139****5678"}
    assert "13912345678" not in (await api.get("/v1/users/me", auth=_as(app, fay))).text
    used = await api.post("/v1/users/me/phone", json={"code": "phone-13912345678"}, auth=_as(app, fay))
    assert used.status_code == 422 and used.json()["code"] == "phone_code_invalid"


def test_masking_hides_the_middle():
    assert mask_phone("13800000000") == "138****0000"
    assert mask_phone("12345") == "***45"


def test_production_refuses_a_local_wechat_and_the_stand_ins_templates():
    base = {"mode": "production", "internal_key": "k" * 40, "database": {"url": "postgresql+asyncpg://db/x"},
            "redis": {"url": "redis://redis:6379/0"}, "jwt": {"keys": [{"kid": "a", "private_key_pem": "x"}]},
            "wechat": {"appid": "wx-real", "secret": "s" * 32, "base_url": "http://127.0.0.1:8009"},
            "webhooks": {"secret_keys": ["w" * 40]}}
    with pytest.raises(ValueError, match="GROUPBUY_WECHAT__BASE_URL"):
        Settings(**base)
    with pytest.raises(ValueError, match="GROUPBUY_REACH__TEMPLATES"):
        Settings(**base | {"wechat": base["wechat"] | {"base_url": "https://api.weixin.qq.com"},
                           "reach": {"templates": {"group_tier": "tmpl-group_tier"}}})
    accepted = Settings(**base | {"wechat": base["wechat"] | {"base_url": "https://api.weixin.qq.com"}})
    assert accepted.reach.templates == {}  # nothing is sent until the real template ids are configured
    assert Settings(mode="dev").reach.templates["group_tier"] == "tmpl-group_tier"
