"""The migration that keeps a referrer's count of confirmed referees on their row starts each referrer at
the rows they already have."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from common.migrations import upgrade

AT = datetime(2026, 12, 1, tzinfo=UTC)


def test_existing_referrers_start_from_their_confirmed_referees(infra):
    url = infra.database_template("referee_count", migrate=False).format(service="referrals")
    upgrade("referrals", url, "9d4b2f7a1c3e")

    async def before() -> None:
        engine = create_async_engine(url)
        at = sa.bindparam("at", type_=sa.DateTime(timezone=True))
        try:
            async with engine.begin() as conn:
                for user in (1, 2, 3, 4, 5):
                    await conn.execute(sa.text("INSERT INTO referral_user (user_id, first_seen_at, referrer_id) "
                                               "VALUES (:user, :at, :referrer)").bindparams(at),
                                       {"user": user, "at": AT,
                                        "referrer": None if user == 1 else 1})
                for referee in (2, 3, 4):
                    await conn.execute(sa.text("INSERT INTO referral_confirmed_referee (referee_id, referrer_id, "
                                               "order_id, confirmed_at) VALUES (:referee, 1, :order, :at)")
                                       .bindparams(at), {"referee": referee, "order": 100 + referee, "at": AT})
        finally:
            await engine.dispose()

    async def after() -> dict[int, int]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                rows = await conn.execute(sa.text("SELECT user_id, confirmed_referees FROM referral_user"))
                return {int(user): int(count) for user, count in rows.all()}
        finally:
            await engine.dispose()

    asyncio.run(before())
    upgrade("referrals", url)
    assert asyncio.run(after()) == {1: 3, 2: 0, 3: 0, 4: 0, 5: 0}

