"""Catalog tables: products and SKUs, gift-pack components, activities, calendar templates,
promotion days, stock reservations, and the storefront's categories and home page.

``external_id`` is ops' own id (unique in the catalog); ``supplier`` + ``supplier_ref`` is the id a
partner's sync gave a product or SKU (unique per supplier, see services/catalog/sync.py)."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from common.clock import now
from common.models import UtcDateTime, service_base
from common.outbox import define_event_tables

Table = service_base()
events = define_event_tables(Table.metadata, producer="catalog")


class ProductRole(StrEnum):
    """A product's role in the assortment; it drives default rebate rates and reports."""

    traffic = "traffic"  # 引流: priced to draw people in
    regular = "regular"
    profit = "profit"
    service = "service"
    fission = "fission"  # 裂变: built to be shared


class ProductKind(StrEnum):
    single = "single"
    bundle = "bundle"  # 礼包: made of other SKUs


class ProductBase(Table):
    name: str = Field(min_length=1, max_length=120)
    role: ProductRole = Field(default=ProductRole.regular, sa_type=sa.String(16), index=True)
    unit: str = Field(default="份", min_length=1, max_length=16)
    description: str = Field(default="", max_length=4000)


class Product(ProductBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: ProductKind = Field(default=ProductKind.single, sa_type=sa.String(16))
    images: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    categories: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    grants_level: str | None = Field(default=None, max_length=32)
    external_id: str | None = Field(default=None, max_length=64, unique=True)
    supplier: str | None = Field(default=None, max_length=40, description="Who syncs it: api_key:<id> or ops")
    supplier_ref: str | None = Field(default=None, max_length=64, description="The supplier's own id")
    supplier_id: int | None = Field(default=None, index=True,
                                    description="The supplier it is bought from (suppliers.py)")
    published: bool = Field(default=False, index=True)
    # Kept in step on every write (services/catalog/listing.py) so that browsing sorts and searches by
    # plain indexed columns: the normalised text a product is found by, its lowest SKU price, and the
    # units sold (committed reservations, less those released after their commit).
    search_text: str = Field(default="", sa_type=sa.Text)
    search_initials: str = Field(default="", sa_type=sa.Text)  # search_text as pinyin initials (domain/search.py)
    min_price_fen: int = Field(default=0)
    units_sold: int = Field(default=0)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)

    __table_args__ = (
        # A supplier's ids are its own: two suppliers may use the same one.
        sa.UniqueConstraint("supplier", "supplier_ref", name="uq_product_supplier_ref"),
        # One index per browse order (the key set is the value, then the id).
        sa.Index("ix_product_published_created", "published", "created_at", "id"),
        sa.Index("ix_product_published_sold", "published", "units_sold", "id"),
        sa.Index("ix_product_published_price", "published", "min_price_fen", "id"),
    )


class Sku(Table, table=True):
    """A sellable variant with its price, member prices per level and the stock on hand that is not
    reserved.  A gift pack's SKU keeps no stock of its own: its components' stock decides."""

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    name: str = Field(max_length=80)
    price_fen: int = Field(ge=1)
    member_prices: dict[str, int] = Field(default_factory=dict, sa_type=sa.JSON)
    stock: int = Field(default=0, ge=0)
    external_id: str | None = Field(default=None, max_length=64, unique=True)
    supplier: str | None = Field(default=None, max_length=40)
    supplier_ref: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)

    __table_args__ = (
        sa.CheckConstraint("stock >= 0", name="ck_sku_stock_not_negative"),
        sa.UniqueConstraint("supplier", "supplier_ref", name="uq_sku_supplier_ref"),
    )


class BundleComponent(Table, table=True):
    __tablename__ = "bundle_component"

    bundle_sku_id: int = Field(foreign_key="sku.id", primary_key=True)
    component_sku_id: int = Field(foreign_key="sku.id", primary_key=True)
    quantity: int = Field(ge=1)


class Activity(Table, table=True):
    """A time-boxed way to sell one SKU: a ladder group buy or a flash sale.  ``terms`` holds the
    kind's validated options (services/catalog/domain/activities.py)."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16, index=True)
    title: str = Field(max_length=120)
    sku_id: int = Field(foreign_key="sku.id", index=True)
    starts_at: datetime = Field(sa_type=UtcDateTime, index=True)
    ends_at: datetime = Field(sa_type=UtcDateTime, index=True)
    terms: dict[str, Any] = Field(sa_type=sa.JSON)
    community_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    cancelled: bool = False
    template_id: int | None = Field(default=None, foreign_key="campaign_template.id")
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)

    __table_args__ = (
        # One concrete activity per template occurrence: materialising twice creates nothing twice.
        sa.UniqueConstraint("template_id", "starts_at", name="uq_activity_occurrence"),
    )


class CampaignTemplate(Table, table=True):
    """A recurring slot of the weekly rhythm (RRULE on the business calendar)."""

    __tablename__ = "campaign_template"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    rrule: str = Field(max_length=500)
    start_date: date
    start_time: time
    duration_s: int = Field(ge=60)
    kind: str = Field(max_length=24)  # ladder_group | flash_sale | promotion_day
    sku_id: int | None = Field(default=None, foreign_key="sku.id")
    terms: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    reward_multiplier: int | None = Field(default=None, ge=1)
    active: bool = True
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


class PromotionDay(Table, table=True):
    """A member promotion day: referral rewards are multiplied while it runs."""

    __tablename__ = "promotion_day"

    id: int | None = Field(default=None, primary_key=True)
    template_id: int | None = Field(default=None, foreign_key="campaign_template.id")
    starts_at: datetime = Field(sa_type=UtcDateTime, index=True)
    ends_at: datetime = Field(sa_type=UtcDateTime)
    reward_multiplier: int = Field(ge=1)

    __table_args__ = (sa.UniqueConstraint("template_id", "starts_at", name="uq_promotion_occurrence"),)


class ReservationStatus(StrEnum):
    reserved = "reserved"
    committed = "committed"
    released = "released"


class Reservation(Table, table=True):
    """Units of one SKU held for one order: reserve → commit on payment → release on cancel, timeout or
    a failed group.  Keyed by (order, SKU) so every step can be repeated safely."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(max_length=64, index=True)
    sku_id: int = Field(foreign_key="sku.id", index=True)
    quantity: int = Field(ge=1)
    activity_id: int | None = Field(default=None, foreign_key="activity.id", index=True)
    user_id: int | None = Field(default=None)
    status: ReservationStatus = Field(default=ReservationStatus.reserved, sa_type=sa.String(16))
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)

    __table_args__ = (
        sa.UniqueConstraint("order_id", "sku_id", name="uq_reservation_order_sku"),
        # The stale-reservation sweep (``reconcile``) reads only held rows, a few among every one ever made.
        sa.Index("ix_reservation_held_since", "updated_at", sqlite_where=sa.text("status = 'reserved'"),
                 postgresql_where=sa.text("status = 'reserved'")),
        # A buyer's units of an activity (its limit per buyer) in one index: with the buyer's alone, a plan
        # without statistics read the activity's index beside it, every reservation of the activity.
        sa.Index("ix_reservation_user_id_activity_id", "user_id", "activity_id"),
    )


class Category(Table, table=True):
    """A storefront category: a top category (no parent) or one of its children, never deeper."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)
    parent_id: int | None = Field(default=None, foreign_key="category.id", index=True)
    position: int = 0
    icon_url: str | None = Field(default=None, max_length=500)
    active: bool = True
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


class ProductCategory(Table, table=True):
    """Which categories a product is listed under (any number of either)."""

    __tablename__ = "product_category"

    product_id: int = Field(foreign_key="product.id", primary_key=True)
    category_id: int = Field(foreign_key="category.id", primary_key=True, index=True)


class HomePage(Table, table=True):
    """The home page configuration: one document (id 1), replaced whole, its version counting the writes."""

    __tablename__ = "home_page"

    id: int = Field(default=1, primary_key=True)
    version: int = 0
    document: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    updated_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    updated_by: int | None = None


class Supplier(Table, table=True):
    """Who the platform buys a product from: it owns its products, and a partner API key may act for it
    (``suppliers.py``)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    contact: str = Field(default="", max_length=200)
    settlement_terms: str = Field(default="", max_length=200, description="e.g. 'monthly, 30 days'")
    api_key_id: int | None = Field(default=None, unique=True, description="The partner key acting for it")
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
