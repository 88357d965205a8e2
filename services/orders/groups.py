"""Same-address ladder groups (同址阶梯团): the open group of an address, what a joiner is quoted, what a
payment adds, and closing — the final tier is the tier of the orders still in at the close (paid, and not
refunded for a reason of the buyer's own: ``domain/pricing.py``), counted from the orders table under the
group's lock; every paid order settles at the lower of its quote and that price and gets the difference
back; a group short of its minimum refunds everyone in full.

The group's ``paid_count``, ``portions`` and ``reached_threshold`` are what its progress shows: the count
still in now and its tier, counted again from the orders (never incremented) whenever a payment or a
refund changes it, and fixed at the close to the final count and tier.  Every change of who is in takes
the group's row lock before the order's, as the close does, so the count at the close is exact.

Refunds are decided in the closing transaction and paid out by the provider afterwards, each under its
own ``out_refund_no``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.db import Database
from common.events import EventPayload
from common.events.orders import GroupClosed, GroupTierReached
from common.models import UtcDateTime, is_status
from common.outbox import defer, execute
from common.pagination import Page, PageParams, paginate
from common.payments import PaymentError, PaymentProvider
from common.problems import not_found
from services.orders import facts, refund_notices, supply_calendar
from services.orders.clients import ActivityFacts, Clients
from services.orders.domain.lifecycle import OrderEvent
from services.orders.domain.pricing import (
    GroupOrder,
    GroupOutcome,
    LadderPricing,
    count_for,
    count_in,
    final_threshold,
    group_outcome,
    progress,
    refund_in_full,
    settlement,
    still_in,
    tier_price,
    top_tier_reached,
)
from services.orders.domain.refunds import RetryPolicy, delay_after, gives_up
from services.orders.models import Checkout, GroupStatus, LadderGroup, Order, OrderStatus, Refund, RefundStatus, events
from services.orders.schemas import GroupProgress, NextTierPublic, RefundPublic
from services.orders.states import ORDER_ROW, OrderRow, moved, order_row, write_trail

log = logging.getLogger("groupbuy.orders.groups")

PAID_STATES = (OrderStatus.paid, OrderStatus.confirmed, OrderStatus.shipped, OrderStatus.delivered,
               OrderStatus.completed)



def _status_among(*wanted: OrderStatus) -> sa.ColumnElement[bool]:
    """An order's status is one of ``wanted``, said as the statuses it is not.  Beside a group's index,
    PostgreSQL without statistics (a new database, a table growing faster than it is analysed) read the
    index on the status for an ``IN``: all of it, as nearly every order of a group list shares those
    statuses.  No index serves a ``<>``, so the group's index alone finds the rows
    (``tests/test_query_plans.py``); the statuses left out come from the enum, so a status added to it
    stays out of the list as it would of an ``IN``.  Inequalities rather than a ``NOT IN``: an ``IN`` of
    listed values is expanded into the SQL anew at every run."""
    return sa.and_(*(col(Order.status) != status for status in OrderStatus if status not in wanted))


_IN_GROUP = _status_among(*PAID_STATES, OrderStatus.refunded)  # the orders a group's count reads

# The statements of every join and payment, built once: a statement object keeps its cache key.
_JOINABLE = (LadderGroup.id, LadderGroup.terms, LadderGroup.paid_count, LadderGroup.portions)
# Open the group unless one is open there already (the one-open-group index says so): no row back then.
_OPEN_GROUP = {name: dialect.insert(LadderGroup).on_conflict_do_nothing(
    index_elements=["activity_id", "address_key"], index_where=sa.text(f"status = '{GroupStatus.open.value}'"),
).returning(*_JOINABLE) for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))}


class _JoinedReasons(FunctionElement[str]):
    """The reasons of an order's refunds in one text, ``REASONS_APART`` between them (None: no refund)."""

    name = "joined_reasons"
    type = sa.String()
    inherit_cache = True


REASONS_APART = ","  # a reason is a code (``Refund.reason``), never with a comma


@compiles(_JoinedReasons, "postgresql")
def _joined_on_postgresql(element: _JoinedReasons, compiler: Any, **kw: Any) -> str:
    return f"string_agg({compiler.process(element.clauses, **kw)}, '{REASONS_APART}')"


@compiles(_JoinedReasons)
def _joined_elsewhere(element: _JoinedReasons, compiler: Any, **kw: Any) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)}, '{REASONS_APART}')"


# An order's refunds' reasons, looked up by the order (a subquery in the row, run per order), never joined:
# joined, PostgreSQL without statistics read every refund there is per statement (a hash join over the
# table), and a prepared statement keeps the plan it was first given while the table grows.
_REASONS = select(_JoinedReasons(Refund.reason)).where(col(Refund.order_id) == col(Order.id)).scalar_subquery()
# Each order with its refunds' reasons, where reading the refunds after the orders took a second statement.
_MEMBERS = select(Order.id, Order.user_id, Order.quantity, _REASONS).where(
    Order.group_id == sa.bindparam("group_id"), _IN_GROUP
).order_by(col(Order.id))
_MEMBERS_OF_BUYER = _MEMBERS.where(Order.user_id == sa.bindparam("user_id"))
_MEMBERS_BESIDES = _MEMBERS.where(Order.id != sa.bindparam("besides"))  # a payment's: the others
# The open group at an address with the joiner's orders in it (``_MEMBERS_OF_BUYER``'s rows, none when
# the joiner has none): a row per order, the group's columns on each.
_JOINING_AT = select(*_JOINABLE, Order.id, _REASONS).select_from(LadderGroup).outerjoin(
    Order, sa.and_(Order.group_id == LadderGroup.id, Order.user_id == sa.bindparam("user_id"), _IN_GROUP)
).where(
    LadderGroup.activity_id == sa.bindparam("activity_id"), LadderGroup.address_key == sa.bindparam("address_key"),
    LadderGroup.status == GroupStatus.open)


def reasons_of(joined: str | None) -> tuple[str, ...]:
    """The reasons ``_REASONS`` read, one by one."""
    return tuple(joined.split(REASONS_APART)) if joined else ()
# A group as a payment and a close read it and change it, locked (``LockedGroup``), and its row written back.
# Locked FOR NO KEY UPDATE (SQLAlchemy's ``key_share``), as an UPDATE of it locks it: that serialises every
# change of the group as FOR UPDATE would, but lets an order be written into the group meanwhile — its
# foreign key takes a key share of the group's row, which FOR UPDATE blocks.  A ladder run on PostgreSQL saw
# new orders of a building wait on a neighbour's payment that way; nothing changes a group's key.
_GROUP_ROW = (LadderGroup.id, LadderGroup.activity_id, LadderGroup.status, LadderGroup.paid_count,
              LadderGroup.portions, LadderGroup.reached_threshold, LadderGroup.terms, LadderGroup.ends_at,
              LadderGroup.closes_at, LadderGroup.closed_at)
_LOCKED_ROW = select(*_GROUP_ROW).where(LadderGroup.id == sa.bindparam("group_id")).with_for_update(key_share=True)
_LOCK_OF_ORDER = select(*_GROUP_ROW).where(
    LadderGroup.id == select(Order.group_id).where(Order.order_no == sa.bindparam("order_no")).scalar_subquery()
).with_for_update(key_share=True)
_SAVE_GROUP = sa.update(LadderGroup.__table__).where(LadderGroup.id == sa.bindparam("group_id")).values(
    status=sa.bindparam("to_status"), paid_count=sa.bindparam("to_paid_count"),
    portions=sa.bindparam("to_portions"), reached_threshold=sa.bindparam("to_threshold"),
    closes_at=sa.bindparam("to_closes_at"), closed_at=sa.bindparam("to_closed_at"))
# The orders a close (or a payment into a closed group) settles, written as rows: confirmed at the final
# tier, or refunded in full when the group failed (the columns each move changes, as the session would).
_PAID_IN_GROUP = ORDER_ROW.where(Order.group_id == sa.bindparam("group_id"), _status_among(OrderStatus.paid))
_CONFIRM = sa.update(Order.__table__).where(Order.id == sa.bindparam("order_id")).values(
    status=sa.bindparam("to_status"), delivery_date=sa.bindparam("to_delivery_date"),
    confirmed_at=sa.bindparam("to_confirmed_at"), settled_amount_fen=sa.bindparam("to_settled_fen"))
_REFUND_IN_FULL = sa.update(Order.__table__).where(Order.id == sa.bindparam("order_id")).values(
    status=sa.bindparam("to_status"), settled_amount_fen=sa.bindparam("to_settled_fen"))
INSERT_REFUND = sa.insert(Refund.__table__)


@dataclass(slots=True)
class LockedGroup:
    """A group read as a row under its lock (``lock_row``, ``lock_of_order``): a payment's count and a close change
    it here, and ``save`` writes it back.  Counted (``recount``) as a ``LadderGroup`` is."""

    id: int
    activity_id: int
    status: GroupStatus
    paid_count: int
    portions: int
    reached_threshold: int
    terms: dict
    ends_at: datetime | None
    closes_at: datetime
    closed_at: datetime | None


async def save(session: AsyncSession, group: LockedGroup) -> None:
    """Write back what a payment or the close changed of the group: its counts, its close, its status."""
    await defer(session, _SAVE_GROUP, {
        "group_id": group.id, "to_status": group.status, "to_paid_count": group.paid_count,
        "to_portions": group.portions, "to_threshold": group.reached_threshold, "to_closes_at": group.closes_at,
        "to_closed_at": group.closed_at})


@dataclass(frozen=True, slots=True)
class Joining:
    """The group a buyer joins, as their quote reads it: its terms and counts a moment ago, and whether the
    buyer already has an order still in it (``has_paid_order``)."""

    group_id: int
    terms: dict
    paid_count: int
    portions: int
    paid_before: bool


async def group_to_join(db: Database, activity: ActivityFacts, address_key: str, user_id: int) -> Joining:
    """The open group of this activity and address, opened by the first joiner, as a joiner reads it."""
    at = {"activity_id": activity.id, "address_key": address_key}
    joining = at | {"user_id": user_id}
    # The group and the joiner's orders in it in one read, without a session (``Database.fetch``).
    rows = (await db.fetch(_JOINING_AT, joining)).all()
    for _ in range(3):
        if rows:
            paid_before = any(still_in(GroupOrder(buyer=user_id, quantity=0, paid=True,
                                                  refund_reasons=reasons_of(row[5])))
                              for row in rows if row[4] is not None)  # an order of the joiner's, its refunds' reasons
            return _joining(rows[0], paid_before=paid_before)
        # The first joiner opens it (a neighbour usually has: no write lock taken to find it).
        opened = await _open(db, activity, at)
        if opened is not None:  # new: no order is in it yet
            return _joining(opened, paid_before=False)
        rows = (await db.fetch(_JOINING_AT, joining)).all()
    raise RuntimeError(f"no open group for activity {activity.id} at one address after three tries")


def _joining(group: sa.Row, *, paid_before: bool) -> Joining:
    return Joining(group_id=group.id, terms=group.terms, paid_count=group.paid_count, portions=group.portions,
                   paid_before=paid_before)


async def _open(db: Database, activity: ActivityFacts, at: dict) -> sa.Row | None:
    """Open the group, unless a neighbour has opened it meanwhile (then nothing: theirs is read again, with the
    joiner's orders in it, which a group opened here cannot have).  One statement on its own
    (``Database.write_alone``: one round trip on PostgreSQL): the first joiner of every building comes this
    way, and at a sale's start the neighbours come at once.  When theirs won, the insert waited for it to
    commit and wrote nothing (and, closed in the meantime, the next try opens a new one)."""
    return (await db.write_alone(_OPEN_GROUP[db.writer.dialect.name], at | {
        "status": GroupStatus.open, "paid_count": 0, "portions": 0, "reached_threshold": 0,
        "terms": activity.terms, "ends_at": activity.ends_at, "opened_at": now(),
        "closes_at": activity.ends_at, "closed_at": None})).first()


async def _members(session: AsyncSession | Database, group_id: int, *, user_id: int | None = None,
                   besides: int | None = None) -> list[GroupOrder]:
    """The group's paid orders (of one buyer, when given) as its count reads them, refund reasons included:
    in the session's transaction, or (given the database) read on their own."""
    query, params = _MEMBERS, {"group_id": group_id}
    if user_id is not None:
        query, params = _MEMBERS_OF_BUYER, params | {"user_id": user_id}
        if besides is not None:
            query = query.where(Order.id != besides)
    elif besides is not None:
        query, params = _MEMBERS_BESIDES, params | {"besides": besides}
    found = await (session.fetch(query, params) if isinstance(session, Database) else execute(session, query, params))
    return [GroupOrder(buyer=buyer, quantity=quantity, paid=True, refund_reasons=reasons_of(reasons))
            for _order_id, buyer, quantity, reasons in found.all()]


async def has_paid_order(session: AsyncSession | Database, group_id: int, user_id: int, *,
                         besides: int | None = None) -> bool:
    """Whether the buyer has an order still in the group (so a further order does not add a participant)."""
    return any(still_in(order) for order in await _members(session, group_id, user_id=user_id, besides=besides))


async def refunds_decided(session: AsyncSession, order_id: int) -> int:
    """Every refund of the order decided so far, paid out or not (``refunded_fen`` counts only the paid out)."""
    total = (await execute(session, select(sa.func.coalesce(sa.func.sum(Refund.amount_fen), 0))
                           .where(Refund.order_id == order_id))).scalar_one()
    return int(total)


# ``refunds_decided`` of every order of a group, each order's looked up by the order (a subquery in its row):
# an ``IN`` of the orders' ids was planned, on a table without statistics, as a read of every refund there is
# — and a prepared statement kept that plan while the table grew (``tests/test_query_plans.py``).
_DECIDED_IN_GROUP = select(Order.id, select(sa.func.sum(Refund.amount_fen)).where(
    col(Refund.order_id) == col(Order.id)).scalar_subquery()).where(Order.group_id == sa.bindparam("group_id"))


async def _refunds_decided_in(session: AsyncSession, group_id: int) -> dict[int, int]:
    """``refunds_decided`` of the group's orders in one statement (an order without refunds is absent)."""
    rows = (await execute(session, _DECIDED_IN_GROUP, {"group_id": group_id})).all()
    return {order_id: int(total) for order_id, total in rows if total is not None}


async def early_bird_slots(session: AsyncSession, activity_id: int, user_id: int) -> tuple[int, bool]:
    """Buyers holding an early-bird slot of the activity (a pending or paid early-bird order), and whether
    this buyer is one of them."""
    holders = (await session.exec(select(Order.user_id).distinct().where(
        Order.activity_id == activity_id, Order.price_rule == "early_bird",
        col(Order.status).in_((OrderStatus.pending_payment, *PAID_STATES))))).all()
    return len(holders), user_id in holders


async def lock(session: AsyncSession, group_id: int) -> LadderGroup:
    """The group, locked for the rest of the transaction: taken before any of its orders' rows."""
    return (await session.exec(select(LadderGroup).where(LadderGroup.id == group_id)
                                .with_for_update(key_share=True))).one()


async def lock_row(session: AsyncSession, group_id: int) -> LockedGroup | None:
    """The group as a row, locked as ``lock`` locks it (None: no such group)."""
    row = (await execute(session, _LOCKED_ROW, {"group_id": group_id})).first()
    return LockedGroup(*row) if row is not None else None


async def lock_of_order(session: AsyncSession, order_no: str) -> LockedGroup | None:
    """The group of the order with this number, as a row locked as ``lock`` locks it (None: no such order, or
    one in no group), found and locked by one statement: an order never changes group."""
    row = (await execute(session, _LOCK_OF_ORDER, {"order_no": order_no})).first()
    return LockedGroup(*row) if row is not None else None


async def recount(session: AsyncSession, group: LadderGroup | LockedGroup, terms: LadderPricing) -> int:
    """Count the group's orders still in, from the orders table (the group locked by the caller), and keep
    the counts its progress shows; returns the count its tiers read."""
    count, _members_read = await _recount(session, group, terms)
    return count


async def _recount(session: AsyncSession, group: LadderGroup | LockedGroup, terms: LadderPricing, *,
                   paying: OrderRow | None = None) -> tuple[int, list[GroupOrder]]:
    """``recount``, with the members it counted.  ``paying``: an order being paid, whose row is not written
    paid yet — counted as paid, the others read from the table."""
    # Reads the caller's changes: written as rows, or flushed from the session by ``execute`` first.
    members = await _members(session, group.id, besides=paying.id if paying is not None else None)
    if paying is not None:
        members.append(GroupOrder(buyer=paying.user_id, quantity=paying.quantity, paid=True, refund_reasons=()))
    group.paid_count = count_in("participants", members)
    group.portions = count_in("portions", members)
    count = count_for(terms.basis, group.paid_count, group.portions)
    group.reached_threshold = final_threshold(count, terms.tiers) if count >= 1 else 0
    return count, members


@dataclass(frozen=True, slots=True)
class Counted:
    """What a payment or a close did to a group's orders: the refunds decided (paid out later), and the
    events it gives rise to, which the caller publishes in one write with its own, after them."""

    refunds: int = 0
    news: list[EventPayload] = field(default_factory=list)


async def record_payment(session: AsyncSession, order: OrderRow, group: LockedGroup) -> Counted:
    """A ladder order is paid (``group`` locked before the order): count it, and settle it at once if its group
    has already closed.  An open group counts it before its row is written paid (the caller writes it after:
    the read of the others then goes with the payment's insert, and the order's row with the group's at the
    commit — one round trip fewer while the group is locked); a closed group settles it from its row
    written paid."""
    terms = LadderPricing.model_validate(group.terms)
    if group.status != GroupStatus.open:
        return await _settle(session, group, terms, [order])
    current = now()
    if group.paid_count == 0 and group.portions == 0:
        window = group.terms.get("group_window_s")
        end = group.ends_at or group.closes_at
        group.closes_at = min(end, current + timedelta(seconds=window)) if window else end
    reached_before = group.reached_threshold
    before = (group.paid_count, group.portions, group.reached_threshold, group.closes_at)
    count, members = await _recount(session, group, terms, paying=order)
    if terms.close_on_top_tier and top_tier_reached(terms.tiers, count):
        group.closes_at = current  # the scheduler closes it on its next pass
    if (group.paid_count, group.portions, group.reached_threshold, group.closes_at) != before:
        await save(session, group)
    if group.reached_threshold > reached_before:
        return Counted(news=[_tier_reached(group, terms, count, members, current)])
    return Counted()


def _tier_reached(group: LockedGroup, terms: LadderPricing, count: int, members: list[GroupOrder],
                  current: datetime) -> GroupTierReached:
    """``group.tier_reached``: membership tells the group's buyers (subscription messages)."""
    shown = progress(terms.tiers, count)
    following = shown.next_tier
    return GroupTierReached(
        group_id=group.id, activity_id=group.activity_id, threshold=group.reached_threshold,
        unit_price_fen=tier_price(terms.tiers, group.reached_threshold), count=count,
        next_threshold=following.threshold if following else None,
        next_unit_price_fen=following.unit_price_fen if following else None,
        needed=following.needed if following else None,
        participant_ids=sorted({member.buyer for member in members}), closes_at=group.closes_at, reached_at=current)


async def refunded(session: AsyncSession, group: LadderGroup) -> None:
    """A refund was decided on an order of ``group`` (locked before the order): while the group is open,
    count who is still in again (a refund of the buyer's own takes the order out)."""
    if group.status == GroupStatus.open:
        await recount(session, group, LadderPricing.model_validate(group.terms))


async def _settle(session: AsyncSession, group: LockedGroup, terms: LadderPricing, orders: list[OrderRow]) -> Counted:
    """Settle the group's ``orders`` (rows, paid) at its final tier (or refund them in full when it failed).
    What each order depends on is read for all of them first — one sales day (the close's), the refunds
    decided — so the orders' changes, their trail and their refunds are written a statement each, however
    many orders there are."""
    current = now()
    refunds: list[dict] = []
    changes: list[dict] = []
    trail: list[dict] = []
    told: list[EventPayload] = []
    final = tier_price(terms.tiers, group.reached_threshold) if group.status == GroupStatus.succeeded else None
    decided = await _refunds_decided_in(session, group.id) if orders else {}
    day = await supply_calendar.delivery_date(session, current) if final is not None and orders else None
    for order in orders:
        if final is not None:
            order.delivery_date = day
            settled = settlement(order.unit_price_fen, order.quantity, final,
                                 refunded_fen=decided.get(order.id, 0))
            trail.append(moved(order, OrderEvent.confirm))
            order.confirmed_at, order.settled_amount_fen = current, settled.settled_fen
            told.append(facts.confirmed(order, settled.settled_unit_price_fen))
            owed, reason = settled.refund_fen, "group_settled"
            changes.append({"order_id": order.id, "to_status": order.status, "to_delivery_date": day,
                            "to_confirmed_at": current, "to_settled_fen": order.settled_amount_fen})
        else:
            owed = refund_in_full(order.amount_fen, refunded_fen=decided.get(order.id, 0)).refund_fen
            reason = "group_failed"
            trail.append(moved(order, OrderEvent.refund_full))
            order.settled_amount_fen = 0
            changes.append({"order_id": order.id, "to_status": order.status, "to_settled_fen": 0})
        if owed > 0:
            refunds.append({"order_id": order.id, "out_refund_no": f"{order.order_no}-{reason}", "amount_fen": owed,
                            "reason": reason, "created_at": current})
    if changes:
        await execute(session, _CONFIRM if final is not None else _REFUND_IN_FULL, changes)
        await write_trail(session, trail)
    if refunds:
        await execute(session, INSERT_REFUND, refunds)
    return Counted(refunds=len(refunds), news=told)


async def close_group(db: Database, group_id: int) -> bool:
    """Close one group now; False when it was closed already."""
    async with db.write_sessions() as session:
        group = await lock_row(session, group_id)
        if group is None:
            raise not_found("group", group_id)
        if group.status != GroupStatus.open:
            return False
        terms = LadderPricing.model_validate(group.terms)
        outcome = group_outcome(await recount(session, group, terms), terms.min_success)
        group.status = GroupStatus.succeeded if outcome == GroupOutcome.succeeded else GroupStatus.failed
        group.closed_at = now()
        await save(session, group)
        paid = [order_row(row) for row in (await execute(session, _PAID_IN_GROUP, {"group_id": group.id})).all()]
        settled = await _settle(session, group, terms, paid)
        final = tier_price(terms.tiers, group.reached_threshold) if group.status == GroupStatus.succeeded else None
        await events.publish_many(session, [*settled.news, GroupClosed(
            group_id=group.id, activity_id=group.activity_id, final_unit_price_fen=final,
            paid_count=group.paid_count, succeeded=group.status == GroupStatus.succeeded, closed_at=group.closed_at)])
        await session.commit()
    return True


def due_to_close(at: datetime) -> sa.Select:
    """Open groups whose closing time is ``at`` or before."""
    return select(LadderGroup.id).where(is_status(col(LadderGroup.status), GroupStatus.open),
                                        col(LadderGroup.closes_at) <= at)


async def close_due(db: Database, *, limit: int = 100) -> int:
    async with db.read_sessions() as session:
        due = (await session.exec(due_to_close(now()).limit(limit))).all()
    closed = 0
    for group_id in due:
        closed += await close_group(db, group_id)
    return closed


_DUE_AT = sa.func.coalesce(col(Refund.next_attempt_at), col(Refund.created_at))
# The refunds due to be paid out, longest waiting first, with their orders; a checkout's line is refunded
# from its checkout's one transaction (its number, its total).  The status as a literal, not a parameter:
# so a generic plan knows the partial index of pending refunds (``ix_refund_pending_since``) answers it.
REFUNDS_DUE = (select(Refund, Order, Checkout.amount_fen)
               .join(Order, col(Refund.order_id) == col(Order.id))
               .outerjoin(Checkout, col(Order.checkout_id) == col(Checkout.id))
               .where(is_status(col(Refund.status), RefundStatus.pending),
                      _DUE_AT <= sa.bindparam("now", type_=UtcDateTime()))
               .order_by(_DUE_AT, col(Refund.id)))


async def pay_out_refunds(db: Database, provider: PaymentProvider, clients: Clients, *, policy: RetryPolicy,
                          limit: int = 100, query_after_s: float = 60.0) -> int:
    """Send due refunds to the provider (safe to repeat: ``out_refund_no``), then record what it answered:
    ``paying`` while it processes, paid only when it says so (``refund_notices.py``).  The longest
    waiting go first; one the provider refuses waits its turn again (``domain/refunds.py``), so it never
    holds up the refunds behind it."""
    async with db.read_sessions() as session:
        pending = (await session.exec(REFUNDS_DUE.limit(limit), params={"now": now()})).all()
    done = 0
    for refund, order, trade_total_fen in pending:
        try:
            result = await provider.refund(out_trade_no=order.trade_no, out_refund_no=refund.out_refund_no,
                                           amount_fen=refund.amount_fen, total_fen=trade_total_fen or order.amount_fen,
                                           reason=refund.reason)
        except PaymentError as exc:
            await _not_paid_out(db, refund.id, exc, policy)
            continue
        # Accepted is not paid: the provider's answer is recorded as it is (paying, or already paid).
        await refund_notices.record_outcome(db, clients, refund_notices.Outcome.of(result),
                                            query_after_s=query_after_s)
        done += 1
    return done


async def _not_paid_out(db: Database, refund_id: int, error: PaymentError, policy: RetryPolicy) -> None:
    async with db.write_sessions() as session:
        row = (await session.exec(select(Refund).where(Refund.id == refund_id).with_for_update())).one()
        if row.status != RefundStatus.pending:
            return
        row.attempts += 1
        row.last_error = str(error)[:500]
        if gives_up(row.attempts, outcome_unknown=error.outcome_unknown, policy=policy):
            row.status, row.next_attempt_at = RefundStatus.failed, None
            log.error("refund failed for good: ops must look", extra={"out_refund_no": row.out_refund_no,
                                                                       "attempts": row.attempts})
        else:
            row.next_attempt_at = now() + delay_after(row.attempts, policy)
            log.warning("refund not paid out yet: %s", error, extra={"out_refund_no": row.out_refund_no,
                                                                      "attempts": row.attempts})
        await session.commit()


async def list_refunds(*, session: AsyncSession, status: RefundStatus | None, page: PageParams,
                       descending: bool = False) -> Page[RefundPublic]:
    query = select(Refund)
    if status is not None:
        query = query.where(Refund.status == status)
    return await paginate(session, query, key=col(Refund.id), page=page, descending=descending,
                          public=lambda row: RefundPublic.model_validate(row, from_attributes=True))


async def group_progress(*, session: AsyncSession, group_id: int) -> GroupProgress:
    group = await session.get(LadderGroup, group_id)
    if group is None:
        raise not_found("group", group_id)
    return _progress(group)


async def list_groups(*, session: AsyncSession, status: GroupStatus | None, activity_id: int | None,
                      page: PageParams, descending: bool = False) -> Page[GroupProgress]:
    """Every group, oldest first, optionally of one status or activity (ops)."""
    query = select(LadderGroup)
    if status is not None:
        query = query.where(LadderGroup.status == status)
    if activity_id is not None:
        query = query.where(LadderGroup.activity_id == activity_id)
    return await paginate(session, query, key=col(LadderGroup.id), page=page, public=_progress,
                          descending=descending)


def _progress(group: LadderGroup) -> GroupProgress:
    terms = LadderPricing.model_validate(group.terms)
    count = count_for(terms.basis, group.paid_count, group.portions)
    shown = progress(terms.tiers, count)
    left = (group.closes_at - now()).total_seconds() if group.status == GroupStatus.open else 0
    next_tier = (NextTierPublic(threshold=shown.next_tier.threshold, unit_price_fen=shown.next_tier.unit_price_fen,
                                needed=shown.next_tier.needed) if shown.next_tier else None)
    return GroupProgress(
        id=group.id, activity_id=group.activity_id, status=group.status, paid_count=group.paid_count,
        portions=group.portions, reached_threshold=group.reached_threshold, unit_price_fen=shown.unit_price_fen,
        next_tier=next_tier if group.status == GroupStatus.open else None, opened_at=group.opened_at,
        closes_at=group.closes_at, seconds_left=max(0, int(left)))
