"""``groupbuy-ops day`` against the real stack, the way an operator runs it: the cutoff run (twice: the
second buys nothing again), the day's purchase orders as a table, as JSON and as one CSV file, and the
warehouse's sorting list as JSON and as the gateway's CSV (with a BOM, for Excel)."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest

from common.testing.stack import Stack
from conftest import stack_env
from tests import test_supply_day_e2e as supply_e2e
from tests.support import login
from tests.test_ops_cli_e2e import Cli, ok, row_of

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(infra, fake_wechat):
    """A stack of this module's own: a supply-day test closes a sales day early, and only today's and
    tomorrow's can be closed from now; the shared stack's are for the tests there (and the demo)."""
    env = stack_env(fake_wechat, GROUPBUY_REDIS__PREFIX=f"{infra.redis.prefix}supply-cli:",
                    GROUPBUY_DATA_DIR=str(infra.tmp / "data-supply-cli"))
    running = Stack(infra=infra, database_template=infra.database_template("supply_cli"),
                    extra_env=env).start()
    yield running
    running.stop()


supply_day = supply_e2e.supply_day  # three buyers' 10 units of one supplier's SKU, the sales day just closed


@pytest.fixture
def cli(tmp_path, stack) -> Cli:
    run = Cli(tmp_path / "groupbuy-ops" / "credentials.json")
    ok(run("login", "--url", stack.gateway_url, "--dev-openid", f"day-cli-{uuid.uuid4().hex[:8]}"))
    return run


def csv_rows(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:20]
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


async def test_the_supply_day_from_the_command_line(cli, supply_day, tmp_path):
    s = supply_day
    mine, day, community = s["mine"], s["day"], s["community"]
    # The scheduler may have bought the closed day already: the command then adds nothing, as a repeat does.
    first = json.loads(ok(cli("day", "cutoff", "--json")))
    assert set(first) == {"delivery_dates", "purchase_orders", "orders_added"}, first
    again = json.loads(ok(cli("day", "cutoff", "--json")))
    assert again["orders_added"] == 0, again  # bought once, however often it runs
    assert "Delivery days bought:" in ok(cli("day", "cutoff"))

    found = json.loads(ok(cli("day", "purchase-orders", "--date", day, "--json")))
    (po,) = [p for p in found if p["supplier_id"] == mine["id"]]
    assert po["total_units"] == 10 and po["lines"][0]["communities"] == [{"community_id": community, "units": 10}]
    table = ok(cli("day", "purchase-orders", "--date", day))
    assert row_of(table, po["id"])[1:3] == [str(mine["id"]), day]

    out = tmp_path / "purchase-orders.csv"
    written = ok(cli("day", "purchase-orders", "--date", day, "--out", out))
    assert f"{len(found)} purchase order(s)" in written and str(out) in written.replace("\n", "")
    rows = csv_rows(out.read_bytes())
    assert [(int(r["community_id"]), int(r["units"])) for r in rows if int(r["purchase_order"]) == po["id"]] == [
        (community, 10)]
    assert {r["purchase_order"] for r in rows} == {str(p["id"]) for p in found}  # one file, its header once

    sheet = json.loads(ok(cli("day", "sorting-list", "--date", day, "--json")))
    ours = [r for r in sheet["rows"] if r["sku_id"] == mine["sku"]]
    assert [(r["community_id"], r["units"], r["orders"]) for r in ours] == [(community, 10, 3)]
    sorting = tmp_path / "sorting.csv"
    ok(cli("day", "sorting-list", "--date", day, "--out", sorting))
    assert [(int(r["community_id"]), int(r["units"])) for r in csv_rows(sorting.read_bytes())
            if int(r["sku_id"]) == mine["sku"]] == [(community, 10)]


async def test_a_bad_day_is_a_usage_error_and_a_refused_call_one_red_line(cli, gateway, tmp_path, stack):
    bad = cli("day", "sorting-list", "--date", "2026-13-01")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    customer = await login(gateway, f"day-cli-customer-{uuid.uuid4().hex[:8]}")
    stranger = Cli(tmp_path / "customer.json")
    ok(stranger("login", "--url", stack.gateway_url, "--token", customer["access_token"]))
    refused = stranger("day", "sorting-list", "--out", tmp_path / "never.csv")
    assert refused.exit_code == 1 and refused.stderr.startswith("error 403 forbidden"), refused.output
    assert len(refused.stderr.strip().splitlines()) == 1 and not (tmp_path / "never.csv").exists()
