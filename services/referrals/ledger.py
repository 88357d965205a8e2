"""The rebate ledger: what order events earn the upline, the community's leader and a referrer.

- The first event of an order that tells its payment (``order.paid``, or ``order.confirmed``, which repeats
  it) fixes who earns from it: the buyer's upline as bound then (nearest first, up to the rule version's
  ``max_levels``; in ``anytime`` binding mode a user bound after paying but before the event was heard
  counts for that order), each with their level then (the latest ``level.changed`` heard: payment times
  are whole seconds and clocks of services differ, so "the level at the payment's timestamp" would be
  a guess), the leader of the community it is handed out in, and the rule version in force at payment.
- Every fact (payment, confirmation, refunds, completion) is kept as it comes; then the order's entries
  are brought up to what the facts call for (``domain.ledger.plan``) under the order's row lock.  An
  entry is keyed by its effect, so redelivered or reordered events end in the same ledger.
- The new-member reward rides on the referee's first confirmed order: decided when that order is
  confirmed (the referrer's level then, the promotion multiplier then), frozen and released with it.
- Money that becomes available (an order's completion moving an earning from ``frozen``) is told as
  ``rebate.credited``, one event per earning, in the transaction that writes its entry: the entry's
  ``effect_key`` is written once, so is the event.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.events.membership import LevelChanged
from common.events.orders import OrderCompleted, OrderConfirmed, OrderPaid, OrderRefunded
from common.events.referrals import RebateCredited
from services.referrals.domain.ledger import OrderFacts, RefundFact, plan
from services.referrals.domain.rules import BASE_LEVEL, RuleSet
from services.referrals.models import (
    LedgerEntry,
    LevelChange,
    OrderCompletionFact,
    OrderEarning,
    OrderRefundFact,
    ReferralUser,
    RuleVersion,
    events,
)

DEFAULT_VERSION = 0


# --- what applies ---------------------------------------------------------------------------------


async def rules_in_force(session: AsyncSession, at: datetime, default: RuleSet) -> tuple[int, RuleSet]:
    """The rule version in force at ``at`` (0, the settings' rules, before any was published)."""
    row = (await session.exec(select(RuleVersion).where(RuleVersion.effective_from <= at)
                              .order_by(col(RuleVersion.effective_from).desc(), col(RuleVersion.version).desc())
                              .limit(1))).first()
    return (DEFAULT_VERSION, default) if row is None else (row.version or 0, RuleSet.model_validate(row.rules))


async def rules_of(session: AsyncSession, version: int, default: RuleSet) -> RuleSet:
    row = None if version == DEFAULT_VERSION else await session.get(RuleVersion, version)
    return default if row is None else RuleSet.model_validate(row.rules)


async def level_of(session: AsyncSession, user_id: int) -> str:
    """The user's level as referrals knows it: the latest ``level.changed`` (``customer`` before any)."""
    row = (await session.exec(select(LevelChange.to_level).where(LevelChange.user_id == user_id)
                              .order_by(col(LevelChange.changed_at).desc(), col(LevelChange.id).desc())
                              .limit(1))).first()
    return row or BASE_LEVEL


async def upline_of(session: AsyncSession, buyer_id: int, depth: int) -> list[list[int | str]]:
    """The buyer's referrers as bound now (a binding is locked by the first paid order, so for a buyer's
    orders this is the binding at payment), nearest first, each with their level now."""
    upline: list[list[int | str]] = []
    current = buyer_id
    while len(upline) < depth:
        row = await session.get(ReferralUser, current)
        if row is None or row.referrer_id is None:
            break
        if row.referrer_id == buyer_id or any(member[0] == row.referrer_id for member in upline):
            break  # never pay one user twice, whatever the tree says
        upline.append([row.referrer_id, await level_of(session, row.referrer_id)])
        current = row.referrer_id
    return upline


# --- facts ------------------------------------------------------------------------------------------


async def _locked(session: AsyncSession, order_id: int) -> OrderEarning | None:
    return (await session.exec(select(OrderEarning).where(OrderEarning.order_id == order_id).with_for_update()
                               .execution_options(populate_existing=True))).first()


async def _order_seen(session: AsyncSession, default: RuleSet, *, order_id: int, buyer_id: int, product_role: str,
                      gift_pack: bool, paid_amount_fen: int, paid_at: datetime, community_id: int | None,
                      leader_user_id: int | None) -> OrderEarning:
    """The order's row, made (and its earners fixed) the first time; locked for this transaction."""
    row = await _locked(session, order_id)
    if row is not None:
        return row
    version, rules = await rules_in_force(session, paid_at, default)
    try:
        async with session.begin_nested():
            session.add(OrderEarning(
                order_id=order_id, buyer_id=buyer_id, product_role=product_role, gift_pack=gift_pack,
                paid_amount_fen=paid_amount_fen, paid_at=paid_at, rule_version=version,
                upline=await upline_of(session, buyer_id, rules.max_levels),
                community_id=community_id, leader_user_id=leader_user_id))
    except sa.exc.IntegrityError:
        pass  # seen concurrently: the select below waits for it
    found = await _locked(session, order_id)
    assert found is not None
    return found


async def paid(session: AsyncSession, event: OrderPaid, default: RuleSet) -> None:
    await _order_seen(session, default, order_id=event.order_id, buyer_id=event.user_id,
                      product_role=event.product_role, gift_pack=event.grants_level is not None,
                      paid_amount_fen=event.amount_fen, paid_at=event.paid_at, community_id=event.community_id,
                      leader_user_id=event.leader_user_id)
    await reconcile(session, event.order_id, default)


async def confirmed(session: AsyncSession, event: OrderConfirmed, default: RuleSet,
                    reward: tuple[int, int] | None = None) -> None:
    """Apply a confirmation; ``reward`` is (referrer, fen) when it is the referee's first confirmed order."""
    row = await _order_seen(session, default, order_id=event.order_id, buyer_id=event.user_id,
                            product_role=event.product_role, gift_pack=event.grants_level is not None,
                            paid_amount_fen=event.paid_amount_fen, paid_at=event.paid_at,
                            community_id=event.community_id, leader_user_id=event.leader_user_id)
    if row.settled_amount_fen is None:
        row.settled_amount_fen, row.confirmed_at = event.settled_amount_fen, event.confirmed_at
        if reward is not None and row.reward_user_id is None:
            row.reward_user_id, row.reward_fen = reward
        session.add(row)
        await session.flush()
    await reconcile(session, event.order_id, default)


async def refunded(session: AsyncSession, event: OrderRefunded, default: RuleSet) -> None:
    if await session.get(OrderRefundFact, event.refund_id) is None:
        session.add(OrderRefundFact(refund_id=event.refund_id, order_id=event.order_id, amount_fen=event.amount_fen,
                                    total_refunded_fen=event.total_refunded_fen, reason=event.reason,
                                    refunded_at=event.refunded_at))
        await session.flush()
    await reconcile(session, event.order_id, default)


async def completed(session: AsyncSession, event: OrderCompleted, default: RuleSet) -> None:
    if await session.get(OrderCompletionFact, event.order_id) is None:
        session.add(OrderCompletionFact(order_id=event.order_id, kept_amount_fen=event.kept_amount_fen,
                                        completed_at=event.completed_at))
        await session.flush()
    await reconcile(session, event.order_id, default)


async def level_changed(session: AsyncSession, event: LevelChanged) -> None:
    found = (await session.exec(select(LevelChange.id).where(
        LevelChange.user_id == event.user_id, LevelChange.changed_at == event.changed_at,
        LevelChange.to_level == event.to_level))).first()
    if found is None:
        session.add(LevelChange(user_id=event.user_id, to_level=event.to_level, changed_at=event.changed_at))
        await session.flush()


# --- the entries ------------------------------------------------------------------------------------


async def reconcile(session: AsyncSession, order_id: int, default: RuleSet) -> int:
    """Write the entries the order's known facts call for and that are not written yet (does not commit).
    Answers how many were written."""
    row = await _locked(session, order_id)
    if row is None:
        return 0  # the order's payment is not known yet: its refunds and completion wait
    rules = await rules_of(session, row.rule_version, default)
    earnings = rules.earnings(product_role=row.product_role, gift_pack=row.gift_pack,
                              upline=[(int(user), str(level)) for user, level in row.upline],
                              leader_id=row.leader_user_id)
    completion = await session.get(OrderCompletionFact, order_id)
    refunds = (await session.exec(select(OrderRefundFact).where(OrderRefundFact.order_id == order_id))).all()
    facts = OrderFacts(
        order_id=order_id, paid_amount_fen=row.paid_amount_fen, settled_amount_fen=row.settled_amount_fen,
        kept_amount_fen=None if completion is None else completion.kept_amount_fen,
        refunds=tuple(RefundFact(r.refund_id, r.amount_fen, r.total_refunded_fen, r.reason) for r in refunds),
        reward=None if row.reward_user_id is None else (row.reward_user_id, row.reward_fen or 0))
    written = set((await session.exec(select(LedgerEntry.effect_key)
                                      .where(LedgerEntry.order_id == order_id))).all())
    added = 0
    for entry in plan(facts, earnings):
        if entry.key in written:
            continue
        session.add(LedgerEntry(user_id=entry.line.user_id, kind=entry.line.kind, bucket=entry.bucket, step=entry.step,
                                amount_fen=entry.amount_fen, order_id=order_id, tree_level=entry.line.tree_level,
                                refund_id=entry.refund_id, effect_key=entry.key))
        if entry.step == "complete" and entry.bucket == "available" and entry.amount_fen > 0:
            await events.publish(session, RebateCredited(user_id=entry.line.user_id, order_id=order_id,
                                                         kind=entry.line.kind, amount_fen=entry.amount_fen,
                                                         credited_at=now()))
        added += 1
    if added:
        await session.flush()
    return added


async def balances(session: AsyncSession, user_id: int) -> dict[str, int]:
    """The user's balance per bucket: sums of their entries."""
    rows = (await session.exec(select(LedgerEntry.bucket, sa.func.sum(LedgerEntry.amount_fen))
                               .where(LedgerEntry.user_id == user_id).group_by(LedgerEntry.bucket))).all()
    found = {bucket: int(total or 0) for bucket, total in rows}
    return {bucket: found.get(bucket, 0) for bucket in ("pending", "frozen", "available")}
