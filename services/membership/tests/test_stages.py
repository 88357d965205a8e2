"""Lifecycle stages (the funnel) and the referral upgrade rule: the ordering rule alone, then the handlers
against this run's membership database and the funnel through the API."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from common.db import Database
from common.events import Envelope, EventPayload
from common.events.orders import OrderConfirmed, OrderPaid, OrderPlaced
from common.events.referrals import RefereeConfirmed, RefereePaid, ReferralShared
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.membership.config import Settings
from services.membership.domain.stages import STAGES, advance, after_paid_orders, rank
from services.membership.handlers import handlers
from services.membership.main import create_app
from services.membership.models import LevelHistory, StageHistory, User, events

COMMUNITY = {"name": "漏斗花园团", "province": "上海市", "city": "上海市", "district": "徐汇区",
             "estate": "漏斗花园", "building": "", "pickup_point": "南门快递柜"}

_ids = itertools.count(secrets.randbelow(10**6) * 1000 + 1)


def new_id() -> int:
    return next(_ids)


# --- the ordering rule ------------------------------------------------------------------------------


def test_stages_are_ordered_as_the_funnel():
    assert STAGES == ("stranger", "onlooker", "participant", "intent", "quasi_buyer", "buyer", "loyal",
                      "spreader", "recommender")
    assert [rank(stage) for stage in STAGES] == list(range(len(STAGES)))


def test_a_stage_only_moves_forward():
    assert advance("onlooker", "participant") == "participant"
    assert advance("buyer", "participant") == "buyer"
    assert advance("recommender", "spreader") == "recommender"
    assert advance("loyal", "loyal") == "loyal"
    for current, reached in itertools.product(STAGES, STAGES):
        assert rank(advance(current, reached)) == max(rank(current), rank(reached))


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError, match="unknown stage"):
        advance("buyer", "whale")


def test_the_second_paid_order_makes_a_buyer_loyal():
    assert after_paid_orders(1) == "buyer"
    assert after_paid_orders(2) == after_paid_orders(7) == "loyal"
    with pytest.raises(ValueError):
        after_paid_orders(0)


# --- events -----------------------------------------------------------------------------------------


def placed(user_id: int, order_id: int, *, group_id: int | None = None) -> OrderPlaced:
    return OrderPlaced(order_id=order_id, user_id=user_id, kind="ladder" if group_id else "regular",
                       activity_id=new_id() if group_id else None, group_id=group_id, community_id=None,
                       amount_fen=1_000, placed_at=datetime.now(UTC))


def paid(user_id: int, order_id: int) -> OrderPaid:
    return OrderPaid(order_id=order_id, user_id=user_id, sku_id=new_id(), activity_id=None, product_role="regular",
                     quantity=1, unit_price_fen=1_000, amount_fen=1_000, community_id=None, leader_user_id=None,
                     paid_at=datetime.now(UTC))


def shared(user_id: int) -> ReferralShared:
    return ReferralShared(user_id=user_id, shared_at=datetime.now(UTC))


def referee_paid(referrer_id: int, referee_id: int) -> RefereePaid:
    return RefereePaid(referrer_id=referrer_id, referee_id=referee_id, paid_at=datetime.now(UTC))


def referee_confirmed(referrer_id: int, referee_id: int, count: int) -> RefereeConfirmed:
    return RefereeConfirmed(referrer_id=referrer_id, referee_id=referee_id, confirmed_referees=count,
                            confirmed_at=datetime.now(UTC))


def confirmed(user_id: int, order_id: int, settled_fen: int) -> OrderConfirmed:
    at = datetime.now(UTC)
    return OrderConfirmed(order_id=order_id, user_id=user_id, product_role="regular", grants_level=None,
                          community_id=None, leader_user_id=None, paid_amount_fen=settled_fen, paid_at=at,
                          settled_unit_price_fen=settled_fen, settled_amount_fen=settled_fen, confirmed_at=at)


@pytest.fixture
async def db(unit_databases) -> AsyncIterator[Database]:
    database = Database.connect(unit_databases.format(service="membership"))
    yield database
    await database.dispose()


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases, dev_login=True))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


def as_user(app, user_id: int, *roles: str) -> SignedAs:
    return SignedAs(user(user_id, *roles), app.state.settings.internal_key)


async def login(app) -> int:
    answer = await app.state.client.post("/v1/auth/dev-login", json={"openid": f"stage-{secrets.token_hex(6)}"})
    assert answer.status_code == 200, answer.text
    return answer.json()["user"]["id"]


async def new_user(db: Database, level: str = "customer") -> int:
    async with db.write_sessions() as session:
        row = User(openid=f"stage-{secrets.token_hex(8)}", level=level)
        session.add(row)
        await session.commit()
        return row.id


async def apply(db: Database, *payloads: EventPayload) -> None:
    """Each event through its registered handler in its own transaction, as the consumer applies it (without
    the inbox, so a repeated event reaches the handler again)."""
    for payload in payloads:
        found = handlers.get(payload.event_type, payload.event_version)
        assert found is not None, payload.event_type
        _model, handler = found
        async with db.write_sessions() as session:
            await handler(session, payload, Envelope.of(payload))
            await session.commit()


async def funnel(app, path: str) -> dict:
    answer = await app.state.client.get(path, auth=as_user(app, 1, "ops"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [row["stage"] for row in body["stages"]] == list(STAGES)
    assert body["total"] == sum(row["count"] for row in body["stages"])
    return {row["stage"]: row["count"] for row in body["stages"]} | {"total": body["total"]}


async def stage_of(db: Database, user_id: int) -> tuple[str, list[str]]:
    async with db.read_sessions() as session:
        row = await session.get(User, user_id)
        history = (await session.exec(select(StageHistory.stage).where(StageHistory.user_id == user_id)
                                      .order_by(col(StageHistory.reached_at)))).all()
    return row.stage, sorted(history, key=rank)


async def test_a_new_user_is_an_onlooker(app, db):
    before = await funnel(app, "/v1/communities/funnel")
    newcomer = await login(app)
    after = await funnel(app, "/v1/communities/funnel")
    assert after["onlooker"] == before["onlooker"] + 1 and after["total"] == before["total"] + 1
    assert await stage_of(db, newcomer) == ("onlooker", [])


async def test_the_funnel_is_for_ops_and_admins(app):
    api = app.state.client
    ops = await login(app)
    community = (await api.post("/v1/communities", json=COMMUNITY, auth=as_user(app, ops, "ops"))).json()
    for path in ("/v1/communities/funnel", f"/v1/communities/{community['id']}/funnel"):
        assert (await api.get(path, auth=as_user(app, ops))).status_code == 403
        assert (await api.get(path, auth=as_user(app, ops, "leader"))).status_code == 403
        assert (await api.get(path, auth=as_user(app, ops, "admin"))).status_code == 200
    assert (await api.get("/v1/communities/999999999/funnel", auth=as_user(app, ops, "ops"))).status_code == 404
    empty = await funnel(app, f"/v1/communities/{community['id']}/funnel")
    assert set(empty.values()) == {0}


async def test_a_dozen_users_journey_ends_in_exact_funnel_counts(app, db):
    api = app.state.client
    ops = await login(app)
    community = (await api.post("/v1/communities", json=COMMUNITY, auth=as_user(app, ops, "ops"))).json()
    u = [await login(app) for _ in range(12)]
    for member in u[:10]:
        joined = await api.post(f"/v1/communities/{community['id']}/join", auth=as_user(app, member))
        assert joined.status_code == 200, joined.text
    o = [new_id() for _ in range(12)]
    dup_paid, dup_group = paid(u[4], o[4]), placed(u[1], o[1], group_id=new_id())
    await apply(
        db,
        # u0 only joined: participant
        dup_group, dup_group,                                      # u1 joined a group, delivered twice
        placed(u[2], o[2]),                                        # u2 placed a plain order
        paid(u[3], o[3]), placed(u[3], o[3]),                      # u3 paid, then the placement arrives
        dup_paid, dup_paid, dup_paid, placed(u[4], o[4]),          # u4 one order paid three times: not loyal
        paid(u[5], o[5]), paid(u[5], new_id()),                    # u5 two orders: loyal
        paid(u[6], o[6]), paid(u[6], o[6]), paid(u[6], o[7]), placed(u[6], o[8], group_id=new_id()),  # u6 loyal
        shared(u[7]), paid(u[7], o[9]), shared(u[7]),              # u7 shared, paid later: spreader
        paid(u[9], o[10]), referee_paid(u[8], u[9]), shared(u[8]), referee_paid(u[8], u[9]),  # u8 recommender
        paid(u[10], o[11]),                                        # u10 paid, joins later
        shared(u[11]),                                             # u11 shares, in no community
    )
    joined_late = await api.post(f"/v1/communities/{community['id']}/join", auth=as_user(app, u[10]))
    assert joined_late.status_code == 200

    counts = await funnel(app, f"/v1/communities/{community['id']}/funnel")
    assert counts == {"stranger": 0, "onlooker": 0, "participant": 1, "intent": 0, "quasi_buyer": 2,
                      "buyer": 4, "loyal": 2, "spreader": 1, "recommender": 1, "total": 11}
    assert await stage_of(db, u[1]) == ("quasi_buyer", ["participant", "intent", "quasi_buyer"])
    assert await stage_of(db, u[10]) == ("buyer", ["buyer"])
    assert (await stage_of(db, u[11]))[0] == "spreader"
    everyone = await funnel(app, "/v1/communities/funnel")
    assert everyone["total"] >= 13 and everyone["spreader"] >= 2


async def test_an_event_for_an_unknown_user_is_refused(db):
    with pytest.raises(LookupError):
        await apply(db, paid(2**31 - 7, new_id()))


# --- the referral upgrade rule ----------------------------------------------------------------------


async def level_state(db: Database, user_id: int) -> dict:
    async with db.read_sessions() as session:
        row = await session.get(User, user_id)
        history = (await session.exec(select(LevelHistory).where(LevelHistory.user_id == user_id)
                                      .order_by(col(LevelHistory.id)))).all()
        level_events = (await session.exec(
            select(sa.func.count()).select_from(events.outbox)
            .where(events.outbox.c.event_type == "level.changed",
                   events.outbox.c.aggregate == f"user_id:{user_id}"))).one()
    return {"level": row.level, "stage": row.stage, "history": [(h.from_level, h.to_level, h.reason) for h in history],
            "level_events": level_events}


async def test_default_referral_thresholds(app):
    levels = (await app.state.client.get("/v1/levels")).json()["items"]
    assert {lv["code"]: lv["referrals_threshold"] for lv in levels} == {"customer": None, "member": None,
                                                                         "partner": 3}


async def test_enough_confirmed_referees_upgrade_the_referrer_once(db):
    referrer = await new_user(db)
    await apply(db, referee_confirmed(referrer, new_id(), 1), referee_confirmed(referrer, new_id(), 2))
    assert (await level_state(db, referrer))["history"] == []
    third = referee_confirmed(referrer, new_id(), 3)
    await apply(db, third, third, third)
    after = await level_state(db, referrer)
    assert after["level"] == "partner"
    assert after["history"] == [("customer", "partner", "referrals")]
    assert after["level_events"] == 1
    await apply(db, referee_confirmed(referrer, new_id(), 2), referee_confirmed(referrer, new_id(), 5))
    assert await level_state(db, referrer) == after  # a late, lower count never downgrades


async def test_the_referral_rule_never_moves_a_level_down(db):
    referrer = await new_user(db, "partner")
    await apply(db, referee_confirmed(referrer, new_id(), 9))
    assert (await level_state(db, referrer))["history"] == []


async def test_a_downlines_upgrade_changes_nothing_for_its_upline(db):
    upline, downline = await new_user(db), await new_user(db)
    before = await level_state(db, upline)
    await apply(db, confirmed(downline, new_id(), 60_000),  # growth: member
                referee_confirmed(downline, new_id(), 3),   # its own referees: partner
                paid(downline, new_id()), shared(downline))
    assert (await level_state(db, downline))["history"] == [("customer", "member", "growth"),
                                                             ("member", "partner", "referrals")]
    assert await level_state(db, upline) == before
