"""Catalog HTTP routes: thin — parse, authorise, call the service, shape the response."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from common.db import SessionDep
from common.pagination import Page, PageDep
from services.catalog import service
from services.catalog.models import ProductRole
from services.catalog.schemas import ProductPublic

router = APIRouter(prefix="/v1/products", tags=["catalog"])


@router.get("", operation_id="catalog_list_products", response_model=Page[ProductPublic])
async def list_products(session: SessionDep, page: PageDep,
                        role: Annotated[ProductRole | None, Query()] = None) -> Page[ProductPublic]:
    """Published products, oldest first."""
    return await service.list_published(session=session, page=page, role=role)


@router.get("/{product_id}", operation_id="catalog_get_product", response_model=ProductPublic)
async def get_product(session: SessionDep,
                      product_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> ProductPublic:
    return await service.get_published(session=session, product_id=product_id)
