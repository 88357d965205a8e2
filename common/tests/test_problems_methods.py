"""A method a path does not answer to is a 405 problem whose ``Allow`` names every method it does answer
to, from all the routes of that path and whichever router declared them."""

from __future__ import annotations

import httpx
from fastapi import APIRouter, FastAPI

from common.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers


def shop() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    products = APIRouter(prefix="/v1/products")

    @products.get("")
    async def browse() -> list[int]:
        return []

    @products.post("")
    async def add() -> int:
        return 1

    @products.patch("/{product_id}")
    async def edit(product_id: int) -> int:
        return product_id

    @app.put("/v1/products/{product_id}/stock")
    async def set_stock(product_id: int) -> int:
        return product_id

    app.include_router(products)
    return app


async def answer(method: str, path: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=shop()), base_url="http://test") as client:
        return await client.request(method, path)


def allowed(response: httpx.Response) -> set[str]:
    return {m.strip() for m in response.headers["allow"].split(",")}


async def test_allow_names_the_methods_of_every_route_of_the_path():
    refused = await answer("DELETE", "/v1/products")
    assert refused.status_code == 405
    assert refused.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert refused.json()["code"] == "method_not_allowed"
    assert allowed(refused) == {"GET", "POST"}


async def test_allow_follows_path_parameters_and_leaves_out_other_paths():
    assert allowed(await answer("GET", "/v1/products/7")) == {"PATCH"}
    assert allowed(await answer("POST", "/v1/products/7/stock")) == {"PUT"}


async def test_an_unknown_path_is_a_404_without_allow():
    missing = await answer("GET", "/v1/nothing")
    assert missing.status_code == 404 and "allow" not in missing.headers
