"""The scenes of the order's way to the buyer (shipped) and of the partner's money (an earning made available,
a withdrawal paid): their messages as rules, and their handlers in-process against this run's membership
database — one row per recipient and event, a consent spent per message, an order shipped by its arrival
report left to the arrival message."""

from __future__ import annotations

from datetime import UTC, date, datetime

import jwt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from common.events import Envelope
from common.events.orders import OrderShipped
from common.events.referrals import RebateCredited, WithdrawalPaid
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from common.testing.infra import free_port
from services.membership.config import DEV_SCENES, Settings
from services.membership.domain.reach import (
    SCENES,
    SHANGHAI,
    credited_message,
    send_at,
    shipped_message,
    withdrawal_paid_message,
)
from services.membership.main import create_app
from services.membership.models import ReachMessage
from services.membership.subscriptions import reach_handlers_for

AT = datetime(2026, 12, 4, 12, 30, tzinfo=UTC)  # 20:30 in Shanghai
NEW_SCENES = ("order_shipped", "rebate_credited", "withdrawal_paid")


def test_the_new_scenes_have_pages_and_the_stand_ins_templates():
    assert set(NEW_SCENES) <= set(SCENES) and set(NEW_SCENES) <= set(DEV_SCENES)
    assert set(DEV_SCENES) == set(SCENES)
    assert not any(SCENES[scene].pickup_day for scene in NEW_SCENES)  # they wait for quiet hours to end


def test_the_messages_say_when_where_and_how_much():
    assert shipped_message(order_no="GB1", delivery_date=date(2026, 12, 5), pickup_point="5幢门卫室",
                           shipped_at=AT) == {"character_string1": "GB1", "thing2": "12月5日到5幢门卫室取货",
                                              "time3": "2026-12-04 20:30"}
    assert credited_message(kind="commission", amount_fen=1234, credited_at=AT) == {
        "amount1": "12.34元", "thing2": "团长佣金已到账，可提现", "time3": "2026-12-04 20:30"}
    assert withdrawal_paid_message(payout_fen=1988, paid_at=AT)["amount1"] == "19.88元"
    long_point = shipped_message(order_no="GB1", delivery_date=date(2026, 12, 5), pickup_point="很长" * 20,
                                 shipped_at=AT)
    assert len(long_point["thing2"]) == 20


@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1),  # noqa: DTZ001 - naive bounds
                    timezones=st.just(UTC)), st.sampled_from(NEW_SCENES))
def test_money_and_shipping_messages_keep_quiet_hours(at, scene):
    released = send_at(at, scene, start_hour=22, end_hour=8)
    assert not (released.astimezone(SHANGHAI).hour >= 22 or released.astimezone(SHANGHAI).hour < 8)


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    # WeChat unreachable: queued rows stay pending (retried), so the test sees what the handlers queued.
    settings = service_settings(Settings, infra, unit_databases, dev_login=True,
                                wechat={"base_url": f"http://127.0.0.1:{free_port()}"},
                                reach={"quiet_start_hour": 0, "quiet_end_hour": 0})
    application = create_app(settings)
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


async def _user_id(app, openid: str) -> int:
    tokens = (await app.state.client.post("/v1/auth/dev-login", json={"openid": openid})).json()
    return int(jwt.decode(tokens["access_token"], options={"verify_signature": False})["sub"])


async def _consent(app, user_id: int, scene: str) -> None:
    answer = await app.state.client.post("/v1/users/me/subscriptions", json={"results": {f"tmpl-{scene}": "accept"}},
                                         auth=SignedAs(user(user_id), app.state.settings.internal_key))
    assert answer.status_code == 200, answer.text


async def _handle(app, payload, envelope: Envelope | None = None) -> Envelope:
    envelope = envelope or Envelope.of(payload)
    reach = reach_handlers_for(app.state.settings)
    _, handler = reach.get(payload.event_type, payload.event_version)
    assert reach.is_session_free(handler)  # as the consumer applies it: in a transaction without a session
    async with app.state.db.transaction() as tx:
        await handler(tx, payload, envelope)
        await tx.commit()
    return envelope


async def _rows(app, user_id: int) -> list[tuple[str, str, str]]:
    async with app.state.db.read_sessions() as session:
        rows = (await session.exec(select(ReachMessage).where(ReachMessage.user_id == user_id)
                                   .order_by(ReachMessage.id))).all()
    return [(row.event_type, row.scene, row.status) for row in rows]


def test_the_reach_group_reads_the_referrals_stream_too():
    assert reach_handlers_for(Settings(mode="dev")).producers == ["orders", "referrals"]


async def test_shipped_queues_one_message_and_not_when_the_arrival_tells_it(app):
    buyer = await _user_id(app, "scenes-shipped")
    await _consent(app, buyer, "order_shipped")
    await _handle(app, OrderShipped(order_id=1, user_id=buyer, order_no="GB1", community_id=None,
                                    delivery_date=date(2026, 12, 5), shipped_at=AT, at_arrival=True))
    assert await _rows(app, buyer) == []
    shipped = OrderShipped(order_id=2, user_id=buyer, order_no="GB2", community_id=None,
                           delivery_date=date(2026, 12, 5), shipped_at=AT)
    envelope = await _handle(app, shipped)
    await _handle(app, shipped, envelope)  # delivered again
    assert await _rows(app, buyer) == [("order.shipped", "order_shipped", "pending")]


async def test_money_messages_spend_consents_and_none_without(app):
    partner = await _user_id(app, "scenes-partner")
    await _consent(app, partner, "rebate_credited")
    for order_id in (1, 2):  # one consent, two earnings: the second is not sent
        await _handle(app, RebateCredited(user_id=partner, order_id=order_id, kind="rebate", amount_fen=500,
                                          credited_at=AT))
    await _handle(app, WithdrawalPaid(withdrawal_id=1, user_id=partner, amount_fen=2000, fee_fen=12, payout_fen=1988,
                                      paid_at=AT))
    assert await _rows(app, partner) == [("rebate.credited", "rebate_credited", "pending"),
                                         ("rebate.credited", "rebate_credited", "no_consent"),
                                         ("withdrawal.paid", "withdrawal_paid", "no_consent")]
