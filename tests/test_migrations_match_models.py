"""Each service's migrations build exactly the tables its models declare: columns, types, nullability,
indexes and constraints, on either database. A model changed without its migration (or a migration
written by hand that says something else) shows here, not in production."""

from __future__ import annotations

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from common.migrations import compared
from common.testing.infra import SERVICES


@pytest.fixture(scope="module")
def migrated(infra) -> str:
    return infra.database_template("drift")


@pytest.mark.parametrize("service", SERVICES)
async def test_the_migrations_build_the_models(migrated: str, service: str) -> None:
    metadata = importlib.import_module(f"services.{service}.models").Table.metadata
    engine = create_async_engine(migrated.format(service=service))
    try:
        async with engine.connect() as conn:
            differences = await conn.run_sync(lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True, "include_object": compared}), metadata))
    finally:
        await engine.dispose()
    assert differences == [], differences
