"""Reading a supplier's product CSV and checking every row before anything is sent.  Pure: text in,
rows and problems out.

Columns: product_external_id, name, role, sku_external_id, sku_name, price_yuan or price_fen, stock (UTF-8,
with or without a BOM; extra columns are ignored).  Row numbers are the spreadsheet's: the header is row 1.
The checks are the catalog's own (``POST /v1/products/sync``), so a row that passes here is not rejected for
its shape; across the whole file — not only within one batch of 1,000 — a SKU may appear once and the rows
of one product must agree on its name and role."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ROLES = ("traffic", "regular", "profit", "service", "fission")
REQUIRED = ("product_external_id", "name", "role", "sku_external_id", "sku_name", "stock")
PRICE_COLUMNS = ("price_yuan", "price_fen")
MAX_PRICE_FEN = 100_000_000
MAX_STOCK = 10_000_000
BATCH_SIZE = 1_000
_WHOLE = re.compile(r"[0-9]+")
_YUAN = re.compile(r"([0-9]+)(?:\.([0-9]+))?")
_NO_SPACE = re.compile(r"\S+")


class PriceError(ValueError):
    """A price that is not an exact amount of fen; ``str()`` says why."""


def yuan_to_fen(text: str) -> int:
    """``"12.5"`` → 1250: exact (Decimal, never float), at most 2 decimals, no signs, separators or exponents."""
    match = _YUAN.fullmatch(text.strip())
    if match is None:
        raise PriceError(f"{text!r} is not an amount in yuan like 12.50")
    decimals = match.group(2)
    if decimals is not None and len(decimals) > 2:
        raise PriceError(f"{text!r} has more than 2 decimals: a price is a whole number of fen")
    return int(Decimal(match.group(0)).scaleb(2))


def fen_to_yuan(fen: int) -> str:
    """1250 → ``"12.50"``: the inverse of ``yuan_to_fen``."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


@dataclass(frozen=True, slots=True)
class Issue:
    row: int
    field: str
    problem: str


@dataclass(frozen=True, slots=True)
class ProductRow:
    """A row that passed every check: the body of one row of ``POST /v1/products/sync``."""

    row: int
    product_external_id: str
    name: str
    role: str
    sku_external_id: str
    sku_name: str
    price_fen: int
    stock: int


@dataclass
class ImportPlan:
    rows: list[ProductRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({issue.row for issue in self.issues})


def decode(data: bytes) -> str:
    """UTF-8 with or without a BOM; anything else (a GBK export from Excel, say) is refused, not guessed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"the file is not UTF-8 (byte {exc.start}): save it as \"CSV UTF-8\"") from None


def parse(text: str) -> ImportPlan:
    """Every row of the file checked; ``ValueError`` when the header itself is unusable."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise ValueError("the file is empty")
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in columns]
    if not any(name in columns for name in PRICE_COLUMNS):
        missing.append("price_yuan or price_fen")
    if missing:
        raise ValueError(f"missing column(s): {', '.join(missing)} (the first row must name the columns)")
    duplicated = sorted({name for name in columns if name and columns.count(name) > 1})
    if duplicated:
        raise ValueError(f"column(s) named twice: {', '.join(duplicated)}")
    known = set(REQUIRED) | set(PRICE_COLUMNS)
    plan = ImportPlan(ignored_columns=[name for name in columns if name not in known])
    for number, values in _records(reader):
        if len(values) > len(columns):
            plan.issues.append(Issue(number, "row", f"{len(values) - len(columns)} value(s) more than the header has "
                                                    "columns (a comma inside a name must be quoted)"))
            continue
        record = dict(zip(columns, [v.strip() for v in values], strict=False))
        row, issues = check_row(number, record)
        plan.issues.extend(issues)
        if row is not None:
            plan.rows.append(row)
    _check_across_rows(plan)
    plan.issues.sort(key=lambda issue: issue.row)
    return plan


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Data rows with their spreadsheet row number (header = 1); blank rows are skipped."""
    for number, values in enumerate(reader, start=2):
        if any(value.strip() for value in values):
            yield number, values


def check_row(number: int, record: dict[str, str]) -> tuple[ProductRow | None, list[Issue]]:
    """One row on its own: the row (when every field is right) and its issues, one per field at fault."""
    issues: list[Issue] = []

    def text(name: str, limit: int, no_spaces: bool = False) -> str:
        value = record.get(name, "")
        if not value:
            issues.append(Issue(number, name, "is empty"))
        elif len(value) > limit:
            issues.append(Issue(number, name, f"is longer than {limit} characters"))
        elif no_spaces and not _NO_SPACE.fullmatch(value):
            issues.append(Issue(number, name, "must not contain spaces"))
        return value

    product_ref = text("product_external_id", 64, no_spaces=True)
    name = text("name", 120)
    role = record.get("role", "").lower()
    if role not in ROLES:
        given = record.get("role", "")
        issues.append(Issue(number, "role", f"{given!r} is not one of {', '.join(ROLES)}" if given else "is empty"))
    sku_ref = text("sku_external_id", 64, no_spaces=True)
    sku_name = text("sku_name", 80)
    price_fen = _price(number, record, issues)
    stock = _whole(number, "stock", record.get("stock", ""), 0, MAX_STOCK, issues)
    if issues or price_fen is None or stock is None:
        return None, issues
    return ProductRow(number, product_ref, name, role, sku_ref, sku_name, price_fen, stock), issues


def _price(number: int, record: dict[str, str], issues: list[Issue]) -> int | None:
    yuan, fen = record.get("price_yuan", ""), record.get("price_fen", "")
    if not yuan and not fen:
        issues.append(Issue(number, "price", "price_yuan or price_fen is required"))
        return None
    from_yuan = from_fen = None
    if yuan:
        try:
            from_yuan = yuan_to_fen(yuan)
        except PriceError as exc:
            issues.append(Issue(number, "price_yuan", str(exc)))
            return None
        if not 1 <= from_yuan <= MAX_PRICE_FEN:
            issues.append(Issue(number, "price_yuan", f"must be between 0.01 and {fen_to_yuan(MAX_PRICE_FEN)}"))
            return None
    if fen:
        from_fen = _whole(number, "price_fen", fen, 1, MAX_PRICE_FEN, issues)
        if from_fen is None:
            return None
    if from_yuan is not None and from_fen is not None and from_yuan != from_fen:
        issues.append(Issue(number, "price", f"price_yuan {yuan} and price_fen {fen} disagree"))
        return None
    return from_yuan if from_yuan is not None else from_fen


def _whole(number: int, name: str, value: str, low: int, high: int, issues: list[Issue]) -> int | None:
    if not _WHOLE.fullmatch(value):
        issues.append(Issue(number, name, f"{value!r} is not a whole number" if value else "is empty"))
        return None
    if not low <= int(value) <= high:
        issues.append(Issue(number, name, f"must be between {low:,} and {high:,}"))
        return None
    return int(value)


def _check_across_rows(plan: ImportPlan) -> None:
    """A SKU once in the whole file; one product's rows agree on its name and role (the first row decides)."""
    first_sku: dict[str, int] = {}
    first_product: dict[str, ProductRow] = {}
    kept: list[ProductRow] = []
    for row in plan.rows:
        if row.sku_external_id in first_sku:
            earlier_row = first_sku[row.sku_external_id]
            plan.issues.append(Issue(row.row, "sku_external_id", f"the same SKU is in row {earlier_row}"))
            continue
        earlier = first_product.get(row.product_external_id)
        if earlier is not None and (earlier.name, earlier.role) != (row.name, row.role):
            differs = "name" if earlier.name != row.name else "role"
            plan.issues.append(Issue(row.row, differs, f"differs from row {earlier.row} of the same product"))
            continue
        first_sku[row.sku_external_id] = row.row
        first_product.setdefault(row.product_external_id, row)
        kept.append(row)
    plan.rows = kept


def batches(rows: Sequence[ProductRow], size: int = BATCH_SIZE) -> Iterator[Sequence[ProductRow]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]
