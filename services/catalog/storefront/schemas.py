"""The storefront's API contract: categories, the browse orders and the home page document."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AnyUrl, BaseModel, Field, StrictBool, UrlConstraints, model_validator

from services.catalog.schemas import ActivityPublic, Instant, Request

HttpsUrl = Annotated[AnyUrl, UrlConstraints(max_length=500, allowed_schemes=["https"])]
RefId = Annotated[int, Field(strict=True, ge=1, le=2**31 - 1)]
Name = Annotated[str, Field(min_length=1, max_length=40, pattern=r"\S")]
Position = Annotated[int, Field(strict=True, ge=0, le=1_000_000)]


class ProductSort(StrEnum):
    """How products are listed: ``oldest`` first (the default), ``newest`` first, ``best_selling`` (units
    sold), or by the lowest SKU price (``price_asc``, ``price_desc``); ties go by product id."""

    oldest = "oldest"
    newest = "newest"
    best_selling = "best_selling"
    price_asc = "price_asc"
    price_desc = "price_desc"


# --- categories ----------------------------------------------------------------------------------


class CategoryCreate(Request):
    name: Name
    parent_id: RefId | None = Field(default=None, description="A top category's id; none for a top category")
    position: Position = Field(default=0, description="Display order among its siblings, lowest first")
    icon_url: HttpsUrl | None = None
    active: StrictBool = True


class CategoryUpdate(Request):
    name: Name | None = None
    parent_id: RefId | None = Field(default=None, description="null makes it a top category")
    position: Position | None = None
    icon_url: HttpsUrl | None = None
    active: StrictBool | None = None


class CategoryReorder(Request):
    parent_id: RefId | None = Field(default=None, description="Whose children are reordered; none: the top ones")
    ids: list[RefId] = Field(min_length=1, max_length=500,
                             description="Every sibling's id once, in the new display order")


class CategoryPublic(BaseModel):
    id: int
    name: str
    parent_id: int | None
    position: int
    icon_url: str | None
    active: bool
    children: list[CategoryPublic] = Field(default_factory=list, description="A top category's children")


class CategoryTree(BaseModel):
    items: list[CategoryPublic] = Field(description="Top categories in display order, each with its children")


# --- home page -----------------------------------------------------------------------------------


class LinkKind(StrEnum):
    product = "product"
    activity = "activity"
    category = "category"
    url = "url"


class BannerLink(Request):
    """Where a banner leads: a product, an activity or a category by id, or an https page."""

    kind: LinkKind
    id: RefId | None = None
    url: HttpsUrl | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        if self.kind == LinkKind.url:
            if self.url is None or self.id is not None:
                raise ValueError("a url link has a url and no id")
        elif self.id is None or self.url is not None:
            raise ValueError(f"a {self.kind.value} link has an id and no url")
        return self


class Banner(Request):
    image_url: HttpsUrl
    link: BannerLink
    title: str | None = Field(default=None, max_length=40)
    position: Position = 0
    starts_at: Instant | None = Field(default=None, description="Shown from (UTC); none: already")
    ends_at: Instant | None = Field(default=None, description="Shown until (UTC, exclusive); none: for good")

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.starts_at is not None and self.ends_at is not None and self.ends_at <= self.starts_at:
            raise ValueError("ends_at: a banner ends after it starts")
        return self


class Section(Request):
    """A titled list on the home page: chosen products, or a category."""

    title: Name
    product_ids: list[RefId] | None = Field(default=None, min_length=1, max_length=50)
    category_id: RefId | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.product_ids is None) == (self.category_id is None):
            raise ValueError("a section has either product_ids or a category_id")
        return self


class HomeDocument(Request):
    banners: list[Banner] = Field(default_factory=list, max_length=20)
    featured_activity_ids: list[RefId] = Field(default_factory=list, max_length=20)
    sections: list[Section] = Field(default_factory=list, max_length=20)


class HomeUpdate(HomeDocument):
    version: int | None = Field(default=None, strict=True, ge=0,
                                description="The version this edit is based on, when If-Match is not sent")


class HomeStored(HomeDocument):
    """The document as ops wrote it, with its version."""

    version: int
    updated_at: datetime | None


class ProductCard(BaseModel):
    id: int
    name: str
    image: str | None
    price_fen: int = Field(description="The lowest list price of its SKUs")


class CategoryRef(BaseModel):
    id: int
    name: str


class SectionPublic(BaseModel):
    title: str
    products: list[ProductCard] = Field(description="Published products of a product section, in ops' order")
    category: CategoryRef | None = Field(description="A category section's category (list it by category_id)")


class HomePublic(BaseModel):
    """What the mini-program shows: banners showing now, in order; featured activities still live or
    upcoming; sections without the products, activities and categories that went away."""

    version: int
    banners: list[Banner]
    featured_activity_ids: list[int]
    featured_activities: list[ActivityPublic] = Field(
        default_factory=list, description="The featured activities themselves, in ops' order; a flash sale's "
                                          "with its stock left and sold_out, as GET /v1/activities/{id}")
    sections: list[SectionPublic]
