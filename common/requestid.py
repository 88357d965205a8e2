"""What follows a call from part to part: the request id and the caller's trace context.

The request id is taken from ``X-Request-ID`` at the edge (or made), kept in a context variable so log
lines, outgoing calls and published events carry it, and echoed on every response.

A W3C ``traceparent`` (with its ``tracestate``) that the caller sent is kept beside it, checked and
otherwise untouched, so that an event published while serving the call carries the caller's trace even
in a part where tracing is off (``common/tracing.py`` owns tracing itself).  A consumer sets both again
from the event it applies (``carrying``), so what its handler logs and publishes stays on the same trail.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from typing import NamedTuple

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
# Version 00 of W3C Trace Context: version-trace id-parent id-flags, ids not all zero.
TRACEPARENT = re.compile(r"^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$")
TRACESTATE = re.compile(r"^[\x20-\x7e]{0,512}$")
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


class TraceHeaders(NamedTuple):
    """A W3C trace context as it travels in headers."""

    traceparent: str
    tracestate: str | None = None


_trace: ContextVar[TraceHeaders | None] = ContextVar("carried_trace", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def carried_trace() -> TraceHeaders | None:
    """The trace context the current call or event came with (None: none, or none worth keeping)."""
    return _trace.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_request_id(value: str | None) -> str:
    """The caller's id when it is a sane token, else a fresh one (never trust it into logs unchecked)."""
    if value and _VALID.match(value):
        return value
    return new_request_id()


def accept_trace(traceparent: str | None, tracestate: str | None = None) -> TraceHeaders | None:
    """The caller's trace context when ``traceparent`` is well formed (a malformed ``tracestate`` is
    dropped alone, as the W3C recommendation says), else None."""
    traceparent = (traceparent or "").strip()
    if not TRACEPARENT.match(traceparent):
        return None
    if tracestate is not None:
        tracestate = tracestate.strip()
        if not tracestate or not TRACESTATE.match(tracestate):
            tracestate = None
    return TraceHeaders(traceparent, tracestate)


class carrying:
    """Within the block, the request id and the carried trace are these (a consumer applying an event)."""

    __slots__ = ("_tokens", "request_id", "trace")

    def __init__(self, request_id: str | None, trace: TraceHeaders | None) -> None:
        self.request_id, self.trace = request_id, trace

    def __enter__(self) -> None:
        self._tokens = (_request_id.set(self.request_id), _trace.set(self.trace))

    def __exit__(self, *_exc: object) -> None:
        _request_id.reset(self._tokens[0])
        _trace.reset(self._tokens[1])


class RequestIdMiddleware:
    """Pure ASGI, so streamed bodies pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = traceparent = tracestate = None
        for name, value in scope.get("headers", []):
            if name == b"x-request-id":
                incoming = value
            elif name == b"traceparent":
                traceparent = value
            elif name == b"tracestate":  # may come in several lines: one list
                tracestate = value if tracestate is None else tracestate + b"," + value
        request_id = accept_request_id(incoming.decode("latin-1") if incoming is not None else None)
        token = _request_id.set(request_id)
        trace_token = None
        if traceparent is not None:
            trace = accept_trace(traceparent.decode("latin-1"),
                                 tracestate.decode("latin-1") if tracestate is not None else None)
            if trace is not None:
                trace_token = _trace.set(trace)
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _request_id.reset(token)
            if trace_token is not None:
                _trace.reset(trace_token)
