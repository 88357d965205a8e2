"""A transaction PostgreSQL undid because of a concurrent one (a deadlock its detector ended, a
serialization failure) is a 503 problem with ``Retry-After``, not a 500: nothing of it was kept, and the
same request may be sent again.  Other database errors stay 500s."""

from __future__ import annotations

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from common.db import Database
from common.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers, sqlstate


@pytest.fixture(scope="module")
def template(infra) -> str:
    if not infra.on_postgres:
        pytest.skip("SQLite has one writer at a time: no deadlock or serialization failure to answer")
    return infra.database_template("problems", migrate=False)


@pytest.fixture
async def db(template):
    database = Database.connect(template.format(service="catalog"))
    yield database
    await database.dispose()


def _raising(db: Database, errcode: str) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/v1/things")
    async def write() -> int:
        async with db.write_sessions() as session:
            await session.exec(sa.text(
                f"DO $$ BEGIN RAISE EXCEPTION 'undone' USING ERRCODE = '{errcode}'; END $$"))
        return 1

    return app


async def _post(app: FastAPI) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post("/v1/things")


@pytest.mark.parametrize("errcode", ["40P01", "40001"])
async def test_a_transaction_undone_by_a_concurrent_one_is_a_503_to_send_again(db, errcode):
    answer = await _post(_raising(db, errcode))
    assert answer.status_code == 503
    assert answer.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert answer.headers["Retry-After"] == "1"
    assert answer.json()["code"] == "service_unavailable"


async def test_another_database_error_is_still_a_500(db):
    answer = await _post(_raising(db, "23505"))
    assert answer.status_code == 500
    assert answer.json()["code"] == "internal_error"


def test_the_code_is_found_through_the_wrappings():
    class Driver(Exception):
        sqlstate = "40P01"

    wrapped = sa.exc.OperationalError("UPDATE …", {}, Exception("adapter"))
    wrapped.orig.__cause__ = Driver()
    assert sqlstate(wrapped) == "40P01"
    assert sqlstate(ValueError("no database here")) is None
