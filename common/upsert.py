"""``INSERT … ON CONFLICT DO NOTHING`` on both databases: one statement where "look, then insert" took
two (or a savepoint, an insert and a look again when the insert lost a race).

The row a conflict keeps is whichever was there first; the answer says which of the rows given were
written, so a caller that must act only on a first sighting (an inbox, a history row, a ledger key)
still knows.  Rows are plain mappings of column name → value for one table; the session is the
caller's (SQLModel's or plain SQLAlchemy's), inside its transaction, and nothing is flushed or
committed here.  Rows written this way are not in the session's identity map: read them back with a
query, not ``session.get``, when the same transaction needs them as objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from common.outbox import defer, execute
from common.transaction import Transaction, dialect_name


def _insert(session: AsyncSession | Transaction, table: sa.Table) -> Any:
    return (sqlite.insert if dialect_name(session) == "sqlite" else postgresql.insert)(table)


# Built once per table, database and returned columns: a statement object keeps its cache key once worked
# out, so one built per call paid for building it and for its key on every row written.
_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _insert_new_statement(session: AsyncSession | Transaction, table: sa.Table, returning: Sequence[str]) -> Any:
    key = (dialect_name(session), table, tuple(returning))
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = _insert(session, table).on_conflict_do_nothing()
        if returning:
            statement = statement.returning(*(table.c[name] for name in returning))
        statement = _STATEMENTS.setdefault(key, statement)
    return statement


def _table(model: Any) -> sa.Table:
    return model if isinstance(model, sa.Table) else model.__table__


async def insert_new(session: AsyncSession | Transaction, model: Any, rows: Sequence[Mapping[str, Any]],
                     *, returning: Sequence[str] = ()) -> list[tuple[Any, ...]]:
    """Insert ``rows`` into ``model``'s table, skipping each that conflicts with a row already there (on
    any unique constraint).  With ``returning`` (column names): those columns of the rows written, one
    tuple each, in no promised order; without, nothing is returned (and the statement is cheaper)."""
    if not rows:
        return []
    table = _table(model)
    # The rows go as parameters (one statement, sent as a batch), never inlined with ``values([...])``: a
    # statement with inlined rows has no cache key, so it would be compiled again on every call.
    if isinstance(session, Transaction) and len(rows) > 1:
        return await _insert_new_together(session, table, rows, returning)
    statement = _insert_new_statement(session, table, returning)
    if returning:
        return [tuple(row) for row in (await execute(session, statement, [dict(row) for row in rows])).all()]
    await execute(session, statement, [dict(row) for row in rows])
    return []


async def defer_new(session: AsyncSession | Transaction, model: Any, row: Mapping[str, Any]) -> None:
    """``insert_new`` of one row whose outcome nobody reads, deferred (``common.outbox.defer``): on PostgreSQL
    held, and sent with the transaction's next statement (as a part of it, when that touches other tables)
    or its commit.  A constraint other than a unique key it breaks is raised there, not here."""
    await defer(session, _insert_new_statement(session, _table(model), ()), dict(row))


async def _insert_new_together(tx: Transaction, table: sa.Table, rows: Sequence[Mapping[str, Any]],
                               returning: Sequence[str]) -> list[tuple[Any, ...]]:
    """``insert_new`` of several rows in a transaction without a session, by statements whose text does not
    follow the number of rows.  A consumer's inbox rows come in batches of 1 to 100, and one multi-row
    ``VALUES`` per count meant up to a hundred statements to compile per process (the largest ~10 ms each)
    and, on PostgreSQL, to prepare again on every pooled connection: ~7 % of a consumer's CPU while a
    ladder ran.  Now:

    - PostgreSQL: one statement for any count, the rows as one array per column (``unnest``);
    - SQLite (in-process: a statement costs microseconds, its compiling most of that): multi-row
      ``VALUES`` of 64, 32 … 1 rows, as many as the count needs (100 = 64 + 32 + 4)."""
    columns = tuple(rows[0])
    if tx.dialect_name == "postgresql":
        statement = _unnested_statement(table, columns, tuple(returning))
        params = {f"a_{name}": [row[name] for row in rows] for name in columns}
        result = await execute(tx, statement, params)
        return [tuple(row) for row in result.all()] if returning else []
    written: list[tuple[Any, ...]] = []
    start = 0
    for size in chunk_sizes(len(rows)):
        written += await _insert_values(tx, table, rows[start:start + size], columns, returning)
        start += size
    return written


_MOST_ROWS = 64


def chunk_sizes(count: int) -> list[int]:
    """Powers of two (at most ``_MOST_ROWS``) that add up to ``count``, largest first."""
    sizes = []
    while count > 0:
        size = min(_MOST_ROWS, 1 << (count.bit_length() - 1))
        sizes.append(size)
        count -= size
    return sizes


def _unnested_statement(table: sa.Table, columns: tuple[str, ...], returning: tuple[str, ...]) -> Any:
    key = ("unnest", table, returning, columns)
    statement = _STATEMENTS.get(key)
    if statement is None:
        arrays = [sa.bindparam(f"a_{name}", type_=postgresql.ARRAY(table.c[name].type)) for name in columns]
        source = sa.func.unnest(*arrays).table_valued(*columns).render_derived()
        statement = postgresql.insert(table).from_select(
            list(columns), sa.select(*(source.c[name] for name in columns))).on_conflict_do_nothing()
        if returning:
            statement = statement.returning(*(table.c[name] for name in returning))
        statement = _STATEMENTS.setdefault(key, statement)
    return statement


async def _insert_values(tx: Transaction, table: sa.Table, rows: Sequence[Mapping[str, Any]],
                         columns: tuple[str, ...], returning: Sequence[str]) -> list[tuple[Any, ...]]:
    """The rows as placeholders of one multi-row ``VALUES``, built once per table, columns and count."""
    key = (tx.dialect_name, table, tuple(returning), columns, len(rows))
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = _insert(tx, table).values([
            {name: sa.bindparam(f"r{i}_{name}", type_=table.c[name].type) for name in columns}
            for i in range(len(rows))]).on_conflict_do_nothing()
        if returning:
            statement = statement.returning(*(table.c[name] for name in returning))
        statement = _STATEMENTS.setdefault(key, statement)
    params = {f"r{i}_{name}": row[name] for i, row in enumerate(rows) for name in columns}
    result = await execute(tx, statement, params)
    return [tuple(row) for row in result.all()] if returning else []


async def insert_new_from(session: AsyncSession | Transaction, model: Any, columns: Sequence[str],
                          query: sa.Select) -> None:
    """Insert the rows ``query`` selects (its columns in the order of ``columns``), skipping each that
    conflicts with a row already there: a fact copied from another table, in one statement."""
    # SQLite reads "ON CONFLICT" after a SELECT without WHERE as part of a join; every query here has one.
    await execute(session, _insert(session, _table(model)).from_select(list(columns), query).on_conflict_do_nothing())


async def insert_if_new(session: AsyncSession | Transaction, model: Any, row: Mapping[str, Any]) -> bool:
    """Insert one row unless it conflicts with one already there; True when it was written."""
    table = _table(model)
    key = next(iter(table.primary_key.columns)).name
    return bool(await insert_new(session, model, [row], returning=(key,)))
