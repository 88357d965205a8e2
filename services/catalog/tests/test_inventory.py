"""Reservations keyed by order id: idempotent, never below zero, caps held, gift packs take components."""

from __future__ import annotations

from services.catalog.models import Sku
from services.catalog.tests.support import activity_body, make_product


async def reserve(api, auth, order_id, items, **extra):
    return await api.post("/internal/reservations", auth=auth, json={"order_id": order_id, "items": items} | extra)


async def _stock(catalog, sku_id: int) -> int:
    async with catalog.state.db.read_sessions() as session:
        return (await session.get(Sku, sku_id)).stock


async def available(api, product_id) -> int:
    return (await api.get(f"/v1/products/{product_id}", headers={"cache-control": "no-cache"})).json()["skus"][0][
        "available"
    ]


async def test_reserve_commit_release_and_every_step_repeats_safely(api, as_ops, as_service, catalog):
    product = await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 10}])
    sku = product["skus"][0]["id"]
    first = await reserve(api, as_service, "o-1", [{"sku_id": sku, "quantity": 3}])
    again = await reserve(api, as_service, "o-1", [{"sku_id": sku, "quantity": 3}])
    assert first.status_code == again.status_code == 200 and again.json()["status"] == "reserved"
    different = await reserve(api, as_service, "o-1", [{"sku_id": sku, "quantity": 4}])
    assert different.status_code == 409
    async with catalog.state.db.read_sessions() as session:
        from services.catalog.models import Sku

        assert (await session.get(Sku, sku)).stock == 7
    assert (await api.post("/internal/reservations/o-1/commit", auth=as_service)).json()["status"] == "committed"
    assert (await api.post("/internal/reservations/o-1/commit", auth=as_service)).json()["status"] == "committed"
    released = await api.post("/internal/reservations/o-1/release", auth=as_service)
    assert released.json()["status"] == "released"
    await api.post("/internal/reservations/o-1/release", auth=as_service)
    async with catalog.state.db.read_sessions() as session:
        assert (await session.get(Sku, sku)).stock == 10
    assert (await api.post("/internal/reservations/o-1/commit", auth=as_service)).status_code == 409


async def test_more_than_the_stock_is_refused_and_nothing_is_taken(api, as_ops, as_service, catalog):
    product = await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 2}])
    sku = product["skus"][0]["id"]
    answer = await reserve(api, as_service, "o-2", [{"sku_id": sku, "quantity": 3}])
    assert answer.status_code == 409 and answer.json()["code"] == "out_of_stock"
    assert (await reserve(api, as_service, "o-3", [{"sku_id": sku, "quantity": 2}])).status_code == 200


async def test_a_gift_pack_reserves_its_components(api, as_ops, as_service, catalog):
    rice = await make_product(api, as_ops, skus=[{"name": "r", "price_fen": 100, "stock": 5}])
    eggs = await make_product(api, as_ops, skus=[{"name": "e", "price_fen": 100, "stock": 8}])
    pack = await make_product(
        api,
        as_ops,
        kind="bundle",
        skus=[{"name": "p", "price_fen": 150}],
        components=[{"sku_id": rice["skus"][0]["id"], "quantity": 1}, {"sku_id": eggs["skus"][0]["id"], "quantity": 2}],
    )
    answer = await reserve(api, as_service, "o-pack", [{"sku_id": pack["skus"][0]["id"], "quantity": 3}])
    assert answer.status_code == 200
    from services.catalog.models import Sku

    async with catalog.state.db.read_sessions() as session:
        assert (await session.get(Sku, rice["skus"][0]["id"])).stock == 2
        assert (await session.get(Sku, eggs["skus"][0]["id"])).stock == 2
    too_many = await reserve(api, as_service, "o-pack-2", [{"sku_id": pack["skus"][0]["id"], "quantity": 2}])
    assert too_many.status_code == 409
    await api.post("/internal/reservations/o-pack/release", auth=as_service)
    async with catalog.state.db.read_sessions() as session:
        assert (await session.get(Sku, eggs["skus"][0]["id"])).stock == 8


async def test_activity_caps_stock_and_units_per_buyer(api, as_ops, as_service):
    sku = (await make_product(api, as_ops))["skus"][0]["id"]
    terms = {"kind": "flash_sale", "price_fen": 500, "stock": 3, "per_user_limit": 2}
    activity = (await api.post("/v1/activities", json=activity_body(sku, terms), auth=as_ops)).json()["id"]
    one = {"activity_id": activity}
    assert (
        await reserve(api, as_service, "f-1", [{"sku_id": sku, "quantity": 2}], user_id=1, **one)
    ).status_code == 200
    over = await reserve(api, as_service, "f-2", [{"sku_id": sku, "quantity": 1}], user_id=1, **one)
    assert over.status_code == 409 and over.json()["code"] == "per_user_limit"
    assert (
        await reserve(api, as_service, "f-3", [{"sku_id": sku, "quantity": 1}], user_id=2, **one)
    ).status_code == 200
    sold = await reserve(api, as_service, "f-4", [{"sku_id": sku, "quantity": 1}], user_id=3, **one)
    assert sold.status_code == 409 and sold.json()["code"] == "sold_out"
    wrong = await reserve(api, as_service, "f-5", [{"sku_id": sku + 1000, "quantity": 1}], user_id=3, **one)
    assert wrong.status_code == 422


async def test_a_refused_cap_takes_no_stock_and_the_caps_answer_before_the_shelf(api, as_ops, as_service, catalog):
    """The units an activity holds are counted by the update that takes the stock: a cap it breaks gives the
    units back, and where the shelf is short too, the cap is what the refusal names."""
    product = await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 4}])
    sku = product["skus"][0]["id"]
    terms = {"kind": "flash_sale", "price_fen": 500, "stock": 3, "per_user_limit": 2}
    activity = (await api.post("/v1/activities", json=activity_body(sku, terms), auth=as_ops)).json()["id"]
    one = {"activity_id": activity}
    first = await reserve(api, as_service, "c-1", [{"sku_id": sku, "quantity": 2}], user_id=1, **one)
    assert first.status_code == 200, first.text
    over = await reserve(api, as_service, "c-2", [{"sku_id": sku, "quantity": 1}], user_id=1, **one)
    assert over.status_code == 409 and over.json()["code"] == "per_user_limit"
    sold = await reserve(api, as_service, "c-3", [{"sku_id": sku, "quantity": 2}], user_id=2, **one)
    assert sold.status_code == 409 and sold.json()["code"] == "sold_out"
    assert await _stock(catalog, sku) == 2  # neither refusal kept the units its update took
    # A plain order takes the shelf down to one unit: two more of the activity break its cap and the shelf.
    assert (await reserve(api, as_service, "c-4", [{"sku_id": sku, "quantity": 1}])).status_code == 200
    both = await reserve(api, as_service, "c-5", [{"sku_id": sku, "quantity": 2}], user_id=3, **one)
    assert both.status_code == 409 and both.json()["code"] == "sold_out"
    # Within the cap but short on the shelf: out of stock.
    assert (await reserve(api, as_service, "c-6", [{"sku_id": sku, "quantity": 1}])).status_code == 200
    short = await reserve(api, as_service, "c-7", [{"sku_id": sku, "quantity": 1}], user_id=3, **one)
    assert short.status_code == 409 and short.json()["code"] == "out_of_stock"
    assert await _stock(catalog, sku) == 0


async def test_an_activity_that_is_not_running_reserves_nothing(api, as_ops, as_service):
    sku = (await make_product(api, as_ops))["skus"][0]["id"]
    terms = {"kind": "flash_sale", "price_fen": 500, "stock": 3}
    upcoming = (await api.post("/v1/activities", json=activity_body(sku, terms, starts_in_s=600), auth=as_ops)).json()
    answer = await reserve(
        api, as_service, "f-early", [{"sku_id": sku, "quantity": 1}], user_id=1, activity_id=upcoming["id"]
    )
    assert answer.status_code == 409 and answer.json()["code"] == "activity_not_live"


async def test_only_services_reach_the_internal_routes(api, as_ops):
    answer = await reserve(api, as_ops, "o-x", [{"sku_id": 1, "quantity": 1}])
    assert answer.status_code == 403


async def test_steps_of_one_order_at_once_give_its_units_back_once(api, as_ops, as_service, catalog):
    """The release call and the order.cancelled event reach catalog at the same moment (and a payment may
    race a cancellation): the order's rows serialise them, so the units come back exactly once."""
    import asyncio

    from services.catalog.models import Sku

    product = await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 10}])
    sku = product["skus"][0]["id"]
    for order_id in ("race-1", "race-2"):
        assert (await reserve(api, as_service, order_id, [{"sku_id": sku, "quantity": 2}])).status_code == 200
    releases = [api.post("/internal/reservations/race-1/release", auth=as_service) for _ in range(6)]
    mixed = [api.post(f"/internal/reservations/race-2/{step}", auth=as_service) for step in ("commit", "release") * 3]
    answers = await asyncio.gather(*releases, *mixed)
    assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
    async with catalog.state.db.read_sessions() as session:
        assert (await session.get(Sku, sku)).stock == 10


async def test_a_plain_order_of_one_sku_is_reserved_in_one_statement_on_postgresql(api, as_ops, as_service, catalog):
    """Outside any activity, the units taken and the row written go as one statement on PostgreSQL (two in a
    transaction before); SQLite sends its ``BEGIN IMMEDIATE``, the row's insert and the update."""
    from common.testing.statements import counting_statements
    from services.catalog.models import Reservation

    product = await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 5}])
    sku = product["skus"][0]["id"]
    db = catalog.state.db
    with counting_statements(db) as sent:
        answer = await reserve(api, as_service, "one-go", [{"sku_id": sku, "quantity": 2}], user_id=42)
    assert answer.status_code == 200 and answer.json()["status"] == "reserved"
    assert sent.value == (3 if db.writer.dialect.name == "sqlite" else 1)
    assert await _stock(catalog, sku) == 3
    async with db.read_sessions() as session:
        from sqlmodel import select

        rows = (await session.exec(select(Reservation).where(Reservation.order_id == "one-go"))).all()
    assert [(r.sku_id, r.quantity, r.user_id, r.activity_id, r.status) for r in rows] == [
        (sku, 2, 42, None, "reserved")]
    # The same again answers the reservation it holds; more than is left is refused and takes nothing.
    assert (await reserve(api, as_service, "one-go", [{"sku_id": sku, "quantity": 2}], user_id=42)).status_code == 200
    refused = await reserve(api, as_service, "one-more", [{"sku_id": sku, "quantity": 4}], user_id=42)
    assert refused.status_code == 409 and refused.json()["code"] == "out_of_stock"
    assert await _stock(catalog, sku) == 3


async def test_an_activity_reservation_is_one_statement_on_postgresql(api, as_ops, as_service, catalog):
    """On PostgreSQL one statement (the server's ``catalog_hold_in_activity``) where the read carrying the
    row, the capped activity's lock and the take were three; a repeat and a buyer over the limit are answered
    as before, and the refused one leaves the stock as it was."""
    from common.testing.statements import counting_statements

    sku = (await make_product(api, as_ops, skus=[{"name": "x", "price_fen": 100, "stock": 9}]))["skus"][0]["id"]
    terms = {"kind": "flash_sale", "price_fen": 50, "stock": 5, "per_user_limit": 2}
    activity = (await api.post("/v1/activities", json=activity_body(sku, terms), auth=as_ops)).json()["id"]
    db = catalog.state.db
    item = [{"sku_id": sku, "quantity": 2}]
    with counting_statements(db) as sent:
        answer = await reserve(api, as_service, "act-1", item, user_id=7, activity_id=activity)
    assert answer.status_code == 200 and answer.json()["activity_id"] == activity
    if db.writer.dialect.name == "postgresql":
        assert sent.value == 1
    again = await reserve(api, as_service, "act-1", item, user_id=7, activity_id=activity)
    assert again.status_code == 200 and again.json()["status"] == "reserved"
    over = await reserve(api, as_service, "act-2", [{"sku_id": sku, "quantity": 1}], user_id=7, activity_id=activity)
    assert over.status_code == 409 and over.json()["code"] == "per_user_limit"
    assert await _stock(catalog, sku) == 7


async def test_whatever_the_one_statement_refuses_is_undone_and_explained(api, as_ops, as_service, catalog):
    """Each refusal of the one-statement reservation (PostgreSQL) leaves no row and no unit taken, and the
    general way answers why: short of stock, another SKU than the activity's, a cancelled activity; a buyer
    without a name never goes that way."""
    from sqlmodel import col, select

    from services.catalog.models import Reservation

    product = await make_product(api, as_ops, skus=[{"name": "a", "price_fen": 100, "stock": 3},
                                                    {"name": "b", "price_fen": 100, "stock": 3}])
    sku, other = (s["id"] for s in product["skus"])
    terms = {"kind": "flash_sale", "price_fen": 50, "stock": 10, "per_user_limit": 10}
    activity = (await api.post("/v1/activities", json=activity_body(sku, terms), auth=as_ops)).json()["id"]
    short = await reserve(api, as_service, "r-1", [{"sku_id": sku, "quantity": 4}], user_id=1, activity_id=activity)
    assert short.status_code == 409 and short.json()["code"] == "out_of_stock", short.text
    wrong = await reserve(api, as_service, "r-2", [{"sku_id": other, "quantity": 1}], user_id=1, activity_id=activity)
    assert wrong.status_code == 422 and "activity" in wrong.json()["detail"], wrong.text
    nameless = await reserve(api, as_service, "r-3", [{"sku_id": sku, "quantity": 1}], activity_id=activity)
    assert nameless.status_code == 422, nameless.text
    assert (await api.post(f"/v1/activities/{activity}/cancel", auth=as_ops)).status_code == 200
    late = await reserve(api, as_service, "r-4", [{"sku_id": sku, "quantity": 1}], user_id=1, activity_id=activity)
    assert late.status_code == 409 and late.json()["code"] == "activity_not_live", late.text
    assert await _stock(catalog, sku) == 3 and await _stock(catalog, other) == 3
    async with catalog.state.db.read_sessions() as session:
        assert (await session.exec(select(Reservation).where(col(Reservation.sku_id).in_([sku, other])))).all() == []
