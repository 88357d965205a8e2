"""Which service owns which public path: the prefix table of the design (§11).

Callers never see service boundaries: ``/v1/<first segment>/...`` goes to the service that owns the
first segment, with the path unchanged.  Nothing outside this table is routed, so ``/internal/...``
and anything a service has not made public can never be reached through the gateway.
"""

from __future__ import annotations

PREFIXES: dict[str, str] = {
    "auth": "membership",
    "users": "membership",
    "communities": "membership",
    "levels": "membership",
    "api-keys": "membership",
    "webhooks": "membership",
    "products": "catalog",
    "activities": "catalog",
    "calendar": "catalog",
    "orders": "orders",
    "groups": "orders",
    "payments": "orders",
    "referrals": "referrals",
    "rebates": "referrals",
    "withdrawals": "referrals",
}


def service_for(path: str) -> str | None:
    """The service that owns a decoded request path, or None when the gateway must not route it."""
    if not path.startswith("/v1/"):
        return None
    segments = path.split("/")[2:]
    if not segments or any(s in (".", "..") for s in segments) or "\\" in path:
        return None
    return PREFIXES.get(segments[0])
