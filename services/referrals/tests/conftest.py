"""Fixtures of referrals' tests: this run's referrals database, for handlers and use cases applied in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from common.db import Database


@pytest.fixture
async def db(unit_databases) -> AsyncIterator[Database]:
    database = Database.connect(unit_databases.format(service="referrals"))
    yield database
    await database.dispose()
