"""Categories: a tree two levels deep (top categories and their children), each level in ops' order.

Rules:
- a child's parent is a top category; a category with children cannot become a child itself;
- sibling names are unique (409 ``category_name_taken``);
- a category is deleted only when it has no children and no products (409 ``category_in_use``, with
  the counts): ops move or unlink them first, so nothing disappears from the shop by accident;
- an inactive category is hidden from buyers (with its children), but its products stay on sale and
  can be found by search;
- renaming a category or moving it refreshes the search text of the products under it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.problems import Problem, not_found
from services.catalog import listing
from services.catalog.models import Category, ProductCategory
from services.catalog.service import invalid
from services.catalog.storefront.schemas import (
    CategoryCreate,
    CategoryPublic,
    CategoryReorder,
    CategoryTree,
    CategoryUpdate,
)


def _public(category: Category, children: Sequence[Category] = ()) -> CategoryPublic:
    return CategoryPublic(id=category.id, name=category.name, parent_id=category.parent_id,
                          position=category.position, icon_url=category.icon_url, active=category.active,
                          children=[_public(child) for child in children])


def _ordered(query):
    return query.order_by(col(Category.position), col(Category.id))


async def tree(*, session: AsyncSession, include_inactive: bool = False) -> CategoryTree:
    rows = (await session.exec(_ordered(select(Category)))).all()
    shown = [row for row in rows if include_inactive or row.active]
    children: dict[int, list[Category]] = {}
    for row in shown:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row)
    return CategoryTree(items=[_public(row, children.get(row.id, [])) for row in shown if row.parent_id is None])


async def get(*, session: AsyncSession, category_id: int, include_inactive: bool = False) -> CategoryPublic:
    category = await _visible(session, category_id, include_inactive=include_inactive)
    children = (await session.exec(_ordered(select(Category).where(Category.parent_id == category.id)))).all()
    return _public(category, [c for c in children if include_inactive or c.active])


async def _visible(session: AsyncSession, category_id: int, *, include_inactive: bool) -> Category:
    category = await session.get(Category, category_id)
    if category is None:
        raise not_found("category", category_id)
    if not include_inactive:
        parent = await session.get(Category, category.parent_id) if category.parent_id else None
        if not category.active or (parent is not None and not parent.active):
            raise not_found("category", category_id)
    return category


async def subtree_ids(*, session: AsyncSession, category_id: int, include_inactive: bool = False) -> list[int]:
    """The category and its children (active ones only for buyers): what listing a category covers."""
    category = await _visible(session, category_id, include_inactive=include_inactive)
    query = select(Category.id).where(Category.parent_id == category.id)
    if not include_inactive:
        query = query.where(col(Category.active).is_(True))
    return [category.id, *(await session.exec(query)).all()]


async def _check_parent(session: AsyncSession, parent_id: int | None, *, moving: Category | None = None) -> None:
    if parent_id is None:
        return
    parent = await session.get(Category, parent_id)
    if parent is None:
        raise invalid("body.parent_id", "no such category")
    if parent.parent_id is not None:
        raise invalid("body.parent_id", "categories are two levels deep: the parent must be a top category")
    if moving is not None:
        if parent.id == moving.id:
            raise invalid("body.parent_id", "a category cannot be its own parent")
        has_children = (await session.exec(select(Category.id).where(Category.parent_id == moving.id))).first()
        if has_children is not None:
            raise invalid("body.parent_id", "a category with children stays a top category")


async def _check_name(session: AsyncSession, name: str, parent_id: int | None, *,
                      other_than: int | None = None) -> None:
    same_parent = (Category.parent_id == parent_id) if parent_id is not None else col(Category.parent_id).is_(None)
    query = select(Category.id).where(Category.name == name, same_parent)
    if other_than is not None:
        query = query.where(Category.id != other_than)
    if (await session.exec(query)).first() is not None:
        raise Problem(409, "category_name_taken", "A sibling category has this name already", field="body.name")


async def create(*, session: AsyncSession, category_in: CategoryCreate) -> CategoryPublic:
    await _check_parent(session, category_in.parent_id)
    name = category_in.name.strip()
    await _check_name(session, name, category_in.parent_id)
    category = Category(name=name, parent_id=category_in.parent_id, position=category_in.position,
                        icon_url=str(category_in.icon_url) if category_in.icon_url else None,
                        active=category_in.active)
    session.add(category)
    await session.commit()
    return _public(category)


async def update(*, session: AsyncSession, category_id: int, category_in: CategoryUpdate) -> CategoryPublic:
    category = await session.get(Category, category_id)
    if category is None:
        raise not_found("category", category_id)
    changes = category_in.model_dump(exclude_unset=True)
    for field in ("name", "position", "active"):
        if field in changes and changes[field] is None:
            raise invalid(f"body.{field}", "cannot be null")
    parent_id = changes.get("parent_id", category.parent_id)
    if "parent_id" in changes and parent_id != category.parent_id:
        await _check_parent(session, parent_id, moving=category)
    name = changes["name"].strip() if "name" in changes else category.name
    await _check_name(session, name, parent_id, other_than=category.id)
    renamed = (name, parent_id) != (category.name, category.parent_id)
    category.name, category.parent_id = name, parent_id
    if "position" in changes:
        category.position = changes["position"]
    if "active" in changes:
        category.active = changes["active"]
    if "icon_url" in changes:
        category.icon_url = str(category_in.icon_url) if category_in.icon_url else None
    category.updated_at = now()
    if renamed:
        await listing.refresh(session, await _products_under(session, category.id))
    await session.commit()
    return await get(session=session, category_id=category.id, include_inactive=True)


async def _products_under(session: AsyncSession, category_id: int) -> list[int]:
    children = select(Category.id).where(Category.parent_id == category_id)
    query = select(ProductCategory.product_id).where(sa.or_(
        ProductCategory.category_id == category_id, col(ProductCategory.category_id).in_(children))).distinct()
    return list((await session.exec(query)).all())


async def reorder(*, session: AsyncSession, order_in: CategoryReorder) -> CategoryTree:
    """Give the siblings under ``parent_id`` positions 0, 1, 2… in the order listed; every sibling once."""
    parent_filter = (Category.parent_id == order_in.parent_id) if order_in.parent_id is not None \
        else col(Category.parent_id).is_(None)
    siblings = {c.id: c for c in (await session.exec(select(Category).where(parent_filter))).all()}
    if len(set(order_in.ids)) != len(order_in.ids) or set(order_in.ids) != set(siblings):
        raise invalid("body.ids", "list every sibling's id exactly once")
    moment = now()
    for position, category_id in enumerate(order_in.ids):
        siblings[category_id].position = position
        siblings[category_id].updated_at = moment
    await session.commit()
    return await tree(session=session, include_inactive=True)


async def delete(*, session: AsyncSession, category_id: int) -> None:
    category = await session.get(Category, category_id)
    if category is None:
        raise not_found("category", category_id)
    children = (await session.exec(select(sa.func.count()).select_from(Category)
                                   .where(Category.parent_id == category_id))).one()
    products = (await session.exec(select(sa.func.count()).select_from(ProductCategory)
                                   .where(ProductCategory.category_id == category_id))).one()
    if children or products:
        raise Problem(409, "category_in_use", f"The category still has {children} children and {products} "
                      "products; move or unlink them first", children=children, products=products)
    await session.delete(category)
    await session.commit()
