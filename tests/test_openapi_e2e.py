"""The merged API document served by the gateway, and its offline docs page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


async def test_merged_document_has_every_public_route_and_no_internal_one(gateway):
    document = (await gateway.get("/openapi.json")).json()
    paths = document["paths"]
    for expected in ("/v1/products", "/v1/levels", "/v1/groups/{group_id}", "/v1/referrals/codes/{code}",
                     "/v1/auth/dev-login", "/v1/users/me/addresses", "/v1/api-keys", "/v1/dev/clock"):
        assert expected in paths, expected
    assert not [p for p in paths if "internal" in p or not p.startswith("/v1/")]
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values() if "operationId" in op]
    assert len(operation_ids) == len(set(operation_ids))
    assert set(document["components"]["securitySchemes"]) == {"bearer", "apiKey"}
    assert paths["/v1/users/me"]["get"]["security"] == [{"bearer": []}]


COMMITTED_DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "client" / "openapi.json").read_text())


async def test_the_served_document_is_the_one_the_client_was_made_from(gateway):
    assert (await gateway.get("/openapi.json")).json() == COMMITTED_DOCUMENT


async def test_every_reference_resolves(gateway):
    document = (await gateway.get("/openapi.json")).json()
    schemas = document["components"]["schemas"]
    text = str(document)
    import re

    refs = set(re.findall(r"#/components/schemas/([A-Za-z0-9_.\-]+)", text))
    assert refs and refs <= set(schemas)
    assert "ProblemDetail" in schemas


async def test_docs_page_is_served_without_a_cdn(gateway):
    page = await gateway.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "/static-offline-docs/swagger-ui-bundle.js" in page.text
    assert (await gateway.get("/static-offline-docs/swagger-ui-bundle.js")).status_code == 200
