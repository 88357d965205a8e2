"""The storefront migration fills the new columns of products that existed before it."""

from __future__ import annotations

import sqlalchemy as sa

from common.migrations import upgrade


def test_existing_products_get_their_search_text_price_and_units_sold(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path.as_posix()}/catalog.db"
    upgrade("catalog", url, "e5c710fe543e")
    engine = sa.create_engine(f"sqlite:///{tmp_path.as_posix()}/catalog.db")
    at = "2026-11-30 00:00:00.000000"
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO product (id, name, role, unit, description, kind, images, categories, published, "
            "created_at, updated_at) VALUES (1, '東北大米', 'regular', '袋', '', 'single', '[]', '[\"粮油\"]', 1, "
            ":at, :at)"), {"at": at})
        for sku_id, price in ((1, 5990), (2, 4990)):
            conn.execute(sa.text(
                "INSERT INTO sku (id, product_id, name, price_fen, member_prices, stock, created_at, updated_at) "
                "VALUES (:id, 1, 'x', :price, '{}', 5, :at, :at)"), {"id": sku_id, "price": price, "at": at})
        for order, status, quantity in (("a", "committed", 2), ("b", "committed", 1), ("c", "reserved", 4)):
            conn.execute(sa.text(
                "INSERT INTO reservation (order_id, sku_id, quantity, status, created_at, updated_at) "
                "VALUES (:order, 1, :quantity, :status, :at, :at)"),
                {"order": order, "quantity": quantity, "status": status, "at": at})
    upgrade("catalog", url)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT search_text, min_price_fen, units_sold FROM product")).one()
    engine.dispose()
    assert tuple(row) == ("东北大米 | 粮油", 4990, 3)
