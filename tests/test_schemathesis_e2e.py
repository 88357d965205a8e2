"""The merged API document fuzzed against the real stack with schemathesis: whatever it sends, no answer
is a 5xx, and every answer matches what the document says of it (status, content type, schema).

Each operation runs as a signed-in customer (everything a customer may do touches only their own
objects) and, for reads, as ops too.  Operations that change what every other test relies on — the
shared test clock, the rebate rules in force — are left out; they have their own tests."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.e2e

DOCUMENT = Path(__file__).resolve().parents[1] / "client" / "openapi.json"  # the served one (test_openapi_e2e)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = (schemathesis.openapi.from_path(DOCUMENT)
          .exclude(method="POST", path="/v1/dev/clock")
          .exclude(method="POST", path="/v1/rebates/rules"))


@pytest.fixture(scope="module")
def tokens(stack) -> dict[str, str]:
    found = {}
    for name, roles in (("customer", []), ("ops", ["ops"])):
        answer = httpx.post(f"{stack.gateway_url}/v1/auth/dev-login",
                            json={"openid": f"fuzz-{name}", "roles": roles}, timeout=15)
        assert answer.status_code == 200, answer.text
        found[name] = answer.json()["access_token"]
    return found


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error_or_an_answer_outside_the_document(case, stack, tokens):
    callers = ["customer"] + (["ops"] if case.method.upper() == "GET" else [])
    for caller in callers:
        case.call_and_validate(base_url=stack.gateway_url, headers={"Authorization": f"Bearer {tokens[caller]}"},
                               checks=CHECKS, timeout=15)
