"""Core statements sent straight to the driver: the work SQLAlchemy does per execution, minus what a
statement of ours never needs.

Measured per statement on this project's hot paths: SQLAlchemy's execution (greenlet hand-overs, an
execution context, a cursor adapter, a result object, event dispatch) costs ~145 us of CPU on SQLite,
where sqlite3 itself takes 4 us, and ~280 us on PostgreSQL, where asyncpg takes ~60.  Orders, events
and ledger rows each cost dozens of statements, so that overhead was the largest share of every
service's CPU.

``run`` keeps every part that decides *what* is sent — SQLAlchemy's own statement cache (cache key,
compiled SQL, bind and result processors, ``IN`` expansion) — and only replaces *how* it is sent: on the
connection the session already holds, inside its transaction, through the driver:

- SQLite: the connection's own call (``common.db._InlineConnection._execute``), which answers at once
  and hands a statement that finds the file locked to a thread, as every other statement there;
- PostgreSQL: SQLAlchemy's asyncpg adapter's transaction and prepared-statement cache, as its cursor
  uses them.

A driver error goes through SQLAlchemy's own handling (``IntegrityError`` and the rest, a broken
connection invalidated with the pool's older ones), so callers see what they saw before.

Statements it does not take go the usual way, so ``run`` never changes an answer: several parameter
sets (executemany), Python-side column defaults, schema translation, textual or unordered result
columns, an engine echoing its SQL or traced by OpenTelemetry (both listen to cursor events, which
this path does not fire).  Every statement sent here is still counted
(``groupbuy_db_statements_total``).
"""

from __future__ import annotations

import re
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import result as sa_result
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import compiler
from sqlalchemy.util.concurrency import greenlet_spawn

_SENDABLE = (sa.Select, sa.Insert, sa.Update, sa.Delete)
_STATUS = re.compile(r"(?:SELECT|UPDATE|DELETE|INSERT \d+) (\d+)")
_PLAN = "_groupbuy_plan"  # a compiled statement's answer to "can it go straight?", kept on it
_COMPILED = "_groupbuy_compiled"  # an uncacheable statement's compiled forms, kept on it by dialect and keys


class FastResult(sa_result.IteratorResult):
    """The rows of a statement sent straight, with the API of SQLAlchemy's result (``all``, ``first``,
    ``scalar_one``, ``mappings`` …) and the ``rowcount`` a cursor result has."""

    def __init__(self, keys: list[str], rows: list[Any], rowcount: int) -> None:
        super().__init__(sa_result.SimpleResultMetaData(keys), iter(rows))
        self.rowcount = rowcount
        self.returns_rows = bool(keys)


class _Plan:
    __slots__ = ("converters", "defaults", "driver", "keys", "result_types", "rows_wanted")

    def __init__(self, keys: list[str], result_types: list[Any], driver: str, rows_wanted: bool,
                 defaults: tuple[tuple[str, Any], ...] = ()) -> None:
        self.keys = keys
        # Columns the statement leaves out whose default is a plain value (``Field(default=0)``): SQLAlchemy
        # fills them in before it sends the statement, and so does ``prepare``.
        self.defaults = defaults
        self.result_types = result_types
        self.driver = driver
        # The result processors of its columns, by the driver's column types: looked up once, not per row read
        # (an order's row has forty columns).
        self.converters: dict[tuple[Any, ...], list[Any] | None] = {}
        # An INSERT SQLAlchemy gave an implicit RETURNING of its key (for ``inserted_primary_key``, which the
        # callers of this path do not read): its rows are not the caller's.
        self.rows_wanted = rows_wanted


def _plan_for(compiled: Any, dialect: Any) -> _Plan | None:
    plan = compiled.__dict__.get(_PLAN, 0)
    if plan != 0:
        return plan
    plan = None
    driver = dialect.driver
    defaults = _scalar_defaults(compiled)
    if (driver in ("aiosqlite", "asyncpg") and defaults is not None and not compiled.schema_translate_map
            and not compiled.isplaintext and compiled.positional
            and (not compiled._result_columns or (compiled._ordered_columns and not compiled._textual_ordered_columns
                                                  and not compiled._ad_hoc_textual))):
        implicit = bool(getattr(compiled, "implicit_returning", None))
        plan = _Plan([] if implicit else [entry.keyname for entry in compiled._result_columns or ()],
                     [] if implicit else [entry.type for entry in compiled._result_columns or ()], driver,
                     rows_wanted=not implicit, defaults=defaults)
    compiled.__dict__[_PLAN] = plan
    return plan


def _scalar_defaults(compiled: Any) -> tuple[tuple[str, Any], ...] | None:
    """The values of the defaults SQLAlchemy would fill in on the Python side (its "prefetch" columns), when
    each is a plain value; None when one is computed (a function, a sequence), which only it does."""
    found = []
    for column, kind in [(c, "default") for c in compiled.insert_prefetch] + \
                        [(c, "onupdate") for c in compiled.update_prefetch]:
        default = getattr(column, kind)
        if default is None or not default.is_scalar:
            return None
        found.append((column.key, default.arg))
    return tuple(found)


def usable(connection: AsyncConnection) -> bool:
    """Whether statements on this connection may go straight: not when its engine echoes SQL or is traced
    (``common.db`` and ``common.tracing`` mark the engine's dialect, which its option engines share)."""
    sync = connection.sync_connection
    return not sync._echo and not getattr(sync.dialect, "groupbuy_traced", False)


class Prepared:
    """A statement made ready for its driver: the SQL, its arguments in order, and how to read its rows."""

    __slots__ = ("args", "plan", "sql")

    def __init__(self, plan: _Plan, sql: str, args: list[Any]) -> None:
        self.plan, self.sql, self.args = plan, sql, args


def prepare(engine: sa.Engine, statement: sa.Executable, params: dict[str, Any] | None, *,
            counted: bool = True) -> Prepared | None:
    """``statement`` with ``params`` compiled for ``engine`` (from its statement cache) and its arguments
    processed as SQLAlchemy would; None when it must go the usual way.  ``counted`` false: one more parameter
    set of a batch already counted (SQLAlchemy counts a batch as one statement)."""
    if not isinstance(statement, _SENDABLE):
        return None
    dialect = engine.dialect
    keys = sorted(params) if params else []
    kept = statement.__dict__.get(_COMPILED)
    compiled = kept.get((dialect, *keys)) if kept is not None else None
    if compiled is not None:
        extracted = param_dict = None
    else:
        compiled, extracted, param_dict, hit = statement._compile_w_cache(
            dialect=dialect, compiled_cache=engine._compiled_cache, column_keys=keys, for_executemany=False,
            schema_translate_map=None, linting=dialect.compiler_linting | compiler.WARN_LINTING)
        if hit is dialect.NO_CACHE_KEY:
            # SQLAlchemy keeps no compiled form of a statement without a cache key (a multi-row VALUES is
            # one): it would compile it again on every call.  A statement object kept and sent again
            # (``common.upsert``'s) keeps its own; one built per call takes it with it when it goes.
            statement.__dict__.setdefault(_COMPILED, {})[(dialect, *keys)] = compiled
    plan = _plan_for(compiled, dialect)
    if plan is None:
        return None
    values = compiled.construct_params(params or None, escape_names=False, extracted_parameters=extracted,
                                       _collected_params=param_dict)
    for key, value in plan.defaults:
        values[key] = value
    processors = compiled._bind_processors
    sql = compiled.string
    order = compiled.positiontup
    if compiled.literal_execute_params or compiled.post_compile_params:
        expanded = compiled._process_parameters_for_postcompile(values)
        sql, order = expanded.statement, expanded.positiontup
        processors = {**processors, **expanded.processors}
    args = [processors[key](values[key]) if key in processors else values[key] for key in order]
    counter = getattr(dialect, "groupbuy_statements", None)
    if counter is not None and counted:
        counter.inc()
    return Prepared(plan, sql, args)


def answer(prepared: Prepared, dialect: Any, description: Any, rows: list[Any], rowcount: int) -> FastResult:
    """The driver's rows read as SQLAlchemy reads them (its result processors: JSON, dates …)."""
    plan = prepared.plan
    if not plan.rows_wanted:
        rows = []
    elif rows and plan.result_types:
        coltypes = tuple(column[1] for column in description)
        converters = plan.converters.get(coltypes, 0)
        if converters == 0:
            found = [kind._cached_result_processor(dialect, coltype)
                     for kind, coltype in zip(plan.result_types, coltypes, strict=False)]
            converters = plan.converters[coltypes] = found if any(found) else None
        if converters:
            rows = [tuple(convert(value) if convert else value for convert, value in zip(converters, row, strict=False))
                    for row in rows]
    return FastResult(plan.keys, rows, rowcount)


async def run(connection: AsyncConnection, statement: sa.Executable, params: Any = None) -> Any:
    """``connection.execute(statement, params)``, sent straight to the driver when it can be (see the
    module docstring)."""
    if isinstance(params, (list, tuple)):
        if len(params) != 1:
            return await connection.execute(statement, params)
        params = params[0]
    sync = connection.sync_connection
    prepared = prepare(sync.engine, statement, params) if usable(connection) else None
    if prepared is None:
        return await connection.execute(statement, params) if params else await connection.execute(statement)
    dbapi_connection = sync.connection.dbapi_connection
    try:
        if prepared.plan.driver == "aiosqlite":
            description, rows, rowcount = await _sqlite(dbapi_connection, prepared.sql, prepared.args)
        else:
            description, rows, rowcount = await _asyncpg(dbapi_connection, prepared.sql, prepared.args,
                                                         sync.dialect._invalidate_schema_cache_asof)
    except Exception as error:
        await _raise_as_sqlalchemy(sync, dbapi_connection, prepared.plan.driver, error, prepared.sql, prepared.args)
        raise  # not reached: the call above raises
    return answer(prepared, sync.dialect, description, rows, rowcount)


async def _sqlite(dbapi_connection: Any, sql: str, args: list[Any]) -> tuple[Any, list[Any], int]:
    inline = dbapi_connection.driver_connection  # common.db._InlineConnection
    raw = inline._connection

    def send() -> tuple[Any, list[Any], int]:
        cursor = raw.cursor()
        try:
            cursor.execute(sql, args)
            description = cursor.description
            rows = cursor.fetchall() if description else []
            return description, rows, cursor.rowcount
        finally:
            cursor.close()

    return await inline._execute(send)


async def _asyncpg(dbapi_connection: Any, sql: str, args: list[Any], schema_as_of: float, *, begin: bool = True
                  ) -> tuple[Any, list[Any], int]:
    """Send on SQLAlchemy's asyncpg adapter: in its transaction (begun first if need be), or — ``begin``
    false — as a statement of its own, as a connection in autocommit sends it."""
    adapter = dbapi_connection  # SQLAlchemy's AsyncAdapt_asyncpg_connection, as its cursor uses it
    async with adapter._execute_mutex:
        if begin and adapter._transaction is None:
            await adapter._start_transaction()
        prepared, attributes = await adapter._prepare(sql, schema_as_of)
        rows = await prepared.fetch(*args)
        found = _STATUS.match(prepared.get_statusmsg() or "")
    description = [(attribute.name, attribute.type.oid) for attribute in attributes] if attributes else None
    return description, rows, int(found.group(1)) if found else -1


async def fetch_autocommit(engine: Any, prepared: Prepared) -> FastResult | None:
    """A statement sent on a connection of ``engine``'s pool, outside any transaction, with neither a session
    nor a ``Connection`` around it (they cost several times the statement: ~200 us of CPU against ~30 on
    PostgreSQL).  A broken constraint raises SQLAlchemy's ``IntegrityError``: the server refused the
    statement as a whole, and the connection, in no transaction, goes back to the pool as it was.  None
    when it failed otherwise: the caller sends it again the usual way (only a statement safe to repeat
    comes here), which raises SQLAlchemy's error for it, or answers on another connection when this one
    was broken."""
    fairy = await greenlet_spawn(engine.raw_connection)  # the pool's checkout, its events included
    refused: Exception | None = None
    try:
        description, rows, rowcount = await _asyncpg(fairy.dbapi_connection, prepared.sql, prepared.args,
                                                     engine.dialect._invalidate_schema_cache_asof, begin=False)
    except asyncpg.IntegrityConstraintViolationError as error:
        refused = error
    except Exception:
        await greenlet_spawn(fairy.invalidate)  # its state unknown: the pool opens a fresh one
        return None
    finally:
        if fairy.dbapi_connection is not None:
            await greenlet_spawn(fairy.close)
    if refused is not None:
        _raise_refused(engine, refused, prepared)
    return answer(prepared, engine.dialect, description, rows, rowcount)


def _raise_refused(engine: Any, error: Exception, prepared: Prepared) -> None:
    """Raise asyncpg's ``error`` as the ``IntegrityError`` SQLAlchemy raises for it."""
    dbapi = engine.dialect.loaded_dbapi
    translated: Exception = dbapi.IntegrityError(f"{type(error)}: {error}")
    translated.pgcode = translated.sqlstate = getattr(error, "sqlstate", None)  # type: ignore[attr-defined]
    translated.__cause__ = error
    raise sa_exc.DBAPIError.instance(prepared.sql, prepared.args, translated, dbapi.Error,
                                     dialect=engine.dialect) from error


async def _raise_as_sqlalchemy(sync: Any, dbapi_connection: Any, driver: str, error: Exception, sql: str,
                               args: list[Any]) -> None:
    """Raise ``error`` as SQLAlchemy would have: translated (``IntegrityError`` …), and a connection found
    broken invalidated, with the pool's older ones."""
    translated: BaseException = error
    if driver == "asyncpg" and not isinstance(error, sync.dialect.loaded_dbapi.Error):
        try:
            dbapi_connection._handle_exception(error)  # raises the adapter's DB-API error for asyncpg's
        except Exception as adapted:
            translated = adapted
    if not isinstance(translated, sync.dialect.loaded_dbapi.Error):
        raise error
    try:
        raise translated
    except Exception as current:
        await greenlet_spawn(sync._handle_dbapi_exception, current, sql, tuple(args), None, None)
    raise sa_exc.InternalError(sql, args, error)  # pragma: no cover - the handler always raises
