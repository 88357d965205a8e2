"""Browsing and searching products: by category, by keyword, in one of the ``ProductSort`` orders.

- A category lists its own products and its children's (a top category covers its whole branch);
  buyers see only active categories and published products.
- Search: every term of the query must occur in the product's search text (services/catalog/listing.py,
  services/catalog/domain/search.py) — ``LIKE '%term%'``, served on PostgreSQL by a trigram GIN index
  (``pg_trgm``) and on SQLite by a scan; a term of Latin letters also matches the pinyin initials
  (``search_initials``, indexed the same way).  Blank queries and queries of more than five words are a 422.
- Pages are a key set: each order has a stored column with an index (``created_at``, ``units_sold``,
  ``min_price_fen``) and ties go by id, so the key (value, id) is unique and pages neither skip nor repeat
  a product while the others keep their place.  A product whose sort value changes between two pages (a
  sale, a new price) is seen at its new place, possibly once more or not at all — as in any live shop.
  ``order=desc`` runs any sort backwards (``oldest`` becomes newest by id, ``price_asc`` highest first).
  The cursor names its order and direction; one from another is a 400.  ``oldest`` keeps the original cursor
  (the last id), so existing callers page as before.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.pagination import Page, PageParams, cursor_key, encode_cursor, paginate
from common.problems import Problem
from services.catalog.domain.search import LIKE_ESCAPE, QueryError, like_pattern, may_be_initials, query_terms
from services.catalog.models import Product, ProductCategory, ProductRole
from services.catalog.schemas import ProductPublic
from services.catalog.service import invalid, products_public
from services.catalog.storefront import categories
from services.catalog.storefront.schemas import ProductSort

# Per order: the column, and whether it runs highest first.
ORDERS: dict[ProductSort, tuple[Any, bool]] = {
    ProductSort.newest: (col(Product.created_at), True),
    ProductSort.best_selling: (col(Product.units_sold), True),
    ProductSort.price_asc: (col(Product.min_price_fen), False),
    ProductSort.price_desc: (col(Product.min_price_fen), True),
}


async def list_products(*, session: AsyncSession, page: PageParams, sort: ProductSort = ProductSort.oldest,
                        role: ProductRole | None = None, category_id: int | None = None, q: str | None = None,
                        include_unpublished: bool = False, descending: bool = False) -> Page[ProductPublic]:
    """One page in ``sort``'s order, or its reverse when ``descending`` (``order=desc``)."""
    query = select(Product)
    if not include_unpublished:
        query = query.where(col(Product.published).is_(True))
    if role is not None:
        query = query.where(Product.role == role)
    if category_id is not None:
        covered = await categories.subtree_ids(session=session, category_id=category_id,
                                               include_inactive=include_unpublished)
        query = query.where(col(Product.id).in_(
            select(ProductCategory.product_id).where(col(ProductCategory.category_id).in_(covered))))
    if q is not None:
        try:
            terms = query_terms(q)
        except QueryError as exc:
            raise invalid("query.q", str(exc)) from exc
        for term in terms:
            found = col(Product.search_text).like(like_pattern(term), escape=LIKE_ESCAPE)
            if may_be_initials(term):  # dbdm, dm → 东北大米
                found = sa.or_(found, col(Product.search_initials).like(like_pattern(term), escape=LIKE_ESCAPE))
            query = query.where(found)
    if sort == ProductSort.oldest:
        return await _oldest(session, query, page, descending)
    return await _keyset(session, query, page, sort, reverse=descending)


async def _oldest(session: AsyncSession, query, page: PageParams, descending: bool) -> Page[ProductPublic]:
    rows = await paginate(session, query, key=col(Product.id), page=page, public=lambda row: row,
                          descending=descending)
    return Page[ProductPublic](items=await products_public(session, rows.items), next_cursor=rows.next_cursor)


def _tag(sort: ProductSort, reverse: bool) -> str:
    """What a cursor names its order by: the sort, and ``:desc`` when reversed."""
    return f"{sort.value}:desc" if reverse else sort.value


async def _keyset(session: AsyncSession, query, page: PageParams, sort: ProductSort,
                  reverse: bool = False) -> Page[ProductPublic]:
    column, descending = ORDERS[sort]
    descending ^= reverse
    if page.after is not None:
        value, after_id = _decode(page.after, sort, _tag(sort, reverse))
        beyond = (column < value) if descending else (column > value)
        next_id = (col(Product.id) < after_id) if descending else (col(Product.id) > after_id)
        query = query.where(sa.or_(beyond, sa.and_(column == value, next_id)))
    ordering = (column.desc(), col(Product.id).desc()) if descending else (column, col(Product.id))
    rows = list((await session.exec(query.order_by(*ordering).limit(page.limit + 1))).all())
    more = len(rows) > page.limit
    rows = rows[:page.limit]
    next_cursor = encode_cursor([_tag(sort, reverse), _key_value(rows[-1], sort), rows[-1].id]) if more else None
    return Page[ProductPublic](items=await products_public(session, rows), next_cursor=next_cursor)


def _key_value(product: Product, sort: ProductSort) -> Any:
    if sort == ProductSort.newest:
        return product.created_at.astimezone(UTC).isoformat()
    return product.units_sold if sort == ProductSort.best_selling else product.min_price_fen


def _decode(after: object, sort: ProductSort, tag: str) -> tuple[Any, int]:
    """The (value, id) of the last product of the previous page in this order, as ``_keyset`` gave it out."""
    refused = Problem(400, "invalid_cursor", "The cursor is not one this API gave out for this sort")
    if not isinstance(after, list) or len(after) != 3 or after[0] != tag:
        raise refused
    _, value, after_id = after
    if sort == ProductSort.newest:
        try:
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                raise ValueError("a cursor's time has an offset")
            value = value.astimezone(UTC)
        except (TypeError, ValueError, OverflowError) as exc:
            raise refused from exc
    else:
        value = cursor_key(value, col(Product.units_sold))
    return value, cursor_key(after_id, col(Product.id))
