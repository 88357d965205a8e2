"""The one API document: every public route of every service, merged, with the gateway's security
schemes — the source of the generated Python client and of ``/docs``.

Each service's own document is fetched over HTTP; only paths the gateway routes to that service are
kept (so ``/internal/...`` never appears).  Schemas of the same name and the same shape are shared
(the problem schema, pages); a name two services use for different shapes gets the service's name in
front, and every reference is rewritten to match.  A complete document is cached until the gateway
restarts; a partial one (some service down) is served with a warning and fetched again next time.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx

from common.settings import SERVICES
from gateway.routing import GROUPS, group_for

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
            for operation in item.values():
                if isinstance(operation, dict) and "responses" in operation:
                    operation.setdefault("security", SECURITY_BY_NEED[group.needs])
            paths[path] = item
    for path, item in gateway_document.get("paths", {}).items():
        if path.startswith("/v1/"):
            for operation in item.values():
                if isinstance(operation, dict):
                    operation.setdefault("security", SECURITY_BY_NEED["staff"])
            paths[path] = item
    for name, schema in gateway_document.get("components", {}).get("schemas", {}).items():
        schemas.setdefault(name, schema)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Groupbuy API",
            "version": "1",
            "description": "The public API of Groupbuy. Errors are RFC 9457 problem documents "
                           "(application/problem+json) with a stable `code`. Route groups: "
                           + ", ".join(f"`/v1/{g}` ({GROUPS[g].needs})" for g in sorted(GROUPS)) + ".",
        },
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
            answer = await self.client.get(f"{self.urls[service]}/openapi.json", timeout=5)
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
