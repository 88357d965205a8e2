"""Supplier chargebacks: what a supplier owes back for units a buyer was refunded because of the supplier
(short or damaged at arrival, a quality claim reviewed in after-sales).  Settlement with suppliers reads
them (``GET /v1/supply/chargebacks``: ops for every supplier, a supplier's API key for its own).

``record_chargeback`` runs inside the caller's transaction (the refund that causes it commits with it)
and is idempotent on ``(source, source_ref)``: the cause names itself — ``arrival`` / ``<arrival id>:<order
id>``, ``supplier_short`` / ``<line id>:<order id>``, an after-sales request's id — so a cause told twice, or
two requests racing, record one chargeback (the unique constraint decides the race)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.pagination import Page, PageParams, paginate
from services.orders.models import SupplierChargeback
from services.orders.supply_schemas import ChargebackPublic


async def record_chargeback(session: AsyncSession, *, order_id: int, supplier_id: int | None, sku_id: int,
                            units: int, amount_fen: int, reason: str, source: str,
                            source_ref: str) -> SupplierChargeback:
    """Charge ``amount_fen`` for ``units`` of ``sku_id`` of ``order_id`` back to the supplier, once per
    ``(source, source_ref)``: a repeat returns the row recorded first."""
    existing = await _by_source(session, source, source_ref)
    if existing is not None:
        return existing
    row = SupplierChargeback(order_id=order_id, supplier_id=supplier_id, sku_id=sku_id, units=units,
                             amount_fen=amount_fen, reason=reason, source=source, source_ref=source_ref,
                             created_at=now())
    try:
        async with session.begin_nested():
            session.add(row)
    except sa.exc.IntegrityError:  # recorded by a concurrent transaction a moment ago
        existing = await _by_source(session, source, source_ref)
        if existing is None:
            raise
        return existing
    return row


async def _by_source(session: AsyncSession, source: str, source_ref: str) -> SupplierChargeback | None:
    return (await session.exec(select(SupplierChargeback).where(
        SupplierChargeback.source == source, SupplierChargeback.source_ref == source_ref))).first()


async def list_chargebacks(*, session: AsyncSession, supplier_id: int | None, page: PageParams,
                           descending: bool = False) -> Page[ChargebackPublic]:
    """Chargebacks oldest first, of one supplier when given (``None``: every supplier, for ops)."""
    query = select(SupplierChargeback)
    if supplier_id is not None:
        query = query.where(SupplierChargeback.supplier_id == supplier_id)
    return await paginate(session, query, key=col(SupplierChargeback.id), page=page, descending=descending,
                          public=lambda row: ChargebackPublic.model_validate(row, from_attributes=True))
