"""The pickup sheet's rules: a business day's bounds, how orders are grouped for handing out, and how
little of the buyers is shown.  Pure rules, no I/O.

- The day is a calendar day in Asia/Shanghai; times are UTC everywhere else.  Its bounds must exist as
  UTC times, so the calendar's first and last days (0001-01-01, 9999-12-31) have no sheet.
- One row per address and SKU.  Two buyers share an address when their addresses have the same
  room-scope key (services/orders/domain/address.py), so 1栋2单元301 and 一号楼二单元301室 are one
  door; an address too vague for a room key is kept apart under its own text.
- A buyer is shown as a masked name and phone (王*, 138****0000): enough to match the person collecting,
  not enough to identify a stranger.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from common.clock import BUSINESS_TZ
from services.orders.domain.address import IncompleteAddress, StructuredAddress, address_key

ADDRESS_PARTS = ("estate", "building", "unit", "room", "detail")


FIRST_SHEET_DAY = date.min + timedelta(days=1)
LAST_SHEET_DAY = date.max - timedelta(days=1)


class DayOutOfRange(ValueError):
    """A day whose bounds cannot be told as UTC times."""


def business_day(day: date) -> tuple[datetime, datetime]:
    """The instants (UTC-comparable) at which ``day`` begins and ends on the business calendar."""
    if not FIRST_SHEET_DAY <= day <= LAST_SHEET_DAY:
        raise DayOutOfRange(f"the day must be from {FIRST_SHEET_DAY} to {LAST_SHEET_DAY}")
    start = datetime.combine(day, time(0), tzinfo=BUSINESS_TZ)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=BUSINESS_TZ)


def mask_phone(phone: str) -> str:
    """13800000000 → 138****0000; anything shorter than 8 digits keeps only its last two."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) >= 8:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(0, len(digits) - 2) + digits[-2:]


def mask_name(name: str) -> str:
    """王五 → 王*, 欧阳娜娜 → 欧***."""
    name = name.strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else "*"


def buyer_label(address: Mapping[str, Any] | None) -> str:
    """王* 138****0000: the buyer as the pickup list and the leader's views show them."""
    address = address or {}
    return " ".join(filter(None, (mask_name(str(address.get("recipient") or "")),
                                  mask_phone(str(address.get("phone") or "")))))


def masked_address(address: Mapping[str, Any]) -> dict[str, Any]:
    """The address with its recipient and phone masked; where the door is stays readable."""
    masked = dict(address)
    if "recipient" in masked:
        masked["recipient"] = mask_name(str(masked["recipient"] or ""))
    if "phone" in masked:
        masked["phone"] = mask_phone(str(masked["phone"] or ""))
    return masked


def address_label(address: Mapping[str, Any]) -> str:
    """The address as the buyer typed it, from the estate down (the community is one place)."""
    return " ".join(str(address.get(part) or "").strip() for part in ADDRESS_PARTS if address.get(part)).strip()


def _walking_order(label: str) -> list[str | int]:
    """2栋 before 10栋: numbers compare as numbers."""
    return [int(part) if index % 2 else part for index, part in enumerate(re.split(r"(\d+)", label))]


def door(address: Mapping[str, Any]) -> str:
    """The key two buyers share when they live behind one door."""
    try:
        return address_key(StructuredAddress.from_mapping(address), "room")
    except IncompleteAddress:
        return "as-typed:" + address_label(address)


@dataclass(frozen=True, slots=True)
class SheetOrder:
    order_no: str
    placed_at: datetime
    address: Mapping[str, Any]
    product_id: int
    product_name: str
    sku_id: int
    quantity: int
    picked_up: bool


@dataclass(slots=True)
class SheetRow:
    address: str
    product_id: int
    product_name: str
    sku_id: int
    recipients: list[str] = field(default_factory=list)
    orders: int = 0
    quantity: int = 0
    picked_up_orders: int = 0
    order_nos: list[str] = field(default_factory=list)


def sheet_rows(orders: Iterable[SheetOrder]) -> list[SheetRow]:
    """One row per address and SKU, ordered by address then product; a door is labelled as its first
    order spelled it, and its order numbers are in the order they were placed."""
    rows: dict[tuple[str, int], SheetRow] = {}
    for order in sorted(orders, key=lambda o: (o.placed_at, o.order_no)):
        key = (door(order.address), order.sku_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = SheetRow(address=address_label(order.address), product_id=order.product_id,
                                       product_name=order.product_name, sku_id=order.sku_id)
        recipient = buyer_label(order.address)
        if recipient not in row.recipients:
            row.recipients.append(recipient)
        row.orders += 1
        row.quantity += order.quantity
        row.picked_up_orders += order.picked_up
        row.order_nos.append(order.order_no)
    return sorted(rows.values(), key=lambda r: (_walking_order(r.address), r.product_name, r.sku_id))
