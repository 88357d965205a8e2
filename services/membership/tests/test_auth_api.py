"""Login, tokens, profiles, addresses and API keys, in-process against this run's membership database,
with a real local WeChat stand-in."""

from __future__ import annotations

import asyncio
import time

import jwt
import pytest

from common.auth import Identity, service_identity, sign_identity
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from conftest import WECHAT_APPID, WECHAT_SECRET
from services.membership.config import Settings
from services.membership.main import create_app

ADDRESS = {
    "recipient": "张三",
    "phone": "13800000000",
    "province": "上海市",
    "city": "上海市",
    "district": "浦东新区",
    "estate": "阳光花园",
    "building": "1栋",
    "unit": "2单元",
    "room": "301",
}


@pytest.fixture(scope="module")
async def app(infra, unit_databases, fake_wechat):
    settings = service_settings(
        Settings,
        infra,
        unit_databases,
        dev_login=True,
        ops_openids=["boss"],
        wechat={"base_url": fake_wechat, "appid": WECHAT_APPID, "secret": WECHAT_SECRET},
    )
    application = create_app(settings)
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


@pytest.fixture
def api(app):
    return app.state.client


def signed(app, identity: Identity) -> SignedAs:
    return SignedAs(identity, app.state.settings.internal_key)


async def dev_login(api, openid: str, roles=()) -> dict:
    answer = await api.post("/v1/auth/dev-login", json={"openid": openid, "roles": list(roles)})
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_first_login_creates_the_user_and_later_logins_find_it(api):
    first = await dev_login(api, "alice-1")
    again = await dev_login(api, "alice-1")
    assert first["user"]["id"] == again["user"]["id"]
    assert first["user"]["roles"] == ["customer"]
    assert first["token_type"] == "Bearer" and 60 <= first["expires_in"] <= 3600


async def test_access_token_is_an_eddsa_jwt_with_a_published_kid(app, api):
    tokens = await dev_login(api, "alice-2")
    header = jwt.get_unverified_header(tokens["access_token"])
    assert header["alg"] == "EdDSA"
    jwks = (await api.get("/internal/jwks", auth=signed(app, service_identity("gateway")))).json()
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    claims = jwt.decode(tokens["access_token"], jwt.PyJWK(key), algorithms=["EdDSA"], audience="groupbuy")
    assert claims["sub"] == str(tokens["user"]["id"]) and claims["exp"] - claims["iat"] == tokens["expires_in"]


async def test_configured_ops_openid_gets_the_ops_role(api):
    assert "ops" in (await dev_login(api, "boss"))["user"]["roles"]


async def test_refresh_rotates_and_reuse_revokes_the_family(api):
    tokens = await dev_login(api, "rotator")
    second = await api.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert second.status_code == 200
    newer = second.json()["refresh_token"]
    assert newer != tokens["refresh_token"]
    reuse = await api.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert reuse.status_code == 401 and reuse.json()["code"] == "refresh_token_reused"
    # The thief's copy is dead, and so is the legitimate newer one: the whole family is revoked.
    after = await api.post("/v1/auth/refresh", json={"refresh_token": newer})
    assert after.status_code == 401 and after.json()["code"] == "refresh_token_invalid"


async def test_concurrent_refreshes_with_one_token_let_exactly_one_through(api):
    tokens = await dev_login(api, "racer")
    answers = await asyncio.gather(
        *(api.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}) for _ in range(5))
    )
    assert sorted(a.status_code for a in answers) == [200, 401, 401, 401, 401]


async def test_logout_revokes_the_refresh_token(api):
    tokens = await dev_login(api, "leaver")
    assert (await api.post("/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]})).status_code == 204
    again = await api.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401


async def test_unknown_refresh_token_is_refused(api):
    answer = await api.post("/v1/auth/refresh", json={"refresh_token": "rt_nothing-like-this-exists"})
    assert answer.status_code == 401


async def test_wechat_login_makes_a_user_from_the_openid(api):
    answer = await api.post("/v1/auth/wechat-login", json={"code": "ok-wxuser1-a"})
    assert answer.status_code == 200, answer.text
    again = await api.post("/v1/auth/wechat-login", json={"code": "ok-wxuser1-b"})
    assert again.json()["user"]["id"] == answer.json()["user"]["id"]


@pytest.mark.parametrize(
    ("code", "status", "problem"),
    [
        ("bad-1", 401, "wechat_code_invalid"),
        ("limit-1", 429, "wechat_rate_limited"),
        ("busy-1", 503, "wechat_busy"),
        ("risky-1", 403, "wechat_user_blocked"),
    ],
)
async def test_wechat_errors_become_problems_the_front_end_can_act_on(api, code, status, problem):
    answer = await api.post("/v1/auth/wechat-login", json={"code": code})
    assert answer.status_code == status
    assert answer.json()["code"] == problem


async def test_a_code_works_once(api):
    assert (await api.post("/v1/auth/wechat-login", json={"code": "ok-once-x"})).status_code == 200
    replay = await api.post("/v1/auth/wechat-login", json={"code": "ok-once-x"})
    assert replay.status_code == 401


async def test_dev_login_does_not_exist_where_it_is_off(infra, unit_databases):
    app = create_app(service_settings(Settings, infra, unit_databases, dev_login=False))
    async with serve_in_process(app) as api:
        answer = await api.post("/v1/auth/dev-login", json={"openid": "x"})
        assert answer.status_code in (404, 405)


async def test_profile_needs_a_signed_in_user(app, api):
    assert (await api.get("/v1/users/me")).status_code == 401
    tokens = await dev_login(api, "profiled")
    me = await api.get("/v1/users/me", auth=signed(app, user(tokens["user"]["id"])))
    assert me.status_code == 200 and me.json()["id"] == tokens["user"]["id"]


async def test_forged_or_stale_identity_headers_are_refused(app, api):
    forged = sign_identity(user(1, "admin"), key="not-the-internal-key", method="GET", path="/v1/users/me")
    assert (await api.get("/v1/users/me", headers=forged)).status_code == 401
    stale = sign_identity(
        user(1),
        key=app.state.settings.internal_key,
        method="GET",
        path="/v1/users/me",
        timestamp=int(time.time()) - 600,
    )
    answer = await api.get("/v1/users/me", headers=stale)
    assert answer.status_code == 401 and answer.json()["code"] == "identity_stale"
    moved = sign_identity(user(1), key=app.state.settings.internal_key, method="GET", path="/v1/levels")
    assert (await api.get("/v1/users/me", headers=moved)).status_code == 401


async def test_a_user_reads_only_their_own_addresses(app, api):
    a = (await dev_login(api, "addr-a"))["user"]["id"]
    b = (await dev_login(api, "addr-b"))["user"]["id"]
    created = await api.post("/v1/users/me/addresses", json=ADDRESS, auth=signed(app, user(a)))
    assert created.status_code == 201, created.text
    address_id = created.json()["id"]
    assert (await api.get(f"/v1/users/me/addresses/{address_id}", auth=signed(app, user(a)))).status_code == 200
    theirs = await api.get(f"/v1/users/me/addresses/{address_id}", auth=signed(app, user(b)))
    assert theirs.status_code == 404
    assert (await api.get("/v1/users/me/addresses", auth=signed(app, user(b)))).json()["items"] == []


async def test_address_fields_are_validated_and_unknown_ones_refused(app, api):
    a = (await dev_login(api, "addr-c"))["user"]["id"]
    answer = await api.post("/v1/users/me/addresses", json=ADDRESS | {"user_id": 999}, auth=signed(app, user(a)))
    assert answer.status_code == 422
    answer = await api.post("/v1/users/me/addresses", json=ADDRESS | {"phone": "call me"}, auth=signed(app, user(a)))
    assert answer.status_code == 422 and "body.phone" in answer.text


async def test_api_keys_are_made_by_ops_shown_once_and_revocable(app, api):
    ops = (await dev_login(api, "key-ops", ["ops"]))["user"]["id"]
    customer = (await dev_login(api, "key-cust"))["user"]["id"]
    body = {"name": "supplier A", "scopes": ["catalog:write"]}
    assert (await api.post("/v1/api-keys", json=body, auth=signed(app, user(customer)))).status_code == 403
    created = await api.post("/v1/api-keys", json=body, auth=signed(app, user(ops, "ops")))
    assert created.status_code == 201
    key = created.json()["key"]
    listed = (await api.get("/v1/api-keys", auth=signed(app, user(ops, "ops")))).json()["items"]
    assert key not in str(listed)

    gateway = signed(app, service_identity("gateway"))
    verified = await api.post("/internal/api-keys/verify", json={"key": key}, auth=gateway)
    assert verified.json()["scopes"] == ["catalog:write"]
    assert (
        await api.post("/internal/api-keys/verify", json={"key": key}, auth=signed(app, user(ops, "ops")))
    ).status_code == 403
    key_id = created.json()["id"]
    revoked = await api.post(f"/v1/api-keys/{key_id}/revoke", auth=signed(app, user(ops, "ops")))
    assert revoked.json()["revoked_at"] is not None
    assert (await api.post("/internal/api-keys/verify", json={"key": key}, auth=gateway)).status_code == 401
    listed = (await api.get("/v1/api-keys", auth=signed(app, user(ops, "ops")))).json()["items"]
    assert next(k for k in listed if k["id"] == key_id)["last_used_at"] is not None


async def test_unknown_scopes_are_refused(app, api):
    ops = (await dev_login(api, "key-ops2", ["ops"]))["user"]["id"]
    answer = await api.post(
        "/v1/api-keys", json={"name": "x", "scopes": ["everything"]}, auth=signed(app, user(ops, "ops"))
    )
    assert answer.status_code == 422


async def test_internal_routes_refuse_anonymous_callers(api):
    assert (await api.get("/internal/jwks")).status_code == 403


def _pem(key) -> str:
    from services.membership.keys import private_pem

    return private_pem(key)


async def test_two_keys_live_the_first_signs_both_verify(infra, unit_databases):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from services.membership.keys import kid_for

    new, old = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    keys = [{"kid": kid_for(new), "private_key_pem": _pem(new)}, {"kid": kid_for(old), "private_key_pem": _pem(old)}]
    app = create_app(service_settings(Settings, infra, unit_databases, dev_login=True, jwt={"keys": keys}))
    async with serve_in_process(app) as api:
        tokens = await dev_login(api, "rotation")
        assert jwt.get_unverified_header(tokens["access_token"])["kid"] == kid_for(new)
        jwks = (await api.get("/internal/jwks", auth=signed(app, service_identity("gateway")))).json()
        assert {k["kid"] for k in jwks["keys"]} == {kid_for(new), kid_for(old)}


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"dev_login": True}, "GROUPBUY_DEV_LOGIN"),
        ({"jwt": {"keys": []}}, "GROUPBUY_JWT__KEYS"),
        ({"wechat": {"appid": "wx-real", "secret": "wx-dev-secret"}}, "GROUPBUY_WECHAT"),
        ({"webhooks": {}}, "GROUPBUY_WEBHOOKS__SECRET_KEYS"),
        ({"webhooks": {"secret_keys": ["w" * 40, "too-short"]}}, "GROUPBUY_WEBHOOKS__SECRET_KEYS"),
    ],
)
def test_production_refuses_unsafe_membership_settings(override, complaint):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from pydantic import ValidationError

    safe = {
        "mode": "production",
        "internal_key": "k" * 40,
        "database": {"url": "postgresql+asyncpg://db/{service}"},
        "redis": {"url": "redis://redis:6379/0"},
        "dev_login": False,
        "jwt": {"keys": [{"kid": "k1", "private_key_pem": _pem(Ed25519PrivateKey.generate())}]},
        "wechat": {"appid": "wx-real", "secret": "s3cret-real"},
        "webhooks": {"secret_keys": ["w" * 40]},
    }
    assert Settings(**safe).mode == "production"
    with pytest.raises(ValidationError, match=complaint):
        Settings(**(safe | override))
