"""Supplier sync: a partner upserts its products and SKUs and sets their stock, up to 1,000 rows a
request, keyed by its own ids, in one transaction.

Whose ids: a partner key's (``api_key:<id>``) or, for ops, the house's (``ops``); two suppliers may use
the same id.  Each row is judged on its own (services/catalog/domain/sync.py) and answered ``created``,
``updated``, ``unchanged`` or ``rejected`` with a field and a reason; a rejected row changes nothing.
New products start unpublished (ops publish them); a sync sets a product's name and role, a SKU's name
and price, and its stock — never publication, descriptions or member prices.  A product created or
edited tells other services with ``product.changed`` through the outbox, once per product.

Reads are batched (one query per kind for the whole batch).  The SKUs the batch touches are locked
first, so a reservation running at the same time is counted either before or after, never lost."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity
from common.clock import now
from common.events.catalog import ProductChanged
from common.problems import Problem
from services.catalog import listing
from services.catalog.domain.sync import (
    Outcome,
    Rejection,
    StoredProduct,
    StoredSku,
    SyncLine,
    Verdict,
    judge,
    on_sale,
)
from services.catalog.models import Product, ProductKind, ProductRole, Reservation, ReservationStatus, Sku, events
from services.catalog.schemas import SyncBatch, SyncResult, SyncRow, SyncRowResult


def supplier_of(identity: Identity) -> str:
    """The namespace of the caller's external ids."""
    return f"api_key:{identity.api_key_id}" if identity.kind == "api_key" else "ops"


def _line(raw: object) -> SyncLine | Rejection:
    try:
        row = SyncRow.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        return Rejection(".".join(str(part) for part in error["loc"]) or "row", error["msg"])
    return SyncLine(product_ref=row.product_external_id, name=row.name, role=row.role, sku_ref=row.sku_external_id,
                    sku_name=row.sku_name, price_fen=row.price_fen, stock=row.stock)


def _echo(raw: object, name: str) -> str | None:
    value = raw.get(name) if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None


async def _stored_products(session: AsyncSession, supplier: str, refs: set[str]) -> dict[str, Product]:
    if not refs:
        return {}
    query = select(Product).where(Product.supplier == supplier, col(Product.supplier_ref).in_(refs))
    return {p.supplier_ref: p for p in (await session.exec(query)).all()}


async def _stored_skus(session: AsyncSession, supplier: str, refs: set[str]) -> dict[str, tuple[Sku, str]]:
    """The supplier's SKUs with these refs, locked, each with its product's ref."""
    if not refs:
        return {}
    query = (select(Sku, Product.supplier_ref).join(Product, col(Sku.product_id) == col(Product.id))
             .where(Sku.supplier == supplier, col(Sku.supplier_ref).in_(refs))
             .order_by(col(Sku.id)).with_for_update(of=Sku))
    return {sku.supplier_ref: (sku, product_ref) for sku, product_ref in (await session.exec(query)).all()}


async def _held(session: AsyncSession, sku_ids: list[int]) -> Counter[int]:
    """Units of each SKU held by orders awaiting payment."""
    if not sku_ids:
        return Counter()
    query = (select(Reservation.sku_id, sa.func.sum(Reservation.quantity))
             .where(col(Reservation.sku_id).in_(sku_ids), Reservation.status == ReservationStatus.reserved)
             .group_by(Reservation.sku_id))
    return Counter({sku_id: int(units) for sku_id, units in (await session.exec(query)).all()})


async def sync_batch(*, session: AsyncSession, supplier: str, batch: SyncBatch) -> SyncResult:
    lines = [_line(raw) for raw in batch.rows]
    valid = [line for line in lines if isinstance(line, SyncLine)]
    products = await _stored_products(session, supplier, {line.product_ref for line in valid})
    skus = await _stored_skus(session, supplier, {line.sku_ref for line in valid})
    held = await _held(session, [sku.id for sku, _ in skus.values()])
    verdicts = judge(
        lines,
        {ref: StoredProduct(name=p.name, role=ProductRole(p.role).value) for ref, p in products.items()},
        {ref: StoredSku(product_ref=product_ref, name=sku.name, price_fen=sku.price_fen, stock=sku.stock,
                        held=held[sku.id], member_prices=sku.member_prices)
         for ref, (sku, product_ref) in skus.items()},
    )
    accepted = [line for line, verdict in zip(lines, verdicts, strict=True) if verdict.outcome != Outcome.rejected]
    try:
        changed = await _apply(session, supplier, accepted, products, skus, held)
        # Names and prices may have moved: the storefront's search text and price order follow.
        await listing.refresh(session, {products[line.product_ref].id for line in accepted})
        if changed:
            await events.publish_many(session, [
                ProductChanged(product_id=p.id, published=p.published, role=ProductRole(p.role).value,
                               changed_at=p.updated_at) for p in changed])
        await session.commit()
    except sa.exc.IntegrityError as exc:
        # Another sync created the same new ids first (PostgreSQL; SQLite's one writer runs them in turn).
        await session.rollback()
        raise Problem(409, "sync_conflict", "Another sync of the same new products ran at the same time; send "
                                            "the batch again", headers={"Retry-After": "1"}) from exc
    return _result(batch, lines, verdicts, products, skus)


async def _apply(session: AsyncSession, supplier: str, accepted: list[SyncLine], products: dict[str, Product],
                 skus: dict[str, tuple[Sku, str]], held: Counter[int]) -> list[Product]:
    """Write the accepted lines; the products created or edited, in batch order."""
    moment = now()
    changed: dict[str, Product] = {}
    for line in accepted:
        product = products.get(line.product_ref)
        if product is None:
            product = Product(name=line.name, role=ProductRole(line.role), kind=ProductKind.single,
                              supplier=supplier, supplier_ref=line.product_ref, created_at=moment, updated_at=moment)
            products[line.product_ref] = changed[line.product_ref] = product
            session.add(product)
        elif (product.name, ProductRole(product.role).value) != (line.name, line.role):
            product.name, product.role, product.updated_at = line.name, ProductRole(line.role), moment
            changed[line.product_ref] = product
    await session.flush()
    new_skus = []
    for line in accepted:
        product = products[line.product_ref]
        if line.sku_ref not in skus:
            sku = Sku(product_id=product.id, name=line.sku_name, price_fen=line.price_fen, stock=line.stock,
                      supplier=supplier, supplier_ref=line.sku_ref, created_at=moment, updated_at=moment)
            skus[line.sku_ref] = (sku, line.product_ref)
            new_skus.append(sku)
            continue
        sku, _ = skus[line.sku_ref]
        stock = on_sale(line.stock, held[sku.id])
        if (sku.name, sku.price_fen, sku.stock) != (line.sku_name, line.price_fen, stock):
            sku.name, sku.price_fen, sku.stock, sku.updated_at = line.sku_name, line.price_fen, stock, moment
    session.add_all(new_skus)
    await session.flush()
    return list(changed.values())


def _result(batch: SyncBatch, lines: list[SyncLine | Rejection], verdicts: list[Verdict],
            products: dict[str, Product], skus: dict[str, tuple[Sku, str]]) -> SyncResult:
    results = []
    for index, (raw, line, verdict) in enumerate(zip(batch.rows, lines, verdicts, strict=True)):
        result = SyncRowResult(index=index, status=verdict.outcome, field=verdict.field, reason=verdict.reason,
                               product_external_id=_echo(raw, "product_external_id"),
                               sku_external_id=_echo(raw, "sku_external_id"))
        if isinstance(line, SyncLine) and verdict.outcome != Outcome.rejected:
            result.product_id = products[line.product_ref].id
            result.sku_id = skus[line.sku_ref][0].id
        results.append(result)
    counts = Counter(verdict.outcome for verdict in verdicts)
    return SyncResult(created=counts[Outcome.created], updated=counts[Outcome.updated],
                      unchanged=counts[Outcome.unchanged], rejected=counts[Outcome.rejected], results=results)
