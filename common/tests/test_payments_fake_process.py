"""The fake WeChat Pay as its own process (``python -m common.testing.fake_wechatpay``), over real HTTP."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from common.payments import NotificationKind, TradeState, WeChatPayProvider, WeChatPaySettings
from common.payments.wechatpay import private_key_pem, public_key_pem
from common.testing.fake_wechatpay import DEFAULT_PLATFORM_SERIAL, MerchantCredentials, new_rsa_key
from common.testing.infra import free_port, stop_process, wait_for_port


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, WeChatPaySettings]]:
    folder: Path = tmp_path_factory.mktemp("fake-wechatpay")
    merchant, platform = MerchantCredentials.generate(), new_rsa_key()
    (folder / "merchant.pem").write_text(merchant.public_key_pem)
    (folder / "platform.pem").write_text(private_key_pem(platform))
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "common.testing.fake_wechatpay", "--port", str(port),
                                "--mchid", merchant.mchid, "--appid", merchant.appid,
                                "--merchant-serial", merchant.serial_no,
                                "--merchant-public-key", str(folder / "merchant.pem"),
                                "--platform-private-key", str(folder / "platform.pem"),
                                "--apiv3-key", merchant.apiv3_key])
    try:
        wait_for_port(port)
        base_url = f"http://127.0.0.1:{port}"
        settings = WeChatPaySettings(base_url=base_url, mchid=merchant.mchid, appid=merchant.appid,
                                     merchant_serial_no=merchant.serial_no,
                                     merchant_private_key_pem=merchant.private_key_pem, apiv3_key=merchant.apiv3_key,
                                     platform_public_keys={DEFAULT_PLATFORM_SERIAL: public_key_pem(platform)},
                                     notify_url="http://127.0.0.1:9/notify")
        yield base_url, settings
    finally:
        stop_process(process)


async def test_the_fake_process_speaks_the_protocol(running: tuple[str, WeChatPaySettings]) -> None:
    base_url, settings = running
    async with httpx.AsyncClient() as client:
        provider = WeChatPayProvider(settings, client)
        params = await provider.prepare(out_trade_no="GB40000001", amount_fen=3300, description="x",
                                        payer_openid="o-p")
        assert params.package.startswith("prepay_id=")
        shown = (await client.post(f"{base_url}/fake/pay/GB40000001", params={"deliver": "false"})).json()
        paid = await provider.parse_notification(shown["headers"], shown["body"].encode())
        assert paid.kind is NotificationKind.PAID and paid.amount_fen == 3300
        assert (await provider.query("GB40000001")).state is TradeState.PAID
