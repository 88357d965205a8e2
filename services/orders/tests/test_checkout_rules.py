"""The basket's pure rules: one payment is the sum of the lines, the earliest line's deadline binds the
basket, an item is named once, and a cart line's reason not to be bought is the first the buyer would see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.orders.domain.checkout import (
    Item,
    Unavailable,
    checkout_amount,
    checkout_deadline,
    first_repeat,
    request_hash,
    unavailable_reason,
)

T0 = datetime(2026, 12, 5, 12, tzinfo=UTC)
amounts = st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=20)
deadlines = st.lists(st.integers(min_value=0, max_value=7200).map(lambda s: T0 + timedelta(seconds=s)),
                     min_size=1, max_size=20)
items = st.lists(st.builds(Item, st.one_of(st.none(), st.integers(1, 5)), st.one_of(st.none(), st.integers(1, 5))),
                 max_size=12)


@given(amounts)
def test_the_one_payment_is_every_lines_amount(line_amounts):
    total = checkout_amount(line_amounts)
    assert total == sum(line_amounts) and all(total >= amount for amount in line_amounts)


@given(deadlines)
def test_the_basket_is_due_when_its_earliest_line_is(line_deadlines):
    due = checkout_deadline(line_deadlines)
    assert due in line_deadlines and all(due <= deadline for deadline in line_deadlines)


@given(items)
def test_the_first_repeat_is_the_first_line_naming_an_item_again(basket):
    index = first_repeat(basket)
    if index is None:
        assert len(set(basket)) == len(basket)
    else:
        assert basket[index] in basket[:index] and len(set(basket[:index])) == index


def test_the_same_request_hashes_the_same_and_line_order_matters():
    lines = [{"sku_id": 1, "activity_id": None, "quantity": 2}, {"sku_id": None, "activity_id": 7, "quantity": 1}]
    assert request_hash(lines, 3) == request_hash([dict(line) for line in lines], 3)
    assert request_hash(lines, 3) != request_hash(lines[::-1], 3) != request_hash(lines, 4)


def _why(**overrides):
    facts = {"published": True, "available": 10, "quantity": 1, "activity_status": "live",
             "starts_at": T0 - timedelta(hours=1), "ends_at": T0 + timedelta(hours=1), "at": T0}
    return unavailable_reason(**(facts | overrides))


def test_a_line_that_can_be_bought_has_no_reason():
    assert _why() is None and _why(activity_status=None, starts_at=None, ends_at=None) is None


def test_each_reason_in_the_order_the_buyer_sees_it():
    assert _why(published=False, available=0) == Unavailable.not_on_sale
    assert _why(at=T0 + timedelta(hours=2), available=0) == Unavailable.activity_ended
    assert _why(activity_status="ended") == Unavailable.activity_ended
    assert _why(activity_status="scheduled") == Unavailable.activity_not_started
    assert _why(available=0, per_user_limit=1, bought_already=1) == Unavailable.sold_out
    assert _why(flash_sold_out=True) == Unavailable.sold_out
    assert _why(per_user_limit=2, bought_already=1, quantity=2) == Unavailable.limit_reached
    assert _why(per_user_limit=2, bought_already=1, quantity=1) is None


@given(st.integers(0, 20), st.integers(1, 20), st.integers(1, 5), st.integers(0, 5))
def test_stock_and_limits_decide_alone_once_the_sale_runs(available, quantity, limit, bought):
    why = _why(available=available, quantity=quantity, per_user_limit=limit, bought_already=bought)
    if available < quantity:
        assert why == Unavailable.sold_out
    elif bought + quantity > limit:
        assert why == Unavailable.limit_reached
    else:
        assert why is None
