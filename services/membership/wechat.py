"""WeChat's ``jscode2session``: the code from ``wx.login`` → the user's openid.

WeChat answers HTTP 200 with a JSON body (often labelled text/plain) carrying ``errcode`` on failure.
Each failure becomes a problem the mini-program can act on: a bad or used code → 401 (log in again),
rate limited → 429, system busy → 503 (retry), a blocked account → 403."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import httpx

from common.problems import Problem
from services.membership.config import WeChatSettings

log = logging.getLogger("groupbuy.membership.wechat")


@dataclass(frozen=True)
class WeChatSession:
    openid: str
    unionid: str | None


def _failure(errcode: int, errmsg: str) -> Problem:
    if errcode in (40029, 40163):
        return Problem(401, "wechat_code_invalid", "The login code is invalid or already used; call wx.login again")
    if errcode == 45011:
        return Problem(429, "wechat_rate_limited", "WeChat is limiting logins; try again shortly",
                       headers={"Retry-After": "1"})
    if errcode == -1:
        return Problem(503, "wechat_busy", "WeChat is busy; try again", headers={"Retry-After": "1"})
    if errcode == 40226:
        return Problem(403, "wechat_user_blocked", "WeChat has blocked this account from logging in")
    log.warning("jscode2session failed", extra={"errcode": errcode, "errmsg": errmsg})
    return Problem(502, "wechat_error", f"WeChat refused the login (errcode {errcode})")


async def code_to_session(client: httpx.AsyncClient, settings: WeChatSettings, code: str) -> WeChatSession:
    try:
        answer = await client.get(
            f"{settings.base_url.rstrip('/')}/sns/jscode2session",
            params={"appid": settings.appid, "secret": settings.secret, "js_code": code,
                    "grant_type": "authorization_code"},
            timeout=settings.timeout_s,
        )
    except httpx.HTTPError as exc:
        raise Problem(503, "wechat_unreachable", "WeChat could not be reached; try again",
                      headers={"Retry-After": "2"}) from exc
    try:
        body = json.loads(answer.content)
    except ValueError as exc:
        raise Problem(502, "wechat_error", "WeChat answered with something that is not JSON") from exc
    errcode = int(body.get("errcode") or 0)
    if answer.status_code != 200 or errcode != 0 or not body.get("openid"):
        raise _failure(errcode or -2, str(body.get("errmsg", "")))
    return WeChatSession(openid=body["openid"], unionid=body.get("unionid"))
