"""Growth and points ledgers: what confirmed orders earn and refunds take back.

Rules (the arithmetic is in ``domain.points``):
- ``order.confirmed`` earns once per order: growth = 1 per whole yuan of ``settled_amount_fen``; points =
  growth × the buyer's level rate (``Level.points_rate_permille``) at that moment.  Then the buyer may
  move up a level (``levels.upgrade_after_order``).
- ``order.refunded`` with reason ``requested`` or ``ops`` reverses growth and points in proportion to the
  refund (rounded down, never more than the order earned in total); other reasons reverse nothing.
- A refund that comes before the confirmation is kept and reversed right after the earning is written —
  and after the level check, so a user ends where they would have had the events come in order.
- Rows are append-only with a unique key per effect (user, order, kind, refund), so an effect happens
  once even when an event is delivered again; balances are sums of the rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.events.orders import OrderConfirmed, OrderRefunded
from common.outbox import execute
from common.pagination import Page, PageParams, paginate
from common.problems import not_found
from common.transaction import dialect_name
from common.upsert import insert_if_new, insert_new
from services.membership import levels
from services.membership.domain.points import PERMILLE, REVERSING_REASONS, growth_for, points_for, reversal
from services.membership.models import LedgerEntry, LevelHistory, OrderRefund, User
from services.membership.schemas import LedgerEntryPublic, LevelHistoryPublic, MyPoints, NextLevel

EARN = "earn"
REVERSE = "reverse"
NO_REFUND = 0


# Every confirmed order runs these: built once, as building a statement and working out its cache key cost
# more than running it.
_ledger = LedgerEntry.__table__
_refund = OrderRefund.__table__
_GROWTH_AND_REFUNDED_FIRST = sa.select(
    sa.select(sa.func.coalesce(sa.func.sum(_ledger.c.growth), 0))
    .where(_ledger.c.user_id == sa.bindparam("user_id")).scalar_subquery(),
    sa.exists().where(_refund.c.order_id == sa.bindparam("order_id"), _refund.c.reason.in_(REVERSING_REASONS)))
_REVERSING_REFUNDS = (sa.select(_refund.c.refund_id, _refund.c.amount_fen)
                      .where(_refund.c.order_id == sa.bindparam("order_id"), _refund.c.reason.in_(REVERSING_REASONS))
                      .order_by(_refund.c.refunded_at, _refund.c.refund_id))
_ENTRIES = (sa.select(_ledger.c.kind, _ledger.c.refund_id, _ledger.c.amount_fen, _ledger.c.growth, _ledger.c.points)
            .where(_ledger.c.user_id == sa.bindparam("user_id"), _ledger.c.order_id == sa.bindparam("order_id"))
            .order_by(_ledger.c.id))
_WRITE = sa.insert(_ledger)
_EARNING = ("user_id", "order_id", "kind", "refund_id", "amount_fen", "growth", "points", "created_at")


def _earn_with_growth() -> sa.Select:
    """PostgreSQL: the earning written unless written before, with the growth total and whether a refund
    came first, in one statement (one round trip where two were).  Answers the new entry's growth (None
    when it was there: nothing written) and the total *before* it — the statement reads the table as it
    was when it began, without the row it writes."""
    earned = (postgresql.insert(_ledger)
              .values({name: sa.bindparam(f"earned_{name}", type_=_ledger.c[name].type) for name in _EARNING})
              .on_conflict_do_nothing().returning(_ledger.c.growth).cte("earned"))
    return sa.select(sa.select(earned.c.growth).scalar_subquery(), *_GROWTH_AND_REFUNDED_FIRST.selected_columns)


_EARN_WITH_GROWTH = _earn_with_growth()


async def earn(session: AsyncSession, event: OrderConfirmed) -> None:
    """Apply a confirmation (idempotent: the earning's key says whether it was written before; does not
    commit)."""
    user, ordered = await levels.locked_user_with_levels(session, event.user_id)
    if user is None:
        raise LookupError(f"order {event.order_id} names user {event.user_id}, who is unknown here")
    level = next((row for row in ordered if row.code == user.level), None)
    growth = growth_for(event.settled_amount_fen)
    points = points_for(growth, level.points_rate_permille if level else PERMILLE)
    earning = {"user_id": user.id, "order_id": event.order_id, "kind": EARN, "refund_id": NO_REFUND,
               "amount_fen": event.settled_amount_fen, "growth": growth, "points": points, "created_at": now()}
    if dialect_name(session) == "postgresql":
        written, before, refunded_first = (await execute(session, _EARN_WITH_GROWTH, {
            "user_id": user.id, "order_id": event.order_id} | {f"earned_{k}": v for k, v in earning.items()})).one()
        if written is None:
            return
        total = int(before) + int(written)
    else:
        if not await insert_if_new(session, LedgerEntry, earning):
            return
        # The growth total (this earning included) and whether a refund came first, read together.
        total, refunded_first = (await execute(session, _GROWTH_AND_REFUNDED_FIRST,
                                               {"user_id": user.id, "order_id": event.order_id})).one()
    await levels.upgrade_after_order(session, user, order_id=event.order_id, grants_level=event.grants_level,
                                     ordered=ordered, growth=int(total))
    if refunded_first:
        await _reverse_pending(session, event.user_id, event.order_id)


async def refund(session: AsyncSession, event: OrderRefunded) -> None:
    """Apply a refund (idempotent; does not commit): kept, then reversed if the order has earned.  The
    buyer is locked first, as for an earning, so a refund and a confirmation never miss each other.

    A refund of a reason that reverses nothing (a ladder's price difference, a failed group) is only kept:
    an earning never looks for it and no reversal counts it, so it has nothing to miss — no lock, and no
    look for reversals, which the earning or the reversing refund that came before has written already."""
    reverses = event.reason in REVERSING_REASONS
    if reverses:
        await levels.locked_member(session, event.user_id)
    await insert_new(session, OrderRefund, [{
        "refund_id": event.refund_id, "order_id": event.order_id, "user_id": event.user_id,
        "amount_fen": event.amount_fen, "reason": event.reason, "refunded_at": event.refunded_at}])
    if reverses:
        await _reverse_pending(session, event.user_id, event.order_id)


async def _reverse_pending(session: AsyncSession, user_id: int, order_id: int) -> None:
    """Write the reversal of every reversing refund of the order that has none yet, once it has earned."""
    refunds = (await execute(session, _REVERSING_REFUNDS, {"order_id": order_id})).all()
    if not refunds:
        return
    entries = (await execute(session, _ENTRIES, {"user_id": user_id, "order_id": order_id})).all()
    earned = next((entry for entry in entries if entry.kind == EARN), None)
    if earned is None:
        return
    reversed_ids = {entry.refund_id for entry in entries if entry.kind == REVERSE}
    taken_growth = -sum(entry.growth for entry in entries if entry.kind == REVERSE)
    taken_points = -sum(entry.points for entry in entries if entry.kind == REVERSE)
    reversals = []
    for refund_row in refunds:
        if refund_row.refund_id in reversed_ids:
            continue
        growth = reversal(earned.growth, refund_fen=refund_row.amount_fen, settled_fen=earned.amount_fen,
                          already_reversed=taken_growth)
        points = reversal(earned.points, refund_fen=refund_row.amount_fen, settled_fen=earned.amount_fen,
                          already_reversed=taken_points)
        reversals.append({"user_id": user_id, "order_id": order_id, "kind": REVERSE,
                          "refund_id": refund_row.refund_id, "amount_fen": refund_row.amount_fen,
                          "growth": -growth, "points": -points, "created_at": now()})
        taken_growth += growth
        taken_points += points
    if reversals:
        await execute(session, _WRITE, reversals)


# --- reading --------------------------------------------------------------------------------------


async def balances(session: AsyncSession, user_id: int) -> tuple[int, int]:
    """(points balance, growth total): sums of the user's ledger rows."""
    row = (await session.exec(
        select(sa.func.coalesce(sa.func.sum(LedgerEntry.points), 0),
               sa.func.coalesce(sa.func.sum(LedgerEntry.growth), 0))
        .where(LedgerEntry.user_id == user_id))).one()
    return int(row[0]), int(row[1])


async def my_points(*, session: AsyncSession, user_id: int) -> MyPoints:
    user = await session.get(User, user_id)
    if user is None:
        raise not_found("user", user_id)
    points, growth = await balances(session, user_id)
    ordered = await levels.ordered_levels(session)
    current_rank = next((level.rank for level in ordered if level.code == user.level), -1)
    following = next((level for level in ordered if level.rank > current_rank), None)
    return MyPoints(points_balance=points, growth_total=growth, level=user.level,
                    next_level=None if following is None else NextLevel(
                        code=following.code, growth_threshold=following.growth_threshold,
                        needed=max(following.growth_threshold - growth, 0)))


async def my_ledger(*, session: AsyncSession, user_id: int, page: PageParams,
                    descending: bool = False) -> Page[LedgerEntryPublic]:
    return await paginate(session, select(LedgerEntry).where(LedgerEntry.user_id == user_id),
                          key=col(LedgerEntry.id), page=page, descending=descending,
                          public=lambda row: LedgerEntryPublic.model_validate(row, from_attributes=True))


async def my_level_history(*, session: AsyncSession, user_id: int, page: PageParams,
                           descending: bool = False) -> Page[LevelHistoryPublic]:
    return await paginate(session, select(LevelHistory).where(LevelHistory.user_id == user_id),
                          key=col(LevelHistory.id), page=page, descending=descending,
                          public=lambda row: LevelHistoryPublic.model_validate(row, from_attributes=True))
