"""``order`` on every list, and an example on every answer, through the gateway:

- every list operation of ``/openapi.json`` (an answer with ``items`` and ``next_cursor``) takes
  ``order=asc|desc``, and every JSON 200/201 answer carries an example its own schema accepts;
- on a representative set of lists, walking every page newest first gives exactly the reverse of walking
  every page oldest first — no item twice, none left out — with pages smaller than the list.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jsonschema
import pytest

from tests.support import ADDRESS, bearer, login

pytestmark = pytest.mark.e2e

REF = "#/components/schemas/"
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
async def document(stack) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as client:
        answer = await client.get("/openapi.json")
    assert answer.status_code == 200
    return answer.json()


def resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"][len(REF):]]
    return schema


def json_answers(document: dict[str, Any]):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for status in ("200", "201"):
                body = operation.get("responses", {}).get(status, {}).get("content", {}).get("application/json")
                if body is not None:
                    yield method, path, status, operation, body


def is_page(schema: dict[str, Any], document: dict[str, Any]) -> bool:
    properties = resolve(schema, document).get("properties", {})
    return "items" in properties and "next_cursor" in properties


async def test_every_list_operation_takes_order(document):
    lists = [(method, path, operation) for method, path, _, operation, body in json_answers(document)
             if is_page(body.get("schema", {}), document)]
    assert len(lists) >= 17
    lacking = []
    for method, path, operation in lists:
        order = next((p for p in operation.get("parameters", []) if p["name"] == "order" and p["in"] == "query"),
                     None)
        schema = (order or {}).get("schema", {})
        ref = schema.get("$ref") or next((part.get("$ref") for part in schema.get("anyOf", []) if "$ref" in part), None)
        if ref:  # the shared SortOrder component
            schema = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        enum = str(schema) if order else ""
        if order is None or "'asc'" not in enum or "'desc'" not in enum:
            lacking.append(f"{method.upper()} {path}")
    assert not lacking, f"lists without order=asc|desc: {lacking}"
    dead_letters = document["paths"]["/v1/ops/dead-letters"]["get"]
    assert "order" in {p["name"] for p in dead_letters["parameters"]}


async def test_every_json_answer_has_an_example_its_schema_accepts(document):
    wrong = []
    for method, path, status, _, body in json_answers(document):
        name = f"{method.upper()} {path} {status}"
        if "example" not in body:
            wrong.append(f"{name}: no example")
            continue
        schema = body.get("schema", {}) | {"components": document["components"]}
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(body["example"]))
        if errors:
            wrong.append(f"{name}: {errors[0].message[:120]} at {list(errors[0].path)}")
    assert not wrong, "\n".join(wrong)
    created = document["paths"]["/v1/orders"]["post"]["responses"]["201"]["content"]["application/json"]["example"]
    assert created["status"] == "pending_payment" and set(created["payment"]["params"]) >= {"appId", "paySign"}


async def walk(gateway: httpx.AsyncClient, path: str, headers: dict[str, str], **params: Any) -> list[dict]:
    """Every item of a list, page by page."""
    seen: list[dict] = []
    cursor = None
    for _ in range(200):
        answer = await gateway.get(path, headers=headers, params=params | ({"cursor": cursor} if cursor else {}))
        assert answer.status_code == 200, answer.text
        page = answer.json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError(f"{path}: no last page")


async def both_ways(gateway, path: str, headers: dict[str, str], mine: set[int] | None = None,
                    key: str = "id", **params: Any) -> list[int]:
    """Walk ``path`` oldest first and newest first; the two are each other's reverse, with nothing twice."""
    ascending = [item[key] for item in await walk(gateway, path, headers, **params | {"order": "asc"})]
    descending = [item[key] for item in await walk(gateway, path, headers, **params | {"order": "desc"})]
    if mine is not None:  # a list others write to as well: our items, in the order each walk met them
        ascending = [i for i in ascending if i in mine]
        descending = [i for i in descending if i in mine]
        assert set(ascending) == mine
    assert len(set(ascending)) == len(ascending)
    assert descending == ascending[::-1], path
    return ascending


@pytest.fixture(scope="module")
async def ops(stack) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as client:
        return bearer(await login(client, "list-order-ops", ("ops",)))


async def test_a_buyers_addresses_run_both_ways_across_pages(gateway):
    buyer = bearer(await login(gateway, f"list-order-buyer-{uuid.uuid4().hex[:8]}"))
    made = []
    for room in range(5):
        answer = await gateway.post("/v1/users/me/addresses", headers=buyer, json=ADDRESS | {"room": f"{room + 1}01"})
        assert answer.status_code == 201, answer.text
        made.append(answer.json()["id"])
    for limit in (1, 2, 3, 5):
        assert await both_ways(gateway, "/v1/users/me/addresses", buyer, limit=limit) == made
    newest = await gateway.get("/v1/users/me/addresses", headers=buyer, params={"order": "desc", "limit": 2})
    assert [a["id"] for a in newest.json()["items"]] == made[:-3:-1]
    refused = await gateway.get("/v1/users/me/addresses", headers=buyer, params={"order": "sideways"})
    assert refused.status_code == 422 and refused.json()["code"] == "validation_error"


async def test_products_run_both_ways_in_every_sort(gateway, ops):
    run = uuid.uuid4().hex[:8]
    made = []
    for price in (500, 300, 300, 900, 100):
        answer = await gateway.post("/v1/products", headers=ops, json={
            "name": f"排序大米{run} {len(made)}", "role": "regular", "published": True,
            "skus": [{"name": "5kg", "price_fen": price, "stock": 10}]})
        assert answer.status_code == 201, answer.text
        made.append(answer.json()["id"])
    assert await both_ways(gateway, "/v1/products", {}, q=f"排序大米{run}", limit=2) == made
    for sort in ("newest", "price_asc", "price_desc", "best_selling"):
        walked = await both_ways(gateway, "/v1/products", {}, q=f"排序大米{run}", limit=2, sort=sort)
        assert set(walked) == set(made), sort
    cheapest_last = await walk(gateway, "/v1/products", {}, q=f"排序大米{run}", sort="price_asc", order="desc", limit=2)
    assert [p["id"] for p in cheapest_last] == [made[3], made[0], made[2], made[1], made[4]]
    # a cursor names its direction: one made walking up is refused walking down
    up = (await gateway.get("/v1/products", params={"q": f"排序大米{run}", "sort": "price_asc", "limit": 2})).json()
    mixed = await gateway.get("/v1/products", params={"q": f"排序大米{run}", "sort": "price_asc", "order": "desc",
                                                      "limit": 2, "cursor": up["next_cursor"]})
    assert mixed.status_code == 400 and mixed.json()["code"] == "invalid_cursor"


async def test_activities_communities_keys_and_levels_run_both_ways(gateway, ops):
    run = uuid.uuid4().hex[:8]
    product = (await gateway.post("/v1/products", headers=ops, json={
        "name": f"活动排序{run}", "role": "regular", "published": True,
        "skus": [{"name": "份", "price_fen": 1000, "stock": 100}]})).json()
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    activities = set()
    for offset in (0, 0, 60, 120):  # two starting together: their ids break the tie
        answer = await gateway.post("/v1/activities", headers=ops, json={
            "title": f"排序{run}", "sku_id": product["skus"][0]["id"],
            "starts_at": (start + timedelta(minutes=offset)).isoformat(),
            "ends_at": (start + timedelta(minutes=offset, hours=2)).isoformat(),
            "terms": {"kind": "flash_sale", "price_fen": 500, "stock": 5}})
        assert answer.status_code == 201, answer.text
        activities.add(answer.json()["id"])
    await both_ways(gateway, "/v1/activities", {}, mine=activities, limit=3, kind="flash_sale")

    communities = set()
    for n in range(3):
        answer = await gateway.post("/v1/communities", headers=ops, json={
            "name": f"排序小区{run}{n}", "province": "浙江省", "city": "杭州市", "district": "西湖区",
            "estate": f"排序{run}", "building": f"{n + 1}幢", "pickup_point": "门卫室"})
        assert answer.status_code == 201, answer.text
        communities.add(answer.json()["id"])
    await both_ways(gateway, "/v1/communities", {}, mine=communities, limit=2)

    keys = set()
    for n in range(3):
        answer = await gateway.post("/v1/api-keys", headers=ops, json={"name": f"排序{run}{n}",
                                                                       "scopes": ["catalog:read"]})
        assert answer.status_code == 201, answer.text
        keys.add(answer.json()["id"])
    await both_ways(gateway, "/v1/api-keys", ops, mine=keys, limit=2)

    levels = await both_ways(gateway, "/v1/levels", {}, key="rank", limit=1)
    assert levels == sorted(levels) and len(levels) >= 3


async def test_dead_letters_page_either_way(gateway, ops):
    for order in ("asc", "desc"):
        answer = await gateway.get("/v1/ops/dead-letters", headers=ops, params={"group": "orders", "order": order})
        assert answer.status_code == 200 and isinstance(answer.json(), list)
    up = await gateway.get("/v1/ops/dead-letters", headers=ops, params={"group": "orders", "order": "asc",
                                                                        "after": "0-0"})
    assert up.status_code == 200
    mixed = await gateway.get("/v1/ops/dead-letters", headers=ops,
                              params={"group": "orders", "order": "asc", "before": "1-0"})
    assert mixed.status_code == 422 and mixed.json()["code"] == "validation_error"
