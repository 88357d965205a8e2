"""Cursors: what the API gave out pages on; anything else is a clear 400, never a database error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from common.db import Database
from common.pagination import PageParams, decode_cursor, encode_cursor, integer_bounds, paginate
from common.problems import Problem
from common.tests.events_support import effect

ID = effect.c.id


async def seed_effects(database: Database, count: int) -> None:
    async with database.writer.begin() as conn:
        await conn.execute(sa.insert(effect), [
            {"seq": n, "aggregate_id": 1, "event_id": f"e{n}", "applied_at": datetime.now(UTC)} for n in range(count)])


async def page_of_effects(database: Database, cursor: str | None) -> list[int]:
    params = PageParams(limit=2, after=decode_cursor(cursor) if cursor else None)
    async with database.read_sessions() as session:
        page = await paginate(session, sa.select(effect), key=ID, page=params, public=lambda row: row.seq)
    return page.items


async def test_a_cursor_given_out_pages_on(event_db):
    await seed_effects(event_db, 3)
    async with event_db.read_sessions() as session:
        first = await paginate(session, sa.select(effect), key=ID, page=PageParams(limit=2, after=None),
                               public=lambda row: row.seq)
    assert first.items == [0, 1]
    assert await page_of_effects(event_db, first.next_cursor) == [2]


@pytest.mark.parametrize("after", [10**30, 2**31, -(2**31) - 1, 2**63])
async def test_a_key_beyond_the_column_is_a_forged_cursor(event_db, after):
    with pytest.raises(Problem) as refused:
        await page_of_effects(event_db, encode_cursor(after))
    assert refused.value.status == 400 and refused.value.code == "invalid_cursor"


async def test_the_largest_key_the_column_holds_is_a_valid_cursor(event_db):
    await seed_effects(event_db, 1)
    assert await page_of_effects(event_db, encode_cursor(2**31 - 1)) == []


def test_each_integer_type_has_the_range_every_database_holds():
    assert integer_bounds(sa.SmallInteger()) == (-(2**15), 2**15 - 1)
    assert integer_bounds(sa.Integer()) == (-(2**31), 2**31 - 1)
    assert integer_bounds(sa.BigInteger().with_variant(sa.Integer(), "sqlite")) == (-(2**63), 2**63 - 1)
