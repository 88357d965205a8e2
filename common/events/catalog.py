"""Events produced by catalog: a product's publication or role changed."""

from __future__ import annotations

from typing import Literal

from common.events import EventPayload, Id, StrictBool, UtcTime, contract

PRODUCER = "catalog"

ProductRole = Literal["traffic", "regular", "profit", "service", "fission"]
"""A product's role in the assortment; rebate rates and reports depend on it."""


@contract(PRODUCER, "product.changed", 1, aggregate="product_id")
class ProductChanged(EventPayload):
    """A product was created or edited: the fields other services keep a local copy of."""

    product_id: Id
    published: StrictBool
    role: ProductRole
    changed_at: UtcTime
