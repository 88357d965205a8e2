"""Response examples for the merged API document: every operation answering JSON with 200 or 201 shows
one, so a front end sees the shape of an answer in ``/docs`` and in the generated clients without calling.

An example a service wrote itself (``responses={200: {"content": {"application/json": {"example": ...}}}}``)
is kept.  Otherwise one is built from the response schema: a field's own ``examples`` or ``default`` when
it has one, an enum's first value, the non-null branch of an optional, one item of a list, and for plain
types a value that reads like this business's data (amounts in fen, times in UTC, ids) — always a value
the schema accepts, so a client validating against the document accepts its own examples.
"""

from __future__ import annotations

import re
from typing import Any

REF = "#/components/schemas/"
MAX_DEPTH = 8
JSON_STATUSES = ("200", "201")
# Field names whose plain values read better than a generic sample.
NAMED: dict[str, Any] = {
    "nickname": "小林", "name": "东北大米 5kg", "title": "周五团购日", "recipient": "林女士",
    "phone": "138****5678", "province": "浙江省", "city": "杭州市", "district": "西湖区", "estate": "翠苑一区",
    "building": "5幢", "unit": "2单元", "room": "301", "pickup_point": "5幢门卫室",
    "openid": "o6_bmjrPTlm6_2sgVt7hMZOPfL2M",
    "code": "AB12CD", "currency": "CNY", "status": "paid", "kind": "regular", "role": "regular",
    "scene": "g=15&t=Qm9vZ2ll", "reason": "quality", "note": "门卫代收", "detail": "已处理",
    "order_no": "GB20261204120000017", "price_rule": "tier", "provider": "sandbox", "product_name": "东北大米 5kg",
    "appId": "wx8888888888888888", "timeStamp": "1764849600", "nonceStr": "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
    "package": "prepay_id=wx04120000000000000000000000000000",
    "paySign": "oR9d8PuhnIc+YZ8cBHFCwfgpaK9gd7vaRvkYD7rthRAZ",
    "outTradeNo": "GB20261204120000017",
}
# Whole answers written by hand where the generated one would not show how the operation is used: merged over
# the generated example, field by field (operationId → status → fields).
WRITTEN: dict[str, dict[str, dict[str, Any]]] = {
    "orders_create": {"201": {
        "sku_id": 1021, "quantity": 2, "address_id": 7, "activity_id": None, "group_id": None, "kind": "regular",
        "status": "pending_payment", "unit_price_fen": 1500, "amount_fen": 3000, "settled_amount_fen": None,
        "refunded_fen": 0, "paid_at": None, "confirmed_at": None, "shipped_at": None, "delivered_at": None,
        "completed_at": None, "cancelled_at": None, "cancel_reason": None, "delivery_date": None, "refunds": [],
        "pay_deadline": "2026-12-04T12:30:00Z"}},
}
SAMPLE_TIME = "2026-12-04T12:00:00Z"
PATTERN_SAMPLES = ("13812345678", "AB12CD", "1234", "a1", "2026-12-04", "20:00", "order.paid", "1714000000000-0", "A")


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema and schema["$ref"].startswith(REF):
        schema = schemas.get(schema["$ref"][len(REF):], {})
    return schema


def _string(name: str, schema: dict[str, Any]) -> str:
    formats = {"date-time": SAMPLE_TIME, "date": "2026-12-04", "time": "20:00:00",
               "uri": "https://img.example.com/a.png", "email": "ops@example.com",
               "uuid": "3f2b8c1e-9d4a-4b7e-8f61-2a5c9e0d7b13", "duration": "PT2H"}
    if schema.get("format") in formats:
        return formats[schema["format"]]
    if name.endswith(("_url", "_uri")) or name in ("url", "image", "avatar"):
        return "https://img.example.com/a.png"
    if name.endswith("_at"):
        return SAMPLE_TIME
    value = NAMED.get(name, name.replace("_", " ") if name else "text")
    if "pattern" in schema:
        fits = [v for v in (value, *PATTERN_SAMPLES) if re.search(schema["pattern"], v)]
        value = fits[0] if fits else value
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if len(value) < low:
        value = value + "x" * (low - len(value))
    if high is not None and len(value) > high:
        value = value[:high]
    return value


def _number(name: str, schema: dict[str, Any]) -> int | float:
    if name.endswith("_fen"):
        value = 1500
    elif name == "id" or name.endswith("_id"):
        value = 7
    elif name in ("quantity", "count") or name.endswith(("_count", "_quantity")):
        value = 2
    else:
        value = 1
    low = schema.get("minimum", schema.get("exclusiveMinimum", None))
    high = schema.get("maximum", schema.get("exclusiveMaximum", None))
    if low is not None and value < low:
        value = low + (1 if "exclusiveMinimum" in schema else 0)
    if high is not None and value > high:
        value = high - (1 if "exclusiveMaximum" in schema else 0)
    return value if schema.get("type") != "number" else float(value)


def example_of(schema: dict[str, Any], schemas: dict[str, Any], name: str = "", depth: int = 0,
               within: frozenset[str] = frozenset()) -> Any:
    """A value ``schema`` accepts, readable as this API's data (``within``: the schemas being built around it,
    so a tree — a category's children — ends in an empty list)."""
    if "$ref" in schema:
        within = within | {schema["$ref"]}
    schema = _resolve(schema, schemas)
    if "example" in schema:
        return schema["example"]
    if schema.get("examples"):
        return schema["examples"][0]
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            branches = [b for b in schema[key] if _resolve(b, schemas).get("type") != "null"]
            return example_of(branches[0], schemas, name, depth, within) if branches else None
    if schema.get("allOf"):
        return example_of(schema["allOf"][0], schemas, name, depth, within)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" or "properties" in schema:
        if depth >= MAX_DEPTH:
            return {}
        return {prop: example_of(sub, schemas, prop, depth + 1, within)
                for prop, sub in schema.get("properties", {}).items()}
    if kind == "array":
        items = schema.get("items", {})
        if depth >= MAX_DEPTH or items.get("$ref") in within:
            return []
        item = example_of(items, schemas, name.removesuffix("s"), depth + 1, within)
        return [item] * max(1, schema.get("minItems", 1))
    if kind in ("integer", "number"):
        return _number(name, schema)
    if kind == "boolean":
        return False
    if kind == "string":
        return _string(name, schema)
    return None


def add_response_examples(paths: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Give every JSON 200/201 answer of ``paths`` an example, keeping any the service wrote."""
    for item in paths.values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for status in JSON_STATUSES:
                body = operation.get("responses", {}).get(status, {}).get("content", {}).get("application/json")
                if body is None or "example" in body or "examples" in body:
                    continue
                example = example_of(body.get("schema", {}), schemas)
                written = WRITTEN.get(operation.get("operationId", ""), {}).get(status)
                if written and isinstance(example, dict):
                    example = example | {k: v for k, v in written.items() if k in example}
                body["example"] = example
