"""The checks every routed request passes, in order: route group, per-IP limit, who the caller is, what
the group needs, per-user or per-key limit.  The result is the identity the proxy signs and sends on."""

from __future__ import annotations

import ipaddress

from fastapi import Request

from common.auth import Identity, sign_identity
from common.problems import Problem
from gateway.auth import API_KEY_HEADER, Authenticator
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
        """Run every check; returns the client address and the signed identity headers.

        Tokens are verified locally, so a signed-in or anonymous caller's buckets (address and user) are
        taken together after that, in one round trip.  An API key may need membership to verify it, so
        its caller's address is limited first, before membership is asked."""
        ip = client_ip(request, self.trusted)
        limits = self.settings.rate_limits
        by_address = (limits.groups.get(group.name, limits.ip),
                      ("ip", group.name if group.name in limits.groups else "*", ip))
        keyed = API_KEY_HEADER in request.headers
        if limits.enabled and keyed:
            verdict = await self.limiter.take_all([by_address])
            if not verdict.allowed:
                raise _limited(verdict.retry_after_s, "from this address")
        identity = await self.authenticator.identify(request)
        authorise(group, identity, request.method)
        if limits.enabled:
            buckets = [] if keyed else [by_address]
            if identity.kind == "user":
                buckets.append((limits.user, ("user", str(identity.user_id))))
            elif identity.kind == "api_key":
                buckets.append((limits.api_key, ("key", str(identity.api_key_id))))
            verdict = await self.limiter.take_all(buckets) if buckets else None
            if verdict is not None and not verdict.allowed:
                caller = buckets[verdict.refused_by][1][0]
                what = {"ip": "from this address", "user": "for this user", "key": "for this API key"}[caller]
                raise _limited(verdict.retry_after_s, what)
        headers = sign_identity(identity, key=self.settings.internal_key, method=request.method,
                                path=request.url.path)
        return ip, headers
