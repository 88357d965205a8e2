"""The basket's rules, without I/O: what one payment of a checkout asks for, when it must be paid by, which
lines a basket may hold, and why a cart line can no longer be bought.

- A checkout's amount is the sum of its lines' amounts (each line priced as a single order would be).
- Its pay deadline is the earliest of its lines' deadlines (a flash line's 5 minutes binds the basket), and
  every line takes that deadline: the basket is paid or cancelled as one.
- A basket names each item once (one SKU bought as it is, or one activity): two lines of one flash sale
  would only race each other for the buyer's own per-user limit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MAX_LINES = 20


def checkout_amount(line_amounts_fen: Iterable[int]) -> int:
    """The one payment's amount: every line's amount, in fen."""
    return sum(line_amounts_fen)


def checkout_deadline(line_deadlines: Iterable[datetime]) -> datetime:
    """The basket must be paid by the earliest of its lines' deadlines."""
    return min(line_deadlines)


@dataclass(frozen=True, slots=True)
class Item:
    """What a line buys: a SKU as it is, or an activity."""

    sku_id: int | None
    activity_id: int | None


def first_repeat(items: Sequence[Item]) -> int | None:
    """The index of the first line that names an item an earlier line already names (None: each once)."""
    seen: set[Item] = set()
    for index, item in enumerate(items):
        if item in seen:
            return index
        seen.add(item)
    return None


def request_hash(lines: Sequence[dict], address_id: int) -> str:
    """What a checkout request asks for, as the Idempotency-Key compares it (the lines in their order)."""
    return hashlib.sha256(json.dumps({"lines": list(lines), "address_id": address_id},
                                     sort_keys=True).encode()).hexdigest()


class Unavailable(StrEnum):
    """Why a cart line cannot be bought now."""

    not_on_sale = "not_on_sale"
    activity_ended = "activity_ended"
    activity_not_started = "activity_not_started"
    sold_out = "sold_out"
    limit_reached = "limit_reached"


def unavailable_reason(*, published: bool, available: int, quantity: int, activity_status: str | None,
                       starts_at: datetime | None, ends_at: datetime | None, at: datetime,
                       flash_sold_out: bool = False, per_user_limit: int | None = None,
                       bought_already: int = 0) -> Unavailable | None:
    """Why a line (``quantity`` of a SKU, through an activity when ``activity_status`` is given) cannot be
    bought ``at`` this moment, or None when it can.  The first reason in the buyer's eyes wins: a product
    off sale, then an activity over or not begun, then stock, then the buyer's own limit."""
    if not published:
        return Unavailable.not_on_sale
    if activity_status is not None:
        if activity_status in ("ended", "cancelled") or (ends_at is not None and at >= ends_at):
            return Unavailable.activity_ended
        if activity_status != "live" or (starts_at is not None and at < starts_at):
            return Unavailable.activity_not_started
    if flash_sold_out or available < quantity:
        return Unavailable.sold_out
    if per_user_limit is not None and bought_already + quantity > per_user_limit:
        return Unavailable.limit_reached
    return None
