"""Catalog tables."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from common.clock import now
from common.models import UtcDateTime, service_base

Table = service_base()


class ProductRole(StrEnum):
    """A product's role in the assortment; it drives default rebate rates and reports."""

    traffic = "traffic"  # 引流: priced to draw people in
    regular = "regular"
    profit = "profit"
    service = "service"
    fission = "fission"  # 裂变: built to be shared


class ProductBase(Table):
    name: str = Field(min_length=1, max_length=120)
    role: ProductRole = Field(default=ProductRole.regular, sa_type=sa.String(16), index=True)
    unit: str = Field(default="份", min_length=1, max_length=16)
    description: str = Field(default="", max_length=4000)


class Product(ProductBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    published: bool = Field(default=False, index=True)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
