"""Settings: composed blocks, the {service} database template, and production refusing unsafe defaults."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.config import Settings as GatewaySettings
from services.catalog.config import Settings as CatalogSettings
from services.referrals.config import Settings as ReferralsSettings

SAFE = {
    "GROUPBUY_MODE": "production",
    "GROUPBUY_INTERNAL_KEY": "k" * 40,
    "GROUPBUY_DATABASE__URL": "postgresql+asyncpg://gb@db/groupbuy_{service}",
    "GROUPBUY_REDIS__URL": "redis://redis:6379/0",
}


@pytest.fixture
def env(monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith("GROUPBUY_"):
            monkeypatch.delenv(name)

    def set_env(values: dict[str, str]) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_each_service_gets_its_own_database_from_one_template(env):
    env(SAFE | {"GROUPBUY_MODE": "dev"})  # production would also want referrals' payment provider
    assert CatalogSettings().database_url.endswith("/groupbuy_catalog")
    assert ReferralsSettings().database_url.endswith("/groupbuy_referrals")


def test_embedded_default_is_sqlite_in_the_data_dir(env, tmp_path):
    env({"GROUPBUY_DATA_DIR": str(tmp_path)})
    assert CatalogSettings().database_url == f"sqlite+aiosqlite:///{tmp_path}/catalog.db"


def test_nested_topology_variables_set_ports_and_urls(env):
    env({"GROUPBUY_TOPOLOGY__CATALOG__PORT": "9101", "GROUPBUY_TOPOLOGY__ORDERS__URL": "http://orders:8000/"})
    settings = GatewaySettings()
    assert settings.topology.catalog.url == "http://127.0.0.1:9101"
    assert settings.topology.orders.url == "http://orders:8000"


def test_production_with_safe_values_starts(env):
    env(SAFE)
    assert GatewaySettings().mode == "production"


@pytest.mark.parametrize(("override", "complaint"), [
    ({"GROUPBUY_INTERNAL_KEY": "dev-internal-key-not-for-production"}, "GROUPBUY_INTERNAL_KEY"),
    ({"GROUPBUY_INTERNAL_KEY": "short"}, "GROUPBUY_INTERNAL_KEY"),
    ({"GROUPBUY_DATABASE__URL": "sqlite+aiosqlite:///x/{service}.db"}, "PostgreSQL"),
    ({"GROUPBUY_REDIS__URL": "redis://127.0.0.1:6390/0"}, "GROUPBUY_REDIS__URL"),
])
def test_production_refuses_unsafe_settings(env, override, complaint):
    env(SAFE | override)
    with pytest.raises(ValidationError, match=complaint):
        CatalogSettings()
