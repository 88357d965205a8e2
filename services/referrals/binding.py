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
  kept on the referrer's ``referral_user`` row and moved by one under its lock as each row is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.events.orders import OrderConfirmed
from common.events.referrals import RefereeConfirmed, RefereePaid, ReferralBound, ReferralShared
from common.outbox import defer, execute
from common.problems import Problem
from common.transaction import dialect_name
from common.upsert import insert_if_new
from services.referrals import bind_sources, ledger
from services.referrals.config import BindingSettings
from services.referrals.domain.codes import normalise
from services.referrals.domain.rules import RuleSet
from services.referrals.models import ConfirmedReferee, ReferralCode, ReferralUser, events
from services.referrals.schemas import Binding, BindSourceIn

BIND_LOCK_KEY = 0x5EF_B1D  # pg_advisory_xact_lock key serialising binds
MAX_DEPTH = 10_000  # a walk longer than this means the tree is broken

_USER: sa.Table = ReferralUser.__table__  # type: ignore[attr-defined]
_CODE: sa.Table = ReferralCode.__table__  # type: ignore[attr-defined]
_CONFIRMED: sa.Table = ConfirmedReferee.__table__  # type: ignore[attr-defined]


async def _serialise_binds(session: AsyncSession) -> None:
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await execute(session, sa.select(sa.func.pg_advisory_xact_lock(BIND_LOCK_KEY)))


@dataclass(frozen=True)
class UserState:
    """What a user's row says, read under its lock: the hot paths need these columns, never the object."""

    referrer_id: int | None
    first_seen_at: datetime
    bound_at: datetime | None
    first_paid_order_id: int | None
    first_confirmed_order_id: int | None


_LOCK_USER = sa.select(_USER.c.referrer_id, _USER.c.first_seen_at, _USER.c.bound_at, _USER.c.first_paid_order_id,
                       _USER.c.first_confirmed_order_id) \
    .where(_USER.c.user_id == sa.bindparam("user", type_=_USER.c.user_id.type)).with_for_update()


async def locked_user(session: AsyncSession, user_id: int, *, seen_at: datetime | None = None,
                      made_with: Mapping[str, Any] | None = None) -> tuple[UserState, bool]:
    """The user's row, made when missing (with the columns ``made_with`` gives besides), locked for this
    transaction (does not commit); True when this call made it."""
    found = (await execute(session, _LOCK_USER, {"user": user_id})).first()
    if found is not None:
        return UserState(*found), False
    row = {**(made_with or {}), "user_id": user_id, "first_seen_at": seen_at or now()}
    if await insert_if_new(session, ReferralUser, row):  # the new row is locked by its insert
        return UserState(None, row["first_seen_at"], None, row.get("first_paid_order_id"),
                         row.get("first_confirmed_order_id")), True
    # Made concurrently: the insert waited for it, the select now sees it.
    return UserState(*(await execute(session, _LOCK_USER, {"user": user_id})).one()), False


async def note_registration(session: AsyncSession, user_id: int, registered_at: datetime) -> None:
    """The binding window starts at registration (idempotent; does not commit)."""
    if await insert_if_new(session, ReferralUser, {"user_id": user_id, "first_seen_at": registered_at}):
        return  # the usual case: the event is the first referrals hears of the user
    # Seen first by an order event or a bind: the window starts at the earlier moment.
    await execute(session, sa.update(_USER).where(_USER.c.user_id == user_id, _USER.c.first_seen_at > registered_at)
                  .values(first_seen_at=registered_at))


async def _would_cycle(session: AsyncSession, user_id: int, referrer_id: int) -> bool:
    current: int | None = referrer_id
    for _ in range(MAX_DEPTH):
        if current is None:
            return False
        if current == user_id:
            return True
        current = (await execute(session, sa.select(_USER.c.referrer_id)
                                 .where(_USER.c.user_id == current))).scalar_one_or_none()
    return True


def _problem(status: int, code: str, detail: str) -> Problem:
    return Problem(status, code, detail)


async def bind(*, session: AsyncSession, settings: BindingSettings, user_id: int, code: str,
               source: BindSourceIn | None = None) -> Binding:
    """Bind ``user_id`` to the owner of ``code`` and commit."""
    normalised = normalise(code)
    referrer_id = (await execute(session, sa.select(_CODE.c.user_id).where(_CODE.c.code == normalised))) \
        .scalar_one_or_none()
    if referrer_id is None:
        raise _problem(422, "unknown_referral_code", f"no referral code {normalised}")
    if referrer_id == user_id:
        raise _problem(422, "self_referral", "a user cannot be bound to their own code")
    await _serialise_binds(session)
    row, _ = await locked_user(session, user_id)
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
    await execute(session, sa.update(_USER).where(_USER.c.user_id == user_id)
                  .values(referrer_id=referrer_id, bound_at=at))
    await events.publish(session, ReferralBound(user_id=user_id, referrer_id=referrer_id, bound_at=at))
    await bind_sources.record(session, user_id=user_id, referrer_id=referrer_id, source=source, at=at)
    answer = Binding(referrer_code=normalised, bound_at=at)
    await session.commit()
    return answer


async def share(*, session: AsyncSession, user_id: int) -> None:
    await events.publish(session, ReferralShared(user_id=user_id, shared_at=now()))
    await session.commit()


def _first_orders(*columns: str) -> sa.Update:
    """Record a user's first orders (parameters ``user`` and the given columns), built once per set of columns."""
    return sa.update(_USER).where(_USER.c.user_id == sa.bindparam("user", type_=_USER.c.user_id.type)).values(
        {name: sa.bindparam(name, type_=_USER.c[name].type) for name in columns})


_PAID = ("first_paid_order_id", "first_paid_at")
_CONFIRMED_ORDER = ("first_confirmed_order_id", "first_confirmed_at")
_RECORD_FIRST = {(True, False): _first_orders(*_PAID), (False, True): _first_orders(*_CONFIRMED_ORDER),
                 (True, True): _first_orders(*_PAID, *_CONFIRMED_ORDER)}


def _lock_and_record(*, confirmed: bool) -> sa.Select:
    """PostgreSQL: the user's row locked and read, and their first paid order (parameters ``user``,
    ``paid_order``, ``paid_at``; with ``confirmed``, also ``confirmed_order`` and ``confirmed_at``) recorded
    where none is, in one statement: the read and the write were two round trips.  Answers the row as the
    lock found it, before the write (no row: the user has none yet).

    The read locks the row first and, when it had to wait, answers the version the lock's holder committed;
    the update of the same row, which this transaction now holds, writes only what is still unrecorded."""
    locked = sa.select(_USER.c.user_id, *_LOCK_USER.selected_columns) \
        .where(_USER.c.user_id == sa.bindparam("user", type_=_USER.c.user_id.type)).with_for_update().cte("locked")

    def first(column: str, value: str, when_missing: str) -> Any:
        return sa.case((_USER.c[when_missing].is_(None), sa.bindparam(value, type_=_USER.c[column].type)),
                       else_=_USER.c[column])

    values = {"first_paid_order_id": first("first_paid_order_id", "paid_order", "first_paid_order_id"),
              "first_paid_at": first("first_paid_at", "paid_at", "first_paid_order_id")}
    unrecorded = locked.c.first_paid_order_id.is_(None)
    if confirmed:
        values |= {"first_confirmed_order_id": first("first_confirmed_order_id", "confirmed_order",
                                                     "first_confirmed_order_id"),
                   "first_confirmed_at": first("first_confirmed_at", "confirmed_at", "first_confirmed_order_id")}
        unrecorded = sa.or_(unrecorded, locked.c.first_confirmed_order_id.is_(None))
    # The row named by its key as well as by the join with the read, so its plan does not rest on how many
    # rows the planner guesses the read gives (``tests/test_query_plans.py`` checks it on an empty table).
    by_key = _USER.c.user_id == sa.bindparam("user", type_=_USER.c.user_id.type)
    recorded = sa.update(_USER).where(by_key, _USER.c.user_id == locked.c.user_id, unrecorded).values(values) \
        .returning(_USER.c.user_id).cte("recorded")
    return sa.select(*(locked.c[column.name] for column in _LOCK_USER.selected_columns)).add_cte(recorded)


_LOCK_AND_RECORD = {confirmed: _lock_and_record(confirmed=confirmed) for confirmed in (False, True)}


async def _record_orders(session: AsyncSession, user_id: int, *, paid: tuple[int, datetime],
                         confirmed: tuple[int, datetime] | None = None) -> UserState:
    """The user's first paid order (and with ``confirmed``, first confirmed order), each recorded once,
    in one write under the user's lock; the referrer is told of the first payment.  Answers the row as
    it was before."""
    order_id, paid_at = paid
    if dialect_name(session) == "postgresql":
        params: dict[str, Any] = {"user": user_id, "paid_order": order_id, "paid_at": paid_at}
        if confirmed is not None:
            params |= {"confirmed_order": confirmed[0], "confirmed_at": confirmed[1]}
        found = (await execute(session, _LOCK_AND_RECORD[confirmed is not None], params)).first()
        if found is not None:
            row = UserState(*found)
            if row.first_paid_order_id is None and row.referrer_id is not None:
                # Nobody reads it back here: it goes with the transaction's next statement.
                await events.publish(session, RefereePaid(referrer_id=row.referrer_id, referee_id=user_id,
                                                          paid_at=paid_at))
            return row
    first = {"first_paid_order_id": order_id, "first_paid_at": paid_at}
    if confirmed is not None:
        first |= {"first_confirmed_order_id": confirmed[0], "first_confirmed_at": confirmed[1]}
    row, made = await locked_user(session, user_id, seen_at=paid_at, made_with=first)
    if made:
        return UserState(None, row.first_seen_at, None, None, None)  # a new row has no referrer to tell
    record_paid = row.first_paid_order_id is None
    record_confirmed = confirmed is not None and row.first_confirmed_order_id is None
    if record_paid and row.referrer_id is not None:
        await events.publish(session, RefereePaid(referrer_id=row.referrer_id, referee_id=user_id, paid_at=paid_at))
    if record_paid or record_confirmed:  # else both are recorded already: nothing to write
        values: dict[str, Any] = {"user": user_id}
        if record_paid:
            values |= {"first_paid_order_id": order_id, "first_paid_at": paid_at}
        if record_confirmed:
            values |= {"first_confirmed_order_id": first["first_confirmed_order_id"],
                       "first_confirmed_at": first["first_confirmed_at"]}
        # Nobody reads its answer: on PostgreSQL it goes with the referrer's event, in one round trip.
        await defer(session, _RECORD_FIRST[record_paid, record_confirmed], values)
    return row


async def record_paid(session: AsyncSession, user_id: int, order_id: int, paid_at: datetime) -> None:
    """Record the user's first paid order once; tell their referrer (idempotent; does not commit)."""
    await _record_orders(session, user_id, paid=(order_id, paid_at))


# The referee's row unless they have one (each column a parameter of its name); a row back when written.
_CONFIRM_REFEREE = {name: dialect.insert(_CONFIRMED).on_conflict_do_nothing().returning(_CONFIRMED.c.referee_id)
                    for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))}
# The referrer's count, one more, answered: kept on their row, under whose lock it is written, rather than
# counted over their referees at each confirmation (a partner's thousands, read whole every time).
_COUNT_REFEREE = (sa.update(_USER).where(_USER.c.user_id == sa.bindparam("referrer", type_=_USER.c.user_id.type))
                  .values(confirmed_referees=_USER.c.confirmed_referees + 1).returning(_USER.c.confirmed_referees))


def _confirm_and_count() -> sa.Update:
    """PostgreSQL: the referee's row and the referrer's count in one statement (one round trip where two
    were): the count goes up only when the row was written, and the count is answered then — no row back
    when the referee was counted before, as the insert answered none."""
    written = (postgresql.insert(_CONFIRMED)
               .values({name: sa.bindparam(f"confirmed_{name}", type_=_CONFIRMED.c[name].type)
                        for name in ("referee_id", "referrer_id", "order_id", "confirmed_at")})
               .on_conflict_do_nothing().returning(_CONFIRMED.c.referee_id).cte("written"))
    return _COUNT_REFEREE.where(sa.exists(sa.select(written.c.referee_id)))


_CONFIRM_AND_COUNT = _confirm_and_count()


async def record_confirmed(session: AsyncSession, event: OrderConfirmed,
                           default: RuleSet) -> tuple[int, RuleSet, str] | None:
    """The user's first confirmed order, once: counted for their referrer (idempotent; does not commit).
    When this call counted the referee (the moment for the new-member reward), answers the referrer with
    what their reward is decided by: the rules in force when the order was paid, and their level now."""
    before = await _record_orders(session, event.user_id, paid=(event.order_id, event.paid_at),
                                  confirmed=(event.order_id, event.confirmed_at))
    if before.first_confirmed_order_id is not None or before.referrer_id is None:
        return None
    referrer_id = before.referrer_id
    # Concurrent confirmations of its referees count one by one, under the referrer's lock.
    terms = await ledger.locked_reward_terms(session, referrer_id, event.paid_at, default)
    if terms is None:  # referrals has no row for the referrer yet
        await locked_user(session, referrer_id)
        terms = await ledger.reward_terms(session, referrer_id, event.paid_at, default)
    confirmation = dict(referee_id=event.user_id, referrer_id=referrer_id, order_id=event.order_id,
                        confirmed_at=event.confirmed_at)
    if dialect_name(session) == "postgresql":
        counted = (await execute(session, _CONFIRM_AND_COUNT, {"referrer": referrer_id} | {
            f"confirmed_{name}": value for name, value in confirmation.items()})).scalar()
        if counted is None:
            return None
    else:
        written = (await execute(session, _CONFIRM_REFEREE[dialect_name(session)], confirmation)).first()
        if written is None:
            return None
        counted = (await execute(session, _COUNT_REFEREE, {"referrer": referrer_id})).scalar_one()
    await events.publish(session, RefereeConfirmed(referrer_id=referrer_id, referee_id=event.user_id,
                                                   confirmed_referees=int(counted), confirmed_at=event.confirmed_at))
    return referrer_id, *terms
