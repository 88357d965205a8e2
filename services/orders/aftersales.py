"""After-sales (售后): a buyer's claim on their own paid order — refund only (仅退款) or return (退货退款), a
reason code (``domain/aftersales.py``: 坏果 damaged, 少件 missing, 错发 wrong item, 质量 quality, ...), units
or an amount, a note and https photos — and its review.

- **Filing** (``POST /v1/orders/{id}/after-sales``) locks the order (its ladder group first, as every refund
  does), so one order has at most one open claim (409 ``after_sales_open``), and a claim never asks for
  more than is left once every refund decided so far is counted (422 ``refund_too_large``).  A claim is
  open while the order could be refunded by its buyer: paid, before completion, within the after-sales
  window after delivery.
- **Triage** at filing (pure rules in ``domain/aftersales.py``): the refund-rate guard, then the rules that
  approve at once — a shortage the leader already confirmed (``confirmed_short_units``), a small claim of
  a buyer in good standing.  The rest waits in the ops queue (``GET /v1/orders/after-sales?view=staff``).
- **Review** (ops): approve (optionally for less), reject with a reason, or ask for more (the buyer answers,
  with more photos, and it is back in the queue).  Every move locks the order and then the claim, so a
  concurrent approve and reject make one outcome (the other gets 409 ``invalid_transition``).
- **Approval** decides the refund in the same transaction, through the order's one refund path
  (``fulfilment.decide_refund``, reason ``after_sales``: taken back from points and rebates like any
  refund of the buyer's asking; before a ladder group closes it takes the order out of the count, as
  ``requested`` does).  A claim filed in time stays payable after the window (``late``).  A quality claim
  (damaged, quality, wrong item, expired) on a supplier's product records a supplier chargeback for the
  claimed units in that transaction too (``chargebacks.record_chargeback``, source ``after_sales``).
- Every move — filing, approval (by ops, or by a rule: actor ``system/after-sales-rule``), rejection with its
  reason, a question and its answer — is a row of the order's trail (``audit.remark``: ``after_sales_*``, with
  the claim, the amount or the reason in its note), in the transaction of the move, read by ops at
  ``GET /v1/orders/{id}/history``.
- The refunds an order shows (``refund_lines``): every refund with its payout state, and every claim not
  (yet) decided as ``requested`` or ``rejected``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity
from common.clock import now
from common.db import Database
from common.pagination import Page, PageParams, paginate
from common.problems import Problem, not_found
from services.orders import access, audit, chargebacks, fulfilment, groups
from services.orders.aftersales_schemas import (
    AfterSalesCreate,
    AfterSalesPublic,
    ReasonPublic,
    RefundLine,
)
from services.orders.clients import Clients
from services.orders.config import Settings
from services.orders.domain import aftersales as rules
from services.orders.domain import lifecycle
from services.orders.domain.lifecycle import OrderState
from services.orders.models import (
    AfterSalesRequest,
    AfterSalesStatus,
    Arrival,
    LadderGroup,
    Order,
    OrderStatus,
    Refund,
    RefundStatus,
)
from services.orders.schemas import OrderPublic

REFUND_REASON = "after_sales"
CHARGEBACK_SOURCE = "after_sales"
# Who approves a claim at filing, in the order's trail: the rule, not the buyer who filed it.
AUTO_APPROVAL = audit.Actor("system", name="after-sales-rule")
# Refunds a buyer asked for: what the refund-rate guard counts.
BUYERS_OWN = ("requested", REFUND_REASON)


def reasons() -> list[ReasonPublic]:
    return [ReasonPublic(code=r.code, label=r.label_zh, label_en=r.label_en, quality_claim=r.quality_claim)
            for r in rules.REASONS.values()]


def public(claim: AfterSalesRequest) -> AfterSalesPublic:
    return AfterSalesPublic.model_validate(
        {**claim.model_dump(), "reason_label": rules.REASONS[claim.reason_code].label_zh}, from_attributes=False)


def _policy(settings: Settings) -> rules.Policy:
    return rules.Policy(auto_approve_fen=settings.after_sales_auto_approve_fen,
                        max_refund_rate=settings.after_sales_max_refund_rate)


async def _lock_order(session: AsyncSession, order_id: int) -> tuple[LadderGroup | None, Order | None]:
    """The order, locked — its ladder group first, as every change of who is in a group locks them."""
    group_id = (await session.exec(select(Order.group_id).where(Order.id == order_id))).first()
    group = await groups.lock(session, group_id) if group_id is not None else None
    return group, (await session.exec(select(Order).where(Order.id == order_id).with_for_update())).first()


async def standing(session: AsyncSession, user_id: int, settings: Settings) -> rules.Standing:
    """The buyer's paid orders over the look-back period, and those refunded at their own asking."""
    since = now() - timedelta(days=settings.after_sales_rate_days)
    mine = select(Order.id).where(Order.user_id == user_id, col(Order.paid_at).is_not(None),
                                  col(Order.paid_at) >= since)
    paid = (await session.exec(select(sa.func.count()).select_from(mine.subquery()))).one()
    refunded = (await session.exec(select(sa.func.count(sa.distinct(Refund.order_id))).where(
        col(Refund.order_id).in_(mine), col(Refund.reason).in_(BUYERS_OWN)))).one()
    return rules.Standing(paid_orders=int(paid), refunded_orders=int(refunded))


async def confirmed_short_units(session: AsyncSession, order: Order) -> int:
    """Units of this order's SKU the community's leader confirmed short at arrival on its delivery day, less
    those already approved on that confirmation — what a ``missing`` claim may have approved at once."""
    if order.community_id is None or order.delivery_date is None:
        return 0
    arrival = (await session.exec(select(Arrival).where(
        Arrival.community_id == order.community_id, Arrival.delivery_date == order.delivery_date,
        Arrival.sku_id == order.sku_id))).first()
    if arrival is None:
        return 0
    used = (await session.exec(select(sa.func.coalesce(sa.func.sum(AfterSalesRequest.quantity), 0))
                               .join(Order, col(Order.id) == col(AfterSalesRequest.order_id)).where(
        AfterSalesRequest.auto_rule == "leader_confirmed_shortage", Order.community_id == order.community_id,
        Order.delivery_date == order.delivery_date, Order.sku_id == order.sku_id))).one()
    return max(0, min(arrival.short_units - int(used), order.quantity))


def _claim_amount(order: Order, claim_in: AfterSalesCreate, left: int) -> int:
    if claim_in.amount_fen is not None:
        return claim_in.amount_fen
    if claim_in.quantity is None:
        return left
    if claim_in.quantity > order.quantity:
        raise Problem(422, "validation_error", f"The order has {order.quantity} units",
                      errors=[{"field": "body.quantity", "message": f"at most {order.quantity}",
                               "type": "value_error"}])
    worth = order.settled_amount_fen if order.settled_amount_fen is not None else order.amount_fen
    return min(left, rules.claim_value(order_fen=worth, order_quantity=order.quantity, quantity=claim_in.quantity))


async def file_claim(*, db: Database, clients: Clients, settings: Settings, order_id: int, caller: Identity,
                     claim_in: AfterSalesCreate) -> AfterSalesPublic:
    release = False
    async with db.write_sessions() as session:
        group, order = await _lock_order(session, order_id)
        if order is None or order.user_id != caller.user_id:
            raise not_found("order", order_id)
        if order.paid_at is None or not lifecycle.refundable(
                OrderState(order.status), order.delivered_at, now(),
                after_sales_window=timedelta(seconds=settings.after_sales_window_s)):
            raise Problem(409, "after_sales_closed", f"A {order.status} order takes no after-sales claim",
                          state=str(order.status))
        if (await session.exec(select(AfterSalesRequest.id).where(
                AfterSalesRequest.order_id == order.id,
                col(AfterSalesRequest.status).in_(rules.OPEN)))).first() is not None:
            raise Problem(409, "after_sales_open", "This order already has a claim under review")
        left = rules.refundable(paid_fen=order.amount_fen, decided_fen=await groups.refunds_decided(session, order.id))
        amount = _claim_amount(order, claim_in, left)
        if left < 1 or amount > left:
            raise Problem(422, "refund_too_large", f"Only {left} fen is left to refund on this order",
                          refundable_fen=left, errors=[{"field": "body.amount_fen", "message": f"at most {left}",
                                                        "type": "value_error"}])
        verdict = rules.triage(
            rules.Claim(kind=claim_in.kind, reason_code=claim_in.reason_code, amount_fen=amount,
                        quantity=claim_in.quantity),
            await standing(session, caller.user_id, settings), _policy(settings),
            confirmed_short_units=await confirmed_short_units(session, order))
        current = now()
        claim = AfterSalesRequest(order_id=order.id, user_id=order.user_id, kind=claim_in.kind.value,
                                  reason_code=claim_in.reason_code, quantity=claim_in.quantity, amount_fen=amount,
                                  note=claim_in.note, image_urls=list(claim_in.image_urls),
                                  review_reason=verdict.review_reason, created_at=current, updated_at=current)
        session.add(claim)
        await session.flush()
        audit.remark(order, "after_sales_filed", f"claim {claim.id}: {claim.kind} {claim.reason_code}, {amount} fen"
                     + (f", to review ({verdict.review_reason})" if verdict.review_reason else ""))
        if verdict.approve:
            claim.auto_rule = verdict.rule
            with audit.acting_as(AUTO_APPROVAL):
                audit.remark(order, "after_sales_auto", f"claim {claim.id} approved by rule {verdict.rule}: "
                             f"{amount} fen")
                release = await _approve(session, settings, group, order, claim, amount_fen=amount,
                                         decided_by=None)
        await session.commit()
    if release:
        await clients.release(order.order_no)
    return public(claim)


async def _approve(session: AsyncSession, settings: Settings, group: LadderGroup | None, order: Order,
                   claim: AfterSalesRequest, *, amount_fen: int, decided_by: int | None) -> bool:
    """Approve in the caller's transaction (order locked): the refund, and a quality claim's chargeback.
    True when the order's units go back on sale (a full refund before it was handed out)."""
    was = order.status
    claim.status = AfterSalesStatus(rules.review(rules.Status(claim.status), rules.Move.approve))
    refund = await fulfilment.decide_refund(session, order=order, group=group, settings=settings,
                                            amount_fen=amount_fen, reason=REFUND_REASON, late=True,
                                            after_sales_id=claim.id)
    await session.flush()
    claim.amount_fen, claim.refund_id, claim.decided_by = amount_fen, refund.id, decided_by
    claim.decided_at = claim.updated_at = now()
    if claim.reason_code in rules.QUALITY_CLAIMS and order.supplier_id is not None:
        units = claim.quantity or order.quantity
        await chargebacks.record_chargeback(session, order_id=order.id, supplier_id=order.supplier_id,
                                            sku_id=order.sku_id, units=units, amount_fen=amount_fen,
                                            reason=claim.reason_code, source=CHARGEBACK_SOURCE,
                                            source_ref=str(claim.id))
    return order.status == OrderStatus.refunded and was in (OrderStatus.paid, OrderStatus.confirmed)


async def _claim_for_move(session: AsyncSession, claim_id: int, caller: Identity, *, owner_only: bool
                          ) -> tuple[LadderGroup | None, Order, AfterSalesRequest]:
    order_id = (await session.exec(select(AfterSalesRequest.order_id).where(
        AfterSalesRequest.id == claim_id))).first()
    group, order = await _lock_order(session, order_id) if order_id is not None else (None, None)
    claim = (await session.exec(select(AfterSalesRequest).where(AfterSalesRequest.id == claim_id)
                                .with_for_update())).first()
    if order is None or claim is None or (owner_only and claim.user_id != caller.user_id):
        raise not_found("after-sales claim", claim_id)
    return group, order, claim


def _moved(claim: AfterSalesRequest, move: rules.Move) -> AfterSalesStatus:
    try:
        return AfterSalesStatus(rules.review(rules.Status(claim.status), move))
    except rules.NotAllowed as exc:
        raise Problem(409, "invalid_transition", str(exc), state=str(claim.status), event=move.value) from exc


async def review_claim(*, db: Database, clients: Clients, settings: Settings, claim_id: int, caller: Identity,
                       move: rules.Move, amount_fen: int | None = None, text: str = "") -> AfterSalesPublic:
    """Ops: approve (for ``amount_fen`` when less than claimed), reject (``text``: why) or ask (``text``)."""
    release = False
    async with db.write_sessions() as session:
        group, order, claim = await _claim_for_move(session, claim_id, caller, owner_only=False)
        target = _moved(claim, move)
        if move == rules.Move.approve:
            if amount_fen is not None and amount_fen > claim.amount_fen:
                raise Problem(422, "validation_error", "Ops may approve less than claimed, never more",
                              errors=[{"field": "body.amount_fen", "message": f"at most {claim.amount_fen}",
                                       "type": "value_error"}])
            approved = amount_fen or claim.amount_fen
            audit.remark(order, "after_sales_approved", f"claim {claim.id} approved: {approved} fen"
                         + (f" of {claim.amount_fen} claimed" if approved != claim.amount_fen else ""))
            release = await _approve(session, settings, group, order, claim, amount_fen=approved,
                                     decided_by=caller.user_id)
        else:
            claim.status, claim.updated_at = target, now()
            if move == rules.Move.reject:
                claim.reject_reason, claim.decided_by, claim.decided_at = text, caller.user_id, claim.updated_at
                audit.remark(order, "after_sales_rejected", f"claim {claim.id} rejected: {text}")
            else:
                claim.question = text
                audit.remark(order, "after_sales_asked", f"claim {claim.id}, asked for more: {text}")
        await session.commit()
    if release:
        await clients.release(order.order_no)
    return public(claim)


async def answer_claim(*, db: Database, claim_id: int, caller: Identity, answer: str,
                       image_urls: Sequence[str]) -> AfterSalesPublic:
    """The buyer answers ops' question (with more photos): the claim is back in the queue."""
    async with db.write_sessions() as session:
        _, order, claim = await _claim_for_move(session, claim_id, caller, owner_only=True)
        claim.status = _moved(claim, rules.Move.answer)
        claim.answer, claim.updated_at = answer, now()
        claim.image_urls = [*claim.image_urls, *image_urls]
        audit.remark(order, "after_sales_answered", f"claim {claim.id}, the buyer answered: {answer}")
        await session.commit()
    return public(claim)


async def get_claim(*, session: AsyncSession, claim_id: int, caller: Identity) -> AfterSalesPublic:
    claim = await session.get(AfterSalesRequest, claim_id)
    if claim is None or not (access.is_staff(caller) or claim.user_id == caller.user_id):
        raise not_found("after-sales claim", claim_id)
    return public(claim)


async def list_claims(*, session: AsyncSession, caller: Identity, staff: bool, status: AfterSalesStatus | None,
                      order_id: int | None, page: PageParams, descending: bool | None = None,
                      ) -> Page[AfterSalesPublic]:
    """The buyer's own claims, newest first; or (ops, ``staff``) the review queue, oldest first — unless
    ``descending`` says otherwise."""
    query = select(AfterSalesRequest)
    if staff:
        if not access.is_staff(caller):
            raise Problem(403, "forbidden", "Only ops review after-sales claims")
    else:
        query = query.where(AfterSalesRequest.user_id == caller.user_id)
    if status is not None:
        query = query.where(AfterSalesRequest.status == status)
    if order_id is not None:
        query = query.where(AfterSalesRequest.order_id == order_id)
    return await paginate(session, query, key=col(AfterSalesRequest.id), page=page,
                          descending=not staff if descending is None else descending, public=public)


# --- the refunds an order shows ----------------------------------------------------------------------

_STATES = {RefundStatus.pending: "approved", RefundStatus.paying: "paying", RefundStatus.succeeded: "paid",
           RefundStatus.failed: "failed", RefundStatus.abnormal: "failed", RefundStatus.closed: "failed",
           RefundStatus.settled: "paid"}
# Why a refund is (or was) not paid through WeChat Pay: shown beside its state.
_PROVIDER_SHOWN = (RefundStatus.failed, RefundStatus.abnormal, RefundStatus.closed, RefundStatus.settled)


async def refund_lines(session: AsyncSession, order_ids: Sequence[int]) -> dict[int, list[RefundLine]]:
    """Each order's refunds (with their payout state) and its claims not decided into a refund."""
    lines: dict[int, list[RefundLine]] = {order_id: [] for order_id in order_ids}
    if not lines:
        return lines
    claims = {claim.id: claim for claim in (await session.exec(select(AfterSalesRequest).where(
        col(AfterSalesRequest.order_id).in_(list(lines))))).all()}
    refunds = (await session.exec(select(Refund).where(col(Refund.order_id).in_(list(lines)))
                                  .order_by(col(Refund.id)))).all()
    for refund in refunds:
        claim = claims.get(refund.after_sales_id) if refund.after_sales_id else None
        status = RefundStatus(refund.status)
        lines[refund.order_id].append(RefundLine(
            refund_id=refund.id, after_sales_id=refund.after_sales_id, amount_fen=refund.amount_fen,
            reason=refund.reason, reason_code=claim.reason_code if claim else None,
            reason_label=rules.REASONS[claim.reason_code].label_zh if claim else None, state=_STATES[status],
            provider_status=status.value if status in _PROVIDER_SHOWN else None,
            requested_at=claim.created_at if claim else refund.created_at, decided_at=refund.created_at,
            paid_at=refund.done_at if status in (RefundStatus.succeeded, RefundStatus.settled) else None,
            ops_action=refund.ops_action, ops_at=refund.ops_at, ops_note=refund.ops_note))
    for claim in claims.values():
        if claim.refund_id is None:
            lines[claim.order_id].append(RefundLine(
                refund_id=None, after_sales_id=claim.id, amount_fen=claim.amount_fen, reason=REFUND_REASON,
                reason_code=claim.reason_code, reason_label=rules.REASONS[claim.reason_code].label_zh,
                state="rejected" if claim.status == AfterSalesStatus.rejected else "requested",
                requested_at=claim.created_at, decided_at=claim.decided_at, paid_at=None,
                reject_reason=claim.reject_reason))
    for found in lines.values():
        found.sort(key=lambda line: line.requested_at)
    return lines


async def with_refunds(session: AsyncSession, orders: Sequence[OrderPublic]) -> None:
    """Fill each answer's ``refunds`` (one query for refunds and one for claims, whatever the page size)."""
    found = await refund_lines(session, [order.id for order in orders])
    for order in orders:
        order.refunds = found.get(order.id, [])
