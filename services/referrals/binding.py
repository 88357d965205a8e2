"""The referral tree: binding a user to a referrer, and what the tree learns from orders.

Rules:
- a user is bound with a referrer's code, per ``settings.binding.mode`` (see ``config.BindingSettings``);
  binding again to the same referrer changes nothing and answers as the first time;
- never to oneself (422 ``self_referral``), never making a cycle (422 ``referral_cycle``); an unknown
  code is 422 ``unknown_referral_code``;
- after the user's first paid order the binding is locked (409 ``binding_locked``; in ``anytime`` mode
  a user who is not bound yet may still be bound); a second referrer where the first bind wins is 409
  ``already_bound``; past the window of ``valid_days`` is 409 ``binding_expired``;
- binds are serialised (a transaction-wide advisory lock on PostgreSQL; SQLite writers are serialised
  anyway), so the walk up the referrer chain that refuses cycles sees every earlier bind;
- every user's ``referral_user`` row is their lock: a bind and the user's order events take it, so a
  bind and a first payment never miss each other;
- the first ``order.paid`` (or ``order.confirmed``, if it comes first) of a user is recorded once;
  when the user is bound then, ``referral.referee_paid`` goes to the direct referrer;
- the first ``order.confirmed`` of a bound user adds one ``referral_confirmed_referee`` row (one per
  referee) and publishes ``referral.referee_confirmed`` with the exact count of the referrer's rows,
  counted under the referrer's lock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.events.orders import OrderConfirmed
from common.events.referrals import RefereeConfirmed, RefereePaid, ReferralBound, ReferralShared
from common.problems import Problem
from common.upsert import insert_if_new
from services.referrals import bind_sources
from services.referrals.config import BindingSettings
from services.referrals.domain.codes import normalise
from services.referrals.models import ConfirmedReferee, ReferralCode, ReferralUser, events
from services.referrals.schemas import Binding, BindSourceIn

BIND_LOCK_KEY = 0x5EF_B1D  # pg_advisory_xact_lock key serialising binds
MAX_DEPTH = 10_000  # a walk longer than this means the tree is broken


async def _serialise_binds(session: AsyncSession) -> None:
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await session.exec(sa.select(sa.func.pg_advisory_xact_lock(BIND_LOCK_KEY)))


async def locked_user(session: AsyncSession, user_id: int, *, seen_at: datetime | None = None) -> ReferralUser:
    """The user's row, made when missing, locked for this transaction (does not commit)."""
    query = select(ReferralUser).where(ReferralUser.user_id == user_id).with_for_update() \
        .execution_options(populate_existing=True)
    row = (await session.exec(query)).first()
    if row is not None:
        return row
    try:
        async with session.begin_nested():
            session.add(ReferralUser(user_id=user_id, first_seen_at=seen_at or now()))
    except sa.exc.IntegrityError:
        pass  # made concurrently: the select below waits for it
    return (await session.exec(query)).one()


async def note_registration(session: AsyncSession, user_id: int, registered_at: datetime) -> None:
    """The binding window starts at registration (idempotent; does not commit)."""
    row = await locked_user(session, user_id, seen_at=registered_at)
    if registered_at < row.first_seen_at:
        row.first_seen_at = registered_at
        session.add(row)
    await session.flush()


async def _would_cycle(session: AsyncSession, user_id: int, referrer_id: int) -> bool:
    current: int | None = referrer_id
    for _ in range(MAX_DEPTH):
        if current is None:
            return False
        if current == user_id:
            return True
        current = (await session.exec(select(ReferralUser.referrer_id)
                                      .where(ReferralUser.user_id == current))).first()
    return True


def _problem(status: int, code: str, detail: str) -> Problem:
    return Problem(status, code, detail)


async def bind(*, session: AsyncSession, settings: BindingSettings, user_id: int, code: str,
               source: BindSourceIn | None = None) -> Binding:
    """Bind ``user_id`` to the owner of ``code`` and commit."""
    normalised = normalise(code)
    owner = await session.get(ReferralCode, normalised)
    if owner is None:
        raise _problem(422, "unknown_referral_code", f"no referral code {normalised}")
    referrer_id = owner.user_id
    if referrer_id == user_id:
        raise _problem(422, "self_referral", "a user cannot be bound to their own code")
    await _serialise_binds(session)
    row = await locked_user(session, user_id)
    if row.referrer_id == referrer_id:
        answer = Binding(referrer_code=normalised, bound_at=row.bound_at)
        await session.commit()
        return answer
    if row.first_paid_order_id is not None and settings.mode != "anytime":
        raise _problem(409, "binding_locked", "the binding is fixed once the user has paid for an order")
    if row.referrer_id is not None and settings.mode != "override":
        raise _problem(409, "already_bound", "the user is already bound to a referrer")
    at = now()
    if settings.valid_days is not None and at > row.first_seen_at + timedelta(days=settings.valid_days):
        raise _problem(409, "binding_expired",
                       f"a user can be bound within {settings.valid_days} days of registering")
    if await _would_cycle(session, user_id, referrer_id):
        raise _problem(422, "referral_cycle", "the referrer is already below this user in the referral tree")
    row.referrer_id = referrer_id
    row.bound_at = at
    session.add(row)
    await events.publish(session, ReferralBound(user_id=user_id, referrer_id=referrer_id, bound_at=at))
    await bind_sources.record(session, user_id=user_id, referrer_id=referrer_id, source=source, at=at)
    answer = Binding(referrer_code=normalised, bound_at=at)
    await session.commit()
    return answer


async def share(*, session: AsyncSession, user_id: int) -> None:
    await events.publish(session, ReferralShared(user_id=user_id, shared_at=now()))
    await session.commit()


async def record_paid(session: AsyncSession, user_id: int, order_id: int, paid_at: datetime) -> ReferralUser:
    """Record the user's first paid order once; tell their referrer (idempotent; does not commit)."""
    row = await locked_user(session, user_id, seen_at=paid_at)
    if row.first_paid_order_id is not None:
        return row
    row.first_paid_order_id = order_id
    row.first_paid_at = paid_at
    session.add(row)
    if row.referrer_id is not None:
        await events.publish(session, RefereePaid(referrer_id=row.referrer_id, referee_id=user_id, paid_at=paid_at))
    await session.flush()
    return row


async def record_confirmed(session: AsyncSession, event: OrderConfirmed) -> int | None:
    """The user's first confirmed order, once: counted for their referrer (idempotent; does not commit).
    Answers the referrer when this call counted the referee (the moment for the new-member reward)."""
    row = await record_paid(session, event.user_id, event.order_id, event.paid_at)
    if row.first_confirmed_order_id is not None:
        return None
    row.first_confirmed_order_id = event.order_id
    row.first_confirmed_at = event.confirmed_at
    session.add(row)
    await session.flush()
    if row.referrer_id is None:
        return None
    referrer_id = row.referrer_id
    await locked_user(session, referrer_id)  # concurrent confirmations of its referees count one by one
    if not await insert_if_new(session, ConfirmedReferee, dict(
            referee_id=event.user_id, referrer_id=referrer_id, order_id=event.order_id,
            confirmed_at=event.confirmed_at)):
        return None
    count = (await session.exec(select(sa.func.count()).select_from(ConfirmedReferee)
                                .where(ConfirmedReferee.referrer_id == referrer_id))).one()
    await events.publish(session, RefereeConfirmed(referrer_id=referrer_id, referee_id=event.user_id,
                                                   confirmed_referees=int(count), confirmed_at=event.confirmed_at))
    return referrer_id
