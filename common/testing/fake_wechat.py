"""A local stand-in for WeChat's ``jscode2session``, speaking its real request and answers.

``GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code`` answers HTTP 200 with
JSON labelled ``text/plain`` (as WeChat does).  The code decides the answer, so tests can ask for each
case: ``ok-<openid>`` logs that openid in (each code works once, like a real one); ``bad-…`` is an
invalid code (40029); ``limit-…`` is rate limited (45011); ``busy-…`` is system busy (-1);
``risky-…`` is a blocked user (40226).  A wrong appid or secret gets 40013 / 40125.

Run: ``python -m common.testing.fake_wechat --port N --appid A --secret S``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json

import uvicorn
from fastapi import FastAPI, Query
from fastapi.responses import Response


def create_app(appid: str, secret: str) -> FastAPI:
    app = FastAPI()
    used: set[str] = set()

    def answer(body: dict) -> Response:
        return Response(json.dumps(body), media_type="text/plain")

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
        if not js_code.startswith("ok-"):
            return answer({"errcode": 40029, "errmsg": "invalid code"})
        if js_code in used:
            return answer({"errcode": 40163, "errmsg": "code been used"})
        used.add(js_code)
        openid = js_code.split("-", 2)[1]
        session_key = base64.b64encode(hashlib.sha256(js_code.encode()).digest()[:16]).decode()
        return answer({"openid": openid, "session_key": session_key})

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--appid", required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    uvicorn.run(create_app(args.appid, args.secret), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
