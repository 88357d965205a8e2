"""The order state machine: every allowed transition, the forbidden ones, refunds as amounts, and the time
rules (payment deadlines, completion, the after-sales window)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.orders.domain.lifecycle import (
    AFTER_SALES_WINDOW,
    REFUNDABLE_STATES,
    TERMINAL_STATES,
    TRANSITIONS,
    InvalidTransition,
    OrderEvent,
    OrderState,
    after_sales_ends,
    allowed_events,
    completes_at,
    due_for_completion,
    payment_deadline,
    payment_expired,
    refund,
    refund_event,
    refundable,
    transition,
)

S, E = OrderState, OrderEvent
T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SHANGHAI = timezone(timedelta(hours=8))

ALLOWED = [
    (S.pending_payment, E.pay, S.paid),
    (S.pending_payment, E.cancel, S.cancelled),
    (S.pending_payment, E.expire, S.cancelled),
    (S.paid, E.confirm, S.confirmed),
    (S.confirmed, E.ship, S.shipped),
    (S.shipped, E.deliver, S.delivered),
    (S.delivered, E.complete, S.completed),
    (S.paid, E.refund_full, S.refunded),
    (S.confirmed, E.refund_full, S.refunded),
    (S.shipped, E.refund_full, S.refunded),
    (S.delivered, E.refund_full, S.refunded),
    (S.paid, E.refund_partial, S.paid),
    (S.confirmed, E.refund_partial, S.confirmed),
    (S.shipped, E.refund_partial, S.shipped),
    (S.delivered, E.refund_partial, S.delivered),
]


@pytest.mark.parametrize(("state", "event", "after"), ALLOWED)
def test_every_allowed_transition(state: OrderState, event: OrderEvent, after: OrderState) -> None:
    assert transition(state, event) == after
    assert transition(state.value, event.value) == after  # as stored: plain strings


def test_the_table_is_exactly_the_allowed_list() -> None:
    assert dict(TRANSITIONS) == {(state, event): after for state, event, after in ALLOWED}


FORBIDDEN = [(state, event) for state, event in itertools.product(S, E) if (state, event) not in TRANSITIONS]


@pytest.mark.parametrize(("state", "event"), FORBIDDEN)
def test_every_other_transition_is_refused(state: OrderState, event: OrderEvent) -> None:
    with pytest.raises(InvalidTransition) as caught:
        transition(state, event)
    assert (caught.value.state, caught.value.event) == (state, event)


@pytest.mark.parametrize(("state", "event"), [
    (S.paid, E.cancel),  # a paid order's money comes back through refunds
    (S.paid, E.expire),
    (S.pending_payment, E.refund_full),  # nothing paid, nothing to refund
    (S.paid, E.ship),  # shipping waits for the group to close
    (S.confirmed, E.deliver),
    (S.completed, E.refund_partial),  # after completion: no more after-sales
    (S.cancelled, E.pay),  # a payment for a cancelled order is refunded, not applied
    (S.refunded, E.confirm),
    (S.paid, E.pay),
])
def test_forbidden_samples(state: OrderState, event: OrderEvent) -> None:
    with pytest.raises(InvalidTransition, match=f"{state} order cannot take {event}"):
        transition(state, event)


def test_unknown_names_are_invalid_transitions() -> None:
    with pytest.raises(InvalidTransition):
        transition("lost", E.pay)  # type: ignore[arg-type]
    with pytest.raises(InvalidTransition):
        transition(S.paid, "steal")  # type: ignore[arg-type]


def test_terminal_states_have_no_way_out() -> None:
    for state in TERMINAL_STATES:
        assert allowed_events(state) == frozenset()
    assert allowed_events(S.pending_payment) == {E.pay, E.cancel, E.expire}


@given(st.lists(st.sampled_from(E), max_size=30))
def test_any_event_sequence_follows_the_table(events: list[OrderEvent]) -> None:
    state, seen = S.pending_payment, [S.pending_payment]
    for event in events:
        if (state, event) in TRANSITIONS:
            state = transition(state, event)
            seen.append(state)
        else:
            with pytest.raises(InvalidTransition):
                transition(state, event)
    order = [S.pending_payment, S.paid, S.confirmed, S.shipped, S.delivered, S.completed]
    forward = [s for s in seen if s in order]
    # States only move forward along the main path; a terminal state is the last one ever seen.
    assert forward == sorted(forward, key=order.index)
    assert all(s not in TERMINAL_STATES for s in seen[:-1])


# --- refunds ------------------------------------------------------------------------------------


def test_refund_event_full_or_partial() -> None:
    assert refund_event(paid_fen=1_000, refunded_fen=0, amount_fen=400) == E.refund_partial
    assert refund_event(paid_fen=1_000, refunded_fen=400, amount_fen=600) == E.refund_full
    with pytest.raises(ValueError, match="only 600"):
        refund_event(paid_fen=1_000, refunded_fen=400, amount_fen=601)
    with pytest.raises(ValueError, match="at least 1"):
        refund_event(paid_fen=1_000, refunded_fen=0, amount_fen=0)


def test_partial_refunds_keep_the_state_until_the_whole_payment_is_back() -> None:
    state, refunded = refund(S.shipped, paid_fen=1_000, refunded_fen=0, amount_fen=300, delivered_at=None, now=T0)
    assert (state, refunded) == (S.shipped, 300)
    state, refunded = refund(state, paid_fen=1_000, refunded_fen=refunded, amount_fen=700, delivered_at=None, now=T0)
    assert (state, refunded) == (S.refunded, 1_000)


def test_refunds_after_delivery_only_within_the_after_sales_window() -> None:
    delivered = T0
    inside = delivered + AFTER_SALES_WINDOW - timedelta(seconds=1)
    assert refund(S.delivered, paid_fen=1_000, refunded_fen=0, amount_fen=1_000, delivered_at=delivered,
                  now=inside) == (S.refunded, 1_000)
    with pytest.raises(InvalidTransition, match="after-sales window has closed"):
        refund(S.delivered, paid_fen=1_000, refunded_fen=0, amount_fen=100, delivered_at=delivered,
               now=delivered + AFTER_SALES_WINDOW)
    with pytest.raises(InvalidTransition):
        refund(S.completed, paid_fen=1_000, refunded_fen=0, amount_fen=100, delivered_at=delivered, now=inside)
    with pytest.raises(InvalidTransition):
        refund(S.pending_payment, paid_fen=1_000, refunded_fen=0, amount_fen=100, delivered_at=None, now=T0)


def test_a_late_refund_by_ops_passes_the_window_and_leaves_a_completed_order_completed() -> None:
    past = T0 + AFTER_SALES_WINDOW + timedelta(days=30)
    assert refund(S.completed, paid_fen=1_000, refunded_fen=200, amount_fen=800, delivered_at=T0, now=past,
                  late=True) == (S.completed, 1_000)
    assert refund(S.delivered, paid_fen=1_000, refunded_fen=0, amount_fen=1_000, delivered_at=T0, now=past,
                  late=True) == (S.refunded, 1_000)
    with pytest.raises(ValueError):
        refund(S.completed, paid_fen=1_000, refunded_fen=900, amount_fen=200, delivered_at=T0, now=past, late=True)
    for state in (S.pending_payment, S.cancelled, S.refunded):
        with pytest.raises(InvalidTransition):
            refund(state, paid_fen=1_000, refunded_fen=0, amount_fen=100, delivered_at=None, now=past, late=True)


@pytest.mark.parametrize("state", list(S))
def test_refundable_states(state: OrderState) -> None:
    delivered_at = T0 if state in (S.delivered, S.completed) else None
    assert refundable(state, delivered_at, T0 + timedelta(days=1)) == (state in REFUNDABLE_STATES)


def test_refundable_window_edges_and_a_custom_window() -> None:
    end = after_sales_ends(T0)
    assert end == T0 + timedelta(days=7)
    assert refundable(S.delivered, T0, end - timedelta(microseconds=1))
    assert not refundable(S.delivered, T0, end)
    assert refundable(S.delivered, T0, T0 + timedelta(days=10), after_sales_window=timedelta(days=14))
    assert refundable(S.shipped, None, T0 + timedelta(days=400))  # before delivery: no window yet
    with pytest.raises(ValueError, match="delivery time"):
        refundable(S.delivered, None, T0)


@given(st.sampled_from(list(S)), st.integers(0, 30 * 86_400), st.integers(1, 30))
def test_a_refund_is_possible_exactly_where_refundable_says(state: OrderState, seconds: int, window_days: int) -> None:
    window = timedelta(days=window_days)
    now = T0 + timedelta(seconds=seconds)
    allowed = refundable(state, T0, now, after_sales_window=window)
    try:
        refund(state, paid_fen=500, refunded_fen=0, amount_fen=200, delivered_at=T0, now=now, after_sales_window=window)
    except InvalidTransition:
        assert not allowed
    else:
        assert allowed


# --- time rules ---------------------------------------------------------------------------------


def test_payment_deadlines() -> None:
    assert payment_deadline(T0, is_flash=False) == T0 + timedelta(minutes=30)
    assert payment_deadline(T0, is_flash=True) == T0 + timedelta(minutes=5)
    assert payment_deadline(T0, is_flash=True, timeout=timedelta(seconds=90)) == T0 + timedelta(seconds=90)
    with pytest.raises(ValueError, match="positive"):
        payment_deadline(T0, is_flash=False, timeout=timedelta(0))


def test_payment_expires_at_its_deadline_only_while_unpaid() -> None:
    deadline = payment_deadline(T0, is_flash=False)
    assert not payment_expired(S.pending_payment, deadline, deadline - timedelta(seconds=1))
    assert payment_expired(S.pending_payment, deadline, deadline)
    assert not payment_expired(S.paid, deadline, deadline + timedelta(hours=1))


def test_completion_seven_days_after_delivery_and_never_inside_the_window() -> None:
    assert completes_at(T0) == T0 + timedelta(days=7)
    assert completes_at(T0, complete_after=timedelta(days=3), after_sales_window=timedelta(days=10)) == (
        T0 + timedelta(days=10))
    assert not due_for_completion(S.delivered, T0, T0 + timedelta(days=7) - timedelta(seconds=1))
    assert due_for_completion(S.delivered, T0, T0 + timedelta(days=7))
    assert not due_for_completion(S.shipped, None, T0 + timedelta(days=30))
    assert not due_for_completion(S.refunded, T0, T0 + timedelta(days=30))


@given(st.integers(0, 20), st.integers(0, 20), st.integers(0, 40 * 86_400))
def test_a_completed_order_was_past_its_after_sales_window(complete_days: int, window_days: int,
                                                           seconds: int) -> None:
    complete_after, window = timedelta(days=complete_days), timedelta(days=window_days)
    now = T0 + timedelta(seconds=seconds)
    if due_for_completion(S.delivered, T0, now, complete_after=complete_after, after_sales_window=window):
        assert not refundable(S.delivered, T0, now, after_sales_window=window)


def test_times_in_any_zone_agree() -> None:
    assert payment_deadline(T0.astimezone(SHANGHAI), is_flash=False) == T0 + timedelta(minutes=30)
    assert refundable(S.delivered, T0.astimezone(SHANGHAI), T0 + timedelta(days=6))


def test_naive_times_are_refused() -> None:
    naive = datetime(2026, 11, 20, 12, 0)  # noqa: DTZ001 - the naive moment under test
    with pytest.raises(ValueError, match="timezone"):
        payment_deadline(naive, is_flash=False)
    with pytest.raises(ValueError, match="timezone"):
        refundable(S.paid, None, naive)
    with pytest.raises(ValueError, match="timezone"):
        completes_at(naive)
    with pytest.raises(ValueError, match="timezone"):
        payment_expired(S.pending_payment, T0, naive)
