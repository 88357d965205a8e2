"""Catalog use cases for products, SKUs and activities: one transaction each.

External ids (ops' own ids of products and SKUs) are unique across the catalog: a new product that
reuses one is a 409 ``external_id_taken`` naming the field (``body.external_id``,
``body.skus.<n>.external_id``), checked before the write and again if a concurrent write wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.dialects import postgresql
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.events.catalog import ProductChanged
from common.pagination import Page, PageParams, cursor_key, encode_cursor
from common.problems import Problem, not_found
from common.transaction import dialect_name
from services.catalog import listing
from services.catalog.domain.activities import ActivityTerms, WindowError, check_window, status_at
from services.catalog.domain.stock import bundle_stock
from services.catalog.models import Activity, BundleComponent, Product, ProductKind, ProductRole, Sku, events
from services.catalog.schemas import (
    ActivityCreate,
    ActivityPublic,
    ActivityUpdate,
    ComponentPublic,
    ProductCreate,
    ProductPublic,
    ProductUpdate,
    SkuInternal,
    SkuPublic,
    SkuUpdate,
)
from services.catalog.suppliers import supplier_id_of

TERMS = TypeAdapter(ActivityTerms)


def invalid(field: str, message: str) -> Problem:
    return Problem(422, "validation_error", f"Invalid fields: {field}",
                   errors=[{"field": field, "message": message, "type": "value_error"}])


# --- products ------------------------------------------------------------------------------------


async def _components(session: AsyncSession, bundle_sku_ids: Sequence[int]) -> dict[int, list[BundleComponent]]:
    if not bundle_sku_ids:
        return {}
    query = select(BundleComponent).where(col(BundleComponent.bundle_sku_id).in_(bundle_sku_ids))
    rows = (await session.exec(query)).all()
    found: dict[int, list[BundleComponent]] = {}
    for row in rows:
        found.setdefault(row.bundle_sku_id, []).append(row)
    return found


async def available_units(session: AsyncSession, sku: Sku, product: Product) -> int:
    if product.kind != ProductKind.bundle:
        return sku.stock
    components = (await _components(session, [sku.id]))[sku.id]
    stocks = {s.id: s.stock for s in (await session.exec(
        select(Sku).where(col(Sku.id).in_([c.component_sku_id for c in components])))).all()}
    return bundle_stock((stocks[c.component_sku_id], c.quantity) for c in components)


async def products_public(session: AsyncSession, products: Sequence[Product]) -> list[ProductPublic]:
    """A page of products in a few queries: their categories and SKUs are read for the page at once."""
    ids = [p.id for p in products]
    category_ids = await listing.product_category_ids(session, ids)
    skus: dict[int, list[Sku]] = {}
    if ids:
        for sku in await skus_of(session, ids):
            skus.setdefault(sku.product_id, []).append(sku)
    return [await _product_public(session, p, category_ids.get(p.id, []), skus.get(p.id, [])) for p in products]


_SKU: sa.Table = Sku.__table__  # type: ignore[attr-defined]
# PostgreSQL: each product's SKUs by the index on ``sku.product_id``, one look-up per product.  An
# ``IN`` of a page's products, on a table without statistics, is priced at 0.5 % of the rows per product:
# a page of twenty looked like a tenth of the table, and every page read every SKU (10,000 rows: ~6 ms
# against ~0.1).  ``OFFSET 0`` keeps the planner from flattening the per-product query into that scan.
_WANTED = sa.func.unnest(sa.bindparam("product_ids", type_=postgresql.ARRAY(sa.Integer))) \
    .table_valued("id").render_derived(name="wanted")
_OF_PRODUCT = sa.select(_SKU).where(_SKU.c.product_id == _WANTED.c.id).offset(0).lateral("of_product")
_SKUS_OF_PRODUCTS = select(Sku).from_statement(
    sa.select(_OF_PRODUCT).select_from(_WANTED).join(_OF_PRODUCT, sa.true()).order_by(_OF_PRODUCT.c.id))
# SQLite looks each value of an ``IN`` up in the index by itself.
_SKUS_IN = select(Sku).where(col(Sku.product_id).in_(sa.bindparam("product_ids", expanding=True))).order_by(col(Sku.id))


async def skus_of(session: AsyncSession, product_ids: list[int]) -> Sequence[Sku]:
    """The SKUs of these products, oldest first."""
    if dialect_name(session) == "postgresql":
        return (await session.exec(_SKUS_OF_PRODUCTS, params={"product_ids": product_ids})).scalars().all()
    return (await session.exec(_SKUS_IN, params={"product_ids": product_ids})).all()


async def _product_public(session: AsyncSession, product: Product, category_ids: list[int] | None = None,
                          skus: Sequence[Sku] | None = None) -> ProductPublic:
    if category_ids is None:
        category_ids = (await listing.product_category_ids(session, [product.id])).get(product.id, [])
    if skus is None:
        skus = (await session.exec(select(Sku).where(Sku.product_id == product.id).order_by(col(Sku.id)))).all()
    components = (await _components(session, [s.id for s in skus])) if product.kind == ProductKind.bundle else {}
    return ProductPublic(
        id=product.id, external_id=product.external_id, name=product.name, role=product.role, unit=product.unit,
        description=product.description,
        kind=product.kind, images=product.images, categories=product.categories, category_ids=category_ids,
        grants_level=product.grants_level,
        published=product.published, created_at=product.created_at, updated_at=product.updated_at,
        skus=[SkuPublic(id=s.id, name=s.name, price_fen=s.price_fen, member_prices=s.member_prices,
                        available=await available_units(session, s, product)) for s in skus],
        components=[ComponentPublic(sku_id=c.component_sku_id, quantity=c.quantity)
                    for rows in components.values() for c in rows],
    )


async def get_product(*, session: AsyncSession, product_id: int, include_unpublished: bool = False) -> ProductPublic:
    product = await session.get(Product, product_id)
    if product is None or not (product.published or include_unpublished):
        raise not_found("product", product_id)
    return await _product_public(session, product)


async def create_product(*, session: AsyncSession, product_in: ProductCreate) -> ProductPublic:
    if product_in.kind == ProductKind.bundle:
        wanted = [c.sku_id for c in product_in.components]
        found = (await session.exec(select(Sku, Product).join(Product, col(Sku.product_id) == col(Product.id))
                                    .where(col(Sku.id).in_(wanted)))).all()
        if len(found) != len(wanted):
            raise invalid("body.components", "every component must be an existing SKU")
        if any(product.kind == ProductKind.bundle for _sku, product in found):
            raise invalid("body.components", "a gift pack cannot contain another gift pack")
    await _refuse_taken_external_ids(session, product_in)
    try:
        product = await _write_product(session, product_in)
    except sa.exc.IntegrityError:
        # Another request may have taken one of the ids between the check and the write.
        await session.rollback()
        await _refuse_taken_external_ids(session, product_in)
        raise
    return await _product_public(session, product)


async def _write_product(session: AsyncSession, product_in: ProductCreate) -> Product:
    fields = product_in.model_dump(exclude={"skus", "components", "images", "category_ids"})
    product = Product(**fields, images=[str(u) for u in product_in.images])
    session.add(product)
    await session.flush()
    skus = [Sku(product_id=product.id, **s.model_dump()) for s in product_in.skus]
    session.add_all(skus)
    await session.flush()
    await listing.set_product_categories(session, product.id, product_in.category_ids)
    await listing.refresh(session, [product.id])
    for component in product_in.components:
        session.add(BundleComponent(bundle_sku_id=skus[0].id, component_sku_id=component.sku_id,
                                    quantity=component.quantity))
    await _tell(session, product)
    await session.commit()
    return product


def _external_id_taken(field: str) -> Problem:
    return Problem(409, "external_id_taken", f"{field}: another product or SKU has this external_id already",
                   field=field)


async def _refuse_taken_external_ids(session: AsyncSession, product_in: ProductCreate) -> None:
    """External ids are unique across the catalog: 409 naming the first field that reuses one."""
    if product_in.external_id is not None and (await session.exec(
            select(Product.id).where(Product.external_id == product_in.external_id))).first() is not None:
        raise _external_id_taken("body.external_id")
    wanted = {s.external_id: n for n, s in enumerate(product_in.skus) if s.external_id is not None}
    if not wanted:
        return
    taken = set((await session.exec(select(Sku.external_id).where(col(Sku.external_id).in_(wanted)))).all())
    for external_id, n in wanted.items():
        if external_id in taken:
            raise _external_id_taken(f"body.skus.{n}.external_id")


async def update_product(*, session: AsyncSession, product_id: int, product_in: ProductUpdate) -> ProductPublic:
    product = await session.get(Product, product_id)
    if product is None:
        raise not_found("product", product_id)
    changes = product_in.model_dump(exclude_unset=True)
    if "images" in changes and changes["images"] is not None:
        changes["images"] = [str(u) for u in product_in.images or []]
    category_ids = changes.pop("category_ids", None)
    for name, value in changes.items():
        if value is not None:
            setattr(product, name, value)
    product.updated_at = now()
    if category_ids is not None:
        await listing.set_product_categories(session, product.id, category_ids)
    await listing.refresh(session, [product.id])
    await _tell(session, product)
    await session.commit()
    return await _product_public(session, product)


async def _tell(session: AsyncSession, product: Product) -> None:
    """Other services keep a copy of a product's publication and role (rebate rates depend on it)."""
    await events.publish(session, ProductChanged(product_id=product.id, published=product.published,
                                                 role=ProductRole(product.role).value,
                                                 changed_at=product.updated_at))


async def _sku_of(session: AsyncSession, product_id: int, sku_id: int) -> tuple[Sku, Product]:
    sku = await session.get(Sku, sku_id)
    product = await session.get(Product, product_id)
    if sku is None or product is None or sku.product_id != product_id:
        raise not_found("SKU", sku_id)
    return sku, product


async def update_sku(*, session: AsyncSession, product_id: int, sku_id: int, sku_in: SkuUpdate) -> ProductPublic:
    sku, product = await _sku_of(session, product_id, sku_id)
    changes = {k: v for k, v in sku_in.model_dump(exclude_unset=True).items() if v is not None}
    price = changes.get("price_fen", sku.price_fen)
    for level, member_price in changes.get("member_prices", sku.member_prices).items():
        if member_price > price:
            raise invalid(f"body.member_prices.{level}", "a member price cannot exceed the list price")
    for name, value in changes.items():
        setattr(sku, name, value)
    sku.updated_at = now()
    await listing.refresh(session, [product.id])
    await session.commit()
    return await _product_public(session, product)


async def set_stock(*, session: AsyncSession, product_id: int, sku_id: int, stock: int) -> ProductPublic:
    sku, product = await _sku_of(session, product_id, sku_id)
    if product.kind == ProductKind.bundle:
        raise Problem(409, "conflict", "A gift pack's stock comes from its components; set theirs")
    sku.stock = stock
    sku.updated_at = now()
    await session.commit()
    return await _product_public(session, product)


async def sku_internal(*, session: AsyncSession, sku_id: int) -> SkuInternal:
    sku = await session.get(Sku, sku_id)
    if sku is None:
        raise not_found("SKU", sku_id)
    product = await session.get(Product, sku.product_id)
    return SkuInternal(id=sku.id, product_id=product.id, product_name=product.name, product_role=product.role,
                       kind=product.kind, grants_level=product.grants_level, name=sku.name,
                       price_fen=sku.price_fen, member_prices=sku.member_prices,
                       available=await available_units(session, sku, product), published=product.published,
                       supplier_id=supplier_id_of(product))


# --- activities ----------------------------------------------------------------------------------


async def activity_public(session: AsyncSession, activity: Activity) -> ActivityPublic:
    sku = await session.get(Sku, activity.sku_id)
    product = await session.get(Product, sku.product_id)
    return ActivityPublic(
        id=activity.id, kind=activity.kind, title=activity.title, sku_id=activity.sku_id, product_id=product.id,
        product_role=product.role, starts_at=activity.starts_at, ends_at=activity.ends_at,
        status=status_at(starts_at=activity.starts_at, ends_at=activity.ends_at, cancelled=activity.cancelled,
                         at=now()),
        terms=TERMS.validate_python(activity.terms), community_ids=activity.community_ids,
        template_id=activity.template_id,
    )


def _check(activity_in: ActivityCreate | Activity, terms) -> None:
    try:
        check_window(starts_at=activity_in.starts_at, ends_at=activity_in.ends_at, terms=terms)
    except WindowError as exc:
        raise invalid(f"body.{exc.field}", str(exc)) from exc


async def create_activity(*, session: AsyncSession, activity_in: ActivityCreate) -> ActivityPublic:
    _check(activity_in, activity_in.terms)
    if await session.get(Sku, activity_in.sku_id) is None:
        raise invalid("body.sku_id", "no such SKU")
    activity = Activity(kind=activity_in.terms.kind, title=activity_in.title, sku_id=activity_in.sku_id,
                        starts_at=activity_in.starts_at, ends_at=activity_in.ends_at,
                        terms=activity_in.terms.model_dump(mode="json"), community_ids=activity_in.community_ids)
    session.add(activity)
    await session.commit()
    return await activity_public(session, activity)


async def update_activity(*, session: AsyncSession, activity_id: int, activity_in: ActivityUpdate) -> ActivityPublic:
    """Ops review and edit concrete activities before they start; a started one is not changed under buyers."""
    activity = await session.get(Activity, activity_id)
    if activity is None:
        raise not_found("activity", activity_id)
    if activity.cancelled or activity.starts_at <= now():
        raise Problem(409, "activity_started", "Only an activity that has not started can be edited")
    changes = activity_in.model_dump(exclude_unset=True)
    terms = activity_in.terms if activity_in.terms is not None else TERMS.validate_python(activity.terms)
    if terms.kind != activity.kind:
        raise invalid("body.terms.kind", "an activity's kind cannot change")
    for name in ("title", "starts_at", "ends_at", "community_ids"):
        if changes.get(name) is not None:
            setattr(activity, name, changes[name])
    if activity.starts_at <= now():
        raise invalid("body.starts_at", "the new start must be in the future")
    _check(activity, terms)
    activity.terms = terms.model_dump(mode="json")
    activity.updated_at = now()
    await session.commit()
    return await activity_public(session, activity)


async def cancel_activity(*, session: AsyncSession, activity_id: int) -> ActivityPublic:
    activity = await session.get(Activity, activity_id)
    if activity is None:
        raise not_found("activity", activity_id)
    if not activity.cancelled:
        activity.cancelled = True
        activity.updated_at = now()
        await session.commit()
    return await activity_public(session, activity)


async def get_activity(*, session: AsyncSession, activity_id: int) -> ActivityPublic:
    activity = await session.get(Activity, activity_id)
    if activity is None:
        raise not_found("activity", activity_id)
    return await activity_public(session, activity)


async def list_activities(*, session: AsyncSession, page: PageParams, community_id: int | None = None,
                          kind: str | None = None, descending: bool = False) -> Page[ActivityPublic]:
    """Live and upcoming activities, soonest first (latest first when ``descending``); those of a community
    include the ones for everyone.  The key is (start, id) either way, so pages neither skip nor repeat."""
    current = now()
    query = select(Activity).where(col(Activity.ends_at) > current, col(Activity.cancelled).is_(False))
    if kind is not None:
        query = query.where(Activity.kind == kind)
    if page.after is not None:
        after_start, after_id = _activity_cursor(page.after)
        if descending:
            query = query.where(sa.or_(col(Activity.starts_at) < after_start, sa.and_(
                col(Activity.starts_at) == after_start, col(Activity.id) < after_id)))
        else:
            query = query.where(sa.or_(col(Activity.starts_at) > after_start, sa.and_(
                col(Activity.starts_at) == after_start, col(Activity.id) > after_id)))
    query = query.order_by(*((col(Activity.starts_at).desc(), col(Activity.id).desc()) if descending
                             else (col(Activity.starts_at), col(Activity.id))))
    items: list[ActivityPublic] = []
    more = False
    for row in (await session.exec(query.limit(2000))).all():
        if community_id is not None and row.community_ids and community_id not in row.community_ids:
            continue
        if len(items) == page.limit:
            more = True
            break
        items.append(await activity_public(session, row))
    next_cursor = encode_cursor([items[-1].starts_at.isoformat(), items[-1].id]) if more else None
    return Page[ActivityPublic](items=items, next_cursor=next_cursor)


def _activity_cursor(after: object) -> tuple[datetime, int]:
    """The (start, id) of the last activity of the previous page, as ``list_activities`` gave it out."""
    try:
        start_text, activity_id = after  # type: ignore[misc]
        start = datetime.fromisoformat(start_text)
        if start.tzinfo is None:
            raise ValueError("a cursor's start has an offset")
        start.astimezone(UTC)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Problem(400, "invalid_cursor", "The cursor is not one this API gave out") from exc
    return start, cursor_key(activity_id, col(Activity.id))


def parse_terms(raw: dict) -> ActivityTerms:
    try:
        return TERMS.validate_python(raw)
    except ValidationError as exc:  # stored terms were validated on the way in; this is a bug
        raise Problem(500, "internal_error", "stored activity terms do not validate") from exc
