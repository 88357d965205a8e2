"""Which service owns which public path, and what each route group needs (the design's §11 table).

Callers never see service boundaries: ``/v1/<first segment>/...`` goes to the service that owns the
first segment, with the path unchanged — except the few ``/v1/<first>/{id}/<last>`` paths in ``NESTED``,
which another service answers (``/v1/activities/{id}/my-group``: the buyer's group, orders' data).
Nothing outside this table is routed, so ``/internal/...`` and anything a service has not made public
can never be reached through the gateway.

``needs`` is the gateway's coarse gate; every service still checks each route and each object itself:
- ``public``: anyone (credentials, when sent, are still verified and forwarded);
- ``user``: a signed-in user;
- ``staff``: a user with the ops or admin role;
- ``credential``: a user, or a partner API key holding the group's scope.
A partner API key may use a group only with the scope named for the method (reads: GET/HEAD).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Needs = Literal["public", "user", "staff", "credential"]


@dataclass(frozen=True)
class RouteGroup:
    name: str
    service: str
    needs: Needs
    key_read_scope: str | None = None
    key_write_scope: str | None = None

    def scope_for(self, method: str) -> str | None:
        return self.key_read_scope if method in ("GET", "HEAD") else self.key_write_scope


_GROUPS = [
    RouteGroup("auth", "membership", "public"),
    RouteGroup("users", "membership", "user"),
    RouteGroup("communities", "membership", "public", "membership:read"),
    RouteGroup("levels", "membership", "public", "membership:read"),
    RouteGroup("api-keys", "membership", "staff"),
    RouteGroup("webhooks", "membership", "credential", "webhooks:manage", "webhooks:manage"),
    RouteGroup("scenes", "membership", "public"),
    RouteGroup("products", "catalog", "public", "catalog:read", "catalog:write"),
    RouteGroup("activities", "catalog", "public", "catalog:read", "catalog:write"),
    RouteGroup("calendar", "catalog", "public", "catalog:read", "catalog:write"),
    RouteGroup("categories", "catalog", "public", "catalog:read"),
    RouteGroup("home", "catalog", "public", "catalog:read"),
    RouteGroup("orders", "orders", "credential", "orders:read", "orders:write"),
    RouteGroup("groups", "orders", "public", "orders:read"),
    RouteGroup("shares", "orders", "public"),
    RouteGroup("payments", "orders", "public"),
    RouteGroup("cart", "orders", "user"),
    RouteGroup("checkouts", "orders", "user"),
    RouteGroup("supply", "orders", "credential", "orders:read", "orders:write"),
    RouteGroup("suppliers", "catalog", "credential", "catalog:read", "catalog:write"),
    RouteGroup("referrals", "referrals", "public", "referrals:read"),
    RouteGroup("rebates", "referrals", "user"),
    RouteGroup("withdrawals", "referrals", "user"),
]
GROUPS: dict[str, RouteGroup] = {group.name: group for group in _GROUPS}
# (first segment, last segment) of a three-segment path → the group that answers it instead of the first's.
NESTED: dict[tuple[str, str], RouteGroup] = {
    ("activities", "my-group"): RouteGroup("activities-my-group", "orders", "user"),
}
PREFIXES: dict[str, str] = {group.name: group.service for group in _GROUPS}


def group_for(path: str) -> RouteGroup | None:
    """The route group of a decoded request path, or None when the gateway must not route it."""
    if not path.startswith("/v1/"):
        return None
    segments = path.split("/")[2:]
    if not segments or any(s in (".", "..") for s in segments) or "\\" in path:
        return None
    if len(segments) == 3 and (nested := NESTED.get((segments[0], segments[2]))) is not None:
        return nested
    return GROUPS.get(segments[0])


def service_for(path: str) -> str | None:
    group = group_for(path)
    return group.service if group else None
