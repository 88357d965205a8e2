"""Who is calling: the identity the gateway verified, carried to a service in signed headers.

The gateway strips every ``X-Groupbuy-*`` header a caller sent, verifies the caller's token or API
key, and forwards the result as ``X-Groupbuy-Identity`` (base64url JSON) with
``X-Groupbuy-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`` over
``"<t>.<METHOD>.<path>.<identity>"`` keyed with the internal key.  A service accepts the identity only
when the signature verifies and is fresh (``MAX_AGE_S``), so headers sent straight to a service,
replayed later, or moved to another route are refused.  Services calling each other sign the same way
with a ``service`` identity; ``/internal/...`` routes demand one.

Routes declare what they need with the dependencies below; ownership of objects is checked in the
owning service (a caller only ever sees its own orders, addresses, ledger and profile).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import time
from typing import Annotated, Literal

from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict, ValidationError

from common.problems import Problem

IDENTITY_HEADER = "x-groupbuy-identity"
SIGNATURE_HEADER = "x-groupbuy-signature"
MAX_AGE_S = 60
ROLES = ("customer", "leader", "ops", "admin")
SCOPES = (
    "catalog:read", "catalog:write",
    "orders:read", "orders:write",
    "membership:read",
    "referrals:read",
    "webhooks:manage",
)


class Identity(BaseModel):
    """A verified caller.  ``anonymous`` when no credentials came with the request."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["anonymous", "user", "api_key", "service"] = "anonymous"
    user_id: int | None = None
    roles: tuple[str, ...] = ()
    api_key_id: int | None = None
    scopes: tuple[str, ...] = ()
    service: str | None = None

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


ANONYMOUS = Identity()


def _mac(key: str, timestamp: int, method: str, path: str, encoded: str) -> str:
    message = f"{timestamp}.{method.upper()}.{path}.{encoded}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


@functools.lru_cache(maxsize=65_536)
def _encoded(identity: Identity) -> str:
    return base64.urlsafe_b64encode(identity.model_dump_json(exclude_defaults=True).encode()).decode()


@functools.lru_cache(maxsize=65_536)
def _decoded(encoded: str) -> Identity:
    """Only ever called with an encoding whose signature verified."""
    return Identity.model_validate_json(base64.urlsafe_b64decode(encoded.encode()))


def sign_identity(identity: Identity, *, key: str, method: str, path: str,
                  timestamp: int | None = None) -> dict[str, str]:
    """The headers that carry ``identity`` on a request to ``method path``."""
    encoded = _encoded(identity)
    ts = int(time.time()) if timestamp is None else timestamp
    return {IDENTITY_HEADER: encoded, SIGNATURE_HEADER: f"t={ts},v1={_mac(key, ts, method, path, encoded)}"}


def verify_identity(headers: dict[str, str] | object, *, key: str, method: str, path: str,
                    now: float | None = None) -> Identity:
    """The identity in ``headers``; anonymous when there is none; 401 when it does not verify."""
    get = headers.get  # type: ignore[attr-defined]
    encoded, signature = get(IDENTITY_HEADER), get(SIGNATURE_HEADER)
    if encoded is None and signature is None:
        return ANONYMOUS
    if not encoded or not signature:
        raise Problem(401, "identity_invalid", "Identity headers are incomplete")
    try:
        parts = dict(item.split("=", 1) for item in signature.split(","))
        timestamp, mac = int(parts["t"]), parts["v1"]
    except (ValueError, KeyError) as exc:
        raise Problem(401, "identity_invalid", "The identity signature is malformed") from exc
    if not hmac.compare_digest(mac, _mac(key, timestamp, method, path, encoded)):
        raise Problem(401, "identity_invalid", "The identity signature does not verify")
    current = time.time() if now is None else now
    if abs(current - timestamp) > MAX_AGE_S:
        raise Problem(401, "identity_stale", "The identity signature has expired")
    try:
        return _decoded(encoded)
    except (ValueError, ValidationError) as exc:
        raise Problem(401, "identity_invalid", "The identity is not readable") from exc


async def current_identity(request: Request) -> Identity:
    cached = getattr(request.state, "identity", None)
    if cached is not None:
        return cached
    identity = verify_identity(request.headers, key=request.app.state.settings.internal_key,
                               method=request.method, path=request.url.path)
    request.state.identity = identity
    return identity


IdentityDep = Annotated[Identity, Depends(current_identity)]


def _unauthenticated() -> Problem:
    return Problem(401, "unauthenticated", "Sign in first", headers={"WWW-Authenticate": "Bearer"})


async def _require_user(identity: IdentityDep) -> Identity:
    if identity.kind != "user" or identity.user_id is None:
        raise _unauthenticated()
    return identity


CurrentUser = Annotated[Identity, Depends(_require_user)]


def require_role(*roles: str):
    """A dependency: the caller is a user holding one of ``roles``."""

    async def dependency(identity: CurrentUser) -> Identity:
        if not identity.has_role(*roles):
            raise Problem(403, "forbidden", f"This needs the role {' or '.join(roles)}")
        return identity

    return Depends(dependency)


def require_staff_or_scope(scope: str, *roles: str):
    """A dependency: an ops/admin user (or ``roles``), or a partner API key holding ``scope``."""
    allowed = roles or ("ops", "admin")

    async def dependency(identity: IdentityDep) -> Identity:
        if identity.kind == "anonymous":
            raise _unauthenticated()
        if identity.kind == "user" and identity.has_role(*allowed):
            return identity
        if identity.kind == "api_key" and identity.has_scope(scope):
            return identity
        raise Problem(403, "forbidden", f"This needs the role {' or '.join(allowed)} or the scope {scope}")

    return Depends(dependency)


async def _require_service(identity: IdentityDep) -> Identity:
    if identity.kind != "service":
        raise Problem(403, "forbidden", "Internal route: services only")
    return identity


ServiceCaller = Annotated[Identity, Depends(_require_service)]


def service_identity(name: str) -> Identity:
    return Identity(kind="service", service=name)
