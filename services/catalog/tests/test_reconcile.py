"""Stale reservations settled by asking the real orders process: the reservation of an order that was
never written (orders died after reserving) goes back to stock, a paid order's is committed, an order
still waiting for its payment keeps its units."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from common.auth import service_identity
from common.clock import now
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.catalog.config import Settings
from services.catalog.main import create_app
from services.catalog.models import Reservation
from services.catalog.reconcile import settle_stale
from tests.support import ADDRESS, bearer, login

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
async def catalog(infra, stack):
    """A catalog of its own, whose orders are the end-to-end stack's real orders process."""
    settings = service_settings(Settings, infra, infra.database_template("reconcile"),
                                topology={"orders": {"url": stack.url("orders")}}, reservation_check_after_s=3600)
    app = create_app(settings)
    async with serve_in_process(app) as client:
        app.state.client = client
        yield app


async def _order(gateway, *, pay: bool) -> str:
    buyer = await login(gateway, f"reconcile-{uuid.uuid4().hex[:8]}")
    ops = await login(gateway, "reconcile-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"对账 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "份", "price_fen": 900, "stock": 5}]})).json()
    address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))).json()
    placed = await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"sku_id": product["skus"][0]["id"], "quantity": 1, "address_id": address["id"]})
    assert placed.status_code == 201, placed.text
    if pay:
        assert (await gateway.post(f"/v1/payments/sandbox/{placed.json()['id']}", headers=bearer(buyer))).is_success
    return placed.json()["order_no"]


async def test_stale_reservations_follow_what_orders_says(catalog, gateway):
    api, key = catalog.state.client, catalog.state.settings.internal_key
    created = await api.post("/v1/products", auth=SignedAs(user(900, "ops"), key), json={
        "name": "对账商品", "role": "regular", "published": True,
        "skus": [{"name": "份", "price_fen": 900, "stock": 10}]})
    assert created.status_code == 201, created.text
    product, sku = created.json()["id"], created.json()["skus"][0]["id"]
    orphan = f"GB{uuid.uuid4().hex[:20]}"  # reserved by an orders process that died before writing it
    waiting, paid = await _order(gateway, pay=False), await _order(gateway, pay=True)
    for order_no in (orphan, waiting, paid):
        reserved = await api.post("/internal/reservations", auth=SignedAs(service_identity("orders"), key),
                                  json={"order_id": order_no, "items": [{"sku_id": sku, "quantity": 2}]})
        assert reserved.status_code == 200, reserved.text

    async def available() -> int:
        return (await api.get(f"/v1/products/{product}", auth=SignedAs(user(900, "ops"), key))).json()["skus"][0][
            "available"]

    assert await available() == 4
    soon = catalog.state.settings.model_copy(update={"reservation_check_after_s": 0.001})
    settled = await settle_stale(db=catalog.state.db, http=catalog.state.http, settings=soon,
                                 stock=catalog.state.flash)
    assert settled == 2
    async with catalog.state.db.read_sessions() as session:
        statuses = {r.order_id: r.status for r in (await session.exec(select(Reservation).where(
            Reservation.sku_id == sku))).all()}
        waiting_row = (await session.exec(select(Reservation).where(Reservation.order_id == waiting))).one()
    assert statuses == {orphan: "released", waiting: "reserved", paid: "committed"}
    assert waiting_row.updated_at > now() - timedelta(seconds=30)  # looked at: asked again only later
    assert await available() == 6  # the orphan's two units are back

    again = await settle_stale(db=catalog.state.db, http=catalog.state.http, settings=soon,
                               stock=catalog.state.flash)
    assert again == 0 and await available() == 6  # settling twice changes nothing
