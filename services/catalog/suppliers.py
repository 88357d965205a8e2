"""Suppliers: who the platform buys each product from.

- Ops create suppliers (name, contact, settlement terms) at ``/v1/suppliers`` and assign products to them
  (``POST /v1/suppliers/{id}/products``).  A product without a supplier is the platform's own stock.
- A partner API key can act for one supplier (``PUT /v1/suppliers/{id}/api-key``, ops).  Its product sync
  (``POST /v1/products/sync``) then keys rows in the *supplier's* namespace (``supplier:<id>``) instead of
  the key's own (``api_key:<id>``), and the products it creates belong to the supplier: a replaced key
  finds the same catalog under the same ids.  Products a key synced before it acted for a supplier stay in
  the key's namespace (they are moved by ops, by assigning them).
- A supplier's key reads its own record at ``GET /v1/suppliers/me``.
- Orders learn a SKU's supplier from the SKU facts it fetches when an order is placed, and which supplier
  a key acts for from ``GET /internal/suppliers/by-key/{api_key_id}`` (purchase orders are read by it)."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, status
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity, IdentityDep, ServiceCaller, require_role
from common.db import SessionDep, WriteSessionDep
from common.pagination import ListOrder, Page, PageDep, paginate
from common.problems import Problem, not_found
from services.catalog.models import Product, Supplier

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Ops = require_role("ops", "admin")


class SupplierCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    contact: str = Field(default="", max_length=200)
    settlement_terms: str = Field(default="", max_length=200)


class SupplierPublic(BaseModel):
    id: int
    name: str
    contact: str
    settlement_terms: str
    api_key_id: int | None


class SupplierKey(BaseModel):
    model_config = ConfigDict(extra="forbid")

    api_key_id: int | None = Field(strict=True, ge=1, le=2**31 - 1,
                                   description="The partner key that acts for the supplier; null: none")


class SupplierProducts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_ids: list[Annotated[int, Field(strict=True, ge=1, le=2**31 - 1)]] = Field(min_length=1, max_length=1000)


class AssignedProducts(BaseModel):
    supplier_id: int
    product_ids: list[int]


def namespace(supplier_id: int) -> str:
    return f"supplier:{supplier_id}"


def supplier_id_of(product: Product) -> int | None:
    """A product's supplier: assigned by ops, or the supplier whose key synced it."""
    if product.supplier_id is not None:
        return product.supplier_id
    if product.supplier and product.supplier.startswith("supplier:"):
        return int(product.supplier.removeprefix("supplier:"))
    return None


async def for_key(session: AsyncSession, api_key_id: int | None) -> Supplier | None:
    if api_key_id is None:
        return None
    return (await session.exec(select(Supplier).where(Supplier.api_key_id == api_key_id))).first()


async def sync_namespace(session: AsyncSession, identity: Identity, fallback: str) -> str:
    """Whose ids a sync writes: the supplier's a key acts for, else ``fallback`` (the key's own, or ops')."""
    supplier = await for_key(session, identity.api_key_id) if identity.kind == "api_key" else None
    return namespace(supplier.id) if supplier is not None else fallback


def _public(row: Supplier) -> SupplierPublic:
    return SupplierPublic.model_validate(row, from_attributes=True)


suppliers = APIRouter(prefix="/v1/suppliers", tags=["suppliers"])
internal = APIRouter(prefix="/internal/suppliers", include_in_schema=False)


@suppliers.post("", operation_id="catalog_create_supplier", response_model=SupplierPublic,
                status_code=status.HTTP_201_CREATED, dependencies=[Ops])
async def create_supplier(body: SupplierCreate, session: WriteSessionDep) -> SupplierPublic:
    """Ops: a supplier the platform buys from."""
    row = Supplier(**body.model_dump())
    session.add(row)
    await session.commit()
    return _public(row)


@suppliers.get("", operation_id="catalog_list_suppliers", response_model=Page[SupplierPublic], dependencies=[Ops])
async def list_suppliers(session: SessionDep, page: PageDep, order: ListOrder = "asc") -> Page[SupplierPublic]:
    """Ops: every supplier, oldest first (``order=desc``: newest first)."""
    return await paginate(session, select(Supplier), key=col(Supplier.id), page=page, public=_public,
                          descending=order == "desc")


@suppliers.get("/me", operation_id="catalog_my_supplier", response_model=SupplierPublic)
async def my_supplier(caller: IdentityDep, session: SessionDep) -> SupplierPublic:
    """A supplier's API key: the supplier it acts for."""
    supplier = await for_key(session, caller.api_key_id) if caller.kind == "api_key" else None
    if supplier is None:
        raise not_found("supplier", "me")
    return _public(supplier)


@suppliers.get("/{supplier_id}", operation_id="catalog_get_supplier", response_model=SupplierPublic,
               dependencies=[Ops])
async def get_supplier(supplier_id: Id, session: SessionDep) -> SupplierPublic:
    row = await session.get(Supplier, supplier_id)
    if row is None:
        raise not_found("supplier", supplier_id)
    return _public(row)


@suppliers.put("/{supplier_id}/api-key", operation_id="catalog_set_supplier_key", response_model=SupplierPublic,
               dependencies=[Ops])
async def set_supplier_key(supplier_id: Id, body: SupplierKey, session: WriteSessionDep) -> SupplierPublic:
    """Ops: the partner key that acts for the supplier (a replaced key's successor keeps its catalog)."""
    row = (await session.exec(select(Supplier).where(Supplier.id == supplier_id).with_for_update())).first()
    if row is None:
        raise not_found("supplier", supplier_id)
    row.api_key_id = body.api_key_id
    try:
        await session.commit()
    except sa.exc.IntegrityError:
        raise Problem(409, "api_key_taken", "That API key already acts for another supplier") from None
    return _public(row)


@suppliers.post("/{supplier_id}/products", operation_id="catalog_assign_supplier_products",
                response_model=AssignedProducts, dependencies=[Ops])
async def assign_products(supplier_id: Id, body: SupplierProducts, session: WriteSessionDep) -> AssignedProducts:
    """Ops: these products are bought from this supplier (orders placed from now on carry it)."""
    if await session.get(Supplier, supplier_id) is None:
        raise not_found("supplier", supplier_id)
    ids = sorted(set(body.product_ids))
    found = set((await session.exec(select(Product.id).where(col(Product.id).in_(ids)))).all())
    missing = [product_id for product_id in ids if product_id not in found]
    if missing:
        raise Problem(422, "validation_error", "Invalid fields: body.product_ids",
                      errors=[{"field": "body.product_ids", "type": "value_error",
                               "message": f"no such products: {missing[:20]}"}])
    await session.exec(sa.update(Product).where(col(Product.id).in_(ids)).values(supplier_id=supplier_id))
    await session.commit()
    return AssignedProducts(supplier_id=supplier_id, product_ids=ids)


@internal.get("/by-key/{api_key_id}", response_model=SupplierPublic)
async def supplier_by_key(api_key_id: Id, _caller: ServiceCaller, session: SessionDep) -> SupplierPublic:
    supplier = await for_key(session, api_key_id)
    if supplier is None:
        raise not_found("supplier", api_key_id)
    return _public(supplier)


@internal.get("/{supplier_id}", response_model=SupplierPublic)
async def supplier_internal(supplier_id: Id, _caller: ServiceCaller, session: SessionDep) -> SupplierPublic:
    row = await session.get(Supplier, supplier_id)
    if row is None:
        raise not_found("supplier", supplier_id)
    return _public(row)


routers = [suppliers, internal]
