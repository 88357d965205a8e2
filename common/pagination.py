"""Cursor pagination for every list: ``limit`` and an opaque ``cursor``; the page says the next one.

A cursor is the last key of the previous page.  Anything that is not a value this API could have
given out is refused with 400 ``invalid_cursor`` before it reaches the database: the wrong type,
or an integer outside the range of the key's column (32-bit for ``Integer``, 64-bit for
``BigInteger``), which PostgreSQL would otherwise reject mid-query.
"""

from __future__ import annotations

import base64
import inspect
import json
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from fastapi import Depends, Query
from pydantic import BaseModel

from common.problems import Problem

T = TypeVar("T")

MAX_LIMIT = 100


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class PageParams(BaseModel):
    limit: int
    after: Any | None


def _invalid_cursor() -> Problem:
    return Problem(400, "invalid_cursor", "The cursor is not one this API gave out")


def integer_bounds(column_type: sa.types.TypeEngine) -> tuple[int, int]:
    """The values an integer column holds on every supported database."""
    bits = 16 if isinstance(column_type, sa.SmallInteger) else 64 if isinstance(column_type, sa.BigInteger) else 32
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def cursor_key(value: Any, column: Any) -> Any:
    """The cursor's value as a key of ``column``, or 400 when the API could not have given it out."""
    if type(value) is not column.type.python_type:
        raise _invalid_cursor()
    if isinstance(column.type, sa.Integer):
        low, high = integer_bounds(column.type)
        if not low <= value <= high:
            raise _invalid_cursor()
    return value


def encode_cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _invalid_cursor() from exc


async def _page_params(  # a coroutine: FastAPI would run a plain function on a worker thread
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 20,
    cursor: Annotated[str | None, Query(max_length=512, description="From the previous page")] = None,
) -> PageParams:
    return PageParams(limit=limit, after=decode_cursor(cursor) if cursor else None)


PageDep = Annotated[PageParams, Depends(_page_params)]

class SortOrder(StrEnum):
    """One schema in the API document for every list's ``order`` (one type in the generated clients)."""

    asc = "asc"
    desc = "desc"


# ``order`` on every list: a route declares ``order: ListOrder = "asc"`` (or its own default) and pages
# with ``descending=order == "desc"``; a cursor is followed in the order it was made in.
ListOrder = Annotated[SortOrder, Query(description="asc: oldest first; desc: newest first")]


async def paginate(session: Any, query: Any, *, key: Any, page: PageParams,
                   public: Callable[[Any], Awaitable[T]] | Callable[[Any], T], descending: bool = False) -> Page[T]:
    """One page of ``query`` ordered by the unique column ``key`` (highest first when ``descending``); the
    cursor is the last key seen."""
    if page.after is not None:
        after = cursor_key(page.after, key)
        query = query.where(key < after if descending else key > after)
    rows = (await session.exec(query.order_by(key.desc() if descending else key).limit(page.limit + 1))).all()
    items = []
    for row in rows[: page.limit]:
        item = public(row)
        items.append(await item if inspect.isawaitable(item) else item)
    last = getattr(rows[page.limit - 1], key.key) if len(rows) > page.limit else None
    return Page(items=items, next_cursor=encode_cursor(last) if last is not None else None)
