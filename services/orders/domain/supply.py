"""The supply day's rules, pure: which sales day a payment belongs to and the delivery day it gets, what
the platform buys from each supplier for a delivery day, and which orders a shortage takes units from.

- **Sales days and cutoffs (截单).** A sales day (Asia/Shanghai) closes at its cutoff: ``cutoff_time``
  (23:00 by default) on that day, unless ops moved that day's cutoff (a holiday) to another instant.  A
  payment belongs to the first sales day, starting from its own local date, whose cutoff has not passed;
  its order is delivered ``lead_days`` (1) after that sales day.
- **Purchase orders.** One per supplier and delivery day: per SKU, the units of its orders summed across
  communities (and split per community); every order is in exactly one.
- **Shortages.** Units missing from what was ordered are taken from the orders that were paid *last*
  (latest payment first, then the highest order id), whole orders before partial ones: the buyers who
  came first keep their goods, and as few orders as possible are touched.  Each order gives up at most
  its own quantity; the amount refunded per unit is what the order paid per unit after settlement, and an
  order that loses every unit gets back everything left on it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_CUTOFF = time(23, 0)


@dataclass(frozen=True)
class SalesCalendar:
    cutoff_time: time = DEFAULT_CUTOFF
    lead_days: int = 1
    moved: Mapping[date, datetime] = field(default_factory=dict)  # sales day → its moved cutoff (aware)

    def cutoff_at(self, sales_day: date) -> datetime:
        moved = self.moved.get(sales_day)
        if moved is not None:
            return moved
        return datetime.combine(sales_day, self.cutoff_time, tzinfo=BUSINESS_TZ)

    def sales_day(self, moment: datetime) -> date:
        """The sales day still open at ``moment`` (aware)."""
        if moment.tzinfo is None:
            raise ValueError("moment must carry a timezone")
        # From the day before (a cutoff moved past midnight keeps it open) to the first still open.
        day = moment.astimezone(BUSINESS_TZ).date() - timedelta(days=1)
        for _ in range(366):
            if moment < self.cutoff_at(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no open sales day within a year")

    def delivery_date(self, paid_at: datetime) -> date:
        return self.sales_day(paid_at) + timedelta(days=self.lead_days)

    def last_closed_delivery_date(self, moment: datetime) -> date:
        """Every delivery day up to this one has closed its sales at ``moment``."""
        return self.sales_day(moment) - timedelta(days=1) + timedelta(days=self.lead_days)


@dataclass(frozen=True)
class SoldOrder:
    order_id: int
    supplier_id: int
    sku_id: int
    delivery_date: date
    community_id: int | None
    quantity: int


@dataclass
class PlannedPurchase:
    supplier_id: int
    delivery_date: date
    units: dict[int, int] = field(default_factory=dict)  # sku → units
    split: dict[tuple[int, int | None], int] = field(default_factory=dict)  # (sku, community) → units
    order_ids: list[int] = field(default_factory=list)


def plan_purchases(orders: Iterable[SoldOrder]) -> dict[tuple[int, date], PlannedPurchase]:
    """One planned purchase per (supplier, delivery day), summing units per SKU and per SKU × community."""
    plans: dict[tuple[int, date], PlannedPurchase] = {}
    for order in orders:
        plan = plans.setdefault((order.supplier_id, order.delivery_date),
                                PlannedPurchase(order.supplier_id, order.delivery_date))
        plan.units[order.sku_id] = plan.units.get(order.sku_id, 0) + order.quantity
        key = (order.sku_id, order.community_id)
        plan.split[key] = plan.split.get(key, 0) + order.quantity
        plan.order_ids.append(order.order_id)
    return plans


@dataclass(frozen=True)
class ShortCandidate:
    order_id: int
    paid_at: datetime
    quantity: int


def allocate_shortage(candidates: Iterable[ShortCandidate], short_units: int) -> dict[int, int]:
    """Order id → units it gives up, latest paid first, until ``short_units`` are found (or none are left)."""
    if short_units < 0:
        raise ValueError("a shortage is not negative")
    taken: dict[int, int] = {}
    left = short_units
    for candidate in sorted(candidates, key=lambda c: (c.paid_at, c.order_id), reverse=True):
        if left == 0:
            break
        units = min(candidate.quantity, left)
        if units > 0:
            taken[candidate.order_id] = units
            left -= units
    return taken


def refund_for_units(*, quantity: int, units: int, kept_fen: int, refundable_fen: int) -> int:
    """What ``units`` of an order of ``quantity`` give back: its price per unit (``kept_fen``: what it pays
    after settlement), everything left when every unit goes."""
    if not 0 < units <= quantity:
        raise ValueError("units lie between 1 and the order's quantity")
    if units == quantity:
        return refundable_fen
    return min(refundable_fen, kept_fen // quantity * units)


def totals_by_sku(orders: Iterable[SoldOrder]) -> dict[tuple[int, date, int], int]:
    """(supplier, day, sku) → units, the figure purchase orders must match."""
    totals: dict[tuple[int, date, int], int] = defaultdict(int)
    for order in orders:
        totals[(order.supplier_id, order.delivery_date, order.sku_id)] += order.quantity
    return dict(totals)
