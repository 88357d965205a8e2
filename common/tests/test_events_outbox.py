"""The outbox and inbox tables: they migrate cleanly, and publishing joins the caller's transaction."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata, produce_migrations, render_python_code
from alembic.migration import MigrationContext
from alembic.operations import Operations

import common.models
from common.db import Database
from common.events import Envelope
from common.events.orders import OrderCancelled
from common.outbox import define_event_tables, execute
from common.tests.events_support import TickHappened, tables, ticks


def _migrate_and_compare(connection: sa.Connection, metadata: sa.MetaData) -> tuple[str, list[Any]]:
    batch = connection.dialect.name == "sqlite"
    opts = {"target_metadata": metadata, "render_as_batch": batch, "compare_type": True}
    context = MigrationContext.configure(connection, opts=opts)
    code = render_python_code(produce_migrations(context, metadata).upgrade_ops, render_as_batch=batch,
                              migration_context=context)
    namespace: dict[str, Any] = {"op": Operations(context), "sa": sa, "common": common}
    exec(compile("def upgrade():\n    " + code, "<migration>", "exec"), namespace)
    namespace["upgrade"]()
    return code, compare_metadata(MigrationContext.configure(connection, opts=opts), metadata)


async def test_tables_autogenerate_cleanly(empty_database_url: str) -> None:
    """What Alembic autogenerates from the tables creates them, and afterwards it sees no difference."""
    metadata = sa.MetaData()
    define_event_tables(metadata, producer="orders")
    database = Database.connect(empty_database_url)
    try:
        async with database.writer.begin() as conn:
            code, differences = await conn.run_sync(_migrate_and_compare, metadata)
    finally:
        await database.dispose()
    assert "create_table('event_outbox'" in code and "create_table('event_inbox'" in code
    assert differences == []


async def test_publish_joins_the_callers_transaction(event_db: Database) -> None:
    async with event_db.write_sessions() as session, session.begin():
        await tables.publish(session, ticks([1])[0])
        async with event_db.read_sessions() as other:
            assert (await _outbox_rows(other)) == []  # not committed by publish
        await session.rollback()
    async with event_db.read_sessions() as session:
        assert await _outbox_rows(session) == []

    async with event_db.write_sessions() as session, session.begin():
        envelope = await tables.publish(session, ticks([2])[0])
    async with event_db.read_sessions() as session:
        (row,) = await _outbox_rows(session)
    assert row.event_id == str(envelope.id)
    assert (row.producer, row.event_type, row.aggregate) == ("ticker", "tick.happened", "aggregate_id:3")
    assert row.sent_at is None and row.attempts == 0 and row.created_at.tzinfo is not None
    assert Envelope.model_validate_json(row.envelope) == envelope
    assert envelope.payload_as(TickHappened).seq == 2


async def test_ids_follow_the_publication_order(event_db: Database) -> None:
    async with event_db.write_sessions() as session, session.begin():
        first = await tables.publish_many(session, ticks(range(10)))
        second = await tables.publish(session, ticks([10])[0])
    async with event_db.read_sessions() as session:
        rows = await _outbox_rows(session)
    assert [r.event_id for r in rows] == [str(e.id) for e in [*first, second]]
    assert [r.id for r in rows] == sorted(r.id for r in rows)


async def test_publish_refuses_another_services_events(event_db: Database) -> None:
    other = OrderCancelled(order_id=1, user_id=1, reason="user", cancelled_at=common.clock.now())
    async with event_db.write_sessions() as session, session.begin():
        with pytest.raises(ValueError, match="produced by orders"):
            await tables.publish(session, other)


async def test_a_commit_wakes_the_relay(event_db: Database) -> None:
    wake = asyncio.Event()
    tables.add_waker(wake)
    async with event_db.write_sessions() as session:
        async with session.begin():
            await tables.publish(session, ticks([1])[0])
            assert not wake.is_set()
        assert wake.is_set()
        wake.clear()
        async with session.begin():
            await execute(session, sa.select(1))
        assert not wake.is_set()  # nothing published in that transaction


async def _outbox_rows(session: Any) -> list[Any]:
    outbox = tables.outbox
    return list((await execute(session, sa.select(outbox).order_by(outbox.c.id))).all())
