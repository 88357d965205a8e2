"""The HTTP client webhooks are sent with: it connects only to addresses checked as it connects.

For each new connection the host name is resolved once (``getaddrinfo``, which reads ``2130706433``,
``0x7f000001`` or ``127.1`` as the addresses they stand for, exactly as a plain connection would),
every address is checked (``domain.targets.resolution_problem``: in production one internal address
refuses the host), and the socket is opened to a checked address — the name is never resolved a second
time, so a DNS answer that changes between the check and the connection (rebinding) cannot send it
elsewhere. The URL, the ``Host`` header and TLS (SNI and the certificate's name) keep the host name;
pooled connections are kept per host name, each checked when it was opened.

This client is membership's own rather than the process's shared one, because the check lives in its
connection layer. It follows no redirects and takes no proxy from the environment: a proxy would
resolve the name itself, after the check.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Awaitable, Callable, Iterable

import httpcore
import httpx

from services.membership.domain.targets import resolution_problem

Resolver = Callable[[str, int], Awaitable[list[str]]]


class TargetRefused(httpcore.ConnectError):
    """The host resolves to an address no webhook may reach; no connection was attempted."""


async def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in the resolver's order, each once."""
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"{host} does not resolve: {exc}") from exc
    return list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in found))


class CheckedNetwork(httpcore.AsyncNetworkBackend):
    """Opens TCP connections to checked addresses only."""

    def __init__(self, *, production: bool, resolver: Resolver = resolve,
                 network: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.production = production
        self.resolver = resolver
        self.network = network or httpcore.AnyIOBackend()

    async def checked_addresses(self, host: str, port: int, limit_s: float | None) -> list[str]:
        try:
            async with asyncio.timeout(limit_s):
                addresses = await self.resolver(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"{host} did not resolve within {limit_s:g}s") from exc
        refused = resolution_problem(host, addresses, production=self.production)
        if refused:
            raise TargetRefused(refused)
        return addresses

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,  # noqa: ASYNC109 - httpcore's
                          local_address: str | None = None,
                          socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                          ) -> httpcore.AsyncNetworkStream:
        *others, last = await self.checked_addresses(host, port, timeout)
        options = {"timeout": timeout, "local_address": local_address, "socket_options": socket_options}
        for address in others:
            with contextlib.suppress(httpcore.ConnectError):
                return await self.network.connect_tcp(address, port, **options)
        return await self.network.connect_tcp(last, port, **options)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,  # noqa: ASYNC109 - httpcore's
                                  socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                                  ) -> httpcore.AsyncNetworkStream:
        raise TargetRefused("webhooks are sent over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self.network.sleep(seconds)


class _CheckedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, network: CheckedNetwork, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        # httpx builds its pool with the default network; this one connects through the check.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections, keepalive_expiry=limits.keepalive_expiry,
            network_backend=network)


def webhook_client(*, production: bool, max_connections: int, resolver: Resolver = resolve) -> httpx.AsyncClient:
    """A pooled client for deliveries; use it as an async context manager for the app's lifetime."""
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    network = CheckedNetwork(production=production, resolver=resolver)
    return httpx.AsyncClient(transport=_CheckedTransport(network, limits), trust_env=False, follow_redirects=False)
