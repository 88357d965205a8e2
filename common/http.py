"""The one pooled ``httpx.AsyncClient`` per process, with timeouts and the request id on every call."""

from __future__ import annotations

import httpx

from common.requestid import HEADER, current_request_id
from common.settings import HttpSettings


async def _propagate_request_id(request: httpx.Request) -> None:
    request_id = current_request_id()
    if request_id and HEADER not in request.headers:
        request.headers[HEADER] = request_id


def make_client(settings: HttpSettings, **kwargs: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s),
        limits=httpx.Limits(max_connections=settings.max_connections,
                            max_keepalive_connections=settings.max_keepalive),
        event_hooks={"request": [_propagate_request_id]},
        **kwargs,  # type: ignore[arg-type]
    )


async def call_internal(client: httpx.AsyncClient, *, key: str, caller: str, base_url: str, method: str,
                        path: str, **kwargs: object) -> httpx.Response:
    """A service-to-service call, signed with the caller's service identity (``/internal/...`` routes)."""
    from common.auth import service_identity, sign_identity

    headers = dict(kwargs.pop("headers", None) or {})  # type: ignore[call-overload]
    headers.update(sign_identity(service_identity(caller), key=key, method=method, path=path))
    return await client.request(method, f"{base_url}{path}", headers=headers, **kwargs)  # type: ignore[arg-type]
