"""Forwarding ``/v1/<group>/...`` to the service that owns the group: a plain ASGI layer in front of the
gateway's own routes, so a forwarded request costs no routing, no request object beyond the checks'
needs and no response object — only the checks (``gateway/edge.py``) and the bytes.

Bodies pass through both ways: a request body up to ``BUFFER_LIMIT`` is read whole (it can then be sent
again on a fresh connection, see ``common/upstream.py``), a larger one streams to the service as it
arrives; the size cap holds either way.  Answers that have arrived whole by the time their head is read
go back in one message with their length; longer ones stream.  Credentials, any identity header a caller
sent and hop-by-hop headers stop here; the verified identity goes on signed.  The service's own ``Date``
and ``Server`` stay behind: the gateway's server writes its own.

The request id goes on always; so does a caller's ``traceparent`` / ``tracestate`` while tracing is off.
While it is on, the forwarding runs in a client span named after the route group (``POST /v1/orders/*``)
and that span's context goes on instead (the caller's is its parent; ``common/tracing.py``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from types import SimpleNamespace

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from common import tracing
from common.problems import Problem, problem_response
from common.requestid import current_request_id
from common.upstream import (
    HOP_BY_HOP,
    BrokenBeforeAnswer,
    ConnectFailed,
    UpstreamError,
    UpstreamPool,
    UpstreamTimeout,
)
from gateway.routing import RouteGroup, group_for

log = logging.getLogger("groupbuy.gateway.proxy")

# Credentials stop at the edge: services trust only the signed identity the gateway sends.
CREDENTIALS = frozenset({b"authorization", b"x-api-key", b"cookie"})
# Identity is the gateway's to assert: whatever a caller sends under these names is dropped.
IDENTITY_PREFIX = b"x-groupbuy-"
DROPPED = HOP_BY_HOP | CREDENTIALS | {b"x-request-id", b"content-length"}
TRACED_DROPPED = DROPPED | {b"traceparent", b"tracestate"}  # while tracing: the gateway's span goes on instead
ANSWER_DROPPED = HOP_BY_HOP | {b"date", b"server"}
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
BUFFER_LIMIT = 64 * 1024
_ROUTES: dict[str, SimpleNamespace] = {}  # the route, group and upstream labels metrics and logs show


def _route_of(group: RouteGroup) -> SimpleNamespace:
    route = _ROUTES.get(group.name)
    if route is None:
        route = _ROUTES[group.name] = SimpleNamespace(path_format=f"/v1/{group.name}/*", group=group.name,
                                                      upstream=group.service)
    return route


def request_head(scope: Scope, *, host: bytes, client_ip: str, identity: dict[str, str],
                 framing: bytes, trace: dict[str, str] | None = None) -> bytes:
    """The request line and headers to send on: the caller's, byte for byte (a value need not be ASCII;
    the service judges it), less what stops at the edge, plus what the gateway asserts.  ``trace``: the
    headers of the gateway's own span, sent instead of the caller's."""
    target = scope.get("raw_path") or scope["path"].encode()
    if scope.get("query_string"):
        target += b"?" + scope["query_string"]
    dropped = DROPPED if not trace else TRACED_DROPPED | {name.encode() for name in trace}
    lines = [b"%s %s HTTP/1.1" % (scope["method"].encode(), target), b"host: " + host]
    for name, value in scope["headers"]:
        if name in dropped or name.startswith(IDENTITY_PREFIX) or name.startswith(b"x-forwarded-"):
            continue
        lines.append(name + b": " + value)
    lines += [b"x-forwarded-for: " + client_ip.encode(), b"x-forwarded-proto: " + scope.get("scheme", "http").encode(),
              b"x-request-id: " + (current_request_id() or "").encode(), framing]
    lines += [f"{name}: {value}".encode() for name, value in identity.items()]
    if trace:
        lines += [f"{name}: {value}".encode("latin-1") for name, value in trace.items()]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _declared_length(scope: Scope, max_bytes: int) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            if not value.isdigit():
                raise Problem(400, "bad_request", "Content-Length is not a number")
            if int(value) > max_bytes:
                raise Problem(413, "payload_too_large", f"The body is larger than {max_bytes} bytes")
            return int(value)
    return None


def _has_chunked_body(scope: Scope) -> bool:
    return any(name == b"transfer-encoding" for name, _ in scope["headers"])


async def _read_whole(receive: Receive, max_bytes: int) -> bytes:
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Problem(400, "bad_request", "The caller went away while sending the body")
        body += message.get("body", b"")
        if len(body) > max_bytes:
            raise Problem(413, "payload_too_large", f"The body is larger than {max_bytes} bytes")
        if not message.get("more_body", False):
            return bytes(body)


async def _stream(receive: Receive, max_bytes: int) -> AsyncIterator[bytes]:
    seen = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Problem(400, "bad_request", "The caller went away while sending the body")
        chunk = message.get("body", b"")
        seen += len(chunk)
        if seen > max_bytes:
            raise Problem(413, "payload_too_large", f"The body is larger than {max_bytes} bytes")
        yield chunk
        if not message.get("more_body", False):
            return


class Proxy:
    """ASGI: ``/v1/<group>/...`` of a routed group is forwarded here; everything else goes on to ``app``."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        group = group_for(scope["path"]) if scope["type"] == "http" else None
        if group is None:
            await self.app(scope, receive, send)
            return
        scope["route"] = _route_of(group)
        try:
            await self._forward(scope, receive, send, group)
        except Problem as problem:
            response = problem_response(problem.status, problem.code, title=problem.title, detail=problem.detail,
                                        instance=scope["path"], headers=problem.headers, **problem.extra)
            await response(scope, receive, send)

    async def _forward(self, scope: Scope, receive: Receive, send: Send, group: RouteGroup) -> None:
        state = scope["app"].state
        request = Request(scope, receive)
        ip, identity = await state.edge.admit(request, group)
        pool: UpstreamPool = state.upstreams[group.service]
        method = scope["method"]
        declared = _declared_length(scope, self.max_body_bytes)
        body: bytes | AsyncIterator[bytes]
        if declared is None and not _has_chunked_body(scope):
            body, framing = b"", b"content-length: 0"
        elif declared is not None and declared <= BUFFER_LIMIT:
            body = await _read_whole(receive, self.max_body_bytes)
            framing = b"content-length: %d" % len(body)
        else:
            body, framing = _stream(receive, self.max_body_bytes), b"transfer-encoding: chunked"
        replayable = method in IDEMPOTENT or any(name == b"idempotency-key" for name, _ in scope["headers"])
        if tracing.tracer is None:
            head = request_head(scope, host=pool.host_header, client_ip=ip, identity=identity, framing=framing)
            await self._exchange(scope, send, group, pool, head, body, replayable)
            return
        route = _route_of(group).path_format
        tracing.name_server_span(f"{method} {route}", route)
        with tracing.outgoing(method, host=pool.host, port=pool.port, name=f"{method} {route}",
                              attributes={"groupbuy.route_group": group.name, "groupbuy.upstream": group.service}
                              ) as call:
            head = request_head(scope, host=pool.host_header, client_ip=ip, identity=identity, framing=framing,
                                trace=call.headers)
            call.answered(await self._exchange(scope, send, group, pool, head, body, replayable))

    async def _exchange(self, scope: Scope, send: Send, group: RouteGroup, pool: UpstreamPool, head: bytes,
                        body: bytes | AsyncIterator[bytes], replayable: bool) -> int:
        """Send the request on and the answer back; returns the answer's status."""
        method = scope["method"]
        try:
            answer = await pool.send(head, body, replayable=replayable, no_body=method == "HEAD")
        except ConnectFailed as exc:
            log.warning("%s unreachable: %s", group.service, exc)
            raise Problem(503, "service_unavailable", f"The {group.service} service is not reachable",
                          headers={"Retry-After": "1"}) from exc
        except UpstreamTimeout as exc:
            raise Problem(504, "upstream_timeout", f"The {group.service} service did not answer in time") from exc
        except BrokenBeforeAnswer as exc:
            raise Problem(502, "bad_gateway", f"The {group.service} service broke the connection") from exc
        except UpstreamError as exc:
            raise Problem(502, "bad_gateway", f"The {group.service} service broke the connection") from exc
        headers = [(name, value) for name, value in answer.headers if name not in ANSWER_DROPPED]
        if answer.complete:
            data = answer.body_now()
            answer.finish()
            if method != "HEAD":
                headers = [(n, v) for n, v in headers if n != b"content-length"]
                headers.append((b"content-length", b"%d" % len(data)))
            await send({"type": "http.response.start", "status": answer.status, "headers": headers})
            await send({"type": "http.response.body", "body": data})
            return answer.status
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        try:
            async for chunk in answer.body():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        except UpstreamError:
            answer.conn.close()
            log.warning("%s broke off its answer", group.service)
            raise
        answer.finish()
        await send({"type": "http.response.body", "body": b""})
        return answer.status
