"""Subscription consents and the messages the event stream makes of them.

- The mini-program asks consent with ``wx.requestSubscribeMessage`` and reports WeChat's answer as it
  came, per template id: ``POST /v1/users/me/subscriptions {"results": {"<template id>": "accept"}}``.
  Each ``accept`` adds one consent of that scene; ``reject`` changes nothing (the earlier consents
  still stand); ``ban`` (the user turned the messages off) drops them all.
- Events, in their own consumer group (``membership-reach``, so a slow WeChat never delays membership's
  own handling), become rows of ``reach_message`` in the handler's transaction: a row per recipient,
  spending one consent as it is queued, or a ``no_consent`` row that only the log sees.  The row's key
  (event id, user, scene) and the consumer's inbox make a redelivered event queue nothing again.
- ``reach_sender`` sends the rows apart from the stream, with retries; ops read every row through
  ``GET /v1/users/reach-messages``.

Which events reach whom (``group.tier_reached``, ``group.closed``, ``order.shipped``, ``order.arrived``,
``order.uncollected``, ``order.refunded`` from orders; ``rebate.credited``, ``withdrawal.paid`` from
referrals, whose stream this group reads too):
- a tier reached: every buyer in the group at that moment;
- a group closed: its buyers who paid, from the ``group_buyer`` read model (``order.placed``) and
  ``paid_order`` (``order.paid``; kept here for a group's orders whatever the buyer's stage), both fed by
  the stream (seconds behind);
- goods shipped (with the day and the community's pickup point), goods arrived (with the pickup point),
  goods left uncollected, a refund: the order's buyer.  An order shipped by its arrival report
  (``at_arrival``) gets only the arrival message: both would come at the same moment;
- an earning made available (a rebate, a leader's commission, a new-member reward), a withdrawal paid:
  its earner.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import CurrentUser, require_role
from common.clock import now
from common.consumer import Handlers
from common.db import SessionDep, WriteSessionDep
from common.events import Envelope
from common.events.orders import (
    GroupClosed,
    GroupTierReached,
    OrderArrived,
    OrderPaid,
    OrderPlaced,
    OrderRefunded,
    OrderShipped,
    OrderUncollected,
)
from common.events.referrals import RebateCredited, WithdrawalPaid
from common.models import UtcDateTime
from common.outbox import execute
from common.pagination import ListOrder, Page, PageDep, paginate
from common.problems import Problem
from common.transaction import dialect_name
from common.upsert import defer_new, insert_new
from services.membership.config import ReachSettings, Settings
from services.membership.domain import reach
from services.membership.models import Community, GroupBuyer, PaidOrder, ReachMessage, SubscriptionConsent

CONSUMER_GROUP = "membership-reach"
QUEUE_CHUNK = 500

# The statements events run (one or more per order), built once: building a statement and working out its
# cache key cost more than running it.
_consent = SubscriptionConsent.__table__
_message = ReachMessage.__table__
_group_buyer = GroupBuyer.__table__
_paid_order = PaidOrder.__table__
_SPEND_CONSENTS = (
    sa.update(_consent)
    .where(_consent.c.user_id.in_(sa.bindparam("recipients", expanding=True)),
           _consent.c.scene == sa.bindparam("for_scene"), _consent.c.available > 0)
    .values(available=_consent.c.available - 1, updated_at=sa.bindparam("at"))
    .returning(_consent.c.user_id))
_RELEASE_MESSAGES = (
    sa.update(_message)
    .where(_message.c.event_id == sa.bindparam("for_event"), _message.c.scene == sa.bindparam("for_scene"),
           _message.c.user_id.in_(sa.bindparam("recipients", expanding=True)))
    .values(status="pending", last_error=None, next_attempt_at=sa.bindparam("released")))
# Each of the group's buyers looked up in ``paid_order`` by its whole key (user, order).  As a join, a
# planner without statistics priced a hash join over every paid order ever as the cheaper (thousands of
# rows, each group close); ``OFFSET`` keeps PostgreSQL from turning the ``EXISTS`` into that join, so it
# stays one key look-up per buyer of the group (``tests/test_query_plans.py``).
_IS_PAID = (sa.select(sa.literal(1)).select_from(_paid_order)
            .where(_paid_order.c.user_id == _group_buyer.c.user_id, _paid_order.c.order_id == _group_buyer.c.order_id)
            .offset(0).exists())
_PAID_GROUP_BUYERS = (sa.select(_group_buyer.c.user_id).distinct()
                      .where(_group_buyer.c.group_id == sa.bindparam("group_id"), _IS_PAID))
# A group buyer's payment, copied from their ``group_buyer`` row (none: not a group's order) in one statement;
# ``ON CONFLICT DO NOTHING`` is spelt per database.
_GROUP_PAYMENT = (sa.select(_group_buyer.c.user_id, _group_buyer.c.order_id,
                            sa.bindparam("paid_when", type_=UtcDateTime()))
                  .where(_group_buyer.c.order_id == sa.bindparam("paid_order"),
                         _group_buyer.c.user_id == sa.bindparam("buyer")))
_KEEP_GROUP_PAYMENT = {
    name: insert(_paid_order).from_select(["user_id", "order_id", "paid_at"], _GROUP_PAYMENT).on_conflict_do_nothing()
    for name, insert in (("sqlite", sqlite.insert), ("postgresql", postgresql.insert))}
_PICKUP_POINT = sa.select(Community.__table__.c.pickup_point).where(
    Community.__table__.c.id == sa.bindparam("community_id"))
# A message per recipient, the rows alike but for the user: one statement per count of recipients and
# database, made the first time that count is queued and kept.  Its parameters are the one row's values and
# the users, so it goes straight to the driver, where rows given as a batch went through SQLAlchemy's
# executemany and the processing of every value of every row.  The rows are an ``INSERT … SELECT`` of them:
# SQLAlchemy keeps no compiled form of a multi-row ``VALUES``, and would compile it again on every run.
_ALIKE_COLUMNS = ("event_id", "event_type", "scene", "template_id", "page", "data", "status", "attempts",
                  "last_error", "created_at", "next_attempt_at", "give_up_at")
_QUEUE_STATEMENTS: dict[tuple[str, int], Any] = {}
_KEPT_QUEUE_STATEMENTS = 64  # the counts of recipients kept (a group's buyers); a larger one goes as a batch


def _queue_statement(dialect: str, count: int) -> Any:
    statement = _QUEUE_STATEMENTS.get((dialect, count))
    if statement is None:
        rows = [sa.select(*(sa.bindparam(name, type_=_message.c[name].type) for name in _ALIKE_COLUMNS),
                          sa.bindparam(f"user_{n}", type_=sa.Integer())) for n in range(count)]
        insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
        statement = (insert(_message).from_select([*_ALIKE_COLUMNS, "user_id"],
                                                  sa.union_all(*rows) if count > 1 else rows[0])
                     .on_conflict_do_nothing().returning(_message.c.user_id))
        statement = _QUEUE_STATEMENTS.setdefault((dialect, count), statement)
    return statement


async def _queue_rows(session: AsyncSession, alike: dict[str, Any], user_ids: list[int]) -> list[int]:
    """Insert the message of each user (``alike`` the rest of the row), skipping those queued before: the users
    written."""
    dialect = dialect_name(session)
    if len(user_ids) > _KEPT_QUEUE_STATEMENTS or dialect not in ("sqlite", "postgresql"):
        rows = [{**alike, "user_id": user_id} for user_id in user_ids]
        return [user_id for (user_id,) in await insert_new(session, ReachMessage, rows, returning=("user_id",))]
    params = {**alike, **{f"user_{n}": user_id for n, user_id in enumerate(user_ids)}}
    return list((await execute(session, _queue_statement(dialect, len(user_ids)), params)).scalars().all())


# ``_SPEND_CONSENTS`` for a given count of recipients, one parameter each, kept as the messages' statements
# are: an expanding ``IN`` is rewritten for its values on every run.
_SPEND_STATEMENTS: dict[int, Any] = {}


def _spend_statement(count: int) -> Any:
    statement = _SPEND_STATEMENTS.get(count)
    if statement is None:
        users = [sa.bindparam(f"user_{n}", type_=sa.Integer()) for n in range(count)]
        statement = (sa.update(_consent)
                     .where(_consent.c.user_id.in_(users), _consent.c.scene == sa.bindparam("for_scene"),
                            _consent.c.available > 0)
                     .values(available=_consent.c.available - 1, updated_at=sa.bindparam("at"))
                     .returning(_consent.c.user_id))
        statement = _SPEND_STATEMENTS.setdefault(count, statement)
    return statement


async def _spend_consents(session: AsyncSession, user_ids: list[int], scene: str, at: datetime) -> list[int]:
    """Spend one consent of ``scene`` of each user who holds one: those users."""
    if len(user_ids) > _KEPT_QUEUE_STATEMENTS:
        return list((await execute(session, _SPEND_CONSENTS,
                                   {"recipients": user_ids, "for_scene": scene, "at": at})).scalars().all())
    params = {"for_scene": scene, "at": at, **{f"user_{n}": user_id for n, user_id in enumerate(user_ids)}}
    return list((await execute(session, _spend_statement(len(user_ids)), params)).scalars().all())


# --- schemas ------------------------------------------------------------------------------------


class ConsentReport(BaseModel):
    """``wx.requestSubscribeMessage``'s answer, as the mini-program received it."""

    model_config = ConfigDict(extra="forbid")

    results: dict[Annotated[str, Field(min_length=1, max_length=64)],
                  Literal["accept", "reject", "ban", "filter"]] = Field(min_length=1, max_length=20)


class SceneConsent(BaseModel):
    scene: str
    template_id: str = Field(description="What to pass to wx.requestSubscribeMessage for this scene")
    available: int = Field(description="Messages of this scene the user has consented to and not yet received")


class MyConsents(BaseModel):
    scenes: list[SceneConsent]


class ReachMessagePublic(BaseModel):
    id: int
    event_id: str
    event_type: str
    user_id: int
    scene: str
    template_id: str
    page: str
    status: str
    attempts: int
    errcode: int | None
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None


# --- consents -----------------------------------------------------------------------------------


async def my_consents(*, session: AsyncSession, settings: ReachSettings, user_id: int) -> MyConsents:
    held = dict((await session.exec(select(SubscriptionConsent.scene, SubscriptionConsent.available)
                                    .where(SubscriptionConsent.user_id == user_id))).all())
    return MyConsents(scenes=[SceneConsent(scene=scene, template_id=template, available=held.get(scene, 0))
                              for scene, template in sorted(settings.templates.items())])


async def _change(session: AsyncSession, user_id: int, scene: str, *, add: int | None) -> None:
    """Add ``add`` consents, or (``add`` None) drop them all; atomic under concurrent reports."""
    current = now()
    values = {"available": SubscriptionConsent.available + add if add is not None else 0, "updated_at": current}
    where = (col(SubscriptionConsent.user_id) == user_id, col(SubscriptionConsent.scene) == scene)
    changed = await session.exec(sa.update(SubscriptionConsent).where(*where).values(**values))
    if changed.rowcount:
        return
    try:
        async with session.begin_nested():
            session.add(SubscriptionConsent(user_id=user_id, scene=scene, available=add or 0, updated_at=current))
    except sa.exc.IntegrityError:  # made by a concurrent report: change that one
        await session.exec(sa.update(SubscriptionConsent).where(*where).values(**values))


async def report_consents(*, session: AsyncSession, settings: ReachSettings, user_id: int,
                          report: ConsentReport) -> MyConsents:
    scenes = {template: scene for scene, template in settings.templates.items()}
    unknown = sorted(set(report.results) - set(scenes))
    if unknown:
        raise Problem(422, "unknown_template", f"not a template of this mini-program: {', '.join(unknown)}")
    for template, answer in sorted(report.results.items()):
        if answer == "accept":
            await _change(session, user_id, scenes[template], add=1)
        elif answer == "ban":
            await _change(session, user_id, scenes[template], add=None)
    await session.commit()
    return await my_consents(session=session, settings=settings, user_id=user_id)


# --- queueing messages from events ----------------------------------------------------------------


async def queue(session: AsyncSession, envelope: Envelope, *, settings: ReachSettings, user_ids: Iterable[int],
                scene: str, values: dict[str, str], page: str) -> list[int]:
    """Queue one message per user (in the handler's transaction), each spending one of that user's consents;
    the users it was queued for, leaving out those it was queued for before for this event.

    The rows go in first, each ``no_consent``: the row's key says which are new, and only those spend a
    consent (one statement for all of them) and turn ``pending``."""
    current = now()
    template = settings.templates.get(scene, "")
    released = reach.send_at(current, scene, start_hour=settings.quiet_start_hour, end_hour=settings.quiet_end_hour)
    recipients = sorted(set(user_ids))
    queued: list[int] = []
    # What every recipient's row says alike, worked out once for the event (a group's tier reaches each buyer).
    event_id = str(envelope.id)
    alike = {"event_id": event_id, "event_type": envelope.type, "scene": scene, "template_id": template, "page": page,
             "data": reach.field_values(values), "status": "no_consent", "attempts": 0,
             "last_error": "no consent" if template else "no template configured for the scene",
             "created_at": current, "next_attempt_at": None,
             "give_up_at": current + timedelta(seconds=settings.retry_window_s)}
    for start in range(0, len(recipients), QUEUE_CHUNK):  # a crowded group stays within the statement's limits
        new = await _queue_rows(session, alike, recipients[start:start + QUEUE_CHUNK])
        queued += new
        if not template or not new:
            continue
        spent = await _spend_consents(session, new, scene, current)
        if spent:
            await execute(session, _RELEASE_MESSAGES, {"for_event": event_id, "for_scene": scene,
                                                       "recipients": list(spent), "released": released})
    return sorted(queued)


async def _pickup_point(session: AsyncSession, community_id: int | None) -> str:
    """Where the order's community collects its goods; a generic "pickup point" when it has none (any more)."""
    found = (await execute(session, _PICKUP_POINT, {"community_id": community_id})).scalar() if community_id else None
    return found if found is not None else "自提点"


def reach_handlers_for(settings: Settings) -> Handlers:
    # Every handler here writes Core statements only (``execute``, ``insert_new``): a batch goes in a
    # transaction without a session.
    found = Handlers()
    config = settings.reach

    @found.on(GroupTierReached, session_free=True)
    async def tier_reached(session: AsyncSession, event: GroupTierReached, envelope: Envelope) -> None:
        values = reach.tier_message(unit_price_fen=event.unit_price_fen, needed=event.needed,
                                    next_unit_price_fen=event.next_unit_price_fen)
        await queue(session, envelope, settings=config, user_ids=event.participant_ids, scene="group_tier",
                    values=values, page=f"{reach.SCENES['group_tier'].page}?id={event.group_id}")

    @found.on(OrderPlaced, session_free=True)
    async def note_group_buyer(session: AsyncSession, event: OrderPlaced, _envelope: Envelope) -> None:
        if event.group_id is not None:
            # Nobody reads it back here: on PostgreSQL it goes with what the batch sends next.
            await defer_new(session, GroupBuyer, {"order_id": event.order_id, "group_id": event.group_id,
                                                  "user_id": event.user_id})

    @found.on(OrderPaid, session_free=True)
    async def note_group_payment(session: AsyncSession, event: OrderPaid, _envelope: Envelope) -> None:
        """A group buyer's payment, kept whatever their stage: the lifecycle keeps a paid order only while
        it can still move the buyer (not beyond ``loyal``), and ``group.closed`` reaches those who paid.
        Only an activity's order can be a group's: a plain order's payment is no statement at all."""
        if event.activity_id is None:
            return
        keep = _KEEP_GROUP_PAYMENT[dialect_name(session)]
        await execute(session, keep, {"paid_order": event.order_id, "buyer": event.user_id, "paid_when": event.paid_at})

    @found.on(GroupClosed, session_free=True)
    async def group_closed(session: AsyncSession, event: GroupClosed, envelope: Envelope) -> None:
        scene = "group_succeeded" if event.succeeded else "group_failed"
        buyers = (await execute(session, _PAID_GROUP_BUYERS, {"group_id": event.group_id})).scalars().all()
        values = reach.group_closed_message(succeeded=event.succeeded, closed_at=event.closed_at,
                                            final_unit_price_fen=event.final_unit_price_fen)
        await queue(session, envelope, settings=config, user_ids=buyers, scene=scene, values=values,
                    page=f"{reach.SCENES[scene].page}?id={event.group_id}")

    @found.on(OrderRefunded, session_free=True)
    async def refunded(session: AsyncSession, event: OrderRefunded, envelope: Envelope) -> None:
        await queue(session, envelope, settings=config, user_ids=[event.user_id], scene="refund_paid",
                    values={"amount1": reach.yuan(event.amount_fen), "time2": reach.business_time(event.refunded_at)},
                    page=f"{reach.SCENES['refund_paid'].page}?id={event.order_id}")

    @found.on(OrderUncollected, session_free=True)
    async def uncollected(session: AsyncSession, event: OrderUncollected, envelope: Envelope) -> None:
        await queue(session, envelope, settings=config, user_ids=[event.user_id], scene="order_uncollected",
                    values={"character_string1": event.order_no[:32],
                            "thing2": reach.thing("商品待取，请尽快到自提点取货")},
                    page=f"{reach.SCENES['order_uncollected'].page}?id={event.order_id}")

    @found.on(OrderArrived, session_free=True)
    async def arrived(session: AsyncSession, event: OrderArrived, envelope: Envelope) -> None:
        where = await _pickup_point(session, event.community_id)
        await queue(session, envelope, settings=config, user_ids=[event.user_id], scene="order_arrived",
                    values={"character_string1": event.order_no[:32], "thing2": reach.thing(f"已到货，请到{where}取货"),
                            "time3": reach.business_time(event.arrived_at)},
                    page=f"{reach.SCENES['order_arrived'].page}?id={event.order_id}")

    @found.on(OrderShipped, session_free=True)
    async def shipped(session: AsyncSession, event: OrderShipped, envelope: Envelope) -> None:
        if event.at_arrival:
            return  # order.arrived, in the same transaction, tells the buyer more
        values = reach.shipped_message(order_no=event.order_no, delivery_date=event.delivery_date,
                                       pickup_point=await _pickup_point(session, event.community_id),
                                       shipped_at=event.shipped_at)
        await queue(session, envelope, settings=config, user_ids=[event.user_id], scene="order_shipped",
                    values=values, page=f"{reach.SCENES['order_shipped'].page}?id={event.order_id}")

    @found.on(RebateCredited, session_free=True)
    async def credited(session: AsyncSession, event: RebateCredited, envelope: Envelope) -> None:
        values = reach.credited_message(kind=event.kind, amount_fen=event.amount_fen, credited_at=event.credited_at)
        await queue(session, envelope, settings=config, user_ids=[event.user_id], scene="rebate_credited",
                    values=values, page=reach.SCENES["rebate_credited"].page)

    @found.on(WithdrawalPaid, session_free=True)
    async def withdrawal_paid(session: AsyncSession, event: WithdrawalPaid, envelope: Envelope) -> None:
        values = reach.withdrawal_paid_message(payout_fen=event.payout_fen, paid_at=event.paid_at)
        await queue(session, envelope, settings=config, user_ids=[event.user_id], scene="withdrawal_paid",
                    values=values, page=f"{reach.SCENES['withdrawal_paid'].page}?id={event.withdrawal_id}")

    return found


def reach_handlers(app: object) -> Handlers:
    """``consumer_hook``'s form: the handlers of the app's settings."""
    return reach_handlers_for(app.state.settings)  # type: ignore[attr-defined]


# --- routes -------------------------------------------------------------------------------------

consents = APIRouter(prefix="/v1/users/me/subscriptions", tags=["users"])
ops_log = APIRouter(prefix="/v1/users/reach-messages", tags=["users"], dependencies=[require_role("ops", "admin")])


@consents.get("", operation_id="users_my_subscriptions", response_model=MyConsents)
async def get_my_consents(user: CurrentUser, session: SessionDep, request: Request) -> MyConsents:
    """The message scenes, their template ids (to ask consent with), and the consents the caller holds."""
    return await my_consents(session=session, settings=request.app.state.settings.reach, user_id=user.user_id)


@consents.post("", operation_id="users_report_subscriptions", response_model=MyConsents)
async def post_my_consents(body: ConsentReport, user: CurrentUser, session: WriteSessionDep,
                           request: Request) -> MyConsents:
    """Report ``wx.requestSubscribeMessage``'s answer: each ``accept`` allows one message of its scene."""
    return await report_consents(session=session, settings=request.app.state.settings.reach,
                                 user_id=user.user_id, report=body)


@ops_log.get("", operation_id="users_reach_messages", response_model=Page[ReachMessagePublic])
async def list_messages(session: SessionDep, page: PageDep,
                        user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                        status: Annotated[str | None, Query(max_length=16)] = None,
                        order: ListOrder = "desc") -> Page[ReachMessagePublic]:
    """Every subscription message (ops): queued, sent, refused, without consent, failed — newest first
    (``order=asc``: oldest first)."""
    query = select(ReachMessage)
    if user_id is not None:
        query = query.where(ReachMessage.user_id == user_id)
    if status is not None:
        query = query.where(ReachMessage.status == status)
    return await paginate(session, query, key=col(ReachMessage.id), page=page, descending=order == "desc",
                          public=lambda row: ReachMessagePublic.model_validate(row, from_attributes=True))


routers = [consents, ops_log]
