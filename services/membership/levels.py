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
from typing import Literal

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.events.membership import LevelChanged
from common.problems import Problem, not_found
from services.membership.models import LedgerEntry, Level, LevelHistory, User, events

log = logging.getLogger("groupbuy.membership.levels")

Reason = Literal["growth", "bundle", "referrals", "manual"]


async def locked_user(session: AsyncSession, user_id: int) -> User | None:
    """The user, locked for this transaction where the database can (level changes do not race)."""
    return (await session.exec(select(User).where(User.id == user_id).with_for_update())).first()


async def locked_user_with_levels(session: AsyncSession, user_id: int) -> tuple[User | None, list[Level]]:
    """The user, locked as ``locked_user`` does, and the levels in order, in one query (an earning needs
    both)."""
    rows = (await session.exec(select(User, Level).outerjoin(Level, sa.true()).where(User.id == user_id)
                                .order_by(col(Level.rank)).with_for_update(of=User))).all()
    if not rows:
        return None, []
    return rows[0][0], [level for _, level in rows if level is not None]


async def growth_total(session: AsyncSession, user_id: int) -> int:
    total = await session.exec(select(sa.func.coalesce(sa.func.sum(LedgerEntry.growth), 0))
                               .where(LedgerEntry.user_id == user_id))
    return int(total.one())


async def ordered_levels(session: AsyncSession) -> list[Level]:
    return list((await session.exec(select(Level).order_by(col(Level.rank)))).all())


def _rank(levels: list[Level], code: str) -> int:
    return next((level.rank for level in levels if level.code == code), -1)


async def change_level(session: AsyncSession, user: User, to_level: str, *, reason: Reason,
                       order_id: int | None = None, actor_user_id: int | None = None, note: str = "") -> bool:
    """Set ``user``'s level, with its history row and ``level.changed``; False when it is already that."""
    if user.level == to_level:
        return False
    changed_at = now()
    session.add(LevelHistory(user_id=user.id, from_level=user.level, to_level=to_level, reason=reason,
                             order_id=order_id, actor_user_id=actor_user_id, note=note, changed_at=changed_at))
    await events.publish(session, LevelChanged(user_id=user.id, from_level=user.level, to_level=to_level,
                                               reason=reason, changed_at=changed_at))
    user.level = to_level
    session.add(user)
    await session.flush()
    return True


async def upgrade_after_order(session: AsyncSession, user: User, *, order_id: int, grants_level: str | None,
                              ordered: list[Level] | None = None, growth: int | None = None) -> bool:
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


def _referrals_reach(levels: list[Level], current: str, confirmed_referees: int) -> Level | None:
    """The level ``confirmed_referees`` take a user at ``current`` up to; None when it is no higher."""
    reached = [level for level in levels
               if level.referrals_threshold is not None and level.referrals_threshold <= confirmed_referees]
    if not reached or reached[-1].rank <= _rank(levels, current):
        return None
    return reached[-1]


async def upgrade_for_referrals(session: AsyncSession, user: User, *, confirmed_referees: int,
                                ordered: list[Level] | None = None) -> bool:
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
    found = (await session.exec(select(Level, select(User.level).where(User.id == referrer_id).scalar_subquery())
                                .order_by(col(Level.rank)))).all()
    levels = [level for level, _ in found]
    if found:
        current = found[0][1]
        if current is None:
            raise LookupError(f"referral.referee_confirmed names referrer {referrer_id}, who is unknown here")
        if _referrals_reach(levels, current, confirmed_referees) is None:
            return False
    referrer = await locked_user(session, referrer_id)
    if referrer is None:
        raise LookupError(f"referral.referee_confirmed names referrer {referrer_id}, who is unknown here")
    return await upgrade_for_referrals(session, referrer, confirmed_referees=confirmed_referees, ordered=levels)


async def set_by_hand(session: AsyncSession, *, user_id: int, level: str, note: str, actor_user_id: int) -> User:
    """Ops set a user's level (up or down) with a note; the change is kept with who made it."""
    user = await locked_user(session, user_id)
    if user is None:
        raise not_found("user", user_id)
    if await session.get(Level, level) is None:
        raise Problem(422, "unknown_level", f"There is no level {level!r}")
    await change_level(session, user, level, reason="manual", actor_user_id=actor_user_id, note=note)
    await session.commit()
    return user
