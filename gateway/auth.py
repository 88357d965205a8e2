"""Checking callers at the edge: access tokens against membership's JWKS, partner API keys through
membership's internal route; both cached briefly.  The result is an ``Identity`` the proxy signs."""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

import httpx
import jwt
from fastapi import Request

from common.auth import ANONYMOUS, Identity
from common.clock import now
from common.http import call_internal
from common.problems import Problem
from gateway.config import Settings

log = logging.getLogger("groupbuy.gateway.auth")

ISSUER = "groupbuy-membership"
AUDIENCE = "groupbuy"
LEEWAY_S = 5
NEGATIVE_CACHE_S = 2.0
API_KEY_HEADER = "x-api-key"
VERIFIED_CACHE_SIZE = 100_000


def _unauthorized(code: str, detail: str) -> Problem:
    return Problem(401, code, detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


class Authenticator:
    def __init__(self, client: httpx.AsyncClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        self.keys: dict[str, jwt.PyJWK] = {}
        self.fetched_at = float("-inf")
        self.api_keys: dict[str, tuple[float, Identity | None]] = {}
        # Tokens whose signature verified: (expiry, issued at, identity).  A token never changes, so it is
        # verified once; its times are checked against the clock on every use.
        self.verified: dict[str, tuple[float, float, Identity]] = {}

    async def _internal(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return await call_internal(self.client, key=self.settings.internal_key, caller="gateway",
                                       base_url=self.settings.topology.membership.url, method=method, path=path,
                                       **kwargs)
        except httpx.HTTPError as exc:
            raise Problem(503, "service_unavailable", "Sign-in cannot be checked right now",
                          headers={"Retry-After": "1"}) from exc

    async def _refresh_keys(self) -> None:
        if time.monotonic() - self.fetched_at < self.settings.jwks_min_refresh_s:
            return
        answer = await self._internal("GET", "/internal/jwks")
        if answer.status_code != 200:
            raise Problem(503, "service_unavailable", "Sign-in keys are not available")
        keys = {k["kid"]: jwt.PyJWK(k) for k in answer.json()["keys"]}
        if set(keys) != set(self.keys):
            self.verified.clear()  # a key withdrawn: tokens it signed are verified again (and refused)
        self.keys = keys
        self.fetched_at = time.monotonic()

    async def verify_token(self, token: str) -> Identity:
        known = self.verified.get(token)
        if known is None:
            known = await self._verify_signature(token)
            if len(self.verified) >= VERIFIED_CACHE_SIZE:
                self.verified.clear()
            self.verified[token] = known
        expires, issued, identity = known
        current = now().timestamp()
        if expires <= current - LEEWAY_S:
            raise _unauthorized("token_expired", "The access token has expired; refresh it")
        if issued > current + LEEWAY_S:
            raise _unauthorized("token_invalid", "The access token is not valid yet")
        return identity

    async def _verify_signature(self, token: str) -> tuple[float, float, Identity]:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.InvalidTokenError as exc:
            raise _unauthorized("token_invalid", "The access token is malformed") from exc
        if not isinstance(kid, str):
            raise _unauthorized("token_invalid", "The access token names no key")
        if kid not in self.keys:
            await self._refresh_keys()
        if kid not in self.keys:
            raise _unauthorized("token_key_unknown", "The access token was signed by an unknown key")
        try:
            # Expiry is checked below against the one shared clock, not the wall clock.
            claims = jwt.decode(token, self.keys[kid], algorithms=["EdDSA"], audience=AUDIENCE, issuer=ISSUER,
                                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False,
                                         "require": ["exp", "iat", "sub", "aud", "iss"]})
        except jwt.InvalidTokenError as exc:
            raise _unauthorized("token_invalid", "The access token does not verify") from exc
        try:
            identity = Identity(kind="user", user_id=int(claims["sub"]), roles=tuple(claims.get("roles", ())))
            return float(claims["exp"]), float(claims["iat"]), identity
        except (ValueError, TypeError) as exc:
            raise _unauthorized("token_invalid", "The access token's subject is not a user") from exc

    async def verify_api_key(self, secret: str) -> Identity:
        digest = hashlib.sha256(secret.encode()).hexdigest()
        cached = self.api_keys.get(digest)
        if cached and cached[0] > time.monotonic():
            identity = cached[1]
        else:
            answer = await self._internal("POST", "/internal/api-keys/verify", json={"key": secret})
            if answer.status_code == 200:
                body = answer.json()
                identity = Identity(kind="api_key", api_key_id=body["api_key_id"], scopes=tuple(body["scopes"]))
                ttl = self.settings.api_key_cache_s
            elif answer.status_code in (401, 422):
                identity, ttl = None, NEGATIVE_CACHE_S
            else:
                raise Problem(503, "service_unavailable", "The API key cannot be checked right now")
            if len(self.api_keys) > 10_000:
                self.api_keys.clear()
            self.api_keys[digest] = (time.monotonic() + ttl, identity)
        if identity is None:
            raise Problem(401, "api_key_invalid", "The API key is unknown or revoked")
        return identity

    async def identify(self, request: Request) -> Identity:
        authorization = request.headers.get("authorization")
        api_key = request.headers.get(API_KEY_HEADER)
        if authorization and api_key:
            raise Problem(400, "bad_request", "Send either a bearer token or an API key, not both")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise _unauthorized("token_invalid", "Use 'Authorization: Bearer <access token>'")
            return await self.verify_token(token.strip())
        if api_key:
            return await self.verify_api_key(api_key.strip())
        return ANONYMOUS
