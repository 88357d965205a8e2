"""The checks every routed request passes, in order: route group, per-IP limit, who the caller is, what
the group needs, per-user or per-key limit.  The result is the identity the proxy signs and sends on."""

from __future__ import annotations

import ipaddress

from fastapi import Request

from common.auth import Identity, sign_identity
from common.problems import Problem
from gateway.auth import Authenticator
from gateway.config import Settings
from gateway.ratelimit import RateLimiter
from gateway.routing import RouteGroup


def client_ip(request: Request, trusted: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> str:
    """The caller's address: the peer, or — when the peer is a trusted proxy — the nearest untrusted
    address in X-Forwarded-For."""
    peer = request.client.host if request.client else "unknown"

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in trusted)

    if not trusted or not is_trusted(peer):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return peer


def authorise(group: RouteGroup, identity: Identity, method: str) -> None:
    if identity.kind == "api_key":
        scope = group.scope_for(method)
        if scope is None or not identity.has_scope(scope):
            raise Problem(403, "forbidden", f"This API key may not call {group.name} with {method}"
                          + (f" (needs the scope {scope})" if scope else ""))
        return
    if group.needs == "public":
        return
    if identity.kind != "user":
        raise Problem(401, "unauthenticated", "Sign in first", headers={"WWW-Authenticate": "Bearer"})
    if group.needs == "staff" and not identity.has_role("ops", "admin"):
        raise Problem(403, "forbidden", "This needs the role ops or admin")


def _limited(retry_after_s: int, what: str) -> Problem:
    return Problem(429, "rate_limited", f"Too many requests {what}; slow down",
                   headers={"Retry-After": str(retry_after_s)}, retry_after_s=retry_after_s)


class Edge:
    def __init__(self, settings: Settings, authenticator: Authenticator, limiter: RateLimiter) -> None:
        self.settings = settings
        self.authenticator = authenticator
        self.limiter = limiter
        self.trusted = [ipaddress.ip_network(cidr, strict=False) for cidr in settings.trusted_proxies]

    async def admit(self, request: Request, group: RouteGroup) -> tuple[str, dict[str, str]]:
        """Run every check; returns the client address and the signed identity headers."""
        ip = client_ip(request, self.trusted)
        limits = self.settings.rate_limits
        if limits.enabled:
            bucket = limits.groups.get(group.name, limits.ip)
            verdict = await self.limiter.take(bucket, "ip", group.name if group.name in limits.groups else "*", ip)
            if not verdict.allowed:
                raise _limited(verdict.retry_after_s, "from this address")
        identity = await self.authenticator.identify(request)
        authorise(group, identity, request.method)
        if limits.enabled and identity.kind in ("user", "api_key"):
            if identity.kind == "user":
                verdict = await self.limiter.take(limits.user, "user", str(identity.user_id))
            else:
                verdict = await self.limiter.take(limits.api_key, "key", str(identity.api_key_id))
            if not verdict.allowed:
                raise _limited(verdict.retry_after_s, f"for this {identity.kind.replace('_', ' ')}")
        headers = sign_identity(identity, key=self.settings.internal_key, method=request.method,
                                path=request.url.path)
        return ip, headers
