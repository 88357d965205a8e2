"""WeChat's server access token, and the calls made with it (subscription messages, mini-program codes,
phone numbers).

The token comes from ``POST /cgi-bin/stable_token`` and lives two hours.  Every membership process
shares one copy in Redis (``<prefix>wechat:access_token``, expiring ``token_refresh_margin_s`` before
WeChat's ``expires_in``), so a token is fetched once for all of them:

- a caller that finds no token takes a short lock (``SET NX PX``) and fetches one; the others wait for
  the copy to appear instead of fetching their own;
- a call answered 40001 (invalid) or 42001 (expired) makes the caller ask for a token *other than the
  one that failed*: the first to take the lock fetches; the ones behind it find the new copy and use it.
  Twenty senders on an ended token therefore cost one refresh;
- the fetch uses the normal mode (WeChat answers the current token, or a new one once it has ended);
  only when WeChat hands back the very token it just refused is ``force_refresh`` used, because forced
  refreshes are limited per day and end the token every other caller holds.

Any failure to reach WeChat (timeout, HTTP 5xx, an answer that is not JSON) is ``WeChatUnavailable``:
callers that can wait (the message sender) try again later; requests answer 503.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

import httpx
from redis.asyncio import Redis

from common.redis import key
from common.settings import RedisSettings
from services.membership.config import WeChatSettings

log = logging.getLogger("groupbuy.membership.wechat")

TOKEN_ERRORS = (40001, 42001)
LOCK_S = 10.0
WAIT_STEP_S = 0.05
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"


class WeChatUnavailable(Exception):
    """WeChat could not be reached or answered with a server error: worth trying again later."""


@dataclass
class WeChatError(Exception):
    """WeChat answered with an ``errcode``: a definite answer, not worth repeating as is."""

    errcode: int
    errmsg: str

    def __str__(self) -> str:
        return f"errcode {self.errcode}: {self.errmsg}"


class AccessTokens:
    """The shared access token of one mini-program (see the module's docstring)."""

    def __init__(self, *, redis: Redis, redis_settings: RedisSettings, client: httpx.AsyncClient,
                 settings: WeChatSettings) -> None:
        self.redis = redis
        self.client = client
        self.settings = settings
        self.cache_key = key(redis_settings, "wechat", "access_token")
        self.lock_key = key(redis_settings, "wechat", "access_token", "lock")
        self.fetches = 0  # this process's calls to stable_token, for metrics and tests

    async def current(self, *, not_this: str | None = None) -> str:
        """A live token; with ``not_this``, one other than that (which WeChat just refused)."""
        deadline = time.monotonic() + LOCK_S + self.settings.timeout_s
        while True:
            cached = await self.redis.get(self.cache_key)
            if cached and cached != not_this:
                return cached
            holder = secrets.token_hex(8)
            if await self.redis.set(self.lock_key, holder, nx=True, px=int(LOCK_S * 1000)):
                try:
                    cached = await self.redis.get(self.cache_key)
                    if cached and cached != not_this:
                        return cached
                    return await self._fetch(not_this=not_this)
                finally:
                    await self.redis.eval(_RELEASE, 1, self.lock_key, holder)
            if time.monotonic() > deadline:
                raise WeChatUnavailable("no access token: another process held the refresh too long")
            await asyncio.sleep(WAIT_STEP_S)

    async def _fetch(self, *, not_this: str | None) -> str:
        body = await self._stable_token(force_refresh=False)
        if body["access_token"] == not_this:
            log.warning("WeChat refused an access token it still hands out; forcing a new one")
            body = await self._stable_token(force_refresh=True)
        token, expires_in = str(body["access_token"]), int(body.get("expires_in") or 7200)
        ttl = max(int(expires_in - self.settings.token_refresh_margin_s), 60)
        await self.redis.set(self.cache_key, token, ex=ttl)
        return token

    async def _stable_token(self, *, force_refresh: bool) -> dict[str, Any]:
        self.fetches += 1
        body = await _post_json(self.client, self.settings, "/cgi-bin/stable_token", {
            "grant_type": "client_credential", "appid": self.settings.appid, "secret": self.settings.secret,
            "force_refresh": force_refresh})
        if not body.get("access_token"):
            raise WeChatError(int(body.get("errcode") or -2), str(body.get("errmsg", "no access_token")))
        return body


async def _post(client: httpx.AsyncClient, settings: WeChatSettings, path: str, payload: dict[str, Any],
                token: str | None = None) -> httpx.Response:
    try:
        answer = await client.post(f"{settings.base_url.rstrip('/')}{path}",
                                   params={"access_token": token} if token else None,
                                   content=json.dumps(payload, ensure_ascii=False).encode(),
                                   headers={"Content-Type": "application/json"}, timeout=settings.timeout_s)
    except httpx.HTTPError as exc:
        raise WeChatUnavailable(f"{type(exc).__name__}: {exc}") from exc
    if answer.status_code >= 500 or answer.status_code == 429:
        raise WeChatUnavailable(f"HTTP {answer.status_code}")
    return answer


def _json(answer: httpx.Response) -> dict[str, Any]:
    try:
        body = json.loads(answer.content)
    except ValueError as exc:
        raise WeChatUnavailable(f"an answer that is not JSON (HTTP {answer.status_code})") from exc
    if not isinstance(body, dict):
        raise WeChatUnavailable("an answer that is not a JSON object")
    return body


async def _post_json(client: httpx.AsyncClient, settings: WeChatSettings, path: str,
                     payload: dict[str, Any]) -> dict[str, Any]:
    return _json(await _post(client, settings, path, payload))


class WeChatServer:
    """Calls to WeChat's server API with the shared token; a refused token is replaced once and the call
    made again.  ``errcode`` answers other than 0 raise ``WeChatError``."""

    def __init__(self, tokens: AccessTokens) -> None:
        self.tokens = tokens

    async def call(self, path: str, payload: dict[str, Any]) -> httpx.Response:
        """The raw answer of a call that succeeded (JSON with errcode 0, or another content type)."""
        token = await self.tokens.current()
        for attempt in range(2):
            answer = await _post(self.tokens.client, self.tokens.settings, path, payload, token)
            if answer.headers.get("content-type", "").startswith("image/"):
                return answer
            body = _json(answer)
            errcode = int(body.get("errcode") or 0)
            if errcode in TOKEN_ERRORS and attempt == 0:
                token = await self.tokens.current(not_this=token)
                continue
            if errcode == -1:
                raise WeChatUnavailable("WeChat is busy (errcode -1)")
            if errcode != 0:
                raise WeChatError(errcode, str(body.get("errmsg", "")))
            return answer
        raise WeChatUnavailable("WeChat refused a fresh access token")

    async def call_json(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        return _json(await self.call(path, payload))


def wechat_server(state: Any) -> WeChatServer:
    """The app's ``WeChatServer`` (made on first use, kept on ``app.state``)."""
    server = getattr(state, "wechat_server", None)
    if server is None:
        tokens = AccessTokens(redis=state.redis, redis_settings=state.settings.redis, client=state.http,
                              settings=state.settings.wechat)
        server = state.wechat_server = WeChatServer(tokens)
    return server
