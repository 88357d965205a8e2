"""Ops' moves on a refund the provider did not pay: send it again, or say it was paid by hand.

- **Retry** (``POST /v1/orders/refunds/{id}/retry``): a ``failed`` refund (refused at every attempt) goes
  back to ``pending`` under its own number — the provider never took it, so the same ``out_refund_no`` is
  safe.  An ``abnormal`` or ``closed`` one (WeChat Pay took it and then gave up) is a new attempt under a
  **new** ``out_refund_no`` (``{order_no}-x{refund id}-{n}``): WeChat Pay never takes a number twice.  The
  number it went out under before is kept (``replaced_out_refund_no``), so a late ``REFUND.*`` for it is
  acknowledged and changes nothing (``refund_notices.record_outcome``), and the money cannot come back
  twice through this refund.  Either way the refund is due at once and the pay-out loop sends it through
  the one pay-out path (``groups.pay_out_refunds``): paid only when WeChat Pay says so.  The refund stays
  one row, one decided amount, so what is left to refund on the order does not change.
- **Settle** (``POST /v1/orders/refunds/{id}/settle {note}``): ops paid the buyer outside WeChat Pay (bank
  transfer, cash at the pickup point) and say how in the note.  The refund is ``settled``: counted back on
  the order (``refunded_fen``) and ``order.refunded`` goes out, exactly as a paid refund, so points and
  rebates are taken back.  Final: no notification moves it again.

Both are idempotent: the same move again answers the refund as it is (a second retry of an abnormal refund
already sent again gives the same new number; a second settle keeps the first note).  The wrong state is a
409: ``refund_not_retryable`` (paid or settled, or on its way and never retried), ``refund_not_settleable``
(paid, or on its way to the provider).  Both are audited on the refund (``ops_action``, ``ops_by``,
``ops_at``, ``ops_note``) and in the order's trail (``refund_retried``, ``refund_settled``, with the numbers
and the note), and the order's refund list shows a settled refund as paid, ``provider_status=settled``.
"""

from __future__ import annotations

import logging

from sqlmodel import select

from common.auth import Identity
from common.clock import now
from common.db import Database
from common.problems import Problem, not_found
from services.orders import audit, facts
from services.orders.clients import Clients
from services.orders.models import Order, Refund, RefundStatus, events

log = logging.getLogger("groupbuy.orders.refunds")

RESENT = (RefundStatus.abnormal, RefundStatus.closed)  # taken by the provider, then given up: a new number
RETRYABLE = (RefundStatus.failed, *RESENT)
SETTLEABLE = (RefundStatus.failed, *RESENT)
ON_ITS_WAY = (RefundStatus.pending, RefundStatus.paying)


def resent_number(order: Order, refund: Refund) -> str:
    return f"{order.order_no}-x{refund.id}-{refund.resends + 1}"


async def _locked(session, refund_id: int) -> tuple[Refund, Order]:
    # The order first, as the refund's decision and its provider's outcome lock them.
    order_id = (await session.exec(select(Refund.order_id).where(Refund.id == refund_id))).first()
    if order_id is None:
        raise not_found("refund", refund_id)
    order = (await session.exec(select(Order).where(Order.id == order_id).with_for_update())).one()
    refund = (await session.exec(select(Refund).where(Refund.id == refund_id).with_for_update())).one()
    return refund, order


def _by_ops(refund: Refund, caller: Identity, action: str, note: str | None) -> None:
    refund.ops_action, refund.ops_by, refund.ops_at = action, caller.user_id, now()
    refund.ops_note = note or None


async def retry(*, db: Database, refund_id: int, caller: Identity, note: str | None = None) -> Refund:
    """Send a failed, abnormal or closed refund again (see the module docstring)."""
    async with db.write_sessions() as session:
        refund, order = await _locked(session, refund_id)
        status = RefundStatus(refund.status)
        if status in ON_ITS_WAY and refund.ops_action == "retried":
            return refund  # the same retry again: already on its way
        if status not in RETRYABLE:
            raise Problem(409, "refund_not_retryable", f"A {status} refund cannot be sent again",
                          state=str(status), refund_id=refund.id)
        was_number, provider_said = refund.out_refund_no, refund.last_error
        if status in RESENT:
            refund.replaced_out_refund_no = refund.out_refund_no
            refund.out_refund_no = resent_number(order, refund)
            refund.resends += 1
            refund.provider_refund_id = refund.accepted_at = None
        refund.status, refund.attempts, refund.next_attempt_at, refund.last_error = (
            RefundStatus.pending, 0, None, None)
        _by_ops(refund, caller, "retried", note)
        told = f"refund {refund.id} ({refund.amount_fen} fen) was {status}"
        if provider_said:
            told += f" [{provider_said}]"
        told += (f"; sent again as {refund.out_refund_no} (was {was_number})" if status in RESENT
                 else f"; sent again as {refund.out_refund_no}")
        audit.remark(order, "refund_retried", f"{told}. {note}" if note else told)
        await session.commit()
        log.info("refund sent again by ops", extra={"out_refund_no": refund.out_refund_no, "was": was_number})
        return refund


async def settle(*, db: Database, clients: Clients, refund_id: int, caller: Identity, note: str) -> Refund:
    """Ops paid a failed, abnormal or closed refund outside WeChat Pay: counted back, told as paid."""
    async with db.write_sessions() as session:
        refund, order = await _locked(session, refund_id)
        status = RefundStatus(refund.status)
        if status == RefundStatus.settled:
            return refund
        if status not in SETTLEABLE:
            raise Problem(409, "refund_not_settleable", f"A {status} refund cannot be settled by hand",
                          state=str(status), refund_id=refund.id)
        refund.status, refund.next_attempt_at = RefundStatus.settled, None
        refund.done_at = now()
        _by_ops(refund, caller, "settled", note)
        order.refunded_fen += refund.amount_fen
        await events.publish(session, facts.refunded(order, refund))
        audit.remark(order, "refund_settled",
                     f"refund {refund.id} ({refund.amount_fen} fen, {refund.out_refund_no}) was {status}; "
                     f"paid outside WeChat Pay: {note}")
        await session.commit()
        reason = refund.reason
    if reason == "group_failed":  # the group's units go back on sale once the money is back, as when paid
        await clients.release(order.order_no)
    return refund
