"""The one API document: every public route of every service, merged, with the gateway's security
schemes — the source of the generated clients (``client/``, ``client-ts/``) and of ``/docs``.

Each service's own document is fetched over HTTP; only paths the gateway routes to that service are
kept (so ``/internal/...`` never appears).  Schemas of the same name and the same shape are shared
(the problem schema, pages); a name two services use for different shapes gets the service's name in
front, and every reference is rewritten to match.  A complete document is cached until the gateway
restarts; a partial one (some service down) is served with a warning and fetched again next time.

Each operation's ``security`` is derived, never listed: the service describes who its route lets in
(``x-requires``, read from the route's dependencies by ``common/contract.py``) and the gateway's route
group adds its coarse gate (``gateway/routing.py``): anonymous callers only where both let them in
(``{}`` among the alternatives), an API key only where the group names a scope for the method and the
route takes keys (the scopes it needs listed in ``apiKey``), ``x-roles`` where a user needs a role.
Its problem codes (``x-problem-codes``) are the route's own plus what the gateway itself can answer;
``ProblemCode`` lists every code there is (``common/problem_texts.py``).  Every JSON 200/201 answer has an
example (``gateway/examples.py``).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx

from common.problem_texts import CATALOGUE
from common.settings import SERVICES
from gateway.examples import add_response_examples
from gateway.routing import GROUPS, RouteGroup, group_for

log = logging.getLogger("groupbuy.gateway.openapi")

REF = "#/components/schemas/"
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
               "description": "Access token from /v1/auth/wechat-login (or dev-login), refreshed at /v1/auth/refresh"},
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
               "description": "A partner API key, created by ops, limited to its scopes"},
}
SECURITY_BY_NEED = {
    "public": [{}, {"bearer": []}, {"apiKey": []}],
    "user": [{"bearer": []}],
    "staff": [{"bearer": []}],
    "credential": [{"bearer": []}, {"apiKey": []}],
}
STAFF_ROLES = ["admin", "ops"]
# What the gateway itself may answer on any routed operation (before or instead of the service).
GATEWAY_CODES = {"bad_request", "rate_limited", "token_expired", "token_invalid", "token_key_unknown",
                 "api_key_invalid", "service_unavailable", "upstream_timeout", "bad_gateway", "internal_error"}
TAGS = {
    "auth": "Signing in: WeChat login (wx.login's code), tokens and their refresh; dev login in development.",
    "users": "The signed-in buyer: profile, addresses, points, level history, community.",
    "communities": "Communities (小区/社群) and their leaders; joining one sets where a buyer picks up.",
    "membership": "Levels and what each brings.",
    "api-keys": "Partner API keys, made and revoked by ops; a key is shown once.",
    "webhooks": "Partners' subscriptions to events, their deliveries and replays.",
    "catalog": "Products and SKUs: browse (public), create and edit (ops or a key with catalog:write).",
    "activities": "Ladder group buys (同址阶梯团) and flash sales (秒杀) on a SKU.",
    "calendar": "The campaign calendar: weekly templates and promotion days.",
    "storefront": "Categories, search and the home page the mini-program opens on.",
    "suppliers": "Suppliers of products and their partner access.",
    "orders": "Placing and paying orders (Idempotency-Key), cancelling, refunds, after-sales, pickup.",
    "groups": "Same-address ladder groups: progress and price.",
    "shares": "Share attribution: visits of a shared group or code, and the share funnel (ops).",
    "payments": "WeChat Pay's notifications, and the sandbox payer of the embedded default.",
    "referrals": "Referral codes, binding a referrer, the team.",
    "rebates": "Rebates earned on the team's orders: balance and ledger; the rules (ops).",
    "withdrawals": "Taking the rebate balance out; ops approve.",
    "dev": "Development only: the shared test clock.",
    "ops": "Ops views of the event bus.",
}
SERVER_ERRORS = {
    "description": "The gateway or a service failed: `service_unavailable` (503, with `Retry-After`: try again "
                   "after it), `upstream_timeout` (504: the service did not answer in time; the request may or "
                   "may not have taken effect, so repeat it only with the same `Idempotency-Key`, or after "
                   "reading the state), `bad_gateway` (502), `internal_error` (500, logged with its "
                   "`request_id`). The body is a problem document like every 4XX.",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
}
# Request bodies shown as examples; each is a body the route accepts (tests send them).
REQUEST_EXAMPLES: dict[str, Any] = {
    "orders_create": {"sku_id": 1021, "quantity": 2, "address_id": 7},
    "auth_dev_login": {"openid": "dev-buyer-1", "roles": []},
    "auth_wechat_login": {"code": "081aBcDe0xyz2Q1FgH3i0aBcDe0aBcDb"},
    "referrals_bind": {"code": "AB12CD"},
    "withdrawals_create": {"amount_fen": 5000},
}


Security = list[dict[str, list[str]]]


def security_of(group: RouteGroup, method: str, requires: dict[str, Any] | None) -> tuple[Security, list[str] | None]:
    """The operation's security alternatives and the roles a user needs (any of; None: any user)."""
    if requires is None:  # a document from before routes described themselves: the group's gate alone
        return SECURITY_BY_NEED[group.needs], STAFF_ROLES if group.needs == "staff" else None
    roles = requires.get("roles")
    if group.needs == "staff":
        roles = sorted(set(roles or STAFF_ROLES) & set(STAFF_ROLES))
    security: Security = []
    if requires.get("anonymous", True) and group.needs == "public":
        security.append({})
    if requires.get("user", True):
        security.append({"bearer": []})
    scope = group.scope_for(method.upper())
    if scope is not None and requires.get("api_key", True):
        security.append({"apiKey": sorted({scope, *requires.get("scopes", [])})})
    return security, roles


def _describe_operation(operation: dict[str, Any], security: Security, roles: list[str] | None) -> None:
    operation["security"] = security
    if roles:
        operation["x-roles"] = roles
    codes = set(operation.pop("x-problem-codes", [])) | GATEWAY_CODES
    if {} not in security:
        codes.add("unauthenticated")
    if roles or any("apiKey" in alternative for alternative in security):
        codes.add("forbidden")
    if "requestBody" in operation:
        codes |= {"payload_too_large", "malformed_body", "validation_error"}
    operation["x-problem-codes"] = sorted(codes)
    responses = operation.setdefault("responses", {})
    if "4XX" in responses:
        client_codes = sorted(codes - {"service_unavailable", "upstream_timeout", "bad_gateway", "internal_error"})
        responses["4XX"] = {**responses["4XX"], "description": "Problem (`code` one of: "
                            + ", ".join(f"`{c}`" for c in client_codes) + "; see docs/errors.md)"}
    responses["5XX"] = SERVER_ERRORS
    example = REQUEST_EXAMPLES.get(operation.get("operationId", ""))
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if example is not None and body is not None:
        body["example"] = example


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF):
                name = value[len(REF):]
                out[key] = REF + renames.get(name, name)
            else:
                out[key] = _rewrite_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, renames) for item in node]
    return node


def _refs(node: Any) -> set[str]:
    text = json.dumps(node)
    found, start = set(), 0
    while (index := text.find(REF, start)) != -1:
        end = text.find('"', index)
        found.add(text[index + len(REF):end])
        start = end
    return found


def _plan_renames(service: str, schemas: dict[str, Any], merged: dict[str, Any]) -> dict[str, str]:
    """Names this service must change so that no shared name means two different shapes."""
    renames: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for name, schema in schemas.items():
            if name in renames or name not in merged:
                continue
            same_shape = json.dumps(merged[name], sort_keys=True) == json.dumps(schema, sort_keys=True)
            if not same_shape or _refs(schema) & set(renames):
                renames[name] = f"{service}_{name}"
                changed = True
    return renames


def merge(documents: dict[str, dict[str, Any]], gateway_document: dict[str, Any]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for service in sorted(documents):
        document = documents[service]
        own_schemas = document.get("components", {}).get("schemas", {})
        renames = _plan_renames(service, own_schemas, schemas)
        for name, schema in own_schemas.items():
            schema = _rewrite_refs(schema, renames)
            if name in renames:  # generated clients name models by title: keep the titles unique too
                schema = {**schema, "title": renames[name]}
            schemas[renames.get(name, name)] = schema
        for path, item in document.get("paths", {}).items():
            group = group_for(path)
            if group is None or group.service != service:
                continue
            item = _rewrite_refs(item, renames)
            for method, operation in item.items():
                if isinstance(operation, dict) and "responses" in operation:
                    _describe_operation(operation, *security_of(group, method, operation.pop("x-requires", None)))
            paths[path] = item
    for path, item in gateway_document.get("paths", {}).items():
        if path.startswith("/v1/"):  # the gateway's own routes (dev clock, ops views): staff only
            for method, operation in item.items():
                if isinstance(operation, dict):
                    own = RouteGroup(path.split("/")[2], "gateway", "staff")
                    _describe_operation(operation, *security_of(own, method, None))
            paths[path] = item
    for name, schema in gateway_document.get("components", {}).get("schemas", {}).items():
        schemas.setdefault(name, schema)
    add_response_examples(paths, schemas)
    schemas["ProblemCode"] = {
        "type": "string", "enum": sorted(CATALOGUE), "title": "ProblemCode",
        "description": "Every problem `code` the API answers with (docs/errors.md has each one's zh-CN text). "
                       "New codes are added over time: treat one you do not know by its HTTP status."}
    if "ProblemDetail" in schemas:
        problem = schemas["ProblemDetail"]
        problem["properties"]["code"] = {**problem["properties"]["code"],
                                         "description": "Stable and machine-readable; one of ProblemCode"}
        problem["properties"]["detail"] = {
            **problem["properties"]["detail"],
            "description": "For people: English, or zh-CN with `Accept-Language: zh-CN` (`detail_en`: the English)"}
    used_tags = sorted({t for item in paths.values() for op in item.values() if isinstance(op, dict)
                        for t in op.get("tags", [])})
    tags = [{"name": t, "description": TAGS.get(t, f"Routes of {t}.")} for t in used_tags]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Groupbuy API",
            "version": "1",
            "description": "The public API of Groupbuy. Errors are RFC 9457 problem documents "
                           "(application/problem+json) with a stable `code`. Route groups: "
                           + ", ".join(f"`/v1/{g}` ({GROUPS[g].needs})" for g in sorted(GROUPS)) + ".",
        },
        "tags": tags,
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": dict(sorted(schemas.items())), "securitySchemes": SECURITY_SCHEMES},
    }


class MergedDocument:
    def __init__(self, client: httpx.AsyncClient, urls: dict[str, str]) -> None:
        self.client = client
        self.urls = urls
        self.complete: dict[str, Any] | None = None

    async def _fetch(self, service: str) -> dict[str, Any] | None:
        try:
            # A service builds its document once, reading its routes' code: the first call takes seconds.
            answer = await self.client.get(f"{self.urls[service]}/openapi.json", timeout=30)
            answer.raise_for_status()
            return answer.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("API document of %s not available: %s", service, exc)
            return None

    async def get(self, gateway_document: dict[str, Any]) -> dict[str, Any]:
        if self.complete is not None:
            return self.complete
        fetched = await asyncio.gather(*(self._fetch(s) for s in SERVICES))
        documents = {s: d for s, d in zip(SERVICES, fetched, strict=True) if d is not None}
        merged = merge(documents, gateway_document)
        missing = sorted(set(SERVICES) - set(documents))
        if missing:
            merged["info"]["description"] += f" (Incomplete: {', '.join(missing)} not reachable.)"
        else:
            self.complete = merged
        return merged
