"""Typed calls to catalog and membership over HTTP (internal routes, signed as the orders service).

Catalog's facts about activities and SKUs are kept in memory for ``facts_cache_s`` (1 s by default): a
rush of buyers for one sale asks catalog once a second, not once per buyer.  An edit reaches new orders
within that time; nothing stale can sell what catalog refuses, because every reservation is decided by
catalog itself against its own rows.  A buyer's facts are never cached: their level and community come
fresh with each order, in one call together with the address."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
from pydantic import BaseModel

from common.cache import TtlCache
from common.http import call_internal
from common.problems import Problem
from common.upstream import LeanClient
from services.orders.config import Settings


class SkuFacts(BaseModel):
    id: int
    product_id: int
    product_name: str
    product_role: str
    kind: str
    grants_level: str | None
    name: str
    price_fen: int
    member_prices: dict[str, int]
    available: int
    published: bool
    supplier_id: int | None = None


class ActivityFacts(BaseModel):
    id: int
    kind: str
    sku_id: int
    starts_at: datetime
    ends_at: datetime
    status: str
    terms: dict[str, Any]
    community_ids: list[int]


class BuyerFacts(BaseModel):
    id: int
    openid: str
    level: str
    roles: list[str] = []
    community_id: int | None = None
    community_leader_id: int | None = None


class CommunityFacts(BaseModel):
    id: int
    leader_user_id: int | None


class OrderFacts(BaseModel):
    buyer: BuyerFacts
    address: dict[str, Any]


class Clients:
    def __init__(self, client: httpx.AsyncClient | LeanClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        self.activities: TtlCache[int, ActivityFacts] = TtlCache(settings.facts_cache_s)
        self.skus: TtlCache[int, SkuFacts] = TtlCache(settings.facts_cache_s)

    async def _call(self, part: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return await call_internal(self.client, key=self.settings.internal_key, caller="orders",
                                       base_url=self.settings.topology.part(part).url, method=method, path=path,
                                       **kwargs)
        except httpx.HTTPError as exc:
            raise Problem(503, "service_unavailable", f"The {part} service is not reachable; try again",
                          headers={"Retry-After": "1"}) from exc

    @staticmethod
    def _relay_problem(answer: httpx.Response, part: str) -> Problem:
        """A 4xx from another service is the caller's problem (stock, limits): pass its code on."""
        try:
            body = answer.json()
        except ValueError:
            body = {}
        if 400 <= answer.status_code < 500 and isinstance(body, dict) and "code" in body:
            extra = {k: v for k, v in body.items() if k in ("errors", "sku_id")}
            return Problem(answer.status_code if answer.status_code != 404 else 422, body["code"],
                           body.get("detail"), **extra)
        if answer.status_code == 503 and isinstance(body, dict) and "code" in body:
            # A problem saying "try again": undone there (a deadlock its database ended, nothing kept), not
            # ready, or catalog's flash stock being rebuilt (``stock_unavailable``) — passed on as the one
            # 503 every operation documents, with its detail and ``Retry-After``; not a 502, as nothing broke.
            return Problem(503, "service_unavailable", body.get("detail"),
                           headers={"Retry-After": answer.headers.get("Retry-After", "1")})
        return Problem(502, "bad_gateway", f"The {part} service failed ({answer.status_code})")

    async def sku(self, sku_id: int) -> SkuFacts:
        return await self.skus.get(sku_id, self._fetch_sku)

    async def _fetch_sku(self, sku_id: int) -> SkuFacts:
        answer = await self._call("catalog", "GET", f"/internal/skus/{sku_id}")
        if answer.status_code == 404:
            raise Problem(422, "validation_error", "No such SKU",
                          errors=[{"field": "body.sku_id", "message": "no such SKU", "type": "value_error"}])
        if answer.status_code != 200:
            raise self._relay_problem(answer, "catalog")
        return SkuFacts.model_validate(answer.json())

    async def activity(self, activity_id: int) -> ActivityFacts:
        return await self.activities.get(activity_id, self._fetch_activity)

    async def _fetch_activity(self, activity_id: int) -> ActivityFacts:
        answer = await self._call("catalog", "GET", f"/internal/activities/{activity_id}")
        if answer.status_code == 404:
            raise Problem(422, "validation_error", "No such activity",
                          errors=[{"field": "body.activity_id", "message": "no such activity", "type": "value_error"}])
        if answer.status_code != 200:
            raise self._relay_problem(answer, "catalog")
        return ActivityFacts.model_validate(answer.json())

    async def flash_reserve(self, activity_id: int, order_no: str, user_id: int, quantity: int) -> None:
        answer = await self._call("catalog", "POST", f"/internal/flash/{activity_id}/reservations",
                                  json={"order_id": order_no, "user_id": user_id, "quantity": quantity})
        if answer.status_code != 200:
            raise self._relay_problem(answer, "catalog")

    async def order_facts(self, user_id: int, address_id: int) -> OrderFacts:
        """The buyer and one of their addresses, in one call."""
        answer = await self._call("membership", "GET", f"/internal/users/{user_id}/order-facts",
                                  params={"address_id": address_id})
        if answer.status_code == 404 and _not_found_what(answer) == "address":
            raise Problem(422, "validation_error", "No such address in your address book",
                          errors=[{"field": "body.address_id", "message": "not one of your addresses",
                                   "type": "value_error"}])
        if answer.status_code != 200:
            raise self._relay_problem(answer, "membership")
        return OrderFacts.model_validate(answer.json())

    async def buyer(self, user_id: int) -> BuyerFacts:
        """A buyer as membership knows them now (their openid is WeChat Pay's payer)."""
        answer = await self._call("membership", "GET", f"/internal/users/{user_id}")
        if answer.status_code != 200:
            raise self._relay_problem(answer, "membership")
        return BuyerFacts.model_validate(answer.json())

    async def community(self, community_id: int) -> CommunityFacts | None:
        answer = await self._call("membership", "GET", f"/internal/communities/{community_id}")
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise self._relay_problem(answer, "membership")
        return CommunityFacts.model_validate(answer.json())

    async def reserve(self, order_no: str, sku_id: int, quantity: int, *, activity_id: int | None = None,
                      user_id: int | None = None) -> None:
        body = {"order_id": order_no, "items": [{"sku_id": sku_id, "quantity": quantity}]}
        if activity_id is not None:
            body |= {"activity_id": activity_id, "user_id": user_id}
        answer = await self._call("catalog", "POST", "/internal/reservations", json=body)
        if answer.status_code != 200:
            raise self._relay_problem(answer, "catalog")

    async def release(self, order_no: str) -> None:
        answer = await self._call("catalog", "POST", f"/internal/reservations/{order_no}/release")
        if answer.status_code != 200:
            raise self._relay_problem(answer, "catalog")

    async def supplier_for_key(self, api_key_id: int) -> int | None:
        """The supplier a partner key acts for (catalog owns suppliers), None when it acts for none."""
        answer = await self._call("catalog", "GET", f"/internal/suppliers/by-key/{api_key_id}")
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise self._relay_problem(answer, "catalog")
        return int(answer.json()["id"])

    async def supplier_key(self, supplier_id: int) -> int | None:
        """The partner key acting for a supplier now (its webhooks receive the supplier's purchase orders)."""
        answer = await self._call("catalog", "GET", f"/internal/suppliers/{supplier_id}")
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise self._relay_problem(answer, "catalog")
        return answer.json().get("api_key_id")


def _not_found_what(answer: httpx.Response) -> str | None:
    try:
        body = answer.json()
    except ValueError:
        return None
    return body.get("resource") if isinstance(body, dict) else None
