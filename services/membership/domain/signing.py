"""How a webhook delivery is signed, and how a receiver checks it (the scheme partners implement).

A delivery is an HTTP ``POST`` of a JSON body with these headers:

- ``Groupbuy-Event-Id``: the event's id (a UUID): the same on every attempt and every replay, so the
  receiver can drop what it has already processed;
- ``Groupbuy-Event-Type``: e.g. ``order.confirmed``;
- ``Groupbuy-Delivery-Id`` and ``Groupbuy-Delivery-Attempt``: which delivery and which try (for logs);
- ``Groupbuy-Timestamp``: unix seconds when this attempt was signed;
- ``Groupbuy-Signature``: ``v1=<hex>``, the HMAC-SHA256, keyed with the subscription's signing secret,
  of ``"<timestamp>." + <the exact body bytes>``. Several comma-separated ``v1=`` values may come
  (reserved for a secret rotation); the delivery is authentic when any of them matches.

The receiver recomputes the HMAC over the raw body it received (before any JSON parsing), compares in
constant time, and refuses timestamps further than a tolerance (5 minutes) from its own clock, so a
captured delivery cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac

SCHEME = "v1"
DEFAULT_TOLERANCE_S = 300

EVENT_ID_HEADER = "Groupbuy-Event-Id"
EVENT_TYPE_HEADER = "Groupbuy-Event-Type"
DELIVERY_ID_HEADER = "Groupbuy-Delivery-Id"
ATTEMPT_HEADER = "Groupbuy-Delivery-Attempt"
TIMESTAMP_HEADER = "Groupbuy-Timestamp"
SIGNATURE_HEADER = "Groupbuy-Signature"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>." + body`` keyed with ``secret``."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"{SCHEME}={signature(secret, timestamp, body)}"


def delivery_headers(*, secret: str, timestamp: int, body: bytes, event_id: str, event_type: str,
                     delivery_id: int, attempt: int) -> dict[str, str]:
    """Every header of one attempt of one delivery."""
    return {
        "Content-Type": "application/json",
        "User-Agent": "Groupbuy-Webhooks/1",
        EVENT_ID_HEADER: event_id,
        EVENT_TYPE_HEADER: event_type,
        DELIVERY_ID_HEADER: str(delivery_id),
        ATTEMPT_HEADER: str(attempt),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature_header(secret, timestamp, body),
    }


def verify(secret: str, *, timestamp: str | None, signatures: str | None, body: bytes, now: float,
           tolerance_s: float = DEFAULT_TOLERANCE_S) -> bool:
    """Whether a delivery's headers prove it came from us, unaltered, recently (the receiver's check)."""
    if not timestamp or not signatures or not timestamp.isdigit():
        return False
    if abs(now - int(timestamp)) > tolerance_s:
        return False
    expected = signature(secret, int(timestamp), body)
    offered = [part.strip()[len(SCHEME) + 1:] for part in signatures.split(",")
               if part.strip().startswith(f"{SCHEME}=")]
    return any(hmac.compare_digest(candidate.encode(), expected.encode()) for candidate in offered)
