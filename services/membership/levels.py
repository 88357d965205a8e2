"""Membership levels: who moves up, and every change kept in the level history.

Rules:
- growth: after an earning, the user moves to the highest level whose ``growth_threshold`` their growth
  total reaches, when it is above their level;
- bundle: a confirmed gift pack (``grants_level``) moves its buyer up to that level, when it is higher;
- referrals: when ``confirmed_referees`` (direct referees with a confirmed order, an absolute count) reaches
  a level's ``referrals_threshold``, the referrer moves up to the highest such level, when it is higher;
- manual: ops set any level by hand, with a note.
Nothing moves a user down on its own (a refund's reversal never does).  Every change writes a
``level_history`` row and publishes ``level.changed`` in the same transaction.
"""

from __future__ import annotations

import logging
from typing import Literal, NamedTuple

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.events.membership import LevelChanged
from common.outbox import execute
from common.problems import Problem, not_found
from services.membership.models import LedgerEntry, Level, LevelHistory, User, events

log = logging.getLogger("groupbuy.membership.levels")

Reason = Literal["growth", "bundle", "referrals", "manual"]


class Member(NamedTuple):
    """What the level rules read of a user: read as columns, as the rules never need the whole row."""

    id: int
    level: str


class LevelRule(NamedTuple):
    """One row of the levels table, as the rules read it."""

    code: str
    rank: int
    growth_threshold: int
    points_rate_permille: int
    referrals_threshold: int | None


# Every confirmed order reads the levels and its buyer, and may write a change: the statements are built
# once, as building one and working out its cache key costs more than running it.
_user = User.__table__
_level = Level.__table__
_ledger = LedgerEntry.__table__
_RULE_COLUMNS = (_level.c.code, _level.c.rank, _level.c.growth_threshold, _level.c.points_rate_permille,
                 _level.c.referrals_threshold)
# The user's row is locked ``FOR NO KEY UPDATE`` (as an ``UPDATE`` of it locks it), here and wherever membership
# serialises changes of a user: a full ``FOR UPDATE`` also holds back every write of a row that points at the
# user (its foreign key's check takes a key share), and two consumer groups deadlocked on it — one holding the
# buyer for a level change while inserting a paid order, the other inserting the same paid order.
_LOCKED_MEMBER = (sa.select(_user.c.id, _user.c.level).where(_user.c.id == sa.bindparam("user_id"))
                  .with_for_update(key_share=True))
_LOCKED_MEMBER_WITH_LEVELS = (sa.select(_user.c.id, _user.c.level, *_RULE_COLUMNS)
                              .select_from(_user.outerjoin(_level, sa.true()))
                              .where(_user.c.id == sa.bindparam("user_id"))
                              .order_by(_level.c.rank).with_for_update(of=_user, key_share=True))
_LEVELS = sa.select(*_RULE_COLUMNS).order_by(_level.c.rank)
_LEVELS_AND_USER_LEVEL = sa.select(*_RULE_COLUMNS, sa.select(_user.c.level).where(
    _user.c.id == sa.bindparam("user_id")).scalar_subquery().label("user_level")).order_by(_level.c.rank)
_GROWTH_TOTAL = (sa.select(sa.func.coalesce(sa.func.sum(_ledger.c.growth), 0))
                 .where(_ledger.c.user_id == sa.bindparam("user_id")))
_SET_LEVEL = sa.update(_user).where(_user.c.id == sa.bindparam("user_id")).values(level=sa.bindparam("to_level"))
_KEEP_CHANGE = sa.insert(LevelHistory.__table__)


def _rule(row: sa.Row) -> LevelRule:
    return LevelRule(row.code, row.rank, row.growth_threshold, row.points_rate_permille, row.referrals_threshold)


async def locked_user(session: AsyncSession, user_id: int) -> User | None:
    """The user, locked for this transaction where the database can (level changes do not race)."""
    return (await session.exec(select(User).where(User.id == user_id).with_for_update(key_share=True))).first()


async def locked_member(session: AsyncSession, user_id: int) -> Member | None:
    """The user's id and level, locked as ``locked_user`` does."""
    row = (await execute(session, _LOCKED_MEMBER, {"user_id": user_id})).first()
    return None if row is None else Member(row.id, row.level)


async def locked_user_with_levels(session: AsyncSession, user_id: int) -> tuple[Member | None, list[LevelRule]]:
    """The user, locked as ``locked_user`` does, and the levels in order, in one query (an earning needs
    both)."""
    rows = (await execute(session, _LOCKED_MEMBER_WITH_LEVELS, {"user_id": user_id})).all()
    if not rows:
        return None, []
    return Member(rows[0].id, rows[0].level), [_rule(row) for row in rows if row.code is not None]


async def growth_total(session: AsyncSession, user_id: int) -> int:
    return int((await execute(session, _GROWTH_TOTAL, {"user_id": user_id})).scalar_one())


async def ordered_levels(session: AsyncSession) -> list[LevelRule]:
    return [_rule(row) for row in (await execute(session, _LEVELS)).all()]


def _rank(levels: list[LevelRule], code: str) -> int:
    return next((level.rank for level in levels if level.code == code), -1)


async def change_level(session: AsyncSession, user: Member, to_level: str, *, reason: Reason,
                       order_id: int | None = None, actor_user_id: int | None = None, note: str = "") -> bool:
    """Set ``user``'s level, with its history row and ``level.changed``; False when it is already that.  The
    row is changed by a statement: a ``User`` of the session keeps the level it was read with."""
    if user.level == to_level:
        return False
    changed_at = now()
    await execute(session, _KEEP_CHANGE, {
        "user_id": user.id, "from_level": user.level, "to_level": to_level, "reason": reason, "order_id": order_id,
        "actor_user_id": actor_user_id, "note": note, "changed_at": changed_at})
    await events.publish(session, LevelChanged(user_id=user.id, from_level=user.level, to_level=to_level,
                                               reason=reason, changed_at=changed_at))
    await execute(session, _SET_LEVEL, {"user_id": user.id, "to_level": to_level})
    return True


async def upgrade_after_order(session: AsyncSession, user: Member, *, order_id: int, grants_level: str | None,
                              ordered: list[LevelRule] | None = None, growth: int | None = None) -> bool:
    """Move ``user`` up once for a confirmed order: to the higher of what their growth reaches and what the
    order's gift pack grants (a tie counts as the bundle).  Never down.  ``ordered`` (the levels) and
    ``growth`` (the user's total, this order's earning included): when the caller has read them already."""
    levels = ordered if ordered is not None else await ordered_levels(session)
    if growth is None:
        growth = await growth_total(session, user.id)
    reached = [level for level in levels if level.growth_threshold <= growth]
    target, reason = (reached[-1].code, "growth") if reached else (user.level, "growth")
    if grants_level is not None:
        if _rank(levels, grants_level) < 0:
            log.warning("order %s grants unknown level %r; ignored", order_id, grants_level)
        elif _rank(levels, grants_level) >= _rank(levels, target):
            target, reason = grants_level, "bundle"
    if _rank(levels, target) <= _rank(levels, user.level):
        return False
    return await change_level(session, user, target, reason=reason, order_id=order_id)


def _referrals_reach(levels: list[LevelRule], current: str, confirmed_referees: int) -> LevelRule | None:
    """The level ``confirmed_referees`` take a user at ``current`` up to; None when it is no higher."""
    reached = [level for level in levels
               if level.referrals_threshold is not None and level.referrals_threshold <= confirmed_referees]
    if not reached or reached[-1].rank <= _rank(levels, current):
        return None
    return reached[-1]


async def upgrade_for_referrals(session: AsyncSession, user: Member, *, confirmed_referees: int,
                                ordered: list[LevelRule] | None = None) -> bool:
    """Move ``user`` up to the highest level whose ``referrals_threshold`` their confirmed referees reach.
    The count is absolute, so applying it again changes nothing; never down.  ``ordered``: the levels, when
    the caller has read them already."""
    levels = ordered if ordered is not None else await ordered_levels(session)
    target = _referrals_reach(levels, user.level, confirmed_referees)
    if target is None:
        return False
    return await change_level(session, user, target.code, reason="referrals",
                              note=f"{confirmed_referees} direct referees with a confirmed order")


async def upgrade_referrer(session: AsyncSession, *, referrer_id: int, confirmed_referees: int) -> bool:
    """The referral rule for a referrer named by an event.  Most counts take the referrer no higher, and then
    nothing is locked: the levels and the referrer's level are read together, and the referrer is locked
    (and the rule applied again) only when the count moves them up."""
    found = (await execute(session, _LEVELS_AND_USER_LEVEL, {"user_id": referrer_id})).all()
    levels = [_rule(row) for row in found]
    if found:
        current = found[0].user_level
        if current is None:
            raise LookupError(f"referral.referee_confirmed names referrer {referrer_id}, who is unknown here")
        if _referrals_reach(levels, current, confirmed_referees) is None:
            return False
    referrer = await locked_member(session, referrer_id)
    if referrer is None:
        raise LookupError(f"referral.referee_confirmed names referrer {referrer_id}, who is unknown here")
    return await upgrade_for_referrals(session, referrer, confirmed_referees=confirmed_referees, ordered=levels)


async def set_by_hand(session: AsyncSession, *, user_id: int, level: str, note: str, actor_user_id: int) -> None:
    """Ops set a user's level (up or down) with a note; the change is kept with who made it."""
    user = await locked_member(session, user_id)
    if user is None:
        raise not_found("user", user_id)
    if await session.get(Level, level) is None:
        raise Problem(422, "unknown_level", f"There is no level {level!r}")
    await change_level(session, user, level, reason="manual", actor_user_id=actor_user_id, note=note)
    await session.commit()
