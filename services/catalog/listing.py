"""What the storefront sorts and searches products by, kept on the product row in the writer's transaction.

- ``search_text``: the product's name, ops' free labels and the names of its categories and of their
  parents, normalised (services/catalog/domain/search.py).  Refreshed whenever a product, its categories
  or the name of one of those categories changes; ``search_initials`` (its pinyin initials) with it.
- ``min_price_fen``: the lowest list price of its SKUs (what ``price_asc`` / ``price_desc`` sort by).
  Refreshed whenever a SKU is created or repriced.
- ``units_sold`` (``best_selling``): units of the product in committed reservations, counted up when a
  reservation is committed (the ``order.paid`` handler or the commit call, whichever comes first; the
  commit is idempotent, so each unit is counted once) and down when a committed reservation is released
  (a refund that gives the stock back, a failed group).  A gift pack counts its own units, not its
  components'.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.outbox import execute
from common.problems import Problem
from common.transaction import Transaction
from services.catalog.domain.search import initials, search_text
from services.catalog.models import Category, Product, ProductCategory, Sku


async def category_names(session: AsyncSession, product_ids: Iterable[int]) -> dict[int, list[str]]:
    """Per product, the names of its categories and of their parents."""
    wanted = list(product_ids)
    if not wanted:
        return {}
    parent = aliased(Category)
    rows = (await session.exec(
        select(ProductCategory.product_id, Category.name, parent.name)
        .join(Category, col(Category.id) == col(ProductCategory.category_id))
        .outerjoin(parent, col(parent.id) == col(Category.parent_id))
        .where(col(ProductCategory.product_id).in_(wanted))
        .order_by(col(ProductCategory.product_id), col(Category.id)))).all()
    names: dict[int, list[str]] = {}
    for product_id, name, parent_name in rows:
        names.setdefault(product_id, []).extend([parent_name, name] if parent_name else [name])
    return names


async def refresh(session: AsyncSession, product_ids: Iterable[int]) -> None:
    """Recompute the search text and lowest price of these products (flushed, not committed)."""
    wanted = sorted(set(product_ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        await session.flush()
        products = (await session.exec(select(Product).where(col(Product.id).in_(chunk)))).all()
        prices = dict((await session.exec(select(Sku.product_id, sa.func.min(Sku.price_fen))
                                          .where(col(Sku.product_id).in_(chunk))
                                          .group_by(col(Sku.product_id)))).all())
        names = await category_names(session, chunk)
        for product in products:
            product.search_text = search_text(product.name, product.categories, names.get(product.id, []))
            product.search_initials = initials(product.search_text)
            product.min_price_fen = prices.get(product.id, 0)
    await session.flush()


_PRODUCT: sa.Table = Product.__table__  # type: ignore[attr-defined]
_ADD_SOLD = sa.update(_PRODUCT).where(_PRODUCT.c.id == sa.bindparam("product", type_=sa.Integer())) \
    .values(units_sold=_PRODUCT.c.units_sold + sa.bindparam("units", type_=sa.Integer()))


_SOLD_AT_COMMIT = "catalog_units_sold"


async def add_sold(session: AsyncSession | Transaction, units: Mapping[int, int], *, sign: int) -> None:
    """Add (``sign`` 1) or take back (``sign`` -1) units sold, per product id; one update a product, in id
    order (concurrent writers lock products in one order).

    In a transaction without a session (a consumer's batch) they are summed and written when it commits:
    a batch that locked a product for one order's units and then waited for the next order's reservation
    rows, which a release (reservation rows, then SKU, then product) held while it waited for that product,
    was a deadlock — PostgreSQL ended one of them, and a buyer's refund was answered 502."""
    if not isinstance(session, Transaction):
        for product_id, count in sorted(units.items()):
            await execute(session, _ADD_SOLD, {"product": product_id, "units": sign * count})
        return
    pending = session.info.get(_SOLD_AT_COMMIT)
    if pending is None:
        pending = session.info[_SOLD_AT_COMMIT] = Counter()

        async def write() -> None:
            for product_id, count in sorted(session.info.pop(_SOLD_AT_COMMIT).items()):
                if count:
                    await execute(session, _ADD_SOLD, {"product": product_id, "units": count})

        session.before_commit(write)
    for product_id, count in units.items():
        pending[product_id] += sign * count


async def set_product_categories(session: AsyncSession, product_id: int, category_ids: list[int]) -> None:
    """Replace a product's categories (within the caller's transaction); unknown ids are a 422."""
    wanted = list(dict.fromkeys(category_ids))
    if wanted:
        found = set((await session.exec(select(Category.id).where(col(Category.id).in_(wanted)))).all())
        missing = [c for c in wanted if c not in found]
        if missing:
            raise Problem(422, "validation_error", "Invalid fields: body.category_ids", errors=[{
                "field": "body.category_ids", "message": f"no such categories: {', '.join(map(str, missing))}",
                "type": "value_error"}])
    await session.exec(sa.delete(ProductCategory).where(col(ProductCategory.product_id) == product_id))
    session.add_all([ProductCategory(product_id=product_id, category_id=c) for c in wanted])
    await session.flush()


async def product_category_ids(session: AsyncSession, product_ids: Sequence[int]) -> dict[int, list[int]]:
    if not product_ids:
        return {}
    rows = (await session.exec(select(ProductCategory.product_id, ProductCategory.category_id)
                               .where(col(ProductCategory.product_id).in_(product_ids))
                               .order_by(col(ProductCategory.category_id)))).all()
    found: dict[int, list[int]] = {}
    for product_id, category_id in rows:
        found.setdefault(product_id, []).append(category_id)
    return found
