"""Identity and trust through the gateway to the real processes: tokens, refresh, API keys, signed
identity, ownership, rate limits, and the dev clock."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from common.auth import sign_identity
from common.testing.identity import user
from conftest import stack_env
from services.membership.keys import kid_for

pytestmark = pytest.mark.e2e

ADDRESS = {
    "recipient": "李四",
    "phone": "13900000000",
    "province": "广东省",
    "city": "深圳市",
    "district": "南山区",
    "estate": "海岸城",
    "building": "3栋",
    "room": "1202",
}


async def login(gateway: httpx.AsyncClient, openid: str, roles: tuple[str, ...] = ()) -> dict:
    answer = await gateway.post("/v1/auth/dev-login", json={"openid": openid, "roles": list(roles)})
    assert answer.status_code == 200, answer.text
    return answer.json()


def bearer(tokens: dict | str) -> dict[str, str]:
    token = tokens if isinstance(tokens, str) else tokens["access_token"]
    return {"Authorization": f"Bearer {token}"}


def stack_key(stack) -> Ed25519PrivateKey:
    pem = Path(stack.infra.tmp / "data" / "keys" / "membership-jwt.pem").read_bytes()
    return serialization.load_pem_private_key(pem, password=None)


def claims(user_id: int, **overrides) -> dict:
    issued = int(time.time())
    return {
        "iss": "groupbuy-membership",
        "aud": "groupbuy",
        "sub": str(user_id),
        "roles": ["customer"],
        "iat": issued,
        "exp": issued + 600,
    } | overrides


async def test_a_logged_in_user_reaches_their_profile(gateway):
    tokens = await login(gateway, "e2e-profile")
    me = await gateway.get("/v1/users/me", headers=bearer(tokens))
    assert me.status_code == 200 and me.json()["id"] == tokens["user"]["id"]
    assert (await gateway.get("/v1/users/me")).status_code == 401


async def test_wechat_login_through_the_gateway(gateway):
    answer = await gateway.post("/v1/auth/wechat-login", json={"code": "ok-e2ewx-1"})
    assert answer.status_code == 200, answer.text
    assert (await gateway.get("/v1/users/me", headers=bearer(answer.json()))).status_code == 200
    bad = await gateway.post("/v1/auth/wechat-login", json={"code": "bad-e2e"})
    assert bad.status_code == 401 and bad.json()["code"] == "wechat_code_invalid"


async def test_expired_token_is_refused(gateway, stack):
    tokens = await login(gateway, "e2e-expired")
    key = stack_key(stack)
    past = int(time.time()) - 3600
    expired = jwt.encode(
        claims(tokens["user"]["id"], iat=past, exp=past + 900), key, algorithm="EdDSA", headers={"kid": kid_for(key)}
    )
    answer = await gateway.get("/v1/users/me", headers=bearer(expired))
    assert answer.status_code == 401 and answer.json()["code"] == "token_expired"
    fresh = jwt.encode(claims(tokens["user"]["id"]), key, algorithm="EdDSA", headers={"kid": kid_for(key)})
    assert (await gateway.get("/v1/users/me", headers=bearer(fresh))).status_code == 200


async def test_bad_signature_and_unknown_kid_are_refused(gateway, stack):
    tokens = await login(gateway, "e2e-forger")
    intruder = Ed25519PrivateKey.generate()
    body = claims(tokens["user"]["id"], roles=["customer", "admin"])
    wrong_key = jwt.encode(body, intruder, algorithm="EdDSA", headers={"kid": kid_for(stack_key(stack))})
    answer = await gateway.get("/v1/users/me", headers=bearer(wrong_key))
    assert answer.status_code == 401 and answer.json()["code"] == "token_invalid"
    unknown = jwt.encode(body, intruder, algorithm="EdDSA", headers={"kid": kid_for(intruder)})
    answer = await gateway.get("/v1/users/me", headers=bearer(unknown))
    assert answer.status_code == 401 and answer.json()["code"] == "token_key_unknown"
    tampered = tokens["access_token"][:-4] + ("AAAA" if not tokens["access_token"].endswith("AAAA") else "BBBB")
    assert (await gateway.get("/v1/users/me", headers=bearer(tampered))).status_code == 401
    assert (await gateway.get("/v1/users/me", headers={"Authorization": "Basic abc"})).status_code == 401


async def test_refresh_rotation_and_reuse_detection(gateway):
    tokens = await login(gateway, "e2e-refresh")
    rotated = await gateway.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert rotated.status_code == 200
    assert (await gateway.get("/v1/users/me", headers=bearer(rotated.json()))).status_code == 200
    reused = await gateway.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert reused.status_code == 401 and reused.json()["code"] == "refresh_token_reused"
    dead = await gateway.post("/v1/auth/refresh", json={"refresh_token": rotated.json()["refresh_token"]})
    assert dead.status_code == 401


async def test_api_keys_work_within_their_scopes_only(gateway):
    ops = await login(gateway, "e2e-ops", ("ops",))
    created = await gateway.post(
        "/v1/api-keys", json={"name": "logistics", "scopes": ["orders:read"]}, headers=bearer(ops)
    )
    assert created.status_code == 201, created.text
    key = {"X-API-Key": created.json()["key"]}
    inside = await gateway.get("/v1/groups/123456", headers=key)
    assert inside.status_code == 404  # reached the orders service: allowed, just no such group
    outside = await gateway.get("/v1/products", headers=key)
    assert outside.status_code == 403 and "catalog:read" in outside.json()["detail"]
    assert (await gateway.get("/v1/api-keys", headers=key)).status_code == 403
    assert (await gateway.get("/v1/users/me", headers=key)).status_code == 403
    assert (await gateway.get("/v1/groups/1", headers={"X-API-Key": "gbk_made-up"})).status_code == 401

    revoked = await gateway.post(f"/v1/api-keys/{created.json()['id']}/revoke", headers=bearer(ops))
    assert revoked.status_code == 200
    await asyncio.sleep(1.2)  # the gateway trusts a verified key for GROUPBUY_API_KEY_CACHE_S (1 s here)
    assert (await gateway.get("/v1/groups/123456", headers=key)).status_code == 401


async def test_only_staff_manage_api_keys(gateway):
    customer = await login(gateway, "e2e-not-ops")
    answer = await gateway.post("/v1/api-keys", json={"name": "x", "scopes": ["orders:read"]}, headers=bearer(customer))
    assert answer.status_code == 403


async def test_identity_headers_from_callers_are_stripped_at_the_gateway(gateway, stack):
    forged = sign_identity(
        user(1, "admin"), key="dev-internal-key-not-for-production", method="GET", path="/v1/users/me"
    )
    answer = await gateway.get("/v1/users/me", headers=forged)
    assert answer.status_code == 401 and answer.json()["code"] == "unauthenticated"


async def test_forged_identity_sent_straight_to_a_service_is_refused(stack):
    async with httpx.AsyncClient(base_url=stack.url("membership")) as direct:
        forged = sign_identity(user(1, "admin"), key="guessed-key", method="GET", path="/v1/users/me")
        answer = await direct.get("/v1/users/me", headers=forged)
        assert answer.status_code == 401 and answer.json()["code"] == "identity_invalid"
        unsigned = await direct.get("/v1/users/me", headers={"x-groupbuy-identity": "eyJraW5kIjoidXNlciJ9"})
        assert unsigned.status_code == 401
        assert (await direct.get("/internal/jwks")).status_code == 403


async def test_a_user_cannot_read_another_users_address(gateway):
    a = await login(gateway, "e2e-addr-a")
    b = await login(gateway, "e2e-addr-b")
    created = await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(a))
    assert created.status_code == 201, created.text
    path = f"/v1/users/me/addresses/{created.json()['id']}"
    assert (await gateway.get(path, headers=bearer(a))).status_code == 200
    assert (await gateway.get(path, headers=bearer(b))).status_code == 404


async def test_malformed_body_to_a_service_is_a_400_problem_with_the_request_id(gateway):
    answer = await gateway.post(
        "/v1/auth/dev-login",
        content=b'{"openid": ',
        headers={"content-type": "application/json", "X-Request-ID": "broken-json-1"},
    )
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == "malformed_body" and answer.json()["request_id"] == "broken-json-1"
    unknown_field = await gateway.post("/v1/auth/dev-login", json={"openid": "x", "level": "partner"})
    assert unknown_field.status_code == 422


@pytest.fixture(scope="module")
def tight_gateway(stack, fake_wechat):
    """A second gateway over the same services whose limits a test can exhaust in a moment."""
    env = stack_env(
        fake_wechat,
        GROUPBUY_RATE_LIMITS__USER='{"capacity": 5, "per_second": 2}',
        GROUPBUY_RATE_LIMITS__GROUPS='{"auth": {"capacity": 3, "per_second": 1}}',
    )
    url, process = stack.start_extra_gateway("gateway-tight", env)
    yield url
    process.terminate()
    process.wait(timeout=10)


async def test_a_burst_over_the_login_limit_gets_429_then_recovers(tight_gateway):
    ip = {"X-Forwarded-For": "203.0.113.10"}
    async with httpx.AsyncClient(base_url=tight_gateway, timeout=10) as client:
        answers = [await client.post("/v1/auth/dev-login", json={"openid": "burst"}, headers=ip) for _ in range(6)]
        codes = [a.status_code for a in answers]
        assert codes[:3] == [200, 200, 200] and 429 in codes[3:]
        limited = next(a for a in answers if a.status_code == 429)
        assert limited.headers["content-type"] == "application/problem+json"
        retry_after = int(limited.headers["retry-after"])
        assert 1 <= retry_after <= 2
        other_ip = await client.post(
            "/v1/auth/dev-login", json={"openid": "burst"}, headers={"X-Forwarded-For": "203.0.113.11"}
        )
        assert other_ip.status_code == 200
        await asyncio.sleep(retry_after)
        assert (await client.post("/v1/auth/dev-login", json={"openid": "burst"}, headers=ip)).status_code == 200


async def test_a_burst_over_the_user_limit_gets_429_then_recovers(tight_gateway):
    async with httpx.AsyncClient(base_url=tight_gateway, timeout=10) as client:
        tokens = (
            await client.post(
                "/v1/auth/dev-login", json={"openid": "greedy"}, headers={"X-Forwarded-For": "203.0.113.20"}
            )
        ).json()
        answers = await asyncio.gather(*(client.get("/v1/users/me", headers=bearer(tokens)) for _ in range(12)))
        codes = [a.status_code for a in answers]
        assert codes.count(200) >= 5 and codes.count(429) >= 1
        await asyncio.sleep(1.0)
        assert (await client.get("/v1/users/me", headers=bearer(tokens))).status_code == 200


async def test_dev_clock_moves_for_ops_only(gateway):
    customer = await login(gateway, "e2e-clock-customer")
    assert (
        await gateway.post("/v1/dev/clock", json={"advance_seconds": 1}, headers=bearer(customer))
    ).status_code == 403
    ops = await login(gateway, "e2e-clock-ops", ("ops",))
    before = (await gateway.get("/v1/dev/clock", headers=bearer(ops))).json()
    moved = await gateway.post("/v1/dev/clock", json={"advance_seconds": 1}, headers=bearer(ops))
    assert moved.status_code == 200
    assert moved.json()["offset_seconds"] == pytest.approx(before["offset_seconds"] + 1)
    assert (await gateway.post("/v1/dev/clock", json={"advance_seconds": -5}, headers=bearer(ops))).status_code == 422


async def test_key_rotation_keeps_old_tokens_live_and_the_gateway_learns_the_new_kid(gateway, stack):
    import json

    from services.membership.keys import private_pem

    before = await login(gateway, "e2e-rotation")
    old = stack_key(stack)
    new = Ed25519PrivateKey.generate()
    keys = [
        {"kid": kid_for(new), "private_key_pem": private_pem(new)},
        {"kid": kid_for(old), "private_key_pem": private_pem(old)},
    ]
    stack.extra_env["GROUPBUY_JWT__KEYS"] = json.dumps(keys)
    try:
        stack.kill("membership")
        stack.start_part("membership")
        stack.wait_ready()
        after = await login(gateway, "e2e-rotation")
        assert jwt.get_unverified_header(after["access_token"])["kid"] == kid_for(new)
        assert (await gateway.get("/v1/users/me", headers=bearer(after))).status_code == 200
        assert (await gateway.get("/v1/users/me", headers=bearer(before))).status_code == 200
    finally:
        del stack.extra_env["GROUPBUY_JWT__KEYS"]
        stack.kill("membership")
        stack.start_part("membership")
        stack.wait_ready()


async def test_communities_through_the_gateway(gateway):
    ops = await login(gateway, "e2e-community-ops", ("ops",))
    created = await gateway.post("/v1/communities", headers=bearer(ops), json={
        "name": "海岸城3栋团", "province": "广东省", "city": "深圳市", "district": "南山区", "estate": "海岸城",
        "building": "3栋", "pickup_point": "3栋一楼便利店"})
    assert created.status_code == 201, created.text
    neighbour = await login(gateway, "e2e-community-neighbour")
    joined = await gateway.post(f"/v1/communities/{created.json()['id']}/join", headers=bearer(neighbour))
    assert joined.status_code == 200 and joined.json()["community"]["members"] == 1
    assert (await gateway.get(f"/v1/communities/{created.json()['id']}")).json()["pickup_point"] == "3栋一楼便利店"
    body = {k: created.json()[k] for k in ("name", "province", "city", "district", "estate", "building",
                                           "pickup_point")}
    refused = await gateway.post("/v1/communities", headers=bearer(neighbour), json=body)
    assert refused.status_code == 403
