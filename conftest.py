"""Fixtures every test can use: the run's infrastructure, service apps in-process, the real stack."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from common.testing.infra import TestInfra, free_port, stop_process, wait_for_port
from common.testing.stack import Stack

WECHAT_APPID = "wx-test-appid"
WECHAT_SECRET = "wx-test-secret"  # noqa: S105 - the fake's own

UPSTREAM_TIMEOUT_S = 8.0  # the gateway's wait for a service in end-to-end runs (bursts on a busy 2-core machine)
UNPAID_TIMEOUT_S = 8  # unpaid orders are cancelled this soon in end-to-end runs
SANDBOX_PLATFORM_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
SANDBOX_APIV3_KEY = secrets.token_hex(16)  # 32 characters, as WeChat Pay's APIv3 key


@pytest.fixture(scope="session")
def infra() -> Iterator[TestInfra]:
    run = TestInfra.start()
    yield run
    run.close()


@pytest.fixture(scope="session")
def unit_databases(infra: TestInfra) -> str:
    """One migrated database per service for the in-process API tests of this run."""
    return infra.database_template("unit")


@pytest.fixture(scope="session")
def fake_wechat() -> Iterator[str]:
    """The local WeChat stand-in, as its own process; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "common.testing.fake_wechat", "--port", str(port),  # noqa: S603
                                "--appid", WECHAT_APPID, "--secret", WECHAT_SECRET])
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}"
    stop_process(process)


@pytest.fixture(scope="session")
def fake_wechatpay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The local WeChat Pay stand-in, as its own process; yields the settings of a merchant talking to it
    (``GROUPBUY_PAYMENTS__*``), with ``FAKE_URL`` its base URL for the control routes."""
    from common.payments.wechatpay import private_key_pem, public_key_pem
    from common.testing.fake_wechatpay import DEFAULT_PLATFORM_SERIAL, MerchantCredentials, new_rsa_key

    folder = tmp_path_factory.mktemp("fake-wechatpay")
    merchant, platform = MerchantCredentials.generate(), new_rsa_key()
    (folder / "merchant.pem").write_text(merchant.public_key_pem)
    (folder / "platform.pem").write_text(private_key_pem(platform))
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "common.testing.fake_wechatpay", "--port", str(port),  # noqa: S603
                                "--mchid", merchant.mchid, "--appid", merchant.appid,
                                "--merchant-serial", merchant.serial_no,
                                "--merchant-public-key", str(folder / "merchant.pem"),
                                "--platform-private-key", str(folder / "platform.pem"),
                                "--apiv3-key", merchant.apiv3_key])
    wait_for_port(port)
    url = f"http://127.0.0.1:{port}"
    yield {
        "FAKE_URL": url,
        "GROUPBUY_PAYMENTS__PROVIDER": "wechatpay",
        "GROUPBUY_PAYMENTS__WECHATPAY__BASE_URL": url,
        "GROUPBUY_PAYMENTS__WECHATPAY__MCHID": merchant.mchid,
        "GROUPBUY_PAYMENTS__WECHATPAY__APPID": merchant.appid,
        "GROUPBUY_PAYMENTS__WECHATPAY__MERCHANT_SERIAL_NO": merchant.serial_no,
        "GROUPBUY_PAYMENTS__WECHATPAY__MERCHANT_PRIVATE_KEY_PEM": merchant.private_key_pem,
        "GROUPBUY_PAYMENTS__WECHATPAY__APIV3_KEY": merchant.apiv3_key,
        "GROUPBUY_PAYMENTS__WECHATPAY__PLATFORM_PUBLIC_KEYS": json.dumps(
            {DEFAULT_PLATFORM_SERIAL: public_key_pem(platform)}),
        "GROUPBUY_PAYMENTS__WECHATPAY__NOTIFY_URL": "http://127.0.0.1:9/unused",
    }
    stop_process(process)


AFTER_SALES_S = 6  # delivered orders complete, and refunds close, this long after delivery


def stack_env(fake_wechat: str, **overrides: str) -> dict[str, str]:
    """Settings of the end-to-end stack: dev login on, WeChat faked, limits that tests can reach."""
    return {
        "GROUPBUY_UPSTREAM_TIMEOUT_S": str(UPSTREAM_TIMEOUT_S),
        "GROUPBUY_DEV_LOGIN": "true",
        "GROUPBUY_WECHAT__BASE_URL": fake_wechat,
        "GROUPBUY_WECHAT__APPID": WECHAT_APPID,
        "GROUPBUY_WECHAT__SECRET": WECHAT_SECRET,
        "GROUPBUY_OPS_OPENIDS": '["ops-from-config"]',
        # Tests speak for many callers from one machine: they name them in X-Forwarded-For.
        "GROUPBUY_TRUSTED_PROXIES": '["127.0.0.1/32"]',
        "GROUPBUY_API_KEY_CACHE_S": "1",
        "GROUPBUY_JWKS_MIN_REFRESH_S": "0.2",
        "GROUPBUY_UNPAID_TIMEOUT_S": str(UNPAID_TIMEOUT_S),
        "GROUPBUY_SCHEDULER_POLL_S": "0.5",
        # Catalog's rush tests reserve for orders that do not exist: stale ones are left alone here
        # (services/catalog/tests/test_reconcile.py settles them against the real orders process).
        "GROUPBUY_RESERVATION_CHECK_AFTER_S": "3600",
        "GROUPBUY_QUERY_AFTER_S": "1",
        "GROUPBUY_WITHDRAWALS__CONFIRM_POLL_S": "1",
        "GROUPBUY_COMPLETE_AFTER_S": str(AFTER_SALES_S),
        "GROUPBUY_AFTER_SALES_WINDOW_S": str(AFTER_SALES_S),
        # Known sandbox keys, so tests can make the same signed notifications the provider makes.
        "GROUPBUY_PAYMENTS__SANDBOX__PLATFORM_PRIVATE_KEY_PEM": SANDBOX_PLATFORM_KEY,
        "GROUPBUY_PAYMENTS__SANDBOX__APIV3_KEY": SANDBOX_APIV3_KEY,
        "GROUPBUY_RATE_LIMITS__IP": '{"capacity": 100000, "per_second": 10000}',
        "GROUPBUY_RATE_LIMITS__USER": '{"capacity": 100000, "per_second": 10000}',
        "GROUPBUY_RATE_LIMITS__API_KEY": '{"capacity": 100000, "per_second": 10000}',
        "GROUPBUY_RATE_LIMITS__GROUPS": '{"auth": {"capacity": 100000, "per_second": 10000}}',
    } | overrides


@pytest.fixture(scope="session")
def stack(infra: TestInfra, fake_wechat: str, fake_wechatpay: dict[str, str]) -> Iterator[Stack]:
    """The five real processes, started once per run; tests that break a part restart it.  Orders take
    payments in the sandbox; referrals pays withdrawals out through WeChat Pay's protocol, to the fake."""
    payouts = {name: value for name, value in fake_wechatpay.items() if name.startswith("GROUPBUY_")}
    running = Stack(infra=infra, database_template=infra.database_template("e2e"),
                    extra_env=stack_env(fake_wechat), part_env={"referrals": payouts}).start()
    yield running
    running.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failing test that ran against the real stack reports the stack's last warnings and errors beside
    its assertion: a failure seen once in CI is read there, after the run's folder is gone."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    running = getattr(item, "funcargs", {}).get("stack")
    if report.when == "call" and report.failed and isinstance(running, Stack):
        troubles = running.troubles()
        if troubles:
            report.sections.append(("the stack's last warnings and errors", troubles))


@pytest.fixture
async def gateway(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as client:
        yield client
