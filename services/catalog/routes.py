"""Catalog HTTP routes: thin — parse, authorise, call the service, shape the response.

Browsing is public and cached; changes need the ``ops`` role or a partner key with ``catalog:write``.
Internal routes serve orders (SKU facts, reservations, flash stock) and referrals (the promotion-day
multiplier)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse

from common.auth import Identity, IdentityDep, ServiceCaller, require_staff_or_scope
from common.clock import now
from common.db import DatabaseDep, SessionDep, WriteSessionDep
from common.pagination import ListOrder, Page, PageDep
from common.problems import Problem
from services.catalog import campaigns, flash, inventory, service, stock_left, suppliers, sync
from services.catalog.cache import cached, invalidate
from services.catalog.domain.activities import ActivityKind
from services.catalog.domain.search import MAX_QUERY_CHARS
from services.catalog.models import ProductRole
from services.catalog.scheduler import materialise
from services.catalog.schemas import (
    ActivityCreate,
    ActivityPublic,
    ActivityUpdate,
    FlashReserveRequest,
    Instant,
    MaterialiseRequest,
    MaterialiseResult,
    Multiplier,
    ProductCreate,
    ProductPublic,
    ProductUpdate,
    PromotionDayPublic,
    ReservationPublic,
    ReserveRequest,
    SkuInternal,
    SkuUpdate,
    StockSet,
    SyncBatch,
    SyncResult,
    TemplateCreate,
    TemplatePublic,
)
from services.catalog.storefront import browse
from services.catalog.storefront.routes import routers as storefront_routers
from services.catalog.storefront.schemas import ProductSort

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
OrderId = Annotated[str, Path(min_length=1, max_length=64)]
CatalogWriter = require_staff_or_scope("catalog:write")

products = APIRouter(prefix="/v1/products", tags=["catalog"])
activities = APIRouter(prefix="/v1/activities", tags=["activities"])
calendar = APIRouter(prefix="/v1/calendar", tags=["calendar"])
internal = APIRouter(prefix="/internal", include_in_schema=False)


def _is_staff(identity) -> bool:
    return (identity.kind == "user" and identity.has_role("ops", "admin")) or (
        identity.kind == "api_key" and identity.has_scope("catalog:write"))


@products.get("", operation_id="catalog_list_products", response_model=Page[ProductPublic])
async def list_products(request: Request, session: SessionDep, page: PageDep, identity: IdentityDep,
                        role: Annotated[ProductRole | None, Query()] = None,
                        category_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description=(
                            "Products of this category and of its children"))] = None,
                        q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS, description=(
                            "Keywords, all of which must occur (simplified or traditional, any width)"))] = None,
                        sort: Annotated[ProductSort, Query()] = ProductSort.oldest,
                        order: Annotated[ListOrder, Query(description="desc: the sort reversed")] = "asc",
                        include_unpublished: Annotated[bool, Query(description="Staff only")] = False) -> Response:
    """Published products (staff may include unpublished ones), oldest first unless ``sort`` says otherwise
    (``order=desc`` reverses it); by category (a top category includes its children's products) and by keyword."""
    def listing(unpublished: bool = False):
        return browse.list_products(session=session, page=page, role=role, category_id=category_id, q=q,
                                    sort=sort, descending=order == "desc", include_unpublished=unpublished)

    if include_unpublished:
        if not _is_staff(identity):
            raise Problem(403, "forbidden", "Only staff see unpublished products")
        return await _json(listing(True))
    return await cached(request, listing)


@products.get("/{product_id}", operation_id="catalog_get_product", response_model=ProductPublic)
async def get_product(request: Request, session: SessionDep, product_id: Id, identity: IdentityDep) -> Response:
    if _is_staff(identity):
        return await _json(service.get_product(session=session, product_id=product_id, include_unpublished=True))
    return await cached(request, lambda: service.get_product(session=session, product_id=product_id))


async def _json(result) -> Response:
    return JSONResponse((await result).model_dump(mode="json"))


@products.post("", operation_id="catalog_create_product", response_model=ProductPublic,
               status_code=status.HTTP_201_CREATED, dependencies=[CatalogWriter])
async def create_product(body: ProductCreate, request: Request, session: WriteSessionDep) -> ProductPublic:
    """A product with its SKUs; a gift pack (kind=bundle) names its component SKUs."""
    created = await service.create_product(session=session, product_in=body)
    await invalidate(request)
    return created


@products.post("/sync", operation_id="catalog_sync_products", response_model=SyncResult)
async def sync_products(body: SyncBatch, request: Request, writer: Annotated[Identity, CatalogWriter],
                        session: WriteSessionDep) -> SyncResult:
    """A supplier's products, SKUs and stock, up to 1,000 rows, keyed by the supplier's own ids (each key's
    ids are its own).  Every row is answered: ``created``, ``updated``, ``unchanged``, or ``rejected`` with
    the field and the reason; a bad row changes nothing and never stops the others.  Sending the same
    batch again changes nothing.  New products start unpublished."""
    supplier = await suppliers.sync_namespace(session, writer, sync.supplier_of(writer))
    result = await sync.sync_batch(session=session, supplier=supplier, batch=body)
    if result.created or result.updated:
        await invalidate(request)
    return result


@products.patch("/{product_id}", operation_id="catalog_update_product", response_model=ProductPublic,
                dependencies=[CatalogWriter])
async def update_product(product_id: Id, body: ProductUpdate, request: Request,
                         session: WriteSessionDep) -> ProductPublic:
    """Edit a product, publish it (``published: true``) or take it off sale."""
    updated = await service.update_product(session=session, product_id=product_id, product_in=body)
    await invalidate(request)
    return updated


@products.patch("/{product_id}/skus/{sku_id}", operation_id="catalog_update_sku", response_model=ProductPublic,
                dependencies=[CatalogWriter])
async def update_sku(product_id: Id, sku_id: Id, body: SkuUpdate, request: Request,
                     session: WriteSessionDep) -> ProductPublic:
    updated = await service.update_sku(session=session, product_id=product_id, sku_id=sku_id, sku_in=body)
    await invalidate(request)
    return updated


@products.put("/{product_id}/skus/{sku_id}/stock", operation_id="catalog_set_stock", response_model=ProductPublic,
              dependencies=[CatalogWriter])
async def set_stock(product_id: Id, sku_id: Id, body: StockSet, request: Request,
                    session: WriteSessionDep) -> ProductPublic:
    """Set the units on hand that are not reserved (a stocktake or a delivery from the supplier)."""
    updated = await service.set_stock(session=session, product_id=product_id, sku_id=sku_id, stock=body.stock)
    await invalidate(request)
    return updated


@activities.get("", operation_id="catalog_list_activities", response_model=Page[ActivityPublic])
async def list_activities(request: Request, session: SessionDep, page: PageDep,
                          community_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                          kind: Annotated[ActivityKind | None, Query()] = None,
                          order: Annotated[ListOrder, Query(description="desc: latest start first")] = "asc",
                          ) -> Response:
    """Live and upcoming activities, soonest first (``order=desc``: latest first); with ``community_id``,
    those open to that community."""
    async def produce():
        return await stock_left.page_shown(request.app, await service.list_activities(
            session=session, page=page, community_id=community_id, kind=kind, descending=order == "desc"),
            session)

    return await cached(request, produce)


@activities.get("/{activity_id}", operation_id="catalog_get_activity", response_model=ActivityPublic)
async def get_activity(request: Request, session: SessionDep, activity_id: Id) -> ActivityPublic:
    """One activity; a flash sale's with its stock left and whether it is sold out (``stock_left.py``)."""
    return await stock_left.of(request.app).shown(await service.get_activity(session=session, activity_id=activity_id),
                                                  session)


@activities.post("", operation_id="catalog_create_activity", response_model=ActivityPublic,
                 status_code=status.HTTP_201_CREATED, dependencies=[CatalogWriter])
async def create_activity(body: ActivityCreate, request: Request, session: WriteSessionDep) -> ActivityPublic:
    """A ladder group buy or a flash sale of one SKU; the terms are checked field by field."""
    created = await service.create_activity(session=session, activity_in=body)
    await invalidate(request)
    return created


@activities.patch("/{activity_id}", operation_id="catalog_update_activity", response_model=ActivityPublic,
                  dependencies=[CatalogWriter])
async def update_activity(activity_id: Id, body: ActivityUpdate, request: Request,
                          session: WriteSessionDep) -> ActivityPublic:
    """Review and edit an activity (materialised from the calendar or not) before it starts."""
    updated = await service.update_activity(session=session, activity_id=activity_id, activity_in=body)
    await invalidate(request)
    return updated


@activities.post("/{activity_id}/cancel", operation_id="catalog_cancel_activity", response_model=ActivityPublic,
                 dependencies=[CatalogWriter])
async def cancel_activity(activity_id: Id, request: Request, session: WriteSessionDep) -> ActivityPublic:
    cancelled = await service.cancel_activity(session=session, activity_id=activity_id)
    await invalidate(request)
    return cancelled


@calendar.post("/templates", operation_id="calendar_create_template", response_model=TemplatePublic,
               status_code=status.HTTP_201_CREATED, dependencies=[CatalogWriter])
async def create_template(body: TemplateCreate, session: WriteSessionDep) -> TemplatePublic:
    """A recurring slot: RRULE on Asia/Shanghai, a local start time and a duration."""
    return await campaigns.create_template(session=session, template_in=body)


@calendar.get("/templates", operation_id="calendar_list_templates", response_model=Page[TemplatePublic],
              dependencies=[CatalogWriter])
async def list_templates(session: SessionDep, page: PageDep, order: ListOrder = "asc") -> Page[TemplatePublic]:
    return await campaigns.list_templates(session=session, page=page, descending=order == "desc")


@calendar.post("/materialise", operation_id="calendar_materialise", response_model=MaterialiseResult,
               dependencies=[CatalogWriter])
async def materialise_now(body: MaterialiseRequest, request: Request, db: DatabaseDep) -> MaterialiseResult:
    """Create the concrete activities and promotion days of the coming ``days`` now (running it again
    creates nothing twice); they can then be reviewed and edited before they start."""
    result = await materialise(db, days=body.days, dry_run=body.dry_run)
    if not body.dry_run:
        await invalidate(request)
    return result


@calendar.get("/promotion-days", operation_id="calendar_promotion_days", response_model=list[PromotionDayPublic])
async def list_promotion_days(session: SessionDep,
                              days: Annotated[int, Query(ge=1, le=60)] = 30) -> list[PromotionDayPublic]:
    """Member promotion days from now on (referral rewards are multiplied while one runs)."""
    start = now()
    return await campaigns.promotion_days(session=session, start=start, end=start + timedelta(days=days))


@internal.get("/skus/{sku_id}", response_model=SkuInternal)
async def sku_facts(sku_id: Id, _caller: ServiceCaller, session: SessionDep) -> SkuInternal:
    return await service.sku_internal(session=session, sku_id=sku_id)


@internal.get("/activities/{activity_id}", response_model=ActivityPublic)
async def activity_facts(activity_id: Id, _caller: ServiceCaller, session: SessionDep) -> ActivityPublic:
    return await service.get_activity(session=session, activity_id=activity_id)


@internal.post("/reservations", response_model=ReservationPublic)
async def reserve(body: ReserveRequest, _caller: ServiceCaller, db: DatabaseDep) -> ReservationPublic:
    return await inventory.reserve_at_once(db=db, request=body)


@internal.post("/reservations/{order_id}/commit", response_model=ReservationPublic)
async def commit(order_id: OrderId, _caller: ServiceCaller, session: WriteSessionDep) -> ReservationPublic:
    return await inventory.commit(session=session, order_id=order_id)


@internal.post("/reservations/{order_id}/release", response_model=ReservationPublic | None)
async def release(order_id: OrderId, request: Request, _caller: ServiceCaller,
                  db: DatabaseDep) -> ReservationPublic | None:
    return await flash.release(db=db, stock=request.app.state.flash, order_id=order_id)


@internal.post("/flash/{activity_id}/reservations", response_model=ReservationPublic)
async def flash_reserve(activity_id: Id, body: FlashReserveRequest, request: Request, _caller: ServiceCaller,
                        db: DatabaseDep) -> ReservationPublic:
    return await flash.reserve(db=db, stock=request.app.state.flash, activity_id=activity_id, request=body)


@internal.get("/promotions/multiplier", response_model=Multiplier)
async def promotion_multiplier(_caller: ServiceCaller, session: SessionDep,
                               at: Annotated[Instant | None, Query()] = None) -> Multiplier:
    return await campaigns.multiplier_at(session=session, at=at or now())


routers = [products, activities, calendar, *storefront_routers, internal, *suppliers.routers]
