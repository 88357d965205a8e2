"""The catalog API contract."""

from __future__ import annotations

from datetime import datetime

from services.catalog.models import ProductBase


class ProductPublic(ProductBase):
    id: int
    created_at: datetime
    updated_at: datetime
