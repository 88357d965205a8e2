"""Forwarding one request to a service: bodies streamed both ways, a size cap, timeouts, and retries
only where a repeat cannot do harm (idempotent methods whose request never reached the service)."""

from __future__ import annotations

import logging

import httpx
from fastapi import Request
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from common.problems import Problem
from common.requestid import HEADER as REQUEST_ID_HEADER
from common.requestid import current_request_id

log = logging.getLogger("groupbuy.gateway.proxy")

HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "trailers", "transfer-encoding", "upgrade", "host",
})
# Credentials stop at the edge: services trust only the signed identity the gateway sends.
CREDENTIALS = frozenset({"authorization", "x-api-key", "cookie"})
# Identity is the gateway's to assert: whatever a caller sends under these names is dropped.
IDENTITY_PREFIX = "x-groupbuy-"
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})


def request_headers(request: Request, *, client_ip: str, identity: dict[str, str]
                    ) -> list[tuple[str | bytes, str | bytes]]:
    """The headers to send on: the caller's, byte for byte (a value need not be ASCII; the service
    judges it), less hop-by-hop ones, credentials and anything the gateway itself asserts."""
    headers: list[tuple[str | bytes, str | bytes]] = [
        (raw_name, raw_value) for raw_name, raw_value in request.headers.raw
        if (name := raw_name.decode("latin-1").lower()) not in HOP_BY_HOP and name not in CREDENTIALS
        and not name.startswith(IDENTITY_PREFIX) and not name.startswith("x-forwarded-") and name != "x-request-id"
    ]
    headers += [("x-forwarded-for", client_ip), ("x-forwarded-proto", request.url.scheme),
                (REQUEST_ID_HEADER.lower(), current_request_id() or "")]
    headers += list(identity.items())
    return headers


async def _body(request: Request, max_bytes: int) -> bytes | object:
    """The body to send on: streamed when its length is declared (and the request is not one that may
    be retried), else read up to the cap."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Problem(400, "bad_request", "Content-Length is not a number")
        if int(declared) > max_bytes:
            raise Problem(413, "payload_too_large", f"The body is larger than {max_bytes} bytes")
        if request.method not in IDEMPOTENT:
            return request.stream()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise Problem(413, "payload_too_large", f"The body is larger than {max_bytes} bytes")
    return bytes(body)


async def forward(request: Request, *, client: httpx.AsyncClient, service: str, base_url: str,
                  max_body_bytes: int, client_ip: str, identity: dict[str, str]) -> Response:
    raw_path = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string") or b""
    target = httpx.URL(base_url).copy_with(raw_path=raw_path + (b"?" + query if query else b""))
    body = await _body(request, max_body_bytes)
    headers = request_headers(request, client_ip=client_ip, identity=identity)
    upstream_request = client.build_request(request.method, target, headers=headers,
                                            content=body)  # type: ignore[arg-type]
    attempts = 2 if request.method in IDEMPOTENT else 1
    for attempt in range(1, attempts + 1):
        try:
            upstream = await client.send(upstream_request, stream=True)
            break
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            if attempt == attempts:
                log.warning("%s unreachable: %s", service, exc)
                raise Problem(503, "service_unavailable", f"The {service} service is not reachable",
                              headers={"Retry-After": "1"}) from exc
        except httpx.TimeoutException as exc:
            raise Problem(504, "upstream_timeout", f"The {service} service did not answer in time") from exc
        except httpx.RemoteProtocolError as exc:
            if attempt == attempts:
                raise Problem(502, "bad_gateway", f"The {service} service broke the connection") from exc
    response = StreamingResponse(upstream.aiter_raw(), status_code=upstream.status_code,
                                 background=BackgroundTask(upstream.aclose))
    # Raw pairs, not a dict: repeated headers (Set-Cookie, Link) must survive.
    response.raw_headers = [
        (k, v) for k, v in upstream.headers.raw if k.decode("latin-1").lower() not in HOP_BY_HOP
    ]
    return response
