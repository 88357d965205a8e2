"""An order number is taken once: by its order's write, or made void when catalog, settling a reservation
nobody settled, is told there is no such order.  A write still in flight makes the void wait and wins."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa

from common.clock import now
from common.testing.apps import serve_in_process, service_settings
from services.orders import service
from services.orders.config import Settings
from services.orders.main import create_app
from services.orders.models import Order, OrderKind, OrderNumber, OrderStatus
from services.orders.service import _write_order


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases, scheduler_poll_s=3600))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


def _order() -> Order:
    created = now()
    return Order(order_no="GBN" + secrets.token_hex(8), user_id=11, kind=OrderKind.regular, sku_id=1, product_id=1,
                 product_name="米", product_role="regular", quantity=1, unit_price_fen=500, price_rule="list",
                 amount_fen=500, status=OrderStatus.pending_payment, created_at=created,
                 pay_deadline=created + timedelta(minutes=30))


async def test_a_number_made_void_can_no_longer_be_written(app):
    db, order = app.state.db, _order()
    answer = await service.states_of(db=db, order_nos=[order.order_no], void_missing=True)
    assert answer == {order.order_no: None}
    with pytest.raises(sa.exc.IntegrityError):
        await _write_order(db, order, user_id=order.user_id, key=secrets.token_hex(8), request_hash="h" * 64)
    async with db.read_sessions() as session:
        assert (await session.get(OrderNumber, order.order_no)).void is True
        assert (await session.exec(sa.select(Order).where(Order.order_no == order.order_no))).first() is None


async def test_asking_without_voiding_changes_nothing(app):
    db, order = app.state.db, _order()
    assert await service.states_of(db=db, order_nos=[order.order_no]) == {order.order_no: None}
    await _write_order(db, order, user_id=order.user_id, key=secrets.token_hex(8), request_hash="h" * 64)
    answer = await service.states_of(db=db, order_nos=[order.order_no], void_missing=True)
    assert answer == {order.order_no: OrderStatus.pending_payment}


async def test_a_write_in_flight_wins_over_the_void(app):
    db, order = app.state.db, _order()
    async with db.write_sessions() as session:
        session.add(OrderNumber(order_no=order.order_no, at=order.created_at))
        session.add(order)
        await session.flush()  # written, not committed: the void must wait for this transaction
        asking = asyncio.create_task(service.states_of(db=db, order_nos=[order.order_no], void_missing=True))
        await asyncio.sleep(0.5)
        assert not asking.done()
        await session.commit()
    assert await asyncio.wait_for(asking, 10) == {order.order_no: OrderStatus.pending_payment}
    async with db.read_sessions() as session:
        assert (await session.get(OrderNumber, order.order_no)).void is False
