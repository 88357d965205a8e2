"""Reservations under concurrency and repetition: one order's units are taken once however often it is
sent at once, an activity's stock and per-buyer limit hold against racing buyers, a payment counts its
units sold once whether the call or the event commits it, and a reservation refused for naming what does
not exist says why."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
import sqlalchemy as sa

from common.db import Database
from common.problems import Problem
from services.catalog import flash, inventory, listing
from services.catalog.models import Product, Reservation, ReservationStatus, Sku
from services.catalog.schemas import ReservationItem, ReserveRequest
from services.catalog.tests.support import activity_body, ladder_terms, make_product


def _order(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}"


async def reserve(api, auth, order_id, items, **extra):
    return await api.post("/internal/reservations", auth=auth, json={"order_id": order_id, "items": items} | extra)


async def _stock(catalog, sku_id: int) -> int:
    async with catalog.state.db.read_sessions() as session:
        return (await session.get(Sku, sku_id)).stock


async def _sold(catalog, product_id: int) -> int:
    async with catalog.state.db.read_sessions() as session:
        return (await session.get(Product, product_id)).units_sold


async def _held(catalog, activity_id: int) -> int:
    async with catalog.state.db.read_sessions() as session:
        return sum(row.quantity for row in await inventory.flash_holdings(session=session, activity_id=activity_id))


async def test_one_order_sent_many_times_at_once_takes_its_units_once(api, as_ops, as_service, catalog):
    product = await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 20}])
    sku = product["skus"][0]["id"]
    order = _order("twin")
    answers = await asyncio.gather(*(reserve(api, as_service, order, [{"sku_id": sku, "quantity": 3}])
                                     for _ in range(8)))
    assert [a.status_code for a in answers] == [200] * 8, [a.text for a in answers]
    assert {a.json()["status"] for a in answers} == {"reserved"}
    assert await _stock(catalog, sku) == 17


async def test_one_activity_order_sent_many_times_at_once_takes_its_units_once(api, as_ops, as_service, catalog):
    """An activity's reservation sends its rows with the activity's read: the twins that lose the race break
    the unique key there and are answered the reservation the winner made."""
    sku = (await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 20}]))["skus"][0]["id"]
    activity = (await api.post("/v1/activities", json=activity_body(sku, ladder_terms(per_user_limit=5)),
                               auth=as_ops)).json()["id"]
    order = _order("twin-activity")
    answers = await asyncio.gather(*(reserve(api, as_service, order, [{"sku_id": sku, "quantity": 3}], user_id=9,
                                             activity_id=activity) for _ in range(8)))
    assert [a.status_code for a in answers] == [200] * 8, [a.text for a in answers]
    assert {(a.json()["status"], a.json()["activity_id"]) for a in answers} == {("reserved", activity)}
    assert await _stock(catalog, sku) == 17


async def test_racing_buyers_never_take_more_than_a_capped_activity_holds(api, as_ops, as_service, catalog):
    sku = (await make_product(api, as_ops))["skus"][0]["id"]
    terms = {"kind": "flash_sale", "price_fen": 500, "stock": 5, "per_user_limit": 1}
    activity = (await api.post("/v1/activities", json=activity_body(sku, terms), auth=as_ops)).json()["id"]
    before = await _stock(catalog, sku)
    answers = await asyncio.gather(*(
        reserve(api, as_service, _order("cap"), [{"sku_id": sku, "quantity": 1}], user_id=buyer, activity_id=activity)
        for buyer in range(1, 13)))
    codes = sorted(a.status_code for a in answers)
    assert codes == [200] * 5 + [409] * 7, [a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"sold_out"}
    assert await _held(catalog, activity) == 5
    assert await _stock(catalog, sku) == before - 5


async def test_one_buyer_racing_with_many_orders_stays_within_the_limit(api, as_ops, as_service, catalog):
    sku = (await make_product(api, as_ops))["skus"][0]["id"]
    uncapped = (await api.post("/v1/activities", json=activity_body(sku, ladder_terms(per_user_limit=2)),
                               auth=as_ops)).json()["id"]
    capped = (await api.post("/v1/activities", json=activity_body(sku, ladder_terms(per_user_limit=2, stock_limit=50)),
                             auth=as_ops)).json()["id"]
    for activity in (uncapped, capped):
        answers = await asyncio.gather(*(
            reserve(api, as_service, _order("limit"), [{"sku_id": sku, "quantity": 1}], user_id=7,
                    activity_id=activity) for _ in range(6)))
        assert sorted(a.status_code for a in answers) == [200] * 2 + [409] * 4, [a.text for a in answers]
        assert {a.json()["code"] for a in answers if a.status_code == 409} == {"per_user_limit"}
        assert await _held(catalog, activity) == 2


async def test_a_payment_committed_by_call_and_event_at_once_counts_its_units_once(api, as_ops, as_service, catalog):
    product = await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 10}])
    sku = product["skus"][0]["id"]
    order = _order("paid")
    assert (await reserve(api, as_service, order, [{"sku_id": sku, "quantity": 4}])).status_code == 200

    async def by_event() -> str:
        async with catalog.state.db.write_sessions() as session:
            outcome = await inventory.commit_if_held(session=session, order_id=order)
            await session.commit()
            return outcome

    calls = [api.post(f"/internal/reservations/{order}/commit", auth=as_service) for _ in range(3)]
    answers = await asyncio.gather(*calls, *(by_event() for _ in range(3)))
    assert [a.json()["status"] for a in answers[:3]] == ["committed"] * 3
    assert answers[3:] == ["committed"] * 3
    assert await _sold(catalog, product["id"]) == 4
    assert (await api.post(f"/internal/reservations/{order}/release", auth=as_service)).json()["status"] == "released"
    assert await _sold(catalog, product["id"]) == 0
    assert await _stock(catalog, sku) == 10


async def test_a_payment_after_the_release_commits_nothing(api, as_ops, as_service, catalog):
    """Cancelled, then paid (the event may even arrive in the same batch as the cancellation): the units
    stay available and nothing counts as sold."""
    product = await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 10}])
    sku = product["skus"][0]["id"]
    first, second = _order("late"), _order("late")
    for order in (first, second):
        assert (await reserve(api, as_service, order, [{"sku_id": sku, "quantity": 2}])).status_code == 200
    assert (await api.post(f"/internal/reservations/{first}/release", auth=as_service)).status_code == 200
    async with catalog.state.db.write_sessions() as session:
        assert await inventory.commit_if_held(session=session, order_id=first) == "released"
        # Both events of one order in one transaction, as the consumer applies a batch.
        assert (await inventory.release_held(session=session, order_id=second)).status == "released"
        assert await inventory.commit_if_held(session=session, order_id=second) == "released"
        assert await inventory.commit_if_held(session=session, order_id=_order("never")) == "missing"
        await session.commit()
    async with catalog.state.db.read_sessions() as session:
        from sqlmodel import col, select

        statuses = {r.status for r in (await session.exec(select(Reservation).where(
            col(Reservation.order_id).in_([first, second])))).all()}
    assert statuses == {ReservationStatus.released}
    assert await _sold(catalog, product["id"]) == 0
    assert await _stock(catalog, sku) == 10
    assert (await api.post(f"/internal/reservations/{first}/commit", auth=as_service)).status_code == 409


async def test_a_refused_reservation_says_what_is_wrong(api, as_ops, as_service, catalog):
    sku = (await make_product(api, as_ops))["skus"][0]["id"]
    missing_sku = 2**31 - 1
    answer = await reserve(api, as_service, _order("r"), [{"sku_id": missing_sku, "quantity": 1}])
    assert answer.status_code == 422 and answer.json()["errors"][0]["message"] == "no such SKU"
    answer = await reserve(api, as_service, _order("r"), [{"sku_id": sku, "quantity": 1},
                                                           {"sku_id": missing_sku, "quantity": 1}])
    assert answer.status_code == 422, answer.text
    answer = await reserve(api, as_service, _order("r"), [{"sku_id": sku, "quantity": 1}], user_id=1,
                           activity_id=2**31 - 1)
    assert answer.status_code == 404, answer.text
    held = _order("r")
    assert (await reserve(api, as_service, held, [{"sku_id": sku, "quantity": 1}])).status_code == 200
    other = await reserve(api, as_service, held, [{"sku_id": missing_sku, "quantity": 1}])
    assert other.status_code == 409 and other.json()["code"] == "conflict"
    doubled = [{"sku_id": sku, "quantity": 1}, {"sku_id": sku, "quantity": 2}]
    more = await reserve(api, as_service, held, doubled)
    assert more.status_code == 409 and more.json()["code"] == "conflict"
    assert (await reserve(api, as_service, _order("r"), doubled)).status_code == 422
    assert (await reserve(api, as_service, held, [{"sku_id": sku, "quantity": 1}])).status_code == 200


async def test_an_order_growing_by_a_sku_is_refused_whole(api, as_ops, as_service, catalog):
    """Part of a different request matches what the order holds: nothing of it is kept."""
    first = (await make_product(api, as_ops))["skus"][0]["id"]
    second = (await make_product(api, as_ops))["skus"][0]["id"]
    order = _order("grow")
    assert (await reserve(api, as_service, order, [{"sku_id": first, "quantity": 1}])).status_code == 200
    before = await _stock(catalog, second)
    answer = await reserve(api, as_service, order, [{"sku_id": first, "quantity": 1},
                                                    {"sku_id": second, "quantity": 1}])
    assert answer.status_code == 409 and answer.json()["code"] == "conflict"
    assert await _stock(catalog, second) == before
    async with catalog.state.db.read_sessions() as session:
        from sqlmodel import select

        rows = (await session.exec(select(Reservation).where(Reservation.order_id == order))).all()
    assert [(r.sku_id, r.quantity) for r in rows] == [(first, 1)]


async def test_an_activity_selling_a_gift_pack_takes_its_components(api, as_ops, as_service, catalog):
    rice = await make_product(api, as_ops, skus=[{"name": "r", "price_fen": 100, "stock": 5}])
    pack = await make_product(api, as_ops, kind="bundle", skus=[{"name": "p", "price_fen": 150}],
                              components=[{"sku_id": rice["skus"][0]["id"], "quantity": 2}])
    pack_sku = pack["skus"][0]["id"]
    activity = (await api.post("/v1/activities", json=activity_body(pack_sku, ladder_terms()),
                               auth=as_ops)).json()["id"]
    order = _order("pack")
    answer = await reserve(api, as_service, order, [{"sku_id": pack_sku, "quantity": 2}], user_id=3,
                           activity_id=activity)
    assert answer.status_code == 200, answer.text
    assert await _stock(catalog, rice["skus"][0]["id"]) == 1
    short = await reserve(api, as_service, _order("pack"), [{"sku_id": pack_sku, "quantity": 1}], user_id=4,
                          activity_id=activity)
    assert short.status_code == 409 and short.json()["code"] == "out_of_stock"
    async with catalog.state.db.write_sessions() as session:
        assert await inventory.commit_if_held(session=session, order_id=order) == "committed"
        await session.commit()
    assert await _sold(catalog, pack["id"]) == 2 and await _sold(catalog, rice["id"]) == 0


async def test_a_plain_request_through_the_service_answers_as_before(catalog):
    """The service function, called directly, answers a new reservation with the items asked for."""
    async with catalog.state.db.write_sessions() as session:
        product = Product(name="直接", search_text="直接")
        session.add(product)
        await session.flush()
        sku = Sku(product_id=product.id, name="x", price_fen=100, stock=3)
        session.add(sku)
        await session.commit()
    order = _order("direct")
    request = ReserveRequest(order_id=order, items=[ReservationItem(sku_id=sku.id, quantity=2)])
    async with catalog.state.db.write_sessions() as session:
        answer = await inventory.reserve(session=session, request=request)
    assert answer.model_dump() == {"order_id": order, "status": "reserved", "activity_id": None,
                                   "items": [{"sku_id": sku.id, "quantity": 2}]}
    assert await _stock(catalog, sku.id) == 1


async def test_a_batch_of_payments_locks_the_product_only_as_it_commits(api, as_ops, as_service, catalog):
    """The consumer applies a batch of order.paid in one transaction without a session.  Its units sold are
    written as it commits: had it locked the product at the first order, a release holding the next order's
    reservation rows and waiting for the product (rows, SKU, product) would deadlock with it."""
    product = await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 10}])
    sku = product["skus"][0]["id"]
    orders = [_order("batch") for _ in range(3)]
    for order in orders:
        assert (await reserve(api, as_service, order, [{"sku_id": sku, "quantity": 2}])).status_code == 200
    db = catalog.state.db
    async with db.transaction() as tx:
        for order in orders[:2]:
            assert await inventory.commit_if_held(session=tx, order_id=order) == "committed"
        if db.writer.dialect.name == "postgresql":  # SQLite has one writer: no row locks to look at
            async def lock_the_product() -> None:  # as a release of the third order would, now
                async with db.write_sessions() as other:
                    await other.exec(sa.select(Product.id).where(Product.id == product["id"])
                                     .with_for_update(nowait=True))

            await asyncio.create_task(lock_the_product())  # its own connection: another task's
        assert await asyncio.create_task(_sold(catalog, product["id"])) == 0  # nothing written yet
        assert await inventory.commit_if_held(session=tx, order_id=orders[2]) == "committed"
        await tx.commit()
    assert await _sold(catalog, product["id"]) == 6
    async with db.transaction() as tx:
        await listing.add_sold(tx, {product["id"]: 5}, sign=-1)
        await tx.rollback()  # what it had summed goes with it
        await listing.add_sold(tx, {product["id"]: 1}, sign=-1)
        await tx.commit()
    assert await _sold(catalog, product["id"]) == 5


async def test_buyers_arriving_together_read_a_flash_sales_row_once_and_see_its_cancellation_in_a_second(
        api, as_ops, catalog, monkeypatch):
    """The sale's row is kept a second per process: the rush's first buyers wait for one read together, a
    value near its end is read again in the background, and none is served past its second."""
    sku = (await make_product(api, as_ops))["skus"][0]["id"]
    terms = {"kind": "flash_sale", "price_fen": 500, "stock": 5, "per_user_limit": 1}
    activity = (await api.post("/v1/activities", json=activity_body(sku, terms), auth=as_ops)).json()["id"]
    db, moved = Database.connect(catalog.state.db.url), [0.0]  # its own: the app's background work reads too
    stock = flash.FlashStock(catalog.state.redis, catalog.state.settings.redis)
    frozen = time.monotonic()
    stock.activities.clock = lambda: frozen + moved[0]  # the lifetime's clock moves only when told
    reads, real_reads = [], db.read_sessions

    def read_sessions():
        reads.append(1)
        return real_reads()

    monkeypatch.setattr(db, "read_sessions", read_sessions)
    try:
        await _reads_of_a_sale(api, as_ops, db, stock, activity, moved, reads)
    finally:
        await db.dispose()


async def _reads_of_a_sale(api, as_ops, db, stock, activity, moved, reads) -> None:
    found = await asyncio.gather(*(flash._flash_activity(db, stock, activity) for _ in range(20)))
    assert {sale.id for sale, _terms in found} == {activity} and len(reads) == 1
    assert (await api.post(f"/v1/activities/{activity}/cancel", auth=as_ops)).status_code == 200
    await flash._flash_activity(db, stock, activity)  # still within its second: the row as it was read
    assert len(reads) == 1
    moved[0] = flash.ACTIVITY_CACHE_S * 0.9  # its last quarter: served, and read again meanwhile
    await flash._flash_activity(db, stock, activity)
    refreshing = set(stock.activities.pending.values())
    assert refreshing
    await asyncio.wait(refreshing)
    assert len(reads) == 2
    with pytest.raises(Problem) as refused:
        await flash._flash_activity(db, stock, activity)
    assert refused.value.code == "activity_not_live"
    moved[0] = 10 * flash.ACTIVITY_CACHE_S  # long past: read again before answering
    with pytest.raises(Problem):
        await flash._flash_activity(db, stock, activity)
    assert len(reads) == 3
