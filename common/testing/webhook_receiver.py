"""A partner's webhook endpoint for tests: a real HTTP server on a free local port, in the test's own
event loop. It records every request, checks signatures the way a partner does (``partner_verify``, the
example of docs/partners.md — written from the documented scheme, not from the sender's code), and can
be told, per path, to fail its first requests or to hang without answering.

    receiver = await WebhookReceiver.start()
    receiver.fail_first("flaky", 3)             # 503 three times, then 200
    receiver.hang("stuck")                      # never answers (until the receiver stops)
    url = receiver.url("flaky")
    ...
    await receiver.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn

from common.testing.infra import free_port


def partner_verify(secret: str, headers: dict[str, str], body: bytes, *, tolerance_s: int = 300,
                   now: float | None = None) -> bool:
    """The receiver's check: ``v1`` HMAC-SHA256 of ``"<timestamp>." + body``, fresh within the tolerance."""
    timestamp = headers.get("groupbuy-timestamp", "")
    current = time.time() if now is None else now
    if not timestamp.isdigit() or abs(current - int(timestamp)) > tolerance_s:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    for part in headers.get("groupbuy-signature", "").split(","):
        scheme, _, value = part.strip().partition("=")
        if scheme == "v1" and hmac.compare_digest(value.encode(), expected.encode()):
            return True
    return False


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float
    status: int | None = None  # what was answered; None while hanging

    @property
    def event_id(self) -> str:
        return self.headers.get("groupbuy-event-id", "")

    @property
    def event_type(self) -> str:
        return self.headers.get("groupbuy-event-type", "")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Behaviour:
    fail_first: int = 0
    fail_status: int = 503
    hang: bool = False


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # the test runner keeps its own signal handlers


@dataclass(eq=False)
class WebhookReceiver:
    port: int
    received: list[Received] = field(default_factory=list)
    behaviours: dict[str, Behaviour] = field(default_factory=dict)
    _released: asyncio.Event = field(default_factory=asyncio.Event)
    _server: _Server | None = None
    _task: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls) -> WebhookReceiver:
        receiver = cls(port=free_port())
        config = uvicorn.Config(receiver, host="127.0.0.1", port=receiver.port, log_level="warning",
                                lifespan="off", timeout_graceful_shutdown=2)
        receiver._server = _Server(config)
        receiver._task = asyncio.create_task(receiver._server.serve(), name="webhook-receiver")
        for _ in range(200):
            if receiver._server.started:
                return receiver
            await asyncio.sleep(0.02)
        raise TimeoutError("the webhook receiver did not start")

    async def stop(self) -> None:
        self._released.set()
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await asyncio.wait({self._task}, timeout=10)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def fail_first(self, path: str, times: int, status: int = 503) -> None:
        self.behaviours[path] = Behaviour(fail_first=times, fail_status=status)

    def hang(self, path: str) -> None:
        self.behaviours[path] = Behaviour(hang=True)

    def at(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    async def wait_for(self, done: Callable[[WebhookReceiver], bool], seconds: float) -> bool:
        """Poll until ``done(self)`` or the time is up; whether it happened."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if done(self):
                return True
            await asyncio.sleep(0.05)
        return done(self)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        chunks, more = [], True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        path = scope["path"].strip("/")
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        record = Received(path=path, headers=headers, body=b"".join(chunks), at=time.monotonic())
        self.received.append(record)
        behaviour = self.behaviours.get(path, Behaviour())
        if behaviour.hang:
            await self._released.wait()
            status = 503
        else:
            status = behaviour.fail_status if len(self.at(path)) <= behaviour.fail_first else 200
        record.status = status
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
        await send({"type": "http.response.body", "body": b"ok" if status == 200 else b"not now"})
