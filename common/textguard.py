"""Refuse text holding the NUL character (U+0000) before it reaches a handler.

PostgreSQL cannot store NUL in text (SQLite can), so without this a name with ``\\u0000`` in it would be
a 500 on one database and stored on the other.  Every service answers it the same way instead: 422
``invalid_text``.  JSON bodies are checked for the escape ``\\u0000`` (a raw NUL byte is not valid JSON
and is refused by the parser anyway), paths and query strings for ``%00``.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common.problems import problem_response

# ``\u0000`` not itself escaped: preceded by an even number of backslashes (none, or pairs).
_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_WITH_BODY = {"POST", "PUT", "PATCH", "DELETE"}


def holds_nul(body: bytes) -> bool:
    return _NUL_ESCAPE.search(body) is not None


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            media = value.split(b";", 1)[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


class NulGuard:
    """Pure ASGI: a JSON body is read whole (services cap bodies) and handed on unchanged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path = scope.get("raw_path") or scope.get("path", "").encode()
        if b"%00" in raw_path or b"%00" in scope.get("query_string", b"") or "\x00" in scope.get("path", ""):
            await self._refuse(scope, receive, send)
            return
        if scope.get("method") not in _WITH_BODY or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks, more = [], True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if holds_nul(body):
            await self._refuse(scope, receive, send)
            return
        await self.app(scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(422, "invalid_text", detail="Text may not contain the NUL character (U+0000)",
                                    instance=scope.get("path"))
        await response(scope, receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
