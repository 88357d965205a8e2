"""The supply day's pure rules: the sales-day calendar, purchase orders built from paid orders, and the
shortage allocation (latest paid first)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.orders.domain.supply import (
    BUSINESS_TZ,
    SalesCalendar,
    ShortCandidate,
    SoldOrder,
    allocate_shortage,
    plan_purchases,
    refund_for_units,
    totals_by_sku,
)

DAY = date(2026, 12, 5)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BUSINESS_TZ)


def test_a_payment_before_the_cutoff_is_delivered_the_next_day_and_after_it_the_day_after():
    calendar = SalesCalendar()
    assert calendar.delivery_date(local(DAY, 22, 59)) == DAY + timedelta(days=1)
    assert calendar.delivery_date(local(DAY, 23, 0)) == DAY + timedelta(days=2)
    assert calendar.delivery_date(local(DAY, 0, 5).astimezone(UTC)) == DAY + timedelta(days=1)


def test_a_moved_cutoff_closes_its_day_early_or_keeps_it_open_past_midnight():
    early = SalesCalendar(moved={DAY: local(DAY, 18)})
    assert early.delivery_date(local(DAY, 18, 30)) == DAY + timedelta(days=2)
    late = SalesCalendar(moved={DAY: local(DAY + timedelta(days=1), 1)})
    assert late.delivery_date(local(DAY + timedelta(days=1), 0, 30)) == DAY + timedelta(days=1)
    assert late.last_closed_delivery_date(local(DAY + timedelta(days=1), 0, 30)) == DAY


orders = st.lists(st.builds(
    SoldOrder, order_id=st.integers(1, 10**6), supplier_id=st.integers(0, 3), sku_id=st.integers(1, 5),
    delivery_date=st.dates(DAY, DAY + timedelta(days=3)), community_id=st.none() | st.integers(1, 4),
    quantity=st.integers(1, 20)), max_size=60, unique_by=lambda o: o.order_id)


@given(orders)
def test_purchase_orders_total_the_orders_and_hold_each_exactly_once(sold):
    plans = plan_purchases(sold)
    placed = Counter(order_id for plan in plans.values() for order_id in plan.order_ids)
    assert placed == Counter(o.order_id for o in sold) and set(placed.values()) <= {1}
    bought = {(s, d, sku): units for (s, d), plan in plans.items() for sku, units in plan.units.items()}
    assert bought == totals_by_sku(sold)
    for plan in plans.values():  # the per-community split adds up to the SKU's total
        for sku, units in plan.units.items():
            assert sum(u for (k, _), u in plan.split.items() if k == sku) == units


candidates = st.lists(st.builds(ShortCandidate, order_id=st.integers(1, 10**6),
                                paid_at=st.datetimes(timezones=st.just(UTC)), quantity=st.integers(1, 10)),
                      max_size=30, unique_by=lambda c: c.order_id)


@given(candidates, st.integers(0, 400))
def test_a_shortage_takes_exactly_the_units_short_from_the_latest_paid(found, short):
    taken = allocate_shortage(found, short)
    assert sum(taken.values()) == min(short, sum(c.quantity for c in found))
    by_id = {c.order_id: c for c in found}
    assert all(0 < units <= by_id[order_id].quantity for order_id, units in taken.items())
    # Nobody paid earlier loses a unit while someone paid later keeps one.
    for order_id in taken:
        for other in found:
            if (other.paid_at, other.order_id) > (by_id[order_id].paid_at, order_id):
                assert taken.get(other.order_id) == other.quantity


def test_ten_ordered_seven_confirmed_takes_three_from_the_last_paid():
    first = datetime(2026, 12, 5, 1, tzinfo=UTC)
    found = [ShortCandidate(1, first, 3), ShortCandidate(2, first + timedelta(minutes=1), 3),
             ShortCandidate(3, first + timedelta(minutes=2), 4)]
    assert allocate_shortage(found, 3) == {3: 3}
    assert allocate_shortage(found, 5) == {3: 4, 2: 1}


@given(st.integers(1, 20), st.integers(1, 100_000), st.data())
def test_a_shortage_refund_never_exceeds_what_is_left(quantity, kept, data):
    units = data.draw(st.integers(1, quantity))
    left = data.draw(st.integers(0, kept))
    amount = refund_for_units(quantity=quantity, units=units, kept_fen=kept, refundable_fen=left)
    assert 0 <= amount <= left
    if units == quantity:
        assert amount == left
