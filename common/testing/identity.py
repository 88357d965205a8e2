"""Calling a service directly as a given caller, the way the gateway would (signed identity headers)."""

from __future__ import annotations

from collections.abc import Generator

import httpx

from common.auth import Identity, sign_identity


class SignedAs(httpx.Auth):
    """httpx auth that signs each request for ``identity`` with the internal key."""

    def __init__(self, identity: Identity, key: str) -> None:
        self.identity = identity
        self.key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers.update(sign_identity(self.identity, key=self.key, method=request.method,
                                             path=request.url.path))
        yield request


def user(user_id: int, *roles: str) -> Identity:
    return Identity(kind="user", user_id=user_id, roles=("customer", *roles))
