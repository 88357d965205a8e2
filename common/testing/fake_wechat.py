"""A local stand-in for WeChat's server API, speaking its real requests, answers and error codes.

Login — ``GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code`` answers HTTP 200
with JSON labelled ``text/plain`` (as WeChat does).  The code decides the answer, so tests can ask for
each case: ``ok-<openid>`` logs that openid in (each code works once, like a real one); ``bad-…`` is an
invalid code (40029); ``limit-…`` is rate limited (45011); ``busy-…`` is system busy (-1); ``risky-…``
is a blocked user (40226).  A wrong appid or secret gets 40013 / 40125.  Any other code logs in the
openid ``dev-<code's first 16 characters>``, so the mini-program's real ``wx.login`` works from WeChat
DevTools against a local backend (``make run``).

Server API, each with ``?access_token=`` from ``POST /cgi-bin/stable_token``
(``{grant_type: client_credential, appid, secret, force_refresh}`` → ``{access_token, expires_in}``; the
same token while it lives, a new one on ``force_refresh``, which ends the old one):
- ``POST /cgi-bin/message/subscribe/send`` ``{touser, template_id, page, data, miniprogram_state, lang}``
  → ``{errcode: 0, msgid}``; 43101 when the user refused (or spent) the consent, 40037 for an unknown
  template id, 47003 for a field value that is not ``{"value": str}``;
- ``POST /wxa/getwxacodeunlimit`` ``{scene, page, check_path, env_version, width}`` → PNG bytes (the scene
  and page written in the image's ``tEXt`` chunks, so a test can "scan" it), or a JSON error: 40169 for
  a scene longer than 32 characters, 41030 for a page that is not ``pages/…``, 40097 for a bad
  ``env_version``;
- ``POST /wxa/business/getuserphonenumber`` ``{code}`` → ``{phone_info: {phoneNumber, purePhoneNumber,
  countryCode, watermark}}``; a code ``phone-<digits>`` is that number, anything else 40029.
An unknown token is 40001, an ended one 42001.

Control routes for tests (``/_fake/…``, not WeChat's): expire every token, make the next sends fail
with HTTP 5xx or hang, make an openid refuse, and read back what was sent and how many tokens were made.

Run: ``python -m common.testing.fake_wechat --port N [--appid A --secret S]``.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import itertools
import json
import os
import secrets
import struct
import zlib

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.responses import Response

TOKEN_TTL_S = 7200
DEV_APPID = "wx-dev-appid"
DEV_SECRET = "wx-dev-secret"  # noqa: S105 - the development default membership also starts with


def png_with_text(**text: str) -> bytes:
    """A 1×1 PNG carrying ``text`` in ``tEXt`` chunks."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    texts = b"".join(chunk(b"tEXt", f"{key}\0{value}".encode("latin-1", "replace")) for key, value in text.items())
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + texts
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def png_text(image: bytes) -> dict[str, str]:
    """The ``tEXt`` chunks of a PNG: what "scanning" one of this fake's codes reads."""
    found, at = {}, 8
    while at + 8 <= len(image):
        length, kind = struct.unpack(">I4s", image[at:at + 8])
        data = image[at + 8:at + 8 + length]
        if kind == b"tEXt":
            key, _, value = data.partition(b"\0")
            found[key.decode("latin-1")] = value.decode("latin-1")
        at += 12 + length
    return found


def create_app(appid: str, secret: str) -> FastAPI:
    app = FastAPI()
    used: set[str] = set()
    state = {"token": "", "ended": set(), "issued": 0, "forced": 0, "msgid": itertools.count(1),
             "send_faults": [], "refusing": set(), "sent": [], "codes": 0}

    def answer(body: dict) -> Response:
        return Response(json.dumps(body, ensure_ascii=False), media_type="text/plain")

    def token_problem(access_token: str) -> Response | None:
        if access_token and access_token == state["token"]:
            return None
        if access_token in state["ended"]:
            return answer({"errcode": 42001, "errmsg": "access_token expired"})
        return answer({"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"})

    @app.get("/sns/jscode2session")
    async def jscode2session(
        appid_: str = Query("", alias="appid"),
        secret_: str = Query("", alias="secret"),
        js_code: str = "",
        grant_type: str = "",
    ) -> Response:
        if appid_ != appid:
            return answer({"errcode": 40013, "errmsg": "invalid appid"})
        if secret_ != secret:
            return answer({"errcode": 40125, "errmsg": "invalid appsecret"})
        if grant_type != "authorization_code" or not js_code:
            return answer({"errcode": 40029, "errmsg": "invalid code"})
        for prefix, code, message in (
            ("bad-", 40029, "invalid code"),
            ("limit-", 45011, "api minute-quota reach limit"),
            ("busy-", -1, "system error"),
            ("risky-", 40226, "high risk user"),
        ):
            if js_code.startswith(prefix):
                return answer({"errcode": code, "errmsg": message})
        if js_code in used:
            return answer({"errcode": 40163, "errmsg": "code been used"})
        used.add(js_code)
        if js_code.startswith("ok-"):
            openid = js_code.split("-", 2)[1]
        else:  # a real wx.login code from WeChat DevTools: one stable openid per code's start
            openid = "dev-" + hashlib.sha256(js_code[:16].encode()).hexdigest()[:16]
        session_key = base64.b64encode(hashlib.sha256(js_code.encode()).digest()[:16]).decode()
        return answer({"openid": openid, "session_key": session_key})

    @app.post("/cgi-bin/stable_token")
    async def stable_token(request: Request) -> Response:
        body = json.loads(await request.body() or b"{}")
        if body.get("grant_type") != "client_credential":
            return answer({"errcode": 40002, "errmsg": "invalid grant_type"})
        if body.get("appid") != appid:
            return answer({"errcode": 40013, "errmsg": "invalid appid"})
        if body.get("secret") != secret:
            return answer({"errcode": 40125, "errmsg": "invalid appsecret"})
        if body.get("force_refresh") or not state["token"]:
            if state["token"]:
                state["ended"].add(state["token"])
                state["forced"] += 1
            state["token"] = "fake-token-" + secrets.token_urlsafe(24)
            state["issued"] += 1
        return answer({"access_token": state["token"], "expires_in": TOKEN_TTL_S})

    @app.post("/cgi-bin/message/subscribe/send")
    async def subscribe_send(request: Request, access_token: str = "") -> Response:
        if state["send_faults"]:
            fault = state["send_faults"].pop(0)
            if fault["mode"] == "hang":
                await asyncio.sleep(fault.get("seconds", 30))
            return Response("upstream error", status_code=fault.get("status", 502))
        refused = token_problem(access_token)
        if refused is not None:
            return refused
        body = json.loads(await request.body() or b"{}")
        if not body.get("touser"):
            return answer({"errcode": 40003, "errmsg": "invalid openid"})
        if not str(body.get("template_id", "")).startswith("tmpl-"):
            return answer({"errcode": 40037, "errmsg": "invalid template_id"})
        data = body.get("data")
        if not isinstance(data, dict) or not all(isinstance(v, dict) and isinstance(v.get("value"), str)
                                                 for v in data.values()):
            return answer({"errcode": 47003, "errmsg": "argument invalid! data.value invalid"})
        if body["touser"] in state["refusing"]:
            return answer({"errcode": 43101, "errmsg": "user refuse to accept the msg"})
        msgid = next(state["msgid"])
        state["sent"].append({"msgid": msgid, **body})
        return answer({"errcode": 0, "errmsg": "ok", "msgid": msgid})

    @app.post("/wxa/getwxacodeunlimit")
    async def getwxacodeunlimit(request: Request, access_token: str = "") -> Response:
        refused = token_problem(access_token)
        if refused is not None:
            return refused
        body = json.loads(await request.body() or b"{}")
        scene, page = str(body.get("scene", "")), str(body.get("page", ""))
        if not scene or len(scene) > 32:
            return answer({"errcode": 40169, "errmsg": "invalid length for scene, or the data is not json string"})
        if page and not page.startswith("pages/"):
            return answer({"errcode": 41030, "errmsg": "invalid page rule"})
        if body.get("env_version", "release") not in ("release", "trial", "develop"):
            return answer({"errcode": 40097, "errmsg": "invalid args"})
        state["codes"] += 1
        return Response(png_with_text(scene=scene, page=page, env_version=body.get("env_version", "release")),
                        media_type="image/png")

    @app.post("/wxa/business/getuserphonenumber")
    async def getuserphonenumber(request: Request, access_token: str = "") -> Response:
        refused = token_problem(access_token)
        if refused is not None:
            return refused
        code = str(json.loads(await request.body() or b"{}").get("code", ""))
        digits = code.removeprefix("phone-")
        if not code.startswith("phone-") or not digits.isdigit() or code in used:
            return answer({"errcode": 40029, "errmsg": "invalid code"})
        used.add(code)
        return answer({"errcode": 0, "errmsg": "ok", "phone_info": {
            "phoneNumber": digits, "purePhoneNumber": digits, "countryCode": "86",
            "watermark": {"timestamp": 0, "appid": appid}}})

    # Control routes for tests -------------------------------------------------------------------

    @app.post("/_fake/expire-tokens")
    async def expire_tokens() -> dict:
        """The current token ends (42001) without a new one being made: as after its 2 hours."""
        if state["token"]:
            state["ended"].add(state["token"])
        state["token"] = ""
        return {"ok": True}

    @app.post("/_fake/send-faults")
    async def send_faults(request: Request) -> dict:
        """``[{"mode": "error", "status": 503} | {"mode": "hang", "seconds": 10}, …]``: the next sends, in turn."""
        state["send_faults"].extend(json.loads(await request.body()))
        return {"pending": len(state["send_faults"])}

    @app.post("/_fake/refusing/{openid}")
    async def refusing(openid: str) -> dict:
        state["refusing"].add(openid)
        return {"ok": True}

    @app.get("/_fake/messages")
    async def messages(touser: str = "") -> list[dict]:
        return [m for m in state["sent"] if not touser or m["touser"] == touser]

    @app.get("/_fake/stats")
    async def stats() -> dict:
        return {"tokens_issued": state["issued"], "force_refreshes": state["forced"], "codes": state["codes"],
                "messages": len(state["sent"]), "send_faults_left": len(state["send_faults"])}

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--appid", default=os.environ.get("GROUPBUY_WECHAT__APPID", DEV_APPID))
    parser.add_argument("--secret", default=os.environ.get("GROUPBUY_WECHAT__SECRET", DEV_SECRET))
    args = parser.parse_args()
    uvicorn.run(create_app(args.appid, args.secret), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
