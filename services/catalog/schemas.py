"""The catalog API contract.

Requests are strict: a boolean is ``true``/``false`` (not 0/1), a time is an ISO 8601 string (not a
number), and member prices and gift packs name only level codes the catalog knows
(``services.catalog.config.known_level_codes``: membership's customer, member, partner by default).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
    model_validator,
)

from services.catalog.config import known_level_codes
from services.catalog.domain.activities import ActivityKind, ActivityStatus, ActivityTerms, FlashTerms, LadderTerms
from services.catalog.domain.sync import Outcome
from services.catalog.models import ProductBase, ProductKind, ProductRole


def _written_as_text(value: object) -> object:
    # JSON has no time type; a number would silently be read as seconds since 1970.
    if isinstance(value, int | float):
        raise ValueError("a date or time is an ISO 8601 string, not a number")
    return value


def _representable_in_utc(value: datetime) -> datetime:
    try:
        value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("the time falls outside the calendar once in UTC") from exc
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_written_as_text), AfterValidator(_representable_in_utc)]
Day = Annotated[date, BeforeValidator(_written_as_text)]
LocalTime = Annotated[time, BeforeValidator(_written_as_text), WithJsonSchema({
    "type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
    "description": "Local time of day in Asia/Shanghai, without an offset (JSON Schema's `time` would want one)"})]

Fen = Annotated[int, Field(strict=True, ge=1, le=100_000_000)]
CommunityId = Annotated[int, Field(strict=True, ge=1, le=2**31 - 1)]
CategoryId = Annotated[int, Field(strict=True, ge=1, le=2**31 - 1)]


def _known_level(code: str) -> str:
    if code not in known_level_codes():
        raise ValueError(f"unknown level code; known: {', '.join(sorted(known_level_codes()))}")
    return code


LevelCode = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$"),
                      AfterValidator(_known_level)]


class Request(BaseModel):
    """Requests never carry fields the API does not know."""

    model_config = ConfigDict(extra="forbid")


# --- products ------------------------------------------------------------------------------------


class SkuIn(Request):
    name: str = Field(min_length=1, max_length=80)
    price_fen: Fen
    member_prices: dict[LevelCode, Fen] = Field(default_factory=dict, max_length=20)
    stock: int = Field(default=0, strict=True, ge=0, le=10_000_000)
    external_id: str | None = Field(default=None, min_length=1, max_length=64)

    @model_validator(mode="after")
    def _member_prices_below_list(self) -> Self:
        for level, price in self.member_prices.items():
            if price > self.price_fen:
                raise ValueError(f"member_prices.{level}: a member price cannot exceed the list price")
        return self


class ComponentIn(Request):
    sku_id: int = Field(strict=True, ge=1, le=2**31 - 1)
    quantity: int = Field(strict=True, ge=1, le=1000)


class ProductCreate(ProductBase, Request):
    kind: ProductKind = ProductKind.single
    images: list[AnyHttpUrl] = Field(default_factory=list, max_length=20)
    categories: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=10, description="Free labels (searchable); the storefront's categories "
                                                         "are category_ids")
    category_ids: list[CategoryId] = Field(default_factory=list, max_length=10,
                                           description="The storefront categories it is listed under")
    grants_level: LevelCode | None = None
    external_id: str | None = Field(default=None, min_length=1, max_length=64)
    skus: list[SkuIn] = Field(min_length=1, max_length=50)
    components: list[ComponentIn] = Field(default_factory=list, max_length=30)
    published: StrictBool = False

    @model_validator(mode="after")
    def _kind_rules(self) -> Self:
        if self.kind == ProductKind.bundle:
            if not self.components:
                raise ValueError("components: a gift pack needs at least one component")
            if len(self.skus) != 1:
                raise ValueError("skus: a gift pack has exactly one SKU (its own price)")
            if self.skus[0].stock:
                raise ValueError("skus.0.stock: a gift pack's stock comes from its components")
            if len({c.sku_id for c in self.components}) != len(self.components):
                raise ValueError("components: each component SKU once")
        else:
            if self.components:
                raise ValueError("components: only gift packs (kind=bundle) have components")
            if self.grants_level:
                raise ValueError("grants_level: only gift packs grant a level")
        return self

    @model_validator(mode="after")
    def _sku_external_ids_once(self) -> Self:
        external_ids = [s.external_id for s in self.skus if s.external_id is not None]
        if len(set(external_ids)) != len(external_ids):
            raise ValueError("skus: each SKU external_id once")
        return self


class ProductUpdate(Request):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    role: ProductRole | None = None
    unit: str | None = Field(default=None, min_length=1, max_length=16)
    description: str | None = Field(default=None, max_length=4000)
    images: list[AnyHttpUrl] | None = Field(default=None, max_length=20)
    categories: list[Annotated[str, Field(min_length=1, max_length=40)]] | None = Field(default=None, max_length=10)
    category_ids: list[CategoryId] | None = Field(default=None, max_length=10,
                                                  description="Replaces the product's storefront categories")
    published: StrictBool | None = None


class SkuUpdate(Request):
    name: str | None = Field(default=None, min_length=1, max_length=80)
    price_fen: Fen | None = None
    member_prices: dict[LevelCode, Fen] | None = Field(default=None, max_length=20)


class StockSet(Request):
    stock: int = Field(strict=True, ge=0, le=10_000_000, description="Units on hand that are not reserved")


class SkuPublic(BaseModel):
    id: int
    name: str
    price_fen: int
    member_prices: dict[str, int]
    available: int = Field(description="Units that can be ordered now (for a gift pack: from its components)")


class ComponentPublic(BaseModel):
    sku_id: int
    quantity: int


class ProductPublic(ProductBase):
    id: int
    external_id: str | None = Field(default=None, description="Ops' own id of the product, when it has one")
    kind: ProductKind
    images: list[str]
    categories: list[str]
    category_ids: list[int]
    grants_level: str | None
    published: bool
    skus: list[SkuPublic]
    components: list[ComponentPublic]
    created_at: datetime
    updated_at: datetime


# --- supplier sync -------------------------------------------------------------------------------

MAX_SYNC_ROWS = 1000
ExternalId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^\S+$",
                                  description="The supplier's own id, unique among its products (or SKUs)")]


class SyncRow(Request):
    """One row of a supplier's feed: a product, one of its SKUs, the SKU's price and stock."""

    product_external_id: ExternalId
    name: str = Field(min_length=1, max_length=120, description="The product's name")
    role: Literal["traffic", "regular", "profit", "service", "fission"]
    sku_external_id: ExternalId
    sku_name: str = Field(min_length=1, max_length=80)
    price_fen: Fen
    stock: int = Field(strict=True, ge=0, le=10_000_000,
                       description="Units the supplier still has for sale, counting units held by orders awaiting "
                                   "payment (not units already paid for)")


class SyncBatch(Request):
    """Each row is checked on its own: a bad row is rejected with its field and reason, the rest apply."""

    rows: list[Annotated[Any, WithJsonSchema(SyncRow.model_json_schema())]] = Field(
        min_length=1, max_length=MAX_SYNC_ROWS)


class SyncRowResult(BaseModel):
    index: int = Field(description="The row's position in the batch, from 0")
    status: Outcome
    product_external_id: str | None = None
    sku_external_id: str | None = None
    product_id: int | None = None
    sku_id: int | None = None
    field: str | None = Field(default=None, description="The rejected row's field at fault")
    reason: str | None = None


class SyncResult(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: int
    results: list[SyncRowResult]


# --- activities ----------------------------------------------------------------------------------


class ActivityCreate(Request):
    title: str = Field(min_length=1, max_length=120)
    sku_id: int = Field(strict=True, ge=1, le=2**31 - 1)
    starts_at: Instant
    ends_at: Instant
    terms: ActivityTerms
    community_ids: list[CommunityId] = Field(default_factory=list, max_length=500)


class ActivityUpdate(Request):
    title: str | None = Field(default=None, min_length=1, max_length=120)
    starts_at: Instant | None = None
    ends_at: Instant | None = None
    terms: ActivityTerms | None = None
    community_ids: list[CommunityId] | None = Field(default=None, max_length=500)


class ActivityPublic(BaseModel):
    id: int
    kind: ActivityKind
    title: str
    sku_id: int
    product_id: int
    product_role: ProductRole
    starts_at: datetime
    ends_at: datetime
    status: ActivityStatus
    terms: LadderTerms | FlashTerms
    community_ids: list[int]
    template_id: int | None
    stock_left: int | None = Field(default=None, description="Flash sales: units a buyer can still win "
                                                             "(may lag by a second or two); None otherwise")
    sold_out: bool = Field(default=False, description="Flash sales: nothing left to win (an unpaid order that "
                                                      "expires gives its unit back)")


# --- calendar ------------------------------------------------------------------------------------


class TemplateCreate(Request):
    name: str = Field(min_length=1, max_length=120)
    rrule: str = Field(min_length=6, max_length=500, description="RFC 5545 RRULE on Asia/Shanghai, e.g. "
                       "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH")
    start_date: Day
    start_time: LocalTime
    duration_s: int = Field(strict=True, ge=60, le=7 * 86_400)
    kind: Literal["ladder_group", "flash_sale", "promotion_day"]
    sku_id: int | None = Field(default=None, strict=True, ge=1, le=2**31 - 1)
    terms: ActivityTerms | None = None
    reward_multiplier: int | None = Field(default=None, strict=True, ge=1, le=10)

    @model_validator(mode="after")
    def _kind_fields(self) -> Self:
        if self.kind == "promotion_day":
            if self.reward_multiplier is None or self.sku_id is not None or self.terms is not None:
                raise ValueError("a promotion_day template has reward_multiplier and no sku_id or terms")
        else:
            if self.sku_id is None or self.terms is None or self.terms.kind != self.kind:
                raise ValueError(f"a {self.kind} template needs sku_id and terms of kind {self.kind}")
            if self.reward_multiplier is not None:
                raise ValueError("reward_multiplier belongs to promotion_day templates")
        return self


class TemplatePublic(BaseModel):
    id: int
    name: str
    rrule: str
    start_date: date
    start_time: LocalTime
    duration_s: int
    kind: str
    sku_id: int | None
    terms: dict | None
    reward_multiplier: int | None
    active: bool


class MaterialiseRequest(Request):
    days: int = Field(default=7, strict=True, ge=1, le=60)
    dry_run: StrictBool = Field(default=False, description="Only list what would be made (a preview)")


class PlannedOccurrence(BaseModel):
    template_id: int
    name: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    exists: bool = Field(description="Made already (by an earlier run or the scheduler)")


class MaterialiseResult(BaseModel):
    activities_created: int
    promotion_days_created: int
    until: datetime
    dry_run: bool = False
    planned: list[PlannedOccurrence] = Field(default_factory=list)


class PromotionDayPublic(BaseModel):
    id: int
    starts_at: datetime
    ends_at: datetime
    reward_multiplier: int


class Multiplier(BaseModel):
    at: datetime
    reward_multiplier: int
    steady_from: datetime | None = Field(None, description="No promotion day starts or ends from this moment "
                                                           "(None: ever before) ...")
    steady_until: datetime | None = Field(None, description="... until this one (None: as planned now, ever after): "
                                                            "the multiplier is the same all along")


# --- inventory (internal) ------------------------------------------------------------------------


class ReservationItem(Request):
    sku_id: int = Field(strict=True, ge=1, le=2**31 - 1)
    quantity: int = Field(strict=True, ge=1, le=10_000)


class ReserveRequest(Request):
    order_id: str = Field(min_length=1, max_length=64)
    items: list[ReservationItem] = Field(min_length=1, max_length=50)
    activity_id: int | None = Field(default=None, strict=True, ge=1, le=2**31 - 1)
    user_id: int | None = Field(default=None, strict=True, ge=1, le=2**31 - 1)


class FlashReserveRequest(Request):
    order_id: str = Field(min_length=1, max_length=64)
    user_id: int = Field(strict=True, ge=1, le=2**31 - 1)
    quantity: int = Field(default=1, strict=True, ge=1, le=100)


class ReservationPublic(BaseModel):
    order_id: str
    status: str
    items: list[ReservationItem]
    activity_id: int | None


class SkuInternal(BaseModel):
    """What orders need to price and describe one SKU."""

    id: int
    product_id: int
    product_name: str
    product_role: ProductRole
    kind: ProductKind
    grants_level: str | None
    name: str
    price_fen: int
    member_prices: dict[str, int]
    available: int
    published: bool
    supplier_id: int | None = None
