"""Fixtures every test can use: the run's infrastructure, service apps in-process, the real stack."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from common.testing.infra import TestInfra
from common.testing.stack import Stack

UPSTREAM_TIMEOUT_S = 4.0  # the gateway's wait for a service in end-to-end runs


@pytest.fixture(scope="session")
def infra() -> Iterator[TestInfra]:
    run = TestInfra.start()
    yield run
    run.close()


@pytest.fixture(scope="session")
def unit_databases(infra: TestInfra) -> str:
    """One migrated database per service for the in-process API tests of this run."""
    return infra.database_template("unit")


@pytest.fixture(scope="session")
def stack(infra: TestInfra) -> Iterator[Stack]:
    """The five real processes, started once per run; tests that break a part restart it."""
    running = Stack(infra=infra, database_template=infra.database_template("e2e"),
                    extra_env={"GROUPBUY_UPSTREAM_TIMEOUT_S": str(UPSTREAM_TIMEOUT_S)}).start()
    yield running
    running.stop()


@pytest.fixture
async def gateway(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as client:
        yield client
