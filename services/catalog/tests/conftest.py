"""The catalog app in-process against this run's catalog database, and callers to use it as."""

from __future__ import annotations

import pytest

from common.auth import Identity, service_identity
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.catalog.config import Settings
from services.catalog.main import create_app


@pytest.fixture(scope="package")
async def catalog(infra, unit_databases):
    app = create_app(service_settings(Settings, infra, unit_databases, public_cache_ttl_s=30, scheduler_poll_s=0.2))
    async with serve_in_process(app) as client:
        app.state.client = client
        yield app


@pytest.fixture
def api(catalog):
    return catalog.state.client


@pytest.fixture
def as_ops(catalog):
    return SignedAs(user(900, "ops"), catalog.state.settings.internal_key)


@pytest.fixture
def as_customer(catalog):
    return SignedAs(user(901), catalog.state.settings.internal_key)


@pytest.fixture
def as_service(catalog):
    return SignedAs(service_identity("orders"), catalog.state.settings.internal_key)


@pytest.fixture
def as_key(catalog):
    def make(*scopes: str) -> SignedAs:
        return SignedAs(Identity(kind="api_key", api_key_id=77, scopes=scopes), catalog.state.settings.internal_key)

    return make
