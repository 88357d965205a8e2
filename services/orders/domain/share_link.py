"""The group share link's token: a stateless proof that the holder was handed the link by someone who
could read the group.

``token = base64url(HMAC-SHA256(secret, "group-share:v1:<group id>"))[:16]`` — 96 bits, so the whole
link fits a mini-program code's 32-character scene (``g=<id>&t=<token>``).  Nothing is stored: the
token is the same for every participant of a group, cannot be turned into another group's token, and
is checked in constant time.  It only ever opens that one group's share page and progress (no buyer's
personal data is on either); rotating the secret voids every link shared so far.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

TOKEN_LENGTH = 16


def share_token(secret: bytes, group_id: int) -> str:
    mac = hmac.new(secret, f"group-share:v1:{group_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode()[:TOKEN_LENGTH]


def opens(secret: bytes, group_id: int, token: str | None) -> bool:
    """Whether ``token`` is the share token of this group."""
    if not token or len(token) != TOKEN_LENGTH:
        return False
    return hmac.compare_digest(share_token(secret, group_id).encode(), token.encode("utf-8", "replace"))


def share_secret(internal_key: str) -> bytes:
    """The share links' own key, derived from the service's secret (one secret to rotate, two uses kept apart)."""
    return hmac.new(internal_key.encode(), b"groupbuy/group-share", hashlib.sha256).digest()
