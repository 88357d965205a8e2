"""The API contract a front end builds on, checked against the running stack through the gateway:

- every operation of ``/openapi.json`` is walked; its declared ``security`` is what the gateway and the
  service enforce (no credential → 401 exactly where the document names no anonymous alternative; a
  customer → 403 where it names roles; a partner key → refused where it names no ``apiKey``);
- every problem code the code raises (read from the source, so a code added anywhere is caught) has its
  zh-CN text in ``common/problem_texts.py`` and ``docs/errors.md``, and is in the ``ProblemCode`` enum;
- problems come in zh-CN with ``Accept-Language: zh-CN``, English otherwise;
- 5XX answers are documented on every operation; the create-order example is an order the API takes;
- CORS is off by default and answers a preflight from an allowed origin when configured.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from common.problem_codes import scan_source
from common.problem_texts import CATALOGUE
from common.testing.infra import stop_process
from gateway.config import CorsSettings
from tests.support import ADDRESS, bearer, login

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
UNKNOWN_ID = str(2**31 - 1)  # a valid id no object has: walking the document changes nothing
METHODS = ("get", "post", "put", "patch", "delete")


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, operation) for path, item in document["paths"].items()
            for method, operation in item.items() if method in METHODS]


def concrete(path: str, operation: dict[str, Any]) -> str:
    """``path`` with each parameter given a value of its declared type that names no object."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            kinds = str(parameter.get("schema", {}))
            path = path.replace("{" + parameter["name"] + "}", UNKNOWN_ID if "integer" in kinds else "zz99zz")
    return path


async def call(gateway: httpx.AsyncClient, method: str, path: str, operation: dict[str, Any],
               headers: dict[str, str]) -> httpx.Response:
    body = {"json": {}} if "requestBody" in operation else {}
    return await gateway.request(method.upper(), concrete(path, operation), headers=headers, **body)


def code_of(answer: httpx.Response) -> str | None:
    try:
        body = answer.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


@pytest.fixture(scope="module")
async def document(stack) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as client:
        answer = await client.get("/openapi.json")
    assert answer.status_code == 200
    return answer.json()


async def partner_key(gateway, scopes: list[str]) -> str:
    ops = await login(gateway, "contract-e2e-ops", ("ops",))
    made = await gateway.post("/v1/api-keys", headers=bearer(ops),
                              json={"name": f"contract {uuid.uuid4().hex[:6]}", "scopes": scopes})
    assert made.status_code == 201, made.text
    return made.json()["key"]


async def test_every_operation_enforces_the_security_it_declares(gateway, document):
    walked = operations(document)
    assert len(walked) > 50
    customer = bearer(await login(gateway, f"contract-e2e-customer-{uuid.uuid4().hex[:6]}"))
    every_scope = sorted({s for _, _, op in walked for alt in op["security"] for s in alt.get("apiKey", [])})
    keyed = {"X-API-Key": await partner_key(gateway, every_scope)}
    wrong = []
    for method, path, operation in walked:
        security = operation["security"]
        assert security, f"{method} {path} declares no security at all"
        name = f"{method.upper()} {path}"
        anonymous = await call(gateway, method, path, operation, {})
        if {} in security:
            if anonymous.status_code == 401 and code_of(anonymous) == "unauthenticated":
                wrong.append(f"{name}: declared open to anyone, but anonymous → 401")
        elif anonymous.status_code != 401 or code_of(anonymous) != "unauthenticated":
            wrong.append(f"{name}: declares a credential, but anonymous → {anonymous.status_code}")
        if operation.get("x-roles") and "customer" not in operation["x-roles"]:
            as_customer = await call(gateway, method, path, operation, customer)
            if as_customer.status_code != 403:
                wrong.append(f"{name}: needs {operation['x-roles']}, but a customer → {as_customer.status_code}")
        if not any("apiKey" in alternative for alternative in security):
            as_key = await call(gateway, method, path, operation, keyed)
            if as_key.status_code not in (401, 403):
                wrong.append(f"{name}: declares no API key, but a key with every scope → {as_key.status_code}")
    assert not wrong, "\n".join(wrong)


async def test_keys_declared_with_their_scopes_get_in(gateway, document):
    """Reads that name an API key with a scope let a key holding just that scope through."""
    reads = [(m, p, op) for m, p, op in operations(document) if m == "get" and "{" not in p
             and any("apiKey" in alternative for alternative in op["security"])]
    assert reads
    for method, path, operation in reads:
        scopes = next(alt["apiKey"] for alt in operation["security"] if "apiKey" in alt)
        answer = await call(gateway, method, path, operation, {"X-API-Key": await partner_key(gateway, scopes)})
        assert answer.status_code not in (401, 403), f"{path} with {scopes}: {answer.status_code} {answer.text}"


async def test_an_anonymous_marker_never_sits_beside_a_role_or_on_a_signed_in_group(document):
    for method, path, operation in operations(document):
        if {} in operation["security"]:
            assert not operation.get("x-roles"), f"{method} {path}"
            assert not path.startswith(("/v1/users/", "/v1/api-keys", "/v1/webhooks", "/v1/withdrawals",
                                        "/v1/rebates", "/v1/dev/", "/v1/ops/")), f"{method} {path}"


def codes_in_errors_doc() -> set[str]:
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9_]+)` \| (?=\S)", text, flags=re.MULTILINE))


def test_every_problem_code_in_the_code_has_its_zh_cn_text_and_a_line_in_docs_errors():
    raised = scan_source()
    assert {"not_found", "sold_out", "unauthenticated", "validation_error"} <= set(raised)
    missing_text = sorted(code for code in raised if code not in CATALOGUE or not CATALOGUE[code][0].strip())
    where = [raised[code] for code in missing_text]
    assert not missing_text, f"add to common/problem_texts.py: {missing_text} (raised at {where})"
    missing_doc = sorted(set(raised) - codes_in_errors_doc())
    assert not missing_doc, f"run `python -m devtools.client` (docs/errors.md lacks {missing_doc})"
    assert codes_in_errors_doc() <= set(CATALOGUE)


async def test_the_document_lists_every_code_as_an_enum_and_per_operation(document):
    enum = set(document["components"]["schemas"]["ProblemCode"]["enum"])
    missing = sorted(set(scan_source()) - enum)
    assert not missing, f"ProblemCode lacks {missing}"
    for method, path, operation in operations(document):
        listed = operation["x-problem-codes"]
        assert listed and set(listed) <= enum, f"{method} {path}: {set(listed) - enum}"
        if {} not in operation["security"]:
            assert "unauthenticated" in listed, f"{method} {path}"
        for code in ("service_unavailable", "upstream_timeout"):
            assert code in listed
        server = operation["responses"]["5XX"]
        assert server["content"]["application/problem+json"]["schema"]["$ref"].endswith("/ProblemDetail")
    assert "not_found" in document["paths"]["/v1/products/{product_id}"]["get"]["x-problem-codes"]
    assert "sold_out" in document["paths"]["/v1/orders"]["post"]["x-problem-codes"]


async def test_problems_are_in_zh_cn_when_asked_and_english_otherwise(gateway):
    path = f"/v1/products/{UNKNOWN_ID}"
    english = await gateway.get(path)
    assert english.status_code == 404 and english.json()["code"] == "not_found"
    assert "does not exist" in english.json()["detail"] and "detail_en" not in english.json()
    assert "content-language" not in english.headers
    chinese = await gateway.get(path, headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert chinese.status_code == 404 and chinese.headers["content-type"].startswith("application/problem+json")
    body = chinese.json()
    assert body["code"] == "not_found" and body["detail"] == CATALOGUE["not_found"][0]
    assert body["detail_en"] == english.json()["detail"] and chinese.headers["content-language"] == "zh-CN"
    assert int(chinese.headers["content-length"]) == len(chinese.content)
    # the gateway's own problems too (no credential on a signed-in route), and English stays first by q
    unsigned = await gateway.get("/v1/users/me", headers={"Accept-Language": "zh"})
    assert unsigned.status_code == 401 and unsigned.json()["detail"] == "请先登录"
    preferring_english = await gateway.get(path, headers={"Accept-Language": "en-US,zh-CN;q=0.5"})
    assert preferring_english.json()["detail"] == english.json()["detail"]
    # an answer that is no problem is left alone
    listed = await gateway.get("/v1/products", headers={"Accept-Language": "zh-CN"})
    assert listed.status_code == 200 and "content-language" not in listed.headers


async def test_the_create_order_example_is_an_order_the_api_takes(gateway, document):
    operation = document["paths"]["/v1/orders"]["post"]
    example = operation["requestBody"]["content"]["application/json"]["example"]
    buyer = await login(gateway, f"contract-e2e-buyer-{uuid.uuid4().hex[:6]}")
    assert set(example) <= set(document["components"]["schemas"]["OrderCreate"]["properties"])

    ops = await login(gateway, "contract-e2e-ops", ("ops",))
    community = (await gateway.post("/v1/communities", headers=bearer(ops), json={
        "name": f"契约测试 {uuid.uuid4().hex[:6]}", "province": "浙江省", "city": "杭州市", "district": "西湖区",
        "estate": "翠苑一区", "building": "5幢", "pickup_point": "5幢门卫室"})).json()
    assert (await gateway.post(f"/v1/communities/{community['id']}/join",
                               headers=bearer(buyer))).status_code == 200
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"示例商品 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": 1500, "stock": 10}]})).json()
    address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))).json()
    real = example | {"sku_id": product["skus"][0]["id"], "address_id": address["id"]}  # its ids, made here
    placed = await gateway.post("/v1/orders", json=real, headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex})
    assert placed.status_code == 201, placed.text
    params = placed.json()["payment"]["params"]
    assert {"appId", "timeStamp", "nonceStr", "package", "signType", "paySign"} <= set(params)
    typed = document["components"]["schemas"]["PaymentRequest"]["properties"]["params"]
    assert "$ref" in str(typed)  # a named schema, not a free-form object


async def test_tags_are_described_and_summaries_are_sentences(document):
    described = {tag["name"]: tag["description"] for tag in document["tags"]}
    used = {t for _, _, op in operations(document) for t in op.get("tags", [])}
    assert used <= set(described) and all(described.values())
    assert document["paths"]["/v1/rebates"]["get"]["summary"] != "Entries"


async def test_cors_is_off_unless_configured(gateway):
    preflight = {"Origin": "https://h5.example.com", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"}
    answer = await gateway.options("/v1/orders", headers=preflight)
    assert "access-control-allow-origin" not in answer.headers


def test_a_configured_origin_gets_its_preflight_answered_and_others_do_not(stack):
    url, process = stack.start_extra_gateway("gateway-cors", {
        "GROUPBUY_CORS__ALLOWED_ORIGINS": '["https://h5.example.com", "https://admin.example.com"]'})
    try:
        allowed = httpx.options(f"{url}/v1/orders", timeout=10, headers={
            "Origin": "https://h5.example.com", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type,idempotency-key"})
        assert allowed.status_code == 200, allowed.text
        assert allowed.headers["access-control-allow-origin"] == "https://h5.example.com"
        assert "POST" in allowed.headers["access-control-allow-methods"]
        assert "idempotency-key" in allowed.headers["access-control-allow-headers"].lower()
        refused = httpx.options(f"{url}/v1/orders", timeout=10, headers={
            "Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"})
        assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
        # the real answer through the proxy carries the header and exposes the request id
        listed = httpx.get(f"{url}/v1/products", timeout=10, headers={"Origin": "https://admin.example.com"})
        assert listed.status_code == 200
        assert listed.headers["access-control-allow-origin"] == "https://admin.example.com"
        assert "x-request-id" in listed.headers["access-control-expose-headers"].lower()
    finally:
        stop_process(process)


def test_cors_with_credentials_refuses_any_origin():
    with pytest.raises(ValueError, match="exact origins"):
        CorsSettings(allowed_origins=["*"], allow_credentials=True)


async def test_the_services_own_docs_are_off(stack):
    async with httpx.AsyncClient(timeout=10) as client:
        for service in ("catalog", "orders", "membership", "referrals"):
            assert (await client.get(f"{stack.url(service)}/docs")).status_code == 404
            assert (await client.get(f"{stack.url(service)}/openapi.json")).status_code == 200
