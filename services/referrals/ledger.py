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

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.events.membership import LevelChanged
from common.events.orders import OrderCompleted, OrderConfirmed, OrderPaid, OrderRefunded
from common.events.referrals import RebateCredited
from common.outbox import execute
from common.transaction import dialect_name
from common.upsert import insert_new
from services.referrals.domain.ledger import OrderFacts, RefundFact, plan
from services.referrals.domain.rebates import WARNED_MAX_LEVELS
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

# Events are applied with plain columns: no row here needs to live on as an object in the session.
_VERSION: sa.Table = RuleVersion.__table__  # type: ignore[attr-defined]
_LEVEL: sa.Table = LevelChange.__table__  # type: ignore[attr-defined]
_ORDER: sa.Table = OrderEarning.__table__  # type: ignore[attr-defined]
_COMPLETION: sa.Table = OrderCompletionFact.__table__  # type: ignore[attr-defined]
_REFUND: sa.Table = OrderRefundFact.__table__  # type: ignore[attr-defined]
_ENTRY: sa.Table = LedgerEntry.__table__  # type: ignore[attr-defined]
_USER: sa.Table = ReferralUser.__table__  # type: ignore[attr-defined]


# --- what applies ---------------------------------------------------------------------------------


def _in_force_at(at: datetime, *columns: Any) -> Any:
    """The rule version in force at ``at``: the latest to start by then."""
    return sa.select(*columns).where(_VERSION.c.effective_from <= at) \
        .order_by(_VERSION.c.effective_from.desc(), _VERSION.c.version.desc()).limit(1)


def _rule_set(version: int | None, rules: dict | None, default: RuleSet) -> tuple[int, RuleSet]:
    return (DEFAULT_VERSION, default) if version is None else (version, RuleSet.model_validate(rules))


async def rules_in_force(session: AsyncSession, at: datetime, default: RuleSet) -> tuple[int, RuleSet]:
    """The rule version in force at ``at`` (0, the settings' rules, before any was published)."""
    row = (await execute(session, _in_force_at(at, _VERSION.c.version, _VERSION.c.rules))).first()
    return (DEFAULT_VERSION, default) if row is None else _rule_set(row.version or 0, row.rules, default)


async def rules_of(session: AsyncSession, version: int, default: RuleSet) -> RuleSet:
    if version == DEFAULT_VERSION:
        return default
    rules = (await execute(session, sa.select(_VERSION.c.rules).where(_VERSION.c.version == version))) \
        .scalar_one_or_none()
    return default if rules is None else RuleSet.model_validate(rules)


def _level_now(user_id: Any) -> Any:
    """The user's level as referrals knows it: the latest ``level.changed`` (NULL before any, read as
    ``customer``)."""
    return sa.select(_LEVEL.c.to_level).where(_LEVEL.c.user_id == user_id) \
        .order_by(_LEVEL.c.changed_at.desc(), _LEVEL.c.id.desc()).limit(1).scalar_subquery()


def _reward_terms_query(*, locking: bool) -> sa.Select:
    """The rules in force at ``paid_at`` and the level now of ``referrer`` (parameters); ``locking``: read
    from the referrer's own row, locked for this transaction (no row when referrals has none yet)."""
    paid_at = sa.bindparam("paid_at", type_=_VERSION.c.effective_from.type)
    referrer = sa.bindparam("referrer", type_=_LEVEL.c.user_id.type)
    query = sa.select(_in_force_at(paid_at, _VERSION.c.version).scalar_subquery(),
                      _in_force_at(paid_at, _VERSION.c.rules).scalar_subquery(), _level_now(referrer))
    if locking:
        query = query.select_from(_USER).where(_USER.c.user_id == referrer).with_for_update(of=_USER)
    return query


_REWARD_TERMS = _reward_terms_query(locking=False)
_LOCKED_REWARD_TERMS = _reward_terms_query(locking=True)


async def reward_terms(session: AsyncSession, referrer_id: int, paid_at: datetime,
                       default: RuleSet) -> tuple[RuleSet, str]:
    """What a new-member reward is decided by, in one query: the rules in force when the order was paid,
    and the referrer's level now."""
    version, rules, level = (await execute(session, _REWARD_TERMS, {"paid_at": paid_at, "referrer": referrer_id})).one()
    return _rule_set(version, rules, default)[1], level or BASE_LEVEL


async def locked_reward_terms(session: AsyncSession, referrer_id: int, paid_at: datetime,
                              default: RuleSet) -> tuple[RuleSet, str] | None:
    """``reward_terms``, read with the referrer's row locked for this transaction (the lock under which their
    confirmed referees are counted): one statement for both.  ``None`` when referrals has no row for the
    referrer yet (nothing is locked then)."""
    found = (await execute(session, _LOCKED_REWARD_TERMS, {"paid_at": paid_at, "referrer": referrer_id})).first()
    if found is None:
        return None
    version, rules, level = found
    return _rule_set(version, rules, default)[1], level or BASE_LEVEL


def _upline_query() -> sa.Select:
    """The buyer's (parameter ``buyer``) chain of referrers with their levels, and the rule version in force
    at ``paid_at`` on every row; built once, only the parameters change per payment."""
    above = _USER.alias("above")
    paid_at = sa.bindparam("paid_at", type_=_VERSION.c.effective_from.type)
    chain = sa.select(sa.literal(0, sa.Integer).label("tree_level"),
                      sa.bindparam("buyer", type_=above.c.referrer_id.type).label("user_id")) \
        .cte("upline", recursive=True)
    # Each step looks the referrer up by key (a scalar subquery): as a join, a small table without
    # statistics was read whole at every step.  A user without a row or a referrer ends the chain with a
    # NULL, as a row without a referrer did.
    referrer = sa.select(above.c.referrer_id).where(above.c.user_id == chain.c.user_id).scalar_subquery()
    chain = chain.union_all(sa.select(chain.c.tree_level + 1, referrer)
                            .where(chain.c.user_id.is_not(None), chain.c.tree_level < WARNED_MAX_LEVELS))
    return sa.select(
        chain.c.user_id, _level_now(chain.c.user_id),
        _in_force_at(paid_at, _VERSION.c.version).scalar_subquery(),
        _in_force_at(paid_at, _VERSION.c.rules).scalar_subquery(),
    ).order_by(chain.c.tree_level)


_UPLINE = _upline_query()


async def _what_applies(session: AsyncSession, buyer_id: int, paid_at: datetime,
                        default: RuleSet) -> tuple[int, RuleSet, list[list[int | str]]]:
    """The rule version in force at ``paid_at`` and the buyer's referrers as bound now (a binding is locked
    by the first paid order, so for a buyer's orders this is the binding at payment), nearest first up to
    the version's ``max_levels``, each with their level now.  One query on the path of every payment: the
    chain is walked as far up as any version may pay, and cut to the version's levels here."""
    rows = (await execute(session, _UPLINE, {"buyer": buyer_id, "paid_at": paid_at})).all()
    version, rules = _rule_set(rows[0][2], rows[0][3], default)  # the first row is the buyer's own
    upline: list[list[int | str]] = []
    for referrer_id, level, _, _ in rows[1:]:
        if len(upline) == rules.max_levels or referrer_id is None:
            break
        if referrer_id == buyer_id or any(member[0] == referrer_id for member in upline):
            break  # never pay one user twice, whatever the tree says
        upline.append([referrer_id, level or BASE_LEVEL])
    return version, rules, upline


# --- facts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Earning:
    """The columns of an order's row that its entries are worked out from."""

    order_id: int
    product_role: str
    gift_pack: bool
    paid_amount_fen: int
    rule_version: int
    upline: list
    leader_user_id: int | None
    settled_amount_fen: int | None
    reward_user_id: int | None
    reward_fen: int | None


_EARNING_COLUMNS = tuple(_ORDER.c[column.name] for column in fields(_Earning))


@dataclass(frozen=True)
class _Known:
    """An order's row, locked for this transaction, with the completion and refunds kept for it."""

    row: _Earning
    kept_amount_fen: int | None
    refunds: tuple[RefundFact, ...]
    rules: RuleSet | None = None  # the row's rule version, when already read in this transaction


_LOCKED = sa.select(*_EARNING_COLUMNS, _COMPLETION.c.kept_amount_fen, _REFUND.c.refund_id, _REFUND.c.amount_fen,
                    _REFUND.c.total_refunded_fen, _REFUND.c.reason).select_from(
    _ORDER.outerjoin(_COMPLETION, _COMPLETION.c.order_id == _ORDER.c.order_id)
    .outerjoin(_REFUND, _REFUND.c.order_id == _ORDER.c.order_id)) \
    .where(_ORDER.c.order_id == sa.bindparam("order", type_=_ORDER.c.order_id.type)).with_for_update(of=_ORDER)


async def _locked(session: AsyncSession, order_id: int) -> _Known | None:
    """The order's row and its facts in one query, the row locked (``None`` while its payment is unknown)."""
    rows = (await execute(session, _LOCKED, {"order": order_id})).all()
    if not rows:
        return None
    *earning, kept_amount_fen, _, _, _, _ = rows[0]
    refunds = tuple(RefundFact(refund_id, amount, total, reason)
                    for *_, refund_id, amount, total, reason in rows if refund_id is not None)
    return _Known(row=_Earning(*earning), kept_amount_fen=kept_amount_fen, refunds=refunds)


def _facts_of() -> tuple[Any, Any]:
    """The completion kept for the order (parameter ``order``) and how many refunds, as columns a write of its
    row returns: a row written or settled just now is then known without reading it back (refunds, rare
    before a confirmation, are read with ``_locked`` when there are any)."""
    order_id = sa.bindparam("order", type_=_ORDER.c.order_id.type)  # not a column's name: a write's own
    kept = sa.select(_COMPLETION.c.kept_amount_fen).where(_COMPLETION.c.order_id == order_id).scalar_subquery()
    refunds = sa.select(sa.func.count()).select_from(_REFUND).where(_REFUND.c.order_id == order_id) \
        .scalar_subquery()
    return kept.label("kept_amount_fen"), refunds.label("refunds")


def _insert_order(dialect: Any) -> Any:
    """The order's row written unless there is one (each column a parameter of its name, and ``order`` its
    id again), answering the order's other facts when it was written."""
    return dialect.insert(_ORDER).on_conflict_do_nothing().returning(*_facts_of())


_INSERT_ORDER = {"sqlite": _insert_order(sqlite), "postgresql": _insert_order(postgresql)}


def _settle(*, reward: bool) -> sa.Update:
    """Record the order's confirmation (parameters ``order``, ``settled``, ``at``; with ``reward``, ``reward_user``
    and ``reward_fen``, kept only when the row names no reward yet) unless it was recorded already; answers the
    row as written and the order's other facts."""
    order_id = sa.bindparam("order", type_=_ORDER.c.order_id.type)
    values: dict[str, Any] = {
        "settled_amount_fen": sa.bindparam("settled", type_=_ORDER.c.settled_amount_fen.type),
        "confirmed_at": sa.bindparam("at", type_=_ORDER.c.confirmed_at.type)}
    if reward:
        unrewarded = _ORDER.c.reward_user_id.is_(None)
        values["reward_user_id"] = sa.case(
            (unrewarded, sa.bindparam("reward_user", type_=_ORDER.c.reward_user_id.type)),
            else_=_ORDER.c.reward_user_id)
        values["reward_fen"] = sa.case(
            (unrewarded, sa.bindparam("reward_fen", type_=_ORDER.c.reward_fen.type)), else_=_ORDER.c.reward_fen)
    return sa.update(_ORDER).where(_ORDER.c.order_id == order_id, _ORDER.c.settled_amount_fen.is_(None)) \
        .values(**values).returning(*_EARNING_COLUMNS, *_facts_of())


_SETTLE = _settle(reward=False)
_SETTLE_WITH_REWARD = _settle(reward=True)


async def _known(session: AsyncSession, row: _Earning, kept_amount_fen: int | None, refunds: int,
                 rules: RuleSet | None = None) -> _Known:
    """The order as just written, with its facts; its refunds read under the row's lock when it has any."""
    if refunds:
        found = await _locked(session, row.order_id)
        assert found is not None
        return replace(found, rules=rules) if rules is not None and found.row.rule_version == row.rule_version \
            else found
    return _Known(row=row, kept_amount_fen=kept_amount_fen, refunds=(), rules=rules)


async def _order_seen(session: AsyncSession, default: RuleSet, *, order_id: int, buyer_id: int, product_role: str,
                      gift_pack: bool, paid_amount_fen: int, paid_at: datetime, community_id: int | None,
                      leader_user_id: int | None, first_sighting: bool) -> _Known | None:
    """The order's row, made (and its earners fixed) the first time; locked for this transaction.
    ``first_sighting``: the event usually comes first for its order (``order.paid``), so the row is written
    straight away rather than looked for first; when that wrote it and nobody earns from the payment, there
    is no entry to write before a confirmation (which may bring a reward), so nothing more is done: None."""
    if not first_sighting:
        known = await _locked(session, order_id)
        if known is not None:
            return known
    version, rules, upline = await _what_applies(session, buyer_id, paid_at, default)
    # A row made concurrently wins (its earners were fixed first); the insert waits for it, the read below
    # then sees it.  A row written here is known from the insert, which answers the order's other facts.
    insert = _INSERT_ORDER[dialect_name(session)]
    written = (await execute(session, insert, dict(
        order=order_id, order_id=order_id, buyer_id=buyer_id, product_role=product_role, gift_pack=gift_pack,
        paid_amount_fen=paid_amount_fen, paid_at=paid_at, rule_version=version, upline=upline,
        community_id=community_id, leader_user_id=leader_user_id))).first()
    if written is None:
        found = await _locked(session, order_id)
        assert found is not None
        return replace(found, rules=rules) if found.row.rule_version == version else found
    if first_sighting and not rules.earnings(
            product_role=product_role, gift_pack=gift_pack, upline=[(int(user), str(level)) for user, level in upline],
            leader_id=leader_user_id)(paid_amount_fen):
        return None
    row = _Earning(order_id=order_id, product_role=product_role, gift_pack=gift_pack, paid_amount_fen=paid_amount_fen,
                   rule_version=version, upline=upline, leader_user_id=leader_user_id, settled_amount_fen=None,
                   reward_user_id=None, reward_fen=None)
    return await _known(session, row, written.kept_amount_fen, written.refunds, rules)


async def paid(session: AsyncSession, event: OrderPaid, default: RuleSet) -> None:
    known = await _order_seen(session, default, order_id=event.order_id, buyer_id=event.user_id,
                              product_role=event.product_role, gift_pack=event.grants_level is not None,
                              paid_amount_fen=event.amount_fen, paid_at=event.paid_at,
                              community_id=event.community_id, leader_user_id=event.leader_user_id,
                              first_sighting=True)
    if known is not None:
        await _write_entries(session, known, default)


async def confirmed(session: AsyncSession, event: OrderConfirmed, default: RuleSet,
                    reward: tuple[int, int] | None = None) -> None:
    """Apply a confirmation; ``reward`` is (referrer, fen) when it is the referee's first confirmed order."""
    # The usual case, the order's row made by its payment and not settled yet: settled (and locked) in one
    # update that answers the row.
    params: dict[str, Any] = {"order": event.order_id, "settled": event.settled_amount_fen, "at": event.confirmed_at}
    if reward is not None:
        params["reward_user"], params["reward_fen"] = reward
    settled = (await execute(session, _SETTLE if reward is None else _SETTLE_WITH_REWARD, params)).first()
    if settled is None:
        # Settled already (a redelivery), or the order's payment was not heard yet.
        known = await _order_seen(session, default, order_id=event.order_id, buyer_id=event.user_id,
                                  product_role=event.product_role, gift_pack=event.grants_level is not None,
                                  paid_amount_fen=event.paid_amount_fen, paid_at=event.paid_at,
                                  community_id=event.community_id, leader_user_id=event.leader_user_id,
                                  first_sighting=False)
        assert known is not None
        if known.row.settled_amount_fen is None:  # the row was made just now
            settled = (await execute(session, _SETTLE if reward is None else _SETTLE_WITH_REWARD, params)).one()
    if settled is not None:
        *earning, kept_amount_fen, refunds = settled
        known = await _known(session, _Earning(*earning), kept_amount_fen, refunds)
    await _write_entries(session, known, default)


async def refunded(session: AsyncSession, event: OrderRefunded, default: RuleSet) -> None:
    await insert_new(session, OrderRefundFact, [dict(
        refund_id=event.refund_id, order_id=event.order_id, amount_fen=event.amount_fen,
        total_refunded_fen=event.total_refunded_fen, reason=event.reason, refunded_at=event.refunded_at)])
    await reconcile(session, event.order_id, default)


async def completed(session: AsyncSession, event: OrderCompleted, default: RuleSet) -> None:
    await insert_new(session, OrderCompletionFact, [dict(
        order_id=event.order_id, kept_amount_fen=event.kept_amount_fen, completed_at=event.completed_at)])
    await reconcile(session, event.order_id, default)


async def level_changed(session: AsyncSession, event: LevelChanged) -> None:
    await insert_new(session, LevelChange, [dict(
        user_id=event.user_id, to_level=event.to_level, changed_at=event.changed_at)])


# --- the entries ------------------------------------------------------------------------------------


async def reconcile(session: AsyncSession, order_id: int, default: RuleSet) -> int:
    """Write the entries the order's known facts call for and that are not written yet (does not commit).
    Answers how many were written."""
    known = await _locked(session, order_id)
    if known is None:
        return 0  # the order's payment is not known yet: its refunds and completion wait
    return await _write_entries(session, known, default)


async def _write_entries(session: AsyncSession, known: _Known, default: RuleSet) -> int:
    """The entries ``known`` calls for, each written unless its effect is written already; answers how many
    were written.  The order's row lock makes this the only writer of the order's entries."""
    row = known.row
    rules = known.rules or await rules_of(session, row.rule_version, default)
    earnings = rules.earnings(product_role=row.product_role, gift_pack=row.gift_pack,
                              upline=[(int(user), str(level)) for user, level in row.upline],
                              leader_id=row.leader_user_id)
    facts = OrderFacts(
        order_id=row.order_id, paid_amount_fen=row.paid_amount_fen, settled_amount_fen=row.settled_amount_fen,
        kept_amount_fen=known.kept_amount_fen, refunds=known.refunds,
        reward=None if row.reward_user_id is None else (row.reward_user_id, row.reward_fen or 0))
    planned = plan(facts, earnings)
    at = now()
    written = {key for (key,) in await insert_new(session, LedgerEntry, [dict(
        user_id=entry.line.user_id, kind=entry.line.kind, bucket=entry.bucket, step=entry.step,
        amount_fen=entry.amount_fen, order_id=row.order_id, tree_level=entry.line.tree_level,
        refund_id=entry.refund_id, withdrawal_id=None, effect_key=entry.key, created_at=at,
    ) for entry in planned], returning=("effect_key",))}
    await events.publish_many(session, [
        RebateCredited(user_id=entry.line.user_id, order_id=row.order_id, kind=entry.line.kind,
                       amount_fen=entry.amount_fen, credited_at=at)
        for entry in planned
        if entry.key in written and entry.step == "complete" and entry.bucket == "available" and entry.amount_fen > 0])
    return len(written)


async def balances(session: AsyncSession, user_id: int) -> dict[str, int]:
    """The user's balance per bucket: sums of their entries."""
    rows = (await execute(session, sa.select(_ENTRY.c.bucket, sa.func.sum(_ENTRY.c.amount_fen))
                          .where(_ENTRY.c.user_id == user_id).group_by(_ENTRY.c.bucket))).all()
    found = {bucket: int(total or 0) for bucket, total in rows}
    return {bucket: found.get(bucket, 0) for bucket in ("pending", "frozen", "available")}
