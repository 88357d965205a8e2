"""After-sales claims in-process: an approved quality claim on a supplier's product records a supplier
chargeback in the approval's transaction (once); other claims, and the platform's own stock, record none;
a claim filed on a delivered order after its window is refused."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa

from common.auth import Identity, sign_identity
from common.clock import now
from common.testing.apps import serve_in_process, service_settings
from services.orders.config import Settings
from services.orders.main import create_app
from services.orders.models import Order, OrderKind, OrderStatus, SupplierChargeback

BUYER, OPS = 5151, 1


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases, scheduler_poll_s=3600))
    async with serve_in_process(application) as client:
        application.state.client = client
        await asyncio.sleep(0.5)
        yield application


async def _order(app, *, supplier_id: int | None, quantity: int = 3, delivered_days_ago: float | None = None
                 ) -> Order:
    created = now() - timedelta(days=10)
    # A buyer of its own each: the refund-rate guard reads a buyer's whole record.
    order = Order(order_no="GBA" + secrets.token_hex(8), user_id=BUYER + secrets.randbelow(10**6),
                  kind=OrderKind.regular, sku_id=77,
                  product_id=7, product_name="草莓", product_role="regular", quantity=quantity, unit_price_fen=1500,
                  price_rule="list", amount_fen=1500 * quantity, status=OrderStatus.confirmed, created_at=created,
                  pay_deadline=created + timedelta(minutes=30), paid_at=created, confirmed_at=created,
                  settled_amount_fen=1500 * quantity, supplier_id=supplier_id)
    if delivered_days_ago is not None:
        order.status, order.shipped_at = OrderStatus.delivered, created
        order.delivered_at = now() - timedelta(days=delivered_days_ago)
    async with app.state.db.write_sessions() as session:
        session.add(order)
        await session.commit()
    return order


async def _call(app, method: str, path: str, *, user_id: int, roles=("customer",), json=None):
    headers = sign_identity(Identity(kind="user", user_id=user_id, roles=roles), key=app.state.settings.internal_key,
                            method=method, path=path)
    return await app.state.client.request(method, path, json=json, headers=headers)


async def _chargebacks(app, order_id: int) -> list[SupplierChargeback]:
    async with app.state.db.read_sessions() as session:
        return list((await session.exec(sa.select(SupplierChargeback).where(
            SupplierChargeback.order_id == order_id))).scalars().all())


async def test_an_approved_quality_claim_charges_the_supplier_back_once(app):
    order = await _order(app, supplier_id=31)
    filed = await _call(app, "POST", f"/v1/orders/{order.id}/after-sales", user_id=order.user_id,
                        json={"kind": "refund_only", "reason_code": "damaged", "quantity": 2})
    assert filed.status_code == 201, filed.text
    claim = filed.json()
    assert (claim["status"], claim["amount_fen"]) == ("pending_review", 3000)  # two units of three: 3000 fen
    assert await _chargebacks(app, order.id) == []  # nothing until it is approved
    path = f"/v1/orders/after-sales/{claim['id']}/approve"
    approved = await _call(app, "POST", path, user_id=OPS, roles=("customer", "ops"), json={"amount_fen": 2800})
    assert approved.status_code == 200, approved.text
    again = await _call(app, "POST", path, user_id=OPS, roles=("customer", "ops"), json={})
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    (row,) = await _chargebacks(app, order.id)
    assert (row.supplier_id, row.sku_id, row.units, row.amount_fen, row.reason, row.source, row.source_ref) == (
        31, 77, 2, 2800, "damaged", "after_sales", str(claim["id"]))


async def test_a_small_quality_claim_approved_at_once_charges_back_in_the_same_transaction(app):
    order = await _order(app, supplier_id=32)
    filed = await _call(app, "POST", f"/v1/orders/{order.id}/after-sales", user_id=order.user_id,
                        json={"kind": "refund_only", "reason_code": "wrong_item", "amount_fen": 300})
    assert filed.status_code == 201 and filed.json()["status"] == "approved", filed.text
    (row,) = await _chargebacks(app, order.id)
    assert (row.amount_fen, row.units, row.reason) == (300, 3, "wrong_item")


async def test_claims_that_are_not_the_suppliers_fault_record_no_chargeback(app):
    own_stock = await _order(app, supplier_id=None)
    changed_mind = await _order(app, supplier_id=33)
    for order, reason in ((own_stock, "quality"), (changed_mind, "changed_mind")):
        filed = await _call(app, "POST", f"/v1/orders/{order.id}/after-sales", user_id=order.user_id,
                            json={"kind": "refund_only", "reason_code": reason, "amount_fen": 200})
        assert filed.status_code == 201 and filed.json()["status"] == "approved", filed.text
        assert await _chargebacks(app, order.id) == []


async def test_after_the_window_a_delivered_order_takes_no_claim(app):
    late = await _order(app, supplier_id=34, delivered_days_ago=8)
    answer = await _call(app, "POST", f"/v1/orders/{late.id}/after-sales", user_id=late.user_id,
                         json={"kind": "refund_only", "reason_code": "damaged", "amount_fen": 100})
    assert answer.status_code == 409 and answer.json()["code"] == "after_sales_closed"
    in_time = await _order(app, supplier_id=34, delivered_days_ago=1)
    answer = await _call(app, "POST", f"/v1/orders/{in_time.id}/after-sales", user_id=in_time.user_id,
                         json={"kind": "refund_only", "reason_code": "damaged", "amount_fen": 100})
    assert answer.status_code == 201, answer.text
