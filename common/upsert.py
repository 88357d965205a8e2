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

from common.outbox import execute
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


async def _insert_new_together(tx: Transaction, table: sa.Table, rows: Sequence[Mapping[str, Any]],
                               returning: Sequence[str]) -> list[tuple[Any, ...]]:
    """``insert_new`` of several rows in a transaction without a session, as one statement: the rows as
    placeholders of a multi-row ``VALUES``, built once per table, columns and number of rows (a session's
    batch is SQLAlchemy's own, which does the same; a transaction sends what it is given)."""
    columns = tuple(rows[0])
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
