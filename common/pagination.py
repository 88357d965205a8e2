"""Cursor pagination for every list: ``limit`` and an opaque ``cursor``; the page says the next one."""

from __future__ import annotations

import base64
import inspect
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, TypeVar

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


def encode_cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Problem(400, "invalid_cursor", "The cursor is not one this API gave out") from exc


def _page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 20,
    cursor: Annotated[str | None, Query(max_length=512, description="From the previous page")] = None,
) -> PageParams:
    return PageParams(limit=limit, after=decode_cursor(cursor) if cursor else None)


PageDep = Annotated[PageParams, Depends(_page_params)]


async def paginate(session: Any, query: Any, *, key: Any, page: PageParams,
                   public: Callable[[Any], Awaitable[T]] | Callable[[Any], T]) -> Page[T]:
    """One page of ``query`` ordered by the unique column ``key``; the cursor is the last key seen."""
    if page.after is not None:
        if type(page.after) is not key.type.python_type:
            raise Problem(400, "invalid_cursor", "The cursor is not one this API gave out")
        query = query.where(key > page.after)
    rows = (await session.exec(query.order_by(key).limit(page.limit + 1))).all()
    items = []
    for row in rows[: page.limit]:
        item = public(row)
        items.append(await item if inspect.isawaitable(item) else item)
    last = getattr(rows[page.limit - 1], key.key) if len(rows) > page.limit else None
    return Page(items=items, next_cursor=encode_cursor(last) if last is not None else None)
