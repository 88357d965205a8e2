"""The sandbox provider: payments, refunds and transfers without a network, whose notifications are
WeChat Pay's wire format and go through the same verification as real ones; and provider selection."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from common.payments import (
    NotificationKind,
    NotificationRejected,
    PaymentError,
    PaymentSettings,
    RefundState,
    SandboxProvider,
    SandboxSettings,
    TradeState,
    TransferState,
    WeChatPayProvider,
    make_provider,
)
from common.payments.wechatpay import NotificationVerifier, load_public_key, private_key_pem, rsa_verify
from common.testing.fake_wechatpay import MerchantCredentials, new_rsa_key


@pytest.fixture(scope="module")
def sandbox() -> SandboxProvider:
    return SandboxProvider()


async def test_a_sandbox_payment_is_notified_in_the_wechat_format(sandbox: SandboxProvider) -> None:
    params = await sandbox.prepare(out_trade_no="SB0001", amount_fen=1990, description="x", payer_openid="o-s1")
    message = f"{params.app_id}\n{params.time_stamp}\n{params.nonce_str}\n{params.package}\n".encode()
    assert rsa_verify(load_public_key(sandbox.public_key_pem), message, params.pay_sign)
    assert (await sandbox.query("SB0001")).state is TradeState.NOT_PAID

    notification = sandbox.pay("SB0001")
    envelope = json.loads(notification.body)
    assert envelope["event_type"] == "TRANSACTION.SUCCESS" and envelope["resource_type"] == "encrypt-resource"
    assert envelope["resource"]["algorithm"] == "AEAD_AES_256_GCM" and "out_trade_no" not in notification.body.decode()
    assert {"Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"} <= set(
        notification.headers)

    paid = await sandbox.parse_notification(notification.headers, notification.body)
    assert paid.kind is NotificationKind.PAID and (paid.out_trade_no, paid.amount_fen) == ("SB0001", 1990)
    assert await sandbox.parse_notification(notification.headers, notification.body) == paid
    status = await sandbox.query("SB0001")
    assert status.state is TradeState.PAID and status.transaction_id == paid.transaction_id


async def test_sandbox_notifications_go_through_the_same_verification(sandbox: SandboxProvider) -> None:
    assert type(sandbox.verifier) is NotificationVerifier
    await sandbox.prepare(out_trade_no="SB0002", amount_fen=100, description="x", payer_openid="o-s2")
    notification = sandbox.pay("SB0002")

    forged = {**notification.headers, "Wechatpay-Signature": base64.b64encode(b"\1" * 256).decode()}
    with pytest.raises(NotificationRejected):
        await sandbox.parse_notification(forged, notification.body)
    with pytest.raises(NotificationRejected):
        await SandboxProvider().parse_notification(notification.headers, notification.body)  # another process's keys

    settings = SandboxSettings(platform_private_key_pem=private_key_pem(new_rsa_key()), apiv3_key="k" * 32)
    one, other = SandboxProvider(settings), SandboxProvider(settings)
    await one.prepare(out_trade_no="SB0003", amount_fen=100, description="x", payer_openid="o-s3")
    shared = one.pay("SB0003")
    assert (await other.parse_notification(shared.headers, shared.body)).out_trade_no == "SB0003"


async def test_sandbox_refunds_are_idempotent(sandbox: SandboxProvider) -> None:
    await sandbox.prepare(out_trade_no="SB0004", amount_fen=1000, description="x", payer_openid="o-s4")
    sandbox.pay("SB0004")
    first = await sandbox.refund(out_trade_no="SB0004", out_refund_no="SR4-1", amount_fen=250, total_fen=1000)
    again = await sandbox.refund(out_trade_no="SB0004", out_refund_no="SR4-1", amount_fen=250, total_fen=1000)
    assert first.state is RefundState.SUCCEEDED and again == first
    with pytest.raises(PaymentError):
        await sandbox.refund(out_trade_no="SB0004", out_refund_no="SR4-1", amount_fen=300, total_fen=1000)
    notification = sandbox.refund_notification("SR4-1")
    refunded = await sandbox.parse_notification(notification.headers, notification.body)
    assert refunded.kind is NotificationKind.REFUNDED
    assert (refunded.refund_fen, refunded.refund_id) == (250, first.refund_id)
    assert (await sandbox.query_refund("SR4-1")) == first

    restarted = SandboxProvider()
    refund = await restarted.refund(out_trade_no="SB0004", out_refund_no="SR4-2", amount_fen=100, total_fen=1000)
    assert refund.state is RefundState.SUCCEEDED


async def test_sandbox_transfers_are_idempotent(sandbox: SandboxProvider) -> None:
    first = await sandbox.transfer(out_bill_no="SW0001", openid="o-l", amount_fen=800, remark="佣金提现")
    assert first.state is TransferState.SUCCEEDED
    assert await sandbox.transfer(out_bill_no="SW0001", openid="o-l", amount_fen=800, remark="佣金提现") == first
    with pytest.raises(PaymentError):
        await sandbox.transfer(out_bill_no="SW0001", openid="o-l", amount_fen=900, remark="佣金提现")

    confirming = SandboxProvider(SandboxSettings(transfer_requires_confirmation=True))
    waiting = await confirming.transfer(out_bill_no="SW0002", openid="o-l", amount_fen=800, remark="x")
    assert waiting.state is TransferState.WAIT_USER_CONFIRM and waiting.package_info
    notification = confirming.confirm_transfer("SW0002")
    finished = await confirming.parse_notification(notification.headers, notification.body)
    assert finished.kind is NotificationKind.TRANSFER_SUCCEEDED and finished.amount_fen == 800
    assert (await confirming.query_transfer("SW0002")).state is TransferState.SUCCEEDED


async def test_the_settings_choose_the_provider() -> None:
    async with httpx.AsyncClient() as client:
        assert isinstance(make_provider(PaymentSettings(), client), SandboxProvider)
        merchant = MerchantCredentials.generate()
        wechat = {"mchid": merchant.mchid, "appid": merchant.appid, "merchant_serial_no": merchant.serial_no,
                  "merchant_private_key_pem": merchant.private_key_pem, "apiv3_key": merchant.apiv3_key,
                  "platform_public_keys": {"PUB_KEY_ID_1": merchant.public_key_pem},
                  "notify_url": "https://shop.example/v1/payments/wechat/notify"}
        settings = PaymentSettings.model_validate({"provider": "wechatpay", "wechatpay": wechat})
        assert isinstance(make_provider(settings, client), WeChatPayProvider)
        assert settings.production_problems() == []
        with pytest.raises(ValueError, match="apiv3_key"):
            make_provider(PaymentSettings(provider="wechatpay"), client)
    assert PaymentSettings().production_problems()
    assert merchant.private_key_pem not in repr(settings) and merchant.apiv3_key not in repr(settings)
