"""Payout truth: a refund is paid when WeChat Pay says the money reached the buyer — its ``REFUND.SUCCESS``
notification, a refund query, or the refund call's own answer when that already says ``SUCCESS`` (the
sandbox's always does) — never merely because the refund request was accepted.

A refund's payout states (``Refund.status``):

- ``pending``: decided, not yet accepted by the provider (the pay-out loop sends it, ``groups.py``);
- ``paying``: accepted (``PROCESSING``); asked about every ``refund_query_after_s`` until it is final, in
  case its notification is lost;
- ``succeeded``: paid.  Only now does ``refunded_fen`` grow and ``order.refunded`` go out (so points and
  rebates are taken back for money that really went back).  Final: nothing moves it again;
- ``abnormal`` (``REFUND.ABNORMAL``: the buyer's card was cancelled, ...) and ``closed`` (``REFUND.CLOSED``):
  listed for ops (``GET /v1/orders/refunds?status=abnormal|closed``), who settle them on the merchant
  platform; a later ``REFUND.SUCCESS`` (an abnormal refund re-sent by hand) still makes them paid.  Or
  ops act on them here (``refund_ops.py``): send one again under a new number, or settle it by hand
  (``settled``: final, like ``succeeded``).

Every outcome is applied under the refund's row lock, once: a replayed notification finds the refund in
the state it already moved it to and changes nothing; one whose order number or amount is not the refund's
is refused (409) and changes nothing; a forged one never gets here (the provider's signature and AES-GCM
checks reject it, 401)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select

from common.clock import now
from common.db import Database
from common.models import UtcDateTime, is_status
from common.payments import Notification, NotificationKind, PaymentError, PaymentProvider, RefundResult, RefundState
from common.problems import Problem, not_found
from services.orders import facts
from services.orders.clients import Clients
from services.orders.models import Order, Refund, RefundStatus, events

log = logging.getLogger("groupbuy.orders.refunds")

REFUND_KINDS = {NotificationKind.REFUNDED: RefundState.SUCCEEDED,
                NotificationKind.REFUND_ABNORMAL: RefundState.ABNORMAL,
                NotificationKind.REFUND_CLOSED: RefundState.CLOSED}
# What each provider state may move a refund from (a paid refund is final).
_FROM = {
    RefundState.PROCESSING: (RefundStatus.pending,),
    RefundState.SUCCEEDED: (RefundStatus.pending, RefundStatus.paying, RefundStatus.failed, RefundStatus.abnormal,
                            RefundStatus.closed),
    RefundState.ABNORMAL: (RefundStatus.pending, RefundStatus.paying, RefundStatus.failed),
    RefundState.CLOSED: (RefundStatus.pending, RefundStatus.paying, RefundStatus.failed, RefundStatus.abnormal),
}
_TO = {RefundState.PROCESSING: RefundStatus.paying, RefundState.SUCCEEDED: RefundStatus.succeeded,
       RefundState.ABNORMAL: RefundStatus.abnormal, RefundState.CLOSED: RefundStatus.closed}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the provider says about one refund."""

    out_refund_no: str
    state: RefundState
    out_trade_no: str | None = None
    refund_fen: int | None = None
    provider_refund_id: str | None = None
    at: datetime | None = None

    @classmethod
    def of(cls, result: RefundResult) -> Outcome:
        return cls(out_refund_no=result.out_refund_no, state=result.state, out_trade_no=result.out_trade_no,
                   refund_fen=result.amount_fen, provider_refund_id=result.refund_id, at=result.succeeded_at)


async def record_outcome(db: Database, clients: Clients, outcome: Outcome, *, query_after_s: float = 60.0) -> bool:
    """Apply the provider's word on a refund; True when it moved.  A group's failed-refund releases its
    stock once the money is back, as it always did."""
    async with db.write_sessions() as session:
        row = (await session.exec(select(Refund).where(Refund.out_refund_no == outcome.out_refund_no)
                                  .with_for_update())).first()
        if row is None:
            if (await session.exec(select(Refund.id).where(
                    Refund.replaced_out_refund_no == outcome.out_refund_no))).first() is not None:
                # Ops sent it again under a new number (refund_ops.py): news of the old one changes nothing.
                log.warning("outcome of a refund number ops replaced", extra={
                    "out_refund_no": outcome.out_refund_no, "state": str(outcome.state)})
                return False
            raise not_found("refund", outcome.out_refund_no)
        owner = (await session.exec(select(Order).where(Order.id == row.order_id).with_for_update())).one()
        if (outcome.out_trade_no not in (None, owner.trade_no)
                or outcome.refund_fen not in (None, row.amount_fen)):
            log.error("refund outcome does not match the refund", extra={
                "out_refund_no": row.out_refund_no, "out_trade_no": outcome.out_trade_no, "fen": outcome.refund_fen})
            raise Problem(409, "refund_mismatch", "The provider's refund is not this refund's order or amount")
        if row.status not in _FROM[outcome.state]:
            if outcome.state == RefundState.PROCESSING and row.status == RefundStatus.paying:
                row.next_attempt_at = now() + timedelta(seconds=query_after_s)
                await session.commit()
            return False  # told again, or older news than what we know
        current = now()
        row.status = _TO[outcome.state]
        row.provider_refund_id = outcome.provider_refund_id or row.provider_refund_id
        row.accepted_at = row.accepted_at or current
        if outcome.state == RefundState.PROCESSING:
            row.next_attempt_at = current + timedelta(seconds=query_after_s)
        elif outcome.state == RefundState.SUCCEEDED:
            row.done_at, row.next_attempt_at = outcome.at or current, None
            owner.refunded_fen += row.amount_fen
            await events.publish(session, facts.refunded(owner, row))
        else:
            row.next_attempt_at, row.last_error = None, f"provider: {outcome.state.value.upper()}"
            log.error("refund needs ops", extra={"out_refund_no": row.out_refund_no, "state": str(outcome.state)})
        await session.commit()
        reason = row.reason
    if outcome.state == RefundState.SUCCEEDED and reason == "group_failed":
        await clients.release(owner.order_no)
    return True


async def apply_notification(*, db: Database, clients: Clients, notification: Notification,
                             query_after_s: float = 60.0) -> bool:
    """A verified ``REFUND.*`` notification."""
    state = REFUND_KINDS[notification.kind]
    return await record_outcome(db, clients, Outcome(
        out_refund_no=notification.out_refund_no or "", state=state, out_trade_no=notification.out_trade_no,
        refund_fen=notification.refund_fen, provider_refund_id=notification.refund_id, at=notification.refunded_at),
        query_after_s=query_after_s)


# The refunds the provider accepted and has not reported final, due to be asked after.  The status as a
# literal: so a generic plan knows the partial index of paying refunds (``ix_refund_paying_next``) answers it.
PAYING_DUE = (select(Refund.out_refund_no)
              .where(is_status(col(Refund.status), RefundStatus.paying),
                     col(Refund.next_attempt_at) <= sa.bindparam("now", type_=UtcDateTime()))
              .order_by(col(Refund.next_attempt_at)))


async def query_paying(db: Database, provider: PaymentProvider, clients: Clients, *, query_after_s: float,
                       limit: int = 100) -> int:
    """Ask the provider about refunds it accepted and has not reported final (a lost notification)."""
    async with db.read_sessions() as session:
        due = (await session.exec(PAYING_DUE.limit(limit), params={"now": now()})).all()
    moved = 0
    for out_refund_no in due:
        try:
            result = await provider.query_refund(out_refund_no)
        except PaymentError as exc:
            log.warning("refund query failed: %s", exc, extra={"out_refund_no": out_refund_no})
            result = None
        if result is None:
            await _later(db, out_refund_no, query_after_s)
            continue
        moved += await record_outcome(db, clients, Outcome.of(result), query_after_s=query_after_s)
    return moved


async def _later(db: Database, out_refund_no: str, query_after_s: float) -> None:
    async with db.write_sessions() as session:
        row = (await session.exec(select(Refund).where(Refund.out_refund_no == out_refund_no)
                                  .with_for_update())).first()
        if row is not None and row.status == RefundStatus.paying:
            row.next_attempt_at = now() + timedelta(seconds=query_after_s)
            await session.commit()
