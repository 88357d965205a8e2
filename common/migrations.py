"""Alembic for every service: the shared body of each service's ``migrations/env.py``, and running a
service's history programmatically (``devtools.migrate``, tests, the migration Job).

Each service keeps its own history in ``services/<name>/migrations`` with ``alembic.ini`` beside it;
SQLite runs in batch mode so ``ALTER`` works there too.  The URL comes from the service's settings
unless the caller passes one.
"""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from common.db import ensure_sqlite_dir

SERVICES_DIR = Path(__file__).resolve().parent.parent / "services"


def alembic_config(service: str, url: str | None = None) -> Config:
    cfg = Config(str(SERVICES_DIR / service / "alembic.ini"))
    cfg.set_main_option("script_location", str(SERVICES_DIR / service / "migrations"))
    cfg.attributes["service"] = service
    if url is None:
        settings_module = importlib.import_module(f"services.{service}.config")
        url = settings_module.Settings().database_url
    ensure_sqlite_dir(url)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(service: str, url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(service, url), revision)


def revision(service: str, message: str, url: str | None = None) -> None:
    command.revision(alembic_config(service, url), message=message, autogenerate=True)


def _run_sync(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(config: Config, metadata: MetaData) -> None:
    section = config.get_section(config.config_ini_section, {})
    engine = async_engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_run_sync, metadata)
    await engine.dispose()


def run_env(metadata: MetaData) -> None:
    """The whole of a service's env.py: run its migrations online against its database."""
    config = context.config
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                          literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_async(config, metadata))
