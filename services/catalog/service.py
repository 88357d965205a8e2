"""Catalog use cases."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.pagination import Page, PageParams, encode_cursor
from common.problems import not_found
from services.catalog.models import Product, ProductRole
from services.catalog.schemas import ProductPublic


async def list_published(*, session: AsyncSession, page: PageParams,
                         role: ProductRole | None = None) -> Page[ProductPublic]:
    query = select(Product).where(col(Product.published).is_(True))
    if role is not None:
        query = query.where(Product.role == role)
    if page.after is not None:
        query = query.where(col(Product.id) > int(page.after))
    rows = (await session.exec(query.order_by(col(Product.id)).limit(page.limit + 1))).all()
    items = [ProductPublic.model_validate(row, from_attributes=True) for row in rows[: page.limit]]
    next_cursor = encode_cursor(items[-1].id) if len(rows) > page.limit else None
    return Page[ProductPublic](items=items, next_cursor=next_cursor)


async def get_published(*, session: AsyncSession, product_id: int) -> ProductPublic:
    product = await session.get(Product, product_id)
    if product is None or not product.published:
        raise not_found("product", product_id)
    return ProductPublic.model_validate(product, from_attributes=True)
