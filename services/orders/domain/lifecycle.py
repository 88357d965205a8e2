"""The order state machine, as a table, and its time rules: payment deadlines, completion, the after-sales
window.  Pure rules, no I/O; every moment is a timezone-aware datetime passed in by the caller.

States::

    pending_payment ─pay─▶ paid ─confirm─▶ confirmed ─ship─▶ shipped ─deliver─▶ delivered ─complete─▶ completed
          │                 │               │                 │                  │
     cancel / expire        └───────────────┴── refund_full ──┴──────────────────┴──▶ refunded
          ▼                    (refund_partial keeps the state)
      cancelled

- ``confirm``: when the order's group closes (succeeded), or at once for an order outside any group.
- ``cancelled`` is reached only before payment: by the buyer (``cancel``) or at the payment deadline
  (``expire``).  A paid order is never cancelled; its money comes back through refunds.
- Refunds are amounts kept beside the state, plus one terminal state: ``refund_partial`` leaves the state
  as it was; ``refund_full`` — the refunds together reach the whole paid amount — ends the order in
  ``refunded`` (nothing left to ship or to complete).  A failed group refunds each order in full.  The
  difference refunded when a group settles below the quote is part of ``confirm``, not a refund event;
  it still counts in the refunded amount, so what is left to refund afterwards is the settled amount.
- Refunds are open at every paid state before ``completed``: always before delivery, and within the
  after-sales window after it (``refundable``).  Completion never comes before that window has closed.
- A *late* refund (``late=True``: only ops, settling a complaint) is allowed past the window and after
  completion; a completed order stays ``completed`` (it was handed out and closed; the money going back
  is kept beside it as any refund).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

UNPAID_TIMEOUT = timedelta(minutes=30)
FLASH_UNPAID_TIMEOUT = timedelta(minutes=5)
COMPLETE_AFTER = timedelta(days=7)
AFTER_SALES_WINDOW = timedelta(days=7)


class OrderState(StrEnum):
    pending_payment = "pending_payment"
    paid = "paid"
    confirmed = "confirmed"
    shipped = "shipped"
    delivered = "delivered"
    completed = "completed"
    cancelled = "cancelled"
    refunded = "refunded"


class OrderEvent(StrEnum):
    pay = "pay"
    confirm = "confirm"
    ship = "ship"
    deliver = "deliver"
    complete = "complete"
    cancel = "cancel"
    expire = "expire"
    refund_full = "refund_full"
    refund_partial = "refund_partial"


S, E = OrderState, OrderEvent

# Paid states before completion: the money can still go back.
REFUNDABLE_STATES = frozenset({S.paid, S.confirmed, S.shipped, S.delivered})
TERMINAL_STATES = frozenset({S.completed, S.cancelled, S.refunded})

TRANSITIONS: Mapping[tuple[OrderState, OrderEvent], OrderState] = MappingProxyType({
    (S.pending_payment, E.pay): S.paid,
    (S.pending_payment, E.cancel): S.cancelled,
    (S.pending_payment, E.expire): S.cancelled,
    (S.paid, E.confirm): S.confirmed,
    (S.confirmed, E.ship): S.shipped,
    (S.shipped, E.deliver): S.delivered,
    (S.delivered, E.complete): S.completed,
    **{(state, E.refund_full): S.refunded for state in REFUNDABLE_STATES},
    **{(state, E.refund_partial): state for state in REFUNDABLE_STATES},
})


class InvalidTransition(ValueError):
    """``event`` is not allowed in ``state`` (callers answer 409 ``invalid_transition``)."""

    def __init__(self, state: OrderState, event: OrderEvent, reason: str | None = None) -> None:
        self.state = state
        self.event = event
        super().__init__(reason or f"a {state} order cannot take {event}")


def transition(state: OrderState, event: OrderEvent) -> OrderState:
    """The state after ``event``, or ``InvalidTransition``."""
    try:
        return TRANSITIONS[(OrderState(state), OrderEvent(event))]
    except (KeyError, ValueError):
        raise InvalidTransition(state, event) from None


def allowed_events(state: OrderState) -> frozenset[OrderEvent]:
    return frozenset(event for (source, event) in TRANSITIONS if source == state)


# --- refunds as amounts -------------------------------------------------------------------------


def refund_event(*, paid_fen: int, refunded_fen: int, amount_fen: int) -> OrderEvent:
    """Which refund event a refund of ``amount_fen`` is, given what was paid and already refunded:
    full when it brings the refunds up to the whole payment.  ``ValueError`` for an amount that is not
    positive or is more than is left."""
    if not 0 <= refunded_fen <= paid_fen:
        raise ValueError("refunds lie between nothing and what was paid")
    if amount_fen < 1:
        raise ValueError("a refund is at least 1 fen")
    if amount_fen > paid_fen - refunded_fen:
        raise ValueError(f"only {paid_fen - refunded_fen} fen is left to refund")
    return E.refund_full if refunded_fen + amount_fen == paid_fen else E.refund_partial


def refund(state: OrderState, *, paid_fen: int, refunded_fen: int, amount_fen: int, delivered_at: datetime | None,
           now: datetime, after_sales_window: timedelta = AFTER_SALES_WINDOW,
           late: bool = False) -> tuple[OrderState, int]:
    """Refund ``amount_fen``: the new state and the new refunded total.  ``InvalidTransition`` when the
    state or the after-sales window does not allow it, ``ValueError`` for a wrong amount.  ``late``
    lifts the window and allows a completed order (which stays completed)."""
    event = refund_event(paid_fen=paid_fen, refunded_fen=refunded_fen, amount_fen=amount_fen)
    if late and state == S.completed:
        return state, refunded_fen + amount_fen
    if late and state in REFUNDABLE_STATES:
        return transition(state, event), refunded_fen + amount_fen
    if not refundable(state, delivered_at, now, after_sales_window=after_sales_window):
        if state in REFUNDABLE_STATES:
            raise InvalidTransition(state, event, "the after-sales window has closed")
        raise InvalidTransition(state, event)
    return transition(state, event), refunded_fen + amount_fen


# --- time rules ---------------------------------------------------------------------------------


def _aware(name: str, moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must carry a timezone")
    return moment


def payment_deadline(created_at: datetime, is_flash: bool, *, timeout: timedelta | None = None) -> datetime:
    """When an unpaid order is cancelled: 30 minutes after it was placed, 5 for a flash sale, unless
    ``timeout`` (the service's setting or the flash sale's own) says otherwise."""
    if timeout is None:
        timeout = FLASH_UNPAID_TIMEOUT if is_flash else UNPAID_TIMEOUT
    if timeout <= timedelta(0):
        raise ValueError("a payment timeout is positive")
    return _aware("created_at", created_at) + timeout


def payment_expired(state: OrderState, pay_deadline: datetime, now: datetime) -> bool:
    """Whether an order is due to ``expire``: still unpaid at or after its deadline."""
    return state == S.pending_payment and _aware("now", now) >= _aware("pay_deadline", pay_deadline)


def after_sales_ends(delivered_at: datetime, *, after_sales_window: timedelta = AFTER_SALES_WINDOW) -> datetime:
    return _aware("delivered_at", delivered_at) + after_sales_window


def completes_at(delivered_at: datetime, *, complete_after: timedelta = COMPLETE_AFTER,
                 after_sales_window: timedelta = AFTER_SALES_WINDOW) -> datetime:
    """When a delivered order completes: ``complete_after`` past delivery, and never while the after-sales
    window is still open."""
    return _aware("delivered_at", delivered_at) + max(complete_after, after_sales_window)


def due_for_completion(state: OrderState, delivered_at: datetime | None, now: datetime, *,
                       complete_after: timedelta = COMPLETE_AFTER,
                       after_sales_window: timedelta = AFTER_SALES_WINDOW) -> bool:
    if state != S.delivered:
        return False
    if delivered_at is None:
        raise ValueError("a delivered order has a delivery time")
    return _aware("now", now) >= completes_at(delivered_at, complete_after=complete_after,
                                              after_sales_window=after_sales_window)


def refundable(state: OrderState, delivered_at: datetime | None, now: datetime, *,
               after_sales_window: timedelta = AFTER_SALES_WINDOW) -> bool:
    """Whether money can go back now: at any paid state before delivery; once delivered, until the
    after-sales window closes (``delivered_at + window``, excluded); never after ``completed``."""
    _aware("now", now)
    if state not in REFUNDABLE_STATES:
        return False
    if state != S.delivered:
        return True
    if delivered_at is None:
        raise ValueError("a delivered order has a delivery time")
    return now < after_sales_ends(delivered_at, after_sales_window=after_sales_window)
