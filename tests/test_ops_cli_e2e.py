"""``groupbuy-ops`` against the real stack, run the way an operator runs it (typer's CliRunner, the
generated client underneath): signing in and the credentials file, a product CSV with bad rows, the
week's calendar, ladder groups, the withdrawal queue, CSV exports, the referral tree, and problems shown
as one red line — the data set up through the gateway as the other end-to-end tests do."""

from __future__ import annotations

import csv
import json
import re
import stat
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from typer.testing import CliRunner, Result

from common.testing.infra import free_port
from conftest import AFTER_SALES_S
from ops.cli import app
from ops.exports import FUNNEL_COLUMNS, REBATE_COLUMNS
from tests.support import ADDRESS, arrive, bearer, login, until

pytestmark = pytest.mark.e2e

SHANGHAI = ZoneInfo("Asia/Shanghai")
PRICE_FEN = 100_000
HEADER = "product_external_id,name,role,sku_external_id,sku_name,price_yuan,stock\n"


class Cli:
    """``groupbuy-ops`` with its own credentials file, on a wide terminal (so table cells are not folded)."""

    def __init__(self, config: Path) -> None:
        self.config = config

    def __call__(self, *args: object, input: str | None = None, **env: str) -> Result:
        result = CliRunner().invoke(app, [str(a) for a in args], input=input,
                                    env={"GROUPBUY_OPS_CONFIG": str(self.config), "COLUMNS": "220"} | env)
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        return result


def ok(result: Result) -> str:
    assert result.exit_code == 0, f"exit {result.exit_code}\n{result.output}"
    return result.stdout


def line_with(text: str, *needles: str) -> str:
    """The one output line holding every needle."""
    lines = [line for line in text.splitlines() if all(n in line for n in needles)]
    assert len(lines) == 1, f"{needles} in {len(lines)} lines of:\n{text}"
    return lines[0]


def cells(line: str) -> list[str]:
    """The cells of one row of a rich table."""
    return [cell.strip() for cell in re.split(r"[│┃|]", line)[1:-1]]


def row_of(text: str, first: object) -> list[str]:
    """The cells of the one table row whose first cell is ``first``."""
    rows = [cells(line) for line in text.splitlines() if line.startswith("│") and cells(line)[:1] == [str(first)]]
    assert len(rows) == 1, f"{len(rows)} rows starting with {first} in:\n{text}"
    return rows[0]


@pytest.fixture
def cli(tmp_path, stack) -> Cli:
    """Signed in as an ops user through dev login."""
    run = Cli(tmp_path / "groupbuy-ops" / "credentials.json")
    ok(run("login", "--url", stack.gateway_url, "--dev-openid", f"ops-cli-{uuid.uuid4().hex[:8]}"))
    return run


@pytest.fixture(scope="module")
async def world(stack):
    """U ← R ← D (R a member, so R earns from D), D in a community and paid an order that completed, and two
    withdrawals of R's waiting for review; R's available balance is known."""
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as gateway:
        tag = uuid.uuid4().hex[:6]
        ops = await login(gateway, f"ops-cli-world-{tag}", ("ops",))
        users = {name: await login(gateway, f"ops-cli-{name}-{tag}") for name in "URD"}
        for upper, lower in (("U", "R"), ("R", "D")):
            code = (await gateway.get("/v1/referrals/me", headers=bearer(users[upper]))).json()["code"]
            bound = await gateway.post("/v1/referrals/bind", json={"code": code}, headers=bearer(users[lower]))
            assert bound.status_code == 200, bound.text
        levelled = await gateway.put(f"/v1/users/{users['R']['user']['id']}/level", headers=bearer(ops),
                                     json={"level": "member", "reason": "ops cli e2e"})
        assert levelled.status_code == 200, levelled.text
        seen = await until(lambda: gateway.get("/v1/referrals/team", headers=bearer(users["U"])),
                           lambda a: a.json()["levels"][0]["by_membership_level"] == {"member": 1}, 15)
        assert seen.json()["levels"][0]["by_membership_level"] == {"member": 1}, seen.text
        community = (await gateway.post("/v1/communities", headers=bearer(ops), json={
            "name": f"运营命令行 {tag}", "province": "浙江省", "city": "杭州市", "district": "西湖区",
            "estate": "翠苑一区", "building": "5幢", "pickup_point": "5幢门卫室"})).json()
        d = users["D"]
        assert (await gateway.post(f"/v1/communities/{community['id']}/join", headers=bearer(d))).status_code == 200
        address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(d))).json()
        product = (await gateway.post("/v1/products", headers=bearer(ops), json={
            "name": f"运营测试商品 {tag}", "role": "regular", "published": True,
            "skus": [{"name": "整箱", "price_fen": PRICE_FEN, "stock": 5}]})).json()
        order = (await gateway.post("/v1/orders", headers=bearer(d) | {"Idempotency-Key": uuid.uuid4().hex}, json={
            "sku_id": product["skus"][0]["id"], "quantity": 1, "address_id": address["id"]})).json()
        paid = await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(d))
        assert paid.json()["status"] == "confirmed", paid.text
        assert (await gateway.post(f"/v1/orders/{order['id']}/ship", headers=bearer(ops))).status_code == 200
        await arrive(gateway, ops, community["id"])
        assert (await gateway.post(f"/v1/orders/{order['id']}/deliver", headers=bearer(ops))).status_code == 200
        r = users["R"]
        done = await until(lambda: gateway.get("/v1/rebates/balance", headers=bearer(r)),
                           lambda a: a.json()["available_fen"] > 0 and a.json()["frozen_fen"] == 0, AFTER_SALES_S * 4)
        earned = done.json()["available_fen"]
        assert earned >= 4_000, done.text  # a member's 5 % and the new-member reward
        withdrawals = []
        for _ in range(2):
            asked = await gateway.post("/v1/withdrawals", json={"amount_fen": 2_000},
                                       headers=bearer(r) | {"Idempotency-Key": uuid.uuid4().hex})
            assert asked.status_code == 201, asked.text
            withdrawals.append(asked.json())
        yield {"gateway_url": stack.gateway_url, "ops": ops, "users": users, "community": community,
               "order": order, "earned": earned, "withdrawals": withdrawals}


# --- signing in -----------------------------------------------------------------------------------


async def test_login_keeps_the_tokens_readable_by_the_owner_only_and_whoami_shows_ops(tmp_path, stack):
    run = Cli(tmp_path / "fresh" / "credentials.json")
    assert run("whoami").exit_code == 1  # not logged in yet: one line, no traceback
    openid = f"ops-cli-login-{uuid.uuid4().hex[:6]}"
    out = ok(run("login", "--url", stack.gateway_url + "/", "--dev-openid", openid))
    assert re.search(r"roles: .*\bops\b", out), out
    assert stat.S_IMODE(run.config.stat().st_mode) == 0o600
    assert stat.S_IMODE(run.config.parent.stat().st_mode) == 0o700
    kept = json.loads(run.config.read_text())
    assert kept["url"] == stack.gateway_url and kept["access_token"] and kept["refresh_token"]
    async with httpx.AsyncClient(base_url=stack.gateway_url) as gateway:
        me = (await gateway.get("/v1/users/me", headers=bearer(kept))).json()
    assert "ops" in me["roles"] and kept["user_id"] == me["id"]
    whoami = ok(run("whoami"))
    assert f"user {me['id']}" in whoami and re.search(r"roles: .*\bops\b", whoami) and stack.gateway_url in whoami

    out = ok(run("logout"))
    assert "Logged out" in out and not run.config.exists()
    async with httpx.AsyncClient(base_url=stack.gateway_url) as gateway:
        revoked = await gateway.post("/v1/auth/refresh", json={"refresh_token": kept["refresh_token"]})
    assert revoked.status_code == 401
    gone = run("whoami")
    assert gone.exit_code == 1 and "not logged in" in gone.stderr


async def test_an_access_token_the_gateway_refuses_is_refreshed_once_and_kept(cli):
    kept = json.loads(cli.config.read_text())
    cli.config.write_text(json.dumps(kept | {"access_token": "expired.or.forged"}))
    assert f"user {kept['user_id']}" in ok(cli("whoami"))
    renewed = json.loads(cli.config.read_text())
    assert renewed["access_token"] not in (kept["access_token"], "expired.or.forged")
    assert renewed["refresh_token"] != kept["refresh_token"]  # refresh tokens work once: the new one is kept
    assert stat.S_IMODE(cli.config.stat().st_mode) == 0o600
    cli.config.write_text(json.dumps(renewed | {"access_token": "expired", "refresh_token": kept["refresh_token"]}))
    ended = cli("whoami")  # presenting a used refresh token ends the session
    assert ended.exit_code == 1 and "login again" in ended.stderr and len(ended.stderr.strip().splitlines()) == 1


async def test_a_token_pasted_from_the_mini_program_logs_in_and_a_bad_one_is_refused(tmp_path, stack):
    async with httpx.AsyncClient(base_url=stack.gateway_url) as gateway:
        tokens = await login(gateway, f"ops-cli-paste-{uuid.uuid4().hex[:6]}", ("ops",))
    run = Cli(tmp_path / "credentials.json")
    assert f"user {tokens['user']['id']}" in ok(run("login", "--url", stack.gateway_url,
                                                    "--token", tokens["access_token"]))
    assert json.loads(run.config.read_text())["refresh_token"] is None
    refused = Cli(tmp_path / "other.json")("login", "--url", stack.gateway_url, "--token", "not-a-token")
    assert refused.exit_code == 1 and "error 401" in refused.stderr
    assert not (tmp_path / "other.json").exists()


def test_an_unreachable_gateway_is_one_line_not_a_traceback(tmp_path):
    run = Cli(tmp_path / "credentials.json")
    result = run("login", "--url", f"http://127.0.0.1:{free_port()}", "--dev-openid", "nobody")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("cannot reach the gateway") and len(result.stderr.strip().splitlines()) == 1


# --- products ------------------------------------------------------------------------------------


async def test_a_csv_with_bad_rows_is_reported_then_the_good_rows_import_once(cli, tmp_path, stack):
    tag = uuid.uuid4().hex[:6]
    good = [f"P-{tag}-1,有机苹果 {tag},regular,S-{tag}-1,5斤装,39.90,100",
            f"P-{tag}-1,有机苹果 {tag},regular,S-{tag}-2,10斤装,72,40",
            f'P-{tag}-2,"蓝莓, 大果 {tag}",fission,S-{tag}-3,4盒,0.29,0']
    bad = [f"P-{tag}-3,坏价格,regular,S-{tag}-4,份,12.345,5",
           f"P-{tag}-4,坏角色,retail,S-{tag}-5,份,1,-1"]
    file = tmp_path / "products.csv"
    file.write_bytes(("\ufeff" + HEADER + "\n".join([good[0], bad[0], good[1], bad[1], good[2]]) + "\n").encode())

    refused = cli("products", "import", file)
    assert refused.exit_code == 1 and "nothing was sent" in refused.stderr
    report = refused.stdout
    assert "2 invalid row(s)" in report
    assert "more than 2 decimals" in line_with(report, "price_yuan")
    assert cells(line_with(report, "price_yuan"))[:2] == ["3", "price_yuan"]
    assert cells(line_with(report, "retail"))[:2] == ["5", "role"]
    assert cells(line_with(report, "'-1' is not a whole number"))[:2] == ["5", "stock"]

    dry = ok(cli("products", "import", file, "--dry-run", "--skip-invalid"))
    assert "3 valid row(s), 2 invalid row(s)" in dry and "Dry run: nothing was sent." in dry

    first = ok(cli("products", "import", file, "--skip-invalid"))
    assert "Sent 3 row(s): 3 created, 0 updated, 0 unchanged, 0 rejected" in first
    again = ok(cli("products", "import", file, "--skip-invalid"))
    assert "Sent 3 row(s): 0 created, 0 updated, 3 unchanged, 0 rejected" in again

    # What the catalog holds is exactly the file: the same rows sent straight to the API change nothing.
    rows = [dict(zip(HEADER.strip().split(","), values, strict=True)) for values in csv.reader(good)]
    body = {"rows": [{k: v for k, v in row.items() if k != "price_yuan"}
                     | {"price_fen": fen, "stock": int(row["stock"])} for row, fen in zip(rows, (3990, 7200, 29),
                                                                                          strict=True)]}
    async with httpx.AsyncClient(base_url=stack.gateway_url) as gateway:
        kept = json.loads(cli.config.read_text())
        synced = (await gateway.post("/v1/products/sync", json=body, headers=bearer(kept))).json()
        assert [r["status"] for r in synced["results"]] == ["unchanged"] * 3, synced
        product = (await gateway.get(f"/v1/products/{synced['results'][0]['product_id']}",
                                     headers=bearer(kept))).json()
    assert product["published"] is False
    assert sorted((s["name"], s["price_fen"]) for s in product["skus"]) == [("10斤装", 7200), ("5斤装", 3990)]

    # Valid here, refused by the catalog: a SKU that already belongs to another product.
    moved = tmp_path / "moved.csv"
    moved.write_text(HEADER + f"P-{tag}-9,别的商品,regular,S-{tag}-1,5斤装,39.90,100\n", encoding="utf-8")
    rejected = cli("products", "import", moved)
    assert rejected.exit_code == 1 and "rejected 1 row(s)" in rejected.stderr
    assert "0 created, 0 updated, 0 unchanged, 1 rejected" in rejected.stdout
    assert cells(line_with(rejected.stdout, "belongs to product"))[:3] == ["2", f"S-{tag}-1", "sku_external_id"]


# --- the week's calendar -------------------------------------------------------------------------


async def test_week_plan_previews_asks_and_creates_each_occurrence_once(cli, stack):
    kept = json.loads(cli.config.read_text())
    tag = uuid.uuid4().hex[:6]
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as gateway:
        clock = datetime.fromisoformat((await gateway.get("/v1/dev/clock", headers=bearer(kept))).json()["now"])
        product = (await gateway.post("/v1/products", headers=bearer(kept), json={
            "name": f"周计划商品 {tag}", "role": "traffic", "published": True,
            "skus": [{"name": "份", "price_fen": 1990, "stock": 100}]})).json()
        # Ten days ahead: beyond the scheduler's own 7, so only this command makes them.
        first_day = (clock.astimezone(SHANGHAI) + timedelta(days=10)).date()
        template = await gateway.post("/v1/calendar/templates", headers=bearer(kept), json={
            "name": f"晚八点秒杀 {tag}", "rrule": "FREQ=DAILY;COUNT=2", "start_date": first_day.isoformat(),
            "start_time": "20:00:00", "duration_s": 7200, "kind": "flash_sale", "sku_id": product["skus"][0]["id"],
            "terms": {"kind": "flash_sale", "price_fen": 990, "stock": 20}})
        assert template.status_code == 201, template.text
    name = f"晚八点秒杀 {tag} #{template.json()['id']}"
    days = [first_day, first_day + timedelta(days=1)]

    declined = ok(cli("week", "plan", "--days", 14, input="n\n"))
    for day in days:
        local_day = f"{day:%a} {day.isoformat()}"
        row = cells(line_with(declined, name, day.isoformat()))
        assert row[1:] == ["flash_sale", f"{local_day} 20:00", f"{local_day} 22:00", "new"]
    assert "Create the" in declined and "Nothing was created." in declined

    made = ok(cli("week", "plan", "--days", 14, "--yes"))
    assert "Create the" not in made
    created = made[made.index("Created"):]
    assert all(name in line_with(created, name, day.isoformat()) for day in days)
    assert re.search(r"Created [1-9]\d* activit", made)

    again = ok(cli("week", "plan", "--days", 14, "--yes"))
    assert all(cells(line_with(again, name, day.isoformat()))[-1] == "exists already" for day in days)
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as gateway:
        mine, cursor = [], None
        while True:
            page = (await gateway.get("/v1/activities", params={"kind": "flash_sale", "limit": 100}
                                      | ({"cursor": cursor} if cursor else {}))).json()
            mine += [a for a in page["items"] if a["template_id"] == template.json()["id"]]
            if not (cursor := page.get("next_cursor")):
                break
    assert sorted(datetime.fromisoformat(a["starts_at"]).astimezone(SHANGHAI).date() for a in mine) == days


# --- ladder groups -------------------------------------------------------------------------------


async def test_groups_are_listed_by_activity_and_status_and_closed(cli, stack):
    kept = json.loads(cli.config.read_text())
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as gateway:
        clock = datetime.fromisoformat((await gateway.get("/v1/dev/clock", headers=bearer(kept))).json()["now"])
        product = (await gateway.post("/v1/products", headers=bearer(kept), json={
            "name": f"阶梯团 {uuid.uuid4().hex[:6]}", "role": "fission", "published": True,
            "skus": [{"name": "4盒", "price_fen": 12000, "stock": 50}]})).json()
        activity = (await gateway.post("/v1/activities", headers=bearer(kept), json={
            "title": "同址阶梯团", "sku_id": product["skus"][0]["id"],
            "starts_at": (clock - timedelta(minutes=1)).isoformat(),
            "ends_at": (clock + timedelta(hours=3)).isoformat(),
            "terms": {"kind": "ladder_group", "close_on_top_tier": False, "tiers": [
                {"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000}]}})).json()
        buyer = await login(gateway, f"ops-cli-ladder-{uuid.uuid4().hex[:6]}")
        address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))).json()
        order = (await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                    json={"activity_id": activity["id"], "address_id": address["id"]})).json()
        assert (await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(buyer))).status_code == 200
    group = order["group_id"]

    listed = ok(cli("groups", "list", "--activity", activity["id"]))
    assert "1 group(s)" in listed
    row = cells(line_with(listed, "open", "¥100.00"))
    assert row[:6] == [str(group), str(activity["id"]), "open", "1", "1", "¥100.00"] and row[6] == "1 more → ¥90.00"
    assert "0 group(s)" in ok(cli("groups", "list", "--activity", activity["id"], "--status", "succeeded"))
    assert cli("groups", "list", "--status", "finished").exit_code == 2  # not a state a group can be in

    closed = ok(cli("groups", "close", group))
    assert f"Group {group} closed: succeeded" in closed
    succeeded = ok(cli("groups", "list", "--activity", activity["id"], "--status", "succeeded"))
    assert cells(line_with(succeeded, "succeeded", "¥100.00"))[:3] == [str(group), str(activity["id"]), "succeeded"]
    everything = ok(cli("groups", "list"))  # every page, to the end
    assert row_of(everything, group)[2] == "succeeded"


# --- withdrawals, exports, the referral tree (one chain that earned money) -----------------------


async def test_withdrawals_are_listed_approved_and_rejected(cli, world):
    asked = [w["id"] for w in world["withdrawals"]]
    r = world["users"]["R"]["user"]["id"]
    queue = ok(cli("withdrawals", "list", "--status", "pending_review"))
    for withdrawal in asked:
        assert row_of(queue, withdrawal)[:6] == [str(withdrawal), str(r), "¥20.00", "¥0.12", "¥19.88", "pending_review"]

    approved = ok(cli("withdrawals", "approve", asked[0]))
    assert re.search(rf"Withdrawal {asked[0]} approved: (awaiting_confirmation|paying|paid)", approved)
    rejected = ok(cli("withdrawals", "reject", asked[1], "--reason", "收款账户未实名"))
    assert f"Withdrawal {asked[1]} rejected: rejected" in rejected and "收款账户未实名" in rejected
    queue = ok(cli("withdrawals", "list", "--status", "pending_review", "--user", r))
    assert "0 withdrawal(s)" in queue
    async with httpx.AsyncClient(base_url=world["gateway_url"]) as gateway:
        balance = (await gateway.get("/v1/rebates/balance", headers=bearer(world["users"]["R"]))).json()
    assert balance["available_fen"] == world["earned"] - 2_000  # the rejected one came back

    late = cli("withdrawals", "approve", asked[1])
    assert late.exit_code == 1 and "error 409 invalid_transition" in late.stderr


def test_a_problem_answer_is_one_red_line_and_a_failing_exit_code(cli):
    missing = cli("withdrawals", "approve", 2_000_000_000, FORCE_COLOR="1", TERM="xterm")
    assert missing.exit_code == 1 and missing.stdout == ""
    lines = missing.stderr.strip().splitlines()
    assert len(lines) == 1 and "\x1b[1;31m" in lines[0]  # bold red
    plain = re.sub(r"\x1b\[[0-9;]*m", "", lines[0])
    assert plain.startswith("error 404 not_found: withdrawal 2000000000 does not exist [request ")


async def test_export_rebates_writes_every_entry_in_fen(cli, world, tmp_path):
    r = world["users"]["R"]
    out = tmp_path / "rebates-r.csv"
    assert f"to {out}" in ok(cli("export", "rebates", "--out", out, "--user", r["user"]["id"]))
    with out.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert tuple(rows[0]) == REBATE_COLUMNS == ("id", "user_id", "kind", "bucket", "step", "amount_fen", "order_id",
                                                 "tree_level", "withdrawal_id", "created_at")
    exported = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    async with httpx.AsyncClient(base_url=world["gateway_url"]) as gateway:
        listed = (await gateway.get("/v1/rebates", params={"user_id": r["user"]["id"], "limit": 100},
                                    headers=bearer(world["ops"]))).json()["items"]
        balance = (await gateway.get("/v1/rebates/balance", headers=bearer(r))).json()
    columns = REBATE_COLUMNS[:-1]
    assert sorted(tuple(e[c] for c in columns) for e in exported) == sorted(
        tuple("" if e[c] is None else str(e[c]) for c in columns) for e in listed)
    assert {e["kind"] for e in exported} >= {"rebate", "reward"}
    assert ("rebate", "available", "complete", str(world["order"]["id"]), "1") in {
        (e["kind"], e["bucket"], e["step"], e["order_id"], e["tree_level"]) for e in exported}
    assert sum(int(e["amount_fen"]) for e in exported if e["bucket"] == "available") == balance["available_fen"]
    assert all(datetime.fromisoformat(e["created_at"]).utcoffset() == timedelta(hours=8) for e in exported)

    everyone = tmp_path / "rebates.csv"
    ok(cli("export", "rebates", "--out", everyone))
    with everyone.open(encoding="utf-8", newline="") as file:
        all_rows = list(csv.DictReader(file))
    assert {e["id"] for e in exported} <= {e["id"] for e in all_rows}
    assert len({e["id"] for e in all_rows}) == len(all_rows)  # every page once


async def test_export_funnel_counts_a_community_and_everyone(cli, world, tmp_path):
    community = world["community"]["id"]
    async with httpx.AsyncClient(base_url=world["gateway_url"]) as gateway:
        await until(lambda: gateway.get(f"/v1/communities/{community}/funnel", headers=bearer(world["ops"])),
                    lambda a: {s["stage"]: s["count"] for s in a.json()["stages"]}["buyer"] == 1, 15)
    out = tmp_path / "funnel.csv"
    assert "(1 user(s))" in ok(cli("export", "funnel", "--out", out, "--community", community))
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert tuple(rows[0]) == FUNNEL_COLUMNS == ("community_id", "stage", "count")
    assert [row[1] for row in rows[1:]] == ["stranger", "onlooker", "participant", "intent", "quasi_buyer", "buyer",
                                            "loyal", "spreader", "recommender", "total"]
    counts = {stage: int(count) for _, stage, count in rows[1:]}
    assert counts["buyer"] == 1 and counts["total"] == 1 and sum(counts.values()) == 2
    assert {row[0] for row in rows[1:]} == {str(community)}

    everyone = tmp_path / "funnel-all.csv"
    ok(cli("export", "funnel", "--out", everyone))
    totals = {row["stage"]: int(row["count"]) for row in csv.DictReader(everyone.open(encoding="utf-8"))}
    assert totals["total"] >= 4 and totals["recommender"] >= 1  # R brought in a paying D
    missing = cli("export", "funnel", "--out", tmp_path / "none.csv", "--community", 2_000_000_000)
    assert missing.exit_code == 1 and "error 404" in missing.stderr and not (tmp_path / "none.csv").exists()


def test_the_referral_tree_is_drawn_level_by_level(cli, world):
    u, r, d = (world["users"][name]["user"]["id"] for name in "URD")
    drawn = ok(cli("referrals", "tree", u))
    lines = [line_with(drawn, f"user {u} "), line_with(drawn, f"user {r} "), line_with(drawn, f"user {d} ")]
    assert [drawn.index(line) for line in lines] == sorted(drawn.index(line) for line in lines)
    indents = [len(line) - len(line.lstrip(" │├└─")) for line in lines]
    assert indents[0] < indents[1] < indents[2]
    assert "customer · not paid · 1 referee" in lines[0]
    assert "member · not paid · 1 referee" in lines[1]
    assert "· paid · 0 referees" in lines[2]
    shallow = ok(cli("referrals", "tree", u, "--depth", 1))
    assert f"user {d} " not in shallow
    assert "member · not paid · referees beyond --depth" in line_with(shallow, f"user {r} ")
    assert re.fullmatch(rf"user {d} · [a-z_]+ · paid · 0 referees", ok(cli("referrals", "tree", d)).strip())
