"""``groupbuy-ops after-sales list | approve | reject`` against the real stack, run the way an operator
runs it (typer's CliRunner, the generated client underneath): the review queue oldest first, an approval
for less than claimed, a rejection with its reason, and a wrong move as one red line."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.support import bearer, login
from tests.test_after_sales_e2e import claim, new_buyer, paid_order
from tests.test_ops_cli_e2e import Cli, ok, row_of

pytestmark = pytest.mark.e2e
PRICE = 3000


@pytest.fixture
def cli(tmp_path, stack) -> Cli:
    run = Cli(tmp_path / "groupbuy-ops" / "credentials.json")
    ok(run("login", "--url", stack.gateway_url, "--dev-openid", f"ops-cli-after-sales-{uuid.uuid4().hex[:8]}"))
    return run


@pytest.fixture
async def claims(gateway) -> dict:
    """Two claims waiting for review on two orders of one buyer."""
    ops = await login(gateway, "ops-cli-after-sales-setup", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"售后命令行测试 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "一箱", "price_fen": PRICE, "stock": 50}]})).json()
    shop = {"sku": product["skus"][0]["id"]}
    buyer = await new_buyer(gateway)
    found = {"buyer": buyer}
    for name in ("first", "second"):
        order = await paid_order(gateway, shop, buyer)
        filed = await claim(gateway, buyer, order["id"], reason_code="quality", amount_fen=2500)
        assert filed.status_code == 201 and filed.json()["status"] == "pending_review", filed.text
        found[name], found[f"{name}_order"] = filed.json(), order
    return found


async def test_the_review_queue_approve_for_less_and_reject_with_a_reason(cli, claims, gateway):
    first, second = claims["first"], claims["second"]
    listed = ok(cli("after-sales", "list"))
    assert listed.index(f"│ {first['id']} ") < listed.index(f"│ {second['id']} ")  # oldest first
    row = row_of(listed, first["id"])
    assert row[1] == str(first["order_id"]) and "质量" in row[4] and row[5] == "¥25.00" and row[6] == "pending_review"
    mine = json.loads(ok(cli("after-sales", "list", "--order", first["order_id"], "--json")))
    assert [(c["id"], c["status"]) for c in mine] == [(first["id"], "pending_review")]

    approved = ok(cli("after-sales", "approve", first["id"], "--amount-fen", 2000))
    assert "approved" in approved and "¥20.00" in approved
    rejected = ok(cli("after-sales", "reject", second["id"], "--reason", "照片显示完好"))
    assert row_of(rejected, second["id"])[6] == "rejected" and "照片显示完好" in rejected

    queue = ok(cli("after-sales", "list"))
    assert f"│ {first['id']} " not in queue and f"│ {second['id']} " not in queue
    every = ok(cli("after-sales", "list", "--all", "--order", second["order_id"]))
    assert row_of(every, second["id"])[6] == "rejected"

    again = cli("after-sales", "reject", first["id"], "--reason", "晚了")
    assert again.exit_code == 1 and "invalid_transition" in again.stderr, again.output
    order = (await gateway.get(f"/v1/orders/{first['order_id']}", headers=bearer(claims["buyer"]))).json()
    assert [(line["amount_fen"], line["reason"]) for line in order["refunds"]] == [(2000, "after_sales")]
