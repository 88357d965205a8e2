"""Queueing a message per recipient: a group's few buyers and a crowd beyond the statements kept per count of
recipients end the same — one row per user, a consent spent by those who hold one, and nothing again when
the event comes again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from common.db import Database
from common.events import Envelope
from common.events.orders import GroupTierReached
from services.membership.config import Settings
from services.membership.models import ReachMessage, SubscriptionConsent
from services.membership.subscriptions import _KEPT_QUEUE_STATEMENTS, queue
from services.membership.tests.test_stages import new_id, new_user


@pytest.fixture
async def db(unit_databases) -> AsyncIterator[Database]:
    database = Database.connect(unit_databases.format(service="membership"))
    yield database
    await database.dispose()


@pytest.mark.parametrize("buyers", [1, 4, _KEPT_QUEUE_STATEMENTS + 6])
async def test_every_buyer_is_queued_once_and_spends_one_consent(db, buyers):
    settings = Settings(mode="dev").reach
    users = [await new_user(db) for _ in range(buyers)]
    consenting = users[::2]
    async with db.write_sessions() as session:
        for user_id in consenting:
            session.add(SubscriptionConsent(user_id=user_id, scene="group_tier", available=1))
        await session.commit()
    group_id = new_id()
    event = GroupTierReached(group_id=group_id, activity_id=new_id(), threshold=2, unit_price_fen=900, count=buyers,
                             next_threshold=None, next_unit_price_fen=None, needed=None,
                             participant_ids=[*reversed(users), users[0]], closes_at=None, reached_at=datetime.now(UTC))
    envelope = Envelope.of(event)
    queued = []
    for _ in range(2):
        async with db.write_sessions() as session:
            queued.append(await queue(session, envelope, settings=settings, user_ids=event.participant_ids,
                                      scene="group_tier", values={"amount1": "9.00元"},
                                      page=f"pages/group/index?id={group_id}"))
            await session.commit()
    assert queued == [sorted(users), []]
    async with db.read_sessions() as session:
        rows = (await session.exec(select(ReachMessage.user_id, ReachMessage.status, ReachMessage.data)
                                   .where(ReachMessage.event_id == str(envelope.id))
                                   .order_by(col(ReachMessage.id)))).all()
        left = (await session.exec(select(SubscriptionConsent.available)
                                   .where(col(SubscriptionConsent.user_id).in_(users)))).all()
    assert [(user_id, status) for user_id, status, _ in rows] == [
        (user_id, "pending" if user_id in consenting else "no_consent") for user_id in sorted(users)]
    assert all(data == {"amount1": {"value": "9.00元"}} for _, _, data in rows)
    assert left == [0] * len(consenting)
