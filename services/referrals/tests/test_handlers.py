"""Referrals' event handlers, applied in-process to this run's referrals database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from common.db import Database
from common.events import Envelope
from common.events.membership import UserRegistered
from services.referrals.handlers import give_new_user_a_code
from services.referrals.models import ReferralCode


async def test_a_new_user_gets_one_code_however_often_the_event_comes(unit_databases):
    db = Database.connect(unit_databases.format(service="referrals"))
    event = UserRegistered(user_id=31337, registered_at=datetime.now(UTC))
    try:
        for _ in range(3):  # as the consumer applies it (session-free), and once as a session would
            async with db.transaction() as tx:
                await give_new_user_a_code(tx, event, Envelope.of(event))
                await tx.commit()
        async with db.write_sessions() as session:
            await give_new_user_a_code(session, event, Envelope.of(event))
            await session.commit()
        async with db.read_sessions() as session:
            codes = (await session.exec(select(ReferralCode).where(ReferralCode.user_id == 31337))).all()
    finally:
        await db.dispose()
    assert len(codes) == 1 and len(codes[0].code) == 6
