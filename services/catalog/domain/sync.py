"""Supplier sync rules: what each row of a batch does to the catalog.  Pure, no I/O.

Rows are judged one by one against what the catalog held for the supplier before the batch, so the
verdicts do not depend on how the batch is split into transactions:

- a SKU's external id may appear once per batch; later rows with it are rejected;
- rows of one product must agree on its name and role (the first accepted row sets them);
- a SKU stays with the product it was first synced under;
- a new list price may not fall below a member price ops set on the SKU;
- ``stock`` is what the supplier still has for sale, counting units held by orders awaiting payment;
  the catalog sells ``stock - held`` more, so stock below what is held is rejected (the held units
  would not be covered).

A rejected row changes nothing.  An accepted row is ``created`` when its SKU is new, ``updated`` when
it changes anything the catalog holds, ``unchanged`` otherwise — so the same batch sent twice is
``unchanged`` throughout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    created = "created"
    updated = "updated"
    unchanged = "unchanged"
    rejected = "rejected"


@dataclass(frozen=True, slots=True)
class SyncLine:
    """A row whose shape is valid."""

    product_ref: str
    name: str
    role: str
    sku_ref: str
    sku_name: str
    price_fen: int
    stock: int


@dataclass(frozen=True, slots=True)
class Rejection:
    field: str
    reason: str


@dataclass(frozen=True, slots=True)
class StoredProduct:
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class StoredSku:
    """A SKU as the catalog holds it: ``stock`` units on sale now, ``held`` awaiting payment."""

    product_ref: str
    name: str
    price_fen: int
    stock: int
    held: int = 0
    member_prices: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: Outcome
    field: str | None = None
    reason: str | None = None

    @classmethod
    def reject(cls, field_name: str, reason: str) -> Verdict:
        return cls(Outcome.rejected, field_name, reason)


def on_sale(stock: int, held: int) -> int:
    """Units the catalog may still sell when the supplier has ``stock`` and ``held`` await payment."""
    return stock - held


def _conflict(line: SyncLine, sku: StoredSku | None) -> Verdict | None:
    if sku is None:
        return None
    if sku.product_ref != line.product_ref:
        return Verdict.reject("sku_external_id", f"this SKU belongs to product {sku.product_ref}")
    for level, member_price in sorted(sku.member_prices.items()):
        if member_price > line.price_fen:
            return Verdict.reject("price_fen", f"below the {level} member price {member_price} set on this SKU")
    if line.stock < sku.held:
        return Verdict.reject("stock", f"{sku.held} units are held by orders awaiting payment; "
                                       "stock cannot be set below that")
    return None


def _changes(line: SyncLine, product: StoredProduct | None, sku: StoredSku | None) -> Outcome:
    if sku is None:
        return Outcome.created
    changed = (product is None or (product.name, product.role) != (line.name, line.role)
               or (sku.name, sku.price_fen, sku.stock) != (line.sku_name, line.price_fen,
                                                           on_sale(line.stock, sku.held)))
    return Outcome.updated if changed else Outcome.unchanged


def judge(rows: Sequence[SyncLine | Rejection], products: Mapping[str, StoredProduct],
          skus: Mapping[str, StoredSku]) -> list[Verdict]:
    """One verdict per row, in order.  ``products`` and ``skus`` are keyed by the supplier's refs."""
    verdicts: list[Verdict] = []
    sku_rows: dict[str, int] = {}
    product_rows: dict[str, tuple[int, SyncLine]] = {}
    for index, row in enumerate(rows):
        if isinstance(row, Rejection):
            verdicts.append(Verdict.reject(row.field, row.reason))
            continue
        if row.sku_ref in sku_rows:
            verdicts.append(Verdict.reject("sku_external_id", f"the same SKU is in row {sku_rows[row.sku_ref]}"))
            continue
        sku_rows[row.sku_ref] = index
        conflict = _conflict(row, skus.get(row.sku_ref))
        if conflict is None and row.product_ref in product_rows:
            first, earlier = product_rows[row.product_ref]
            for name in ("name", "role"):
                if getattr(earlier, name) != getattr(row, name):
                    conflict = Verdict.reject(name, f"differs from row {first} of the same product")
                    break
        if conflict is not None:
            verdicts.append(conflict)
            continue
        product_rows.setdefault(row.product_ref, (index, row))
        verdicts.append(Verdict(_changes(row, products.get(row.product_ref), skus.get(row.sku_ref))))
    return verdicts
