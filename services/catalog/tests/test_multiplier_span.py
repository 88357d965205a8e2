"""The reward multiplier comes with the span around the moment asked in which no promotion day starts or
ends, so referrals can answer later moments of the span without asking again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.catalog.models import PromotionDay

DAY = datetime(2031, 3, 5, 16, 0, tzinfo=UTC)  # far from any other test's promotion days


async def _ask(api, as_service, at: datetime) -> dict:
    answer = await api.get("/internal/promotions/multiplier", params={"at": at.isoformat()}, auth=as_service)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_the_multiplier_holds_between_the_promotion_days_edges(api, as_service, catalog):
    async with catalog.state.db.write_sessions() as session:
        session.add(PromotionDay(starts_at=DAY, ends_at=DAY + timedelta(days=1), reward_multiplier=3))
        session.add(PromotionDay(starts_at=DAY + timedelta(days=3), ends_at=DAY + timedelta(days=4),
                                 reward_multiplier=2))
        await session.commit()
    during = await _ask(api, as_service, DAY + timedelta(hours=5))
    assert during["reward_multiplier"] == 3
    assert datetime.fromisoformat(during["steady_from"]) == DAY
    assert datetime.fromisoformat(during["steady_until"]) == DAY + timedelta(days=1)
    between = await _ask(api, as_service, DAY + timedelta(days=2))
    assert between["reward_multiplier"] == 1
    assert datetime.fromisoformat(between["steady_from"]) == DAY + timedelta(days=1)
    assert datetime.fromisoformat(between["steady_until"]) == DAY + timedelta(days=3)
    at_the_start = await _ask(api, as_service, DAY + timedelta(days=3))
    assert at_the_start["reward_multiplier"] == 2
    assert datetime.fromisoformat(at_the_start["steady_from"]) == DAY + timedelta(days=3)
    after = await _ask(api, as_service, DAY + timedelta(days=9))
    assert after["reward_multiplier"] == 1 and after["steady_until"] is None
    assert datetime.fromisoformat(after["steady_from"]) == DAY + timedelta(days=4)


async def test_referrals_asks_catalog_once_per_span(api, as_service, catalog, infra, unit_databases):
    """Referrals' client answers moments inside a span it was told from memory, and asks again outside it."""
    from common.testing.apps import service_settings
    from services.referrals.clients import Clients
    from services.referrals.config import Settings as ReferralSettings

    asked: list[str] = []

    async def count(request) -> None:
        asked.append(request.url.params["at"])

    api.event_hooks["request"].append(count)
    try:
        clients = Clients(api, service_settings(ReferralSettings, infra, unit_databases))
        base = datetime(2029, 6, 1, 16, 0, tzinfo=UTC)  # before the other test's days, not between them
        async with catalog.state.db.write_sessions() as session:
            session.add(PromotionDay(starts_at=base, ends_at=base + timedelta(hours=6), reward_multiplier=4))
            await session.commit()
        inside = [await clients.reward_multiplier(base + timedelta(hours=h)) for h in (1, 2, 3, 5)]
        assert inside == [4, 4, 4, 4] and len(asked) == 1
        assert await clients.reward_multiplier(base + timedelta(hours=7)) == 1 and len(asked) == 2
        assert await clients.reward_multiplier(base + timedelta(hours=2)) == 4 and len(asked) == 3
    finally:
        api.event_hooks["request"].remove(count)
