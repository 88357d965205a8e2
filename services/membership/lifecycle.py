"""Lifecycle stages from events, and the funnel ops read per community.

Rules (the ordering is in ``domain.stages``):
- a user is ``onlooker`` from the moment their row exists (the first login registers them);
- joining a community → ``participant``; an ``order.placed`` in a group (opened or joined) → ``intent``;
  any ``order.placed`` → ``quasi_buyer``; ``order.paid`` → ``buyer``, and ``loyal`` from the second
  distinct paid order; ``referral.shared`` → ``spreader``; ``referral.referee_paid`` → ``recommender``
  for the referrer.
- A user keeps the highest stage reached: an event of a lower stage changes nothing, in whatever order
  events come.  Paid orders are kept once per (user, order), so a repeated ``order.paid`` never makes a
  user loyal.  The first time a stage is reached is kept in ``stage_history``.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.models import UtcDateTime
from common.outbox import execute
from common.problems import not_found
from common.transaction import dialect_name
from common.upsert import defer_new, insert_new
from services.membership.domain import stages
from services.membership.models import Community, CommunityMember, PaidOrder, StageHistory, User
from services.membership.schemas import Funnel, StageCount

# Every order moves its buyer's stage, so these statements are built once: a statement built per call is
# compiled from its cache, but building it and working out its cache key cost more than running it.
_user = User.__table__
_paid_order = PaidOrder.__table__
_STAGE = sa.select(_user.c.stage).where(_user.c.id == sa.bindparam("user_id"))
# ``FOR NO KEY UPDATE``: rows that only point at the user, a history row or a paid order, need not wait.
_LOCKED_STAGE = _STAGE.with_for_update(key_share=True)
_MOVE = (sa.update(_user).where(_user.c.id == sa.bindparam("user_id"), _user.c.stage == sa.bindparam("seen"))
         .values(stage=sa.bindparam("to_stage")))
_PAID_ORDERS_BESIDES = (sa.select(sa.func.count()).select_from(_paid_order)
                        .where(_paid_order.c.user_id == sa.bindparam("user_id"),
                               _paid_order.c.order_id != sa.bindparam("order_id")))
_STAGE_AND_PAID_ORDERS_BESIDES = (sa.select(_user.c.stage, _PAID_ORDERS_BESIDES.scalar_subquery())
                                  .where(_user.c.id == sa.bindparam("user_id")))
# A move writes the first time of one or two stages (an order placed in a group: ``intent`` and
# ``quasi_buyer``): one statement of its own per count of rows and database, its rows as parameters (an
# ``INSERT … SELECT`` of them, as SQLAlchemy keeps no compiled form of a multi-row ``VALUES``), so two rows
# are one statement sent straight rather than a batch through SQLAlchemy's executemany.
_history_table = StageHistory.__table__


def _first_times(count: int) -> sa.Select | sa.CompoundSelect:
    rows = [sa.select(sa.bindparam("user_id", type_=sa.Integer()), sa.bindparam(f"stage_{n}", type_=sa.String()),
                      sa.bindparam("event_type", type_=sa.String()), sa.bindparam("reached_at", type_=UtcDateTime()))
            for n in range(count)]
    return sa.union_all(*rows) if count > 1 else rows[0]


_KEEP_FIRST_TIMES = {
    (name, count): insert(_history_table).from_select(["user_id", "stage", "event_type", "reached_at"],
                                                      _first_times(count)).on_conflict_do_nothing()
    for name, insert in (("sqlite", sqlite.insert), ("postgresql", postgresql.insert)) for count in (1, 2)}


def _move_keeping_first_times(count: int, *, paid_order: bool = False) -> sa.Select:
    """PostgreSQL: the move and the first times it reaches in one statement (one round trip where a move
    took two), answering how many users it moved (0 or 1).  The history is written from the move's own
    ``RETURNING``, so a move that missed writes none, as the two statements did.  ``paid_order``: the paid
    order (parameters ``user_id``, ``paid_order_id`` and ``reached_at``) kept unless kept before, whether or
    not the move is made."""
    moved = _MOVE.returning(_user.c.id.label("user_id")).cte("moved")
    rows = [sa.select(moved.c.user_id, sa.bindparam(f"stage_{n}", type_=sa.String()),
                      sa.bindparam("event_type", type_=sa.String()), sa.bindparam("reached_at", type_=UtcDateTime()))
            for n in range(count)]
    first_times = sa.union_all(*rows) if count > 1 else rows[0]
    kept = (postgresql.insert(_history_table)
            .from_select(["user_id", "stage", "event_type", "reached_at"], first_times)
            .on_conflict_do_nothing().cte("kept"))
    answer = sa.select(sa.func.count()).select_from(moved).add_cte(kept)
    if paid_order:
        kept_order = (postgresql.insert(_paid_order).values(
            user_id=sa.bindparam("user_id"), order_id=sa.bindparam("paid_order_id", type_=sa.Integer()),
            paid_at=sa.bindparam("reached_at", type_=UtcDateTime())).on_conflict_do_nothing().cte("kept_order"))
        answer = answer.add_cte(kept_order)
    return answer


_MOVE_KEEPING_FIRST_TIMES = {count: _move_keeping_first_times(count) for count in (1, 2)}
_MOVE_KEEPING_PAID_ORDER = _move_keeping_first_times(1, paid_order=True)


def _reach_at_once(count: int) -> sa.Select:
    """PostgreSQL: ``reach_by_id`` in one statement, where the stage's read and the move took two.  The user
    is moved to ``to_stage`` only from a stage below it (``below_last``, the stages ranked lower), and the
    first time of each reached stage ``stage_<n>`` is kept when the stage read before the move ranks below
    it (``below_<n>``), as ``stages.steps`` decides.  Answers the stage read (every part of a statement reads
    the table as it was when the statement began) and whether the user was moved; no row: no such user.

    A concurrent move between the read and the update is seen by the update alone (it waits for the row's
    lock, then checks its condition again on what was committed): it moves the user only when they are
    still below ``to_stage``, and the stages kept from the earlier read were then kept by that move too —
    ``ON CONFLICT DO NOTHING`` keeps its times."""
    below = postgresql.ARRAY(sa.String())
    moved = (sa.update(_user).where(_user.c.id == sa.bindparam("user_id"),
                                    _user.c.stage == sa.any_(sa.bindparam("below_last", type_=below)))
             .values(stage=sa.bindparam("to_stage")).returning(_user.c.id.label("user_id")).cte("moved"))
    before = sa.select(_user.c.stage).where(_user.c.id == sa.bindparam("user_id")).cte("before")
    rows = [sa.select(moved.c.user_id, sa.bindparam(f"stage_{n}", type_=sa.String()),
                      sa.bindparam("event_type", type_=sa.String()), sa.bindparam("reached_at", type_=UtcDateTime()))
            .select_from(moved.join(before, sa.true()))
            .where(before.c.stage == sa.any_(sa.bindparam(f"below_{n}", type_=below)))
            for n in range(count)]
    first_times = sa.union_all(*rows) if count > 1 else rows[0]
    kept = (postgresql.insert(_history_table)
            .from_select(["user_id", "stage", "event_type", "reached_at"], first_times)
            .on_conflict_do_nothing().cte("kept"))
    was_moved = sa.exists(sa.select(moved.c.user_id)).label("moved")
    return sa.select(before.c.stage, was_moved).add_cte(kept)


_REACH_AT_ONCE = {count: _reach_at_once(count) for count in (1, 2)}


def _below(stage: str) -> list[str]:
    return list(stages.STAGES[:stages.rank(stage)])


async def _stage_of(session: AsyncSession, user_id: int, event_type: str, *, lock: bool = False) -> str:
    """The user's stage; with ``lock``, the user locked for this transaction where the database can, against
    every other change of their row."""
    stage = (await execute(session, _LOCKED_STAGE if lock else _STAGE, {"user_id": user_id})).scalar()
    if stage is None:
        raise LookupError(f"{event_type} names user {user_id}, who is unknown here")
    return stage


async def _history(session: AsyncSession, user_id: int, reached: list[str], *, event_type: str,
                   at: datetime) -> None:
    """Keep when each stage was first reached: a row already there is the earlier first time."""
    keep = _KEEP_FIRST_TIMES.get((dialect_name(session), len(reached)))
    if keep is None:
        await insert_new(session, StageHistory, [{"user_id": user_id, "stage": stage, "event_type": event_type,
                                                  "reached_at": at} for stage in reached])
        return
    await execute(session, keep, {"user_id": user_id, "event_type": event_type, "reached_at": at,
                                  **{f"stage_{n}": stage for n, stage in enumerate(reached)}})


async def reach(session: AsyncSession, user: User, stage: stages.Stage, *, event_type: str,
                at: datetime) -> bool:
    """Move ``user`` to ``stage`` when it is beyond theirs (does not commit); False when nothing changed."""
    if stages.advance(user.stage, stage) == user.stage:
        return False
    user.stage = stage
    session.add(user)
    await session.flush()
    await _history(session, user.id, [stage], event_type=event_type, at=at)
    return True


async def _move(session: AsyncSession, user_id: int, seen: str, moved: list[str], *, event_type: str,
                at: datetime) -> bool:
    """Move the user from ``seen`` through ``moved`` (to the last of them), only while their stage is still
    ``seen``: False when another event moved them meanwhile, and what to do must be decided again."""
    together = _MOVE_KEEPING_FIRST_TIMES.get(len(moved)) if dialect_name(session) == "postgresql" else None
    if together is not None:
        return (await execute(session, together, {
            "user_id": user_id, "seen": seen, "to_stage": moved[-1], "event_type": event_type, "reached_at": at,
            **{f"stage_{n}": stage for n, stage in enumerate(moved)}})).scalar_one() == 1
    changed = await execute(session, _MOVE, {"user_id": user_id, "seen": seen, "to_stage": moved[-1]})
    if changed.rowcount != 1:
        return False
    await _history(session, user_id, moved, event_type=event_type, at=at)
    return True


async def reach_by_id(session: AsyncSession, user_id: int, *reached: stages.Stage, event_type: str,
                      at: datetime) -> bool:
    """Move the user through ``reached`` (lowest first).  A stage never goes back, so a user already at or
    beyond the last of them needs no change — and no lock: most events come from users long past them.
    The move is made only from the stage it was decided on; when another event moved the user in between,
    it is decided again with the user locked.  On PostgreSQL the read and the move go as one statement
    (``_reach_at_once``)."""
    at_once = _REACH_AT_ONCE.get(len(reached)) if dialect_name(session) == "postgresql" else None
    if at_once is not None:
        found = (await execute(session, at_once, {
            "user_id": user_id, "to_stage": reached[-1], "below_last": _below(reached[-1]), "event_type": event_type,
            "reached_at": at, **{f"stage_{n}": stage for n, stage in enumerate(reached)},
            **{f"below_{n}": _below(stage) for n, stage in enumerate(reached)}})).first()
        if found is None:
            raise LookupError(f"{event_type} names user {user_id}, who is unknown here")
        if found.moved:
            return True
        if not stages.steps(found.stage, reached):
            return False
        # The stage read called for a move the update did not make: another event moved the user meanwhile.
    else:
        current = await _stage_of(session, user_id, event_type)
        moved = stages.steps(current, reached)
        if not moved:
            return False
        if await _move(session, user_id, current, moved, event_type=event_type, at=at):
            return True
    current = await _stage_of(session, user_id, event_type, lock=True)
    moved = stages.steps(current, reached)
    return bool(moved) and await _move(session, user_id, current, moved, event_type=event_type, at=at)


async def _paid_orders_besides(session: AsyncSession, user_id: int, order_id: int) -> int:
    return int((await execute(session, _PAID_ORDERS_BESIDES, {"user_id": user_id, "order_id": order_id})).scalar_one())


async def paid(session: AsyncSession, *, user_id: int, order_id: int, paid_at: datetime, event_type: str) -> bool:
    """Keep the paid order once, then move the buyer to ``buyer`` or ``loyal`` by their distinct paid orders.
    A user already loyal (or beyond) is where no count of paid orders can move them: nothing is kept.

    The stage and the buyer's other paid orders are read in one go, and the stage is moved only while it is
    still the one read: a payment that counts always moves the stage, so one applied meanwhile makes the move
    miss.  Then — or when this order was counted before — it is decided again with the buyer locked, so two
    payments at once never both miss the other."""
    top = stages.after_paid_orders(stages.LOYAL_AFTER_PAID_ORDERS)
    found = (await execute(session, _STAGE_AND_PAID_ORDERS_BESIDES,
                           {"user_id": user_id, "order_id": order_id})).first()
    if found is None:
        raise LookupError(f"{event_type} names user {user_id}, who is unknown here")
    current, earlier = found
    if stages.advance(current, top) != top:
        return False
    moved = stages.steps(current, [stages.after_paid_orders(int(earlier) + 1)])
    kept = False
    if len(moved) == 1 and dialect_name(session) == "postgresql":
        # The paid order kept by the move's own statement: held to the end instead, it was sent alone before
        # the next event's read of the paid orders, or before the commit.
        changed = (await execute(session, _MOVE_KEEPING_PAID_ORDER, {
            "user_id": user_id, "seen": current, "to_stage": moved[0], "event_type": event_type,
            "reached_at": paid_at, "stage_0": moved[0], "paid_order_id": order_id})).scalar_one() == 1
        kept = True
    else:
        changed = bool(moved) and await _move(session, user_id, current, moved, event_type=event_type, at=paid_at)
    if not changed:
        current = await _stage_of(session, user_id, event_type, lock=True)
        earlier = await _paid_orders_besides(session, user_id, order_id)
        moved = stages.steps(current, [stages.after_paid_orders(earlier + 1)])
        changed = bool(moved) and await _move(session, user_id, current, moved, event_type=event_type,
                                              at=paid_at)
    if not kept:
        # Nobody reads it back here: on PostgreSQL it goes with the transaction's next statement.
        await defer_new(session, PaidOrder, {"user_id": user_id, "order_id": order_id, "paid_at": paid_at})
    return changed


async def funnel(*, session: AsyncSession, community_id: int | None = None) -> Funnel:
    """Users at each stage, every stage listed: a community's members, or everyone."""
    query = select(User.stage, sa.func.count()).group_by(User.stage)
    if community_id is not None:
        if await session.get(Community, community_id) is None:
            raise not_found("community", community_id)
        query = query.join(CommunityMember, CommunityMember.user_id == User.id).where(
            CommunityMember.community_id == community_id)
    counts = {stage: int(count) for stage, count in (await session.exec(query)).all()}
    return Funnel(community_id=community_id, total=sum(counts.values()),
                  stages=[StageCount(stage=stage, count=counts.get(stage, 0)) for stage in stages.STAGES])
