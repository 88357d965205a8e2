"""The WeChat Pay v3 provider against the local fake, in-process: request signing, prepay and the
mini-program's paySign, query, close, refunds, transfers, and notifications delivered to a merchant
notify route."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from common.clock import now
from common.payments import (
    NOTIFY_ACK_STATUS,
    Notification,
    NotificationKind,
    NotificationRejected,
    PaymentError,
    RefundState,
    TradeState,
    TransferState,
    WeChatPayProvider,
    notify_failure_body,
)
from common.payments.wechatpay import (
    build_authorization,
    load_private_key,
    load_public_key,
    private_key_pem,
    public_key_pem,
    rsa_verify,
)
from common.testing.fake_wechatpay import FakeWeChatPay, MerchantCredentials, new_rsa_key

WECHATPAY = "http://wechatpay.test"
NOTIFY_URL = "http://merchant.test/v1/payments/wechat/notify"


@dataclass
class Rig:
    merchant: MerchantCredentials
    fake: FakeWeChatPay
    provider: WeChatPayProvider
    client: httpx.AsyncClient
    received: list[Notification]


def merchant_app(rig: dict[str, WeChatPayProvider], received: list[Notification]) -> FastAPI:
    """A merchant's notify route, wired as a service would wire it."""
    app = FastAPI()

    @app.post("/v1/payments/wechat/notify")
    async def notify(request: Request) -> Response:
        try:
            notification = await rig["provider"].parse_notification(request.headers, await request.body())
        except NotificationRejected as exc:
            return JSONResponse(notify_failure_body(exc.reason), status_code=401)
        received.append(notification)
        return Response(status_code=NOTIFY_ACK_STATUS)

    return app


@pytest.fixture(scope="module")
def merchant() -> MerchantCredentials:
    return MerchantCredentials.generate()


@pytest.fixture(scope="module")
def platform_pem() -> str:
    return private_key_pem(new_rsa_key())


@pytest.fixture
async def rig(merchant: MerchantCredentials, platform_pem: str) -> AsyncIterator[Rig]:
    holder: dict[str, WeChatPayProvider] = {}
    received: list[Notification] = []
    notify_client = httpx.AsyncClient(transport=httpx.ASGITransport(app=merchant_app(holder, received)))
    fake = FakeWeChatPay.for_merchant(merchant, platform_private_key_pem=platform_pem, notify_client=notify_client)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app))
    provider = WeChatPayProvider(fake.settings_for(merchant, base_url=WECHATPAY, notify_url=NOTIFY_URL), client)
    holder["provider"] = provider
    yield Rig(merchant, fake, provider, client, received)
    await client.aclose()
    await notify_client.aclose()


async def test_prepay_answers_payment_params_signed_with_the_merchant_key(rig: Rig) -> None:
    params = await rig.provider.prepare(out_trade_no="GB20250101000001", amount_fen=8500, description="社区团购·苹果",
                                        payer_openid="o-payer-1", expires_at=now() + timedelta(minutes=30))
    assert params.package.startswith("prepay_id=wx") and params.sign_type == "RSA"
    wx = params.request_payment()
    assert set(wx) == {"appId", "timeStamp", "nonceStr", "package", "signType", "paySign"}
    assert wx["appId"] == rig.merchant.appid and wx["timeStamp"].isdigit() and len(wx["timeStamp"]) == 10
    message = f"{wx['appId']}\n{wx['timeStamp']}\n{wx['nonceStr']}\n{wx['package']}\n".encode()
    assert rsa_verify(load_public_key(rig.merchant.public_key_pem), message, wx["paySign"])
    stored = rig.fake.ledger.orders["GB20250101000001"].request
    assert stored["amount"] == {"total": 8500, "currency": "CNY"} and stored["payer"] == {"openid": "o-payer-1"}
    assert stored["time_expire"].endswith("+08:00") and stored["notify_url"] == NOTIFY_URL

    again = await rig.provider.prepare(out_trade_no="GB20250101000001", amount_fen=8500, description="社区团购·苹果",
                                       payer_openid="o-payer-1",
                                       expires_at=datetime.fromisoformat(stored["time_expire"]))
    assert again.prepay_id == params.prepay_id
    with pytest.raises(PaymentError) as changed:
        await rig.provider.prepare(out_trade_no="GB20250101000001", amount_fen=9000, description="x",
                                   payer_openid="o-payer-1")
    assert changed.value.code == "OUT_TRADE_NO_USED" and not changed.value.outcome_unknown


async def test_the_fake_rejects_requests_whose_signature_is_wrong(rig: Rig, platform_pem: str) -> None:
    impostor = MerchantCredentials.generate()
    settings = rig.fake.settings_for(rig.merchant, base_url=WECHATPAY, notify_url=NOTIFY_URL,
                                     merchant_private_key_pem=impostor.private_key_pem)
    with pytest.raises(PaymentError) as refused:
        await WeChatPayProvider(settings, rig.client).query("GB20250101000002")
    assert refused.value.code == "SIGN_ERROR" and refused.value.http_status == 401
    assert not refused.value.outcome_unknown

    key = load_private_key(rig.merchant.private_key_pem)
    path = "/v3/pay/transactions/jsapi"
    signed_body, sent_body = b'{"a":1}', b'{"a":2}'
    for headers, content in (
        ({}, signed_body),
        ({"Authorization": build_authorization(key, mchid=rig.merchant.mchid, serial_no=rig.merchant.serial_no,
                                               method="POST", path_with_query=path, body=signed_body)}, sent_body),
        ({"Authorization": build_authorization(key, mchid=rig.merchant.mchid, serial_no=rig.merchant.serial_no,
                                               method="POST", path_with_query=path, body=signed_body,
                                               timestamp=int(now().timestamp()) - 400)}, signed_body),
        ({"Authorization": build_authorization(key, mchid=rig.merchant.mchid, serial_no="0" * 40,
                                               method="POST", path_with_query=path, body=signed_body)}, signed_body),
    ):
        answer = await rig.client.post(f"{WECHATPAY}{path}", content=content, headers=headers)
        assert answer.status_code == 401 and answer.json()["code"] == "SIGN_ERROR"
    assert rig.fake.ledger.orders == {}


async def test_answers_that_do_not_verify_are_not_trusted(rig: Rig) -> None:
    settings = rig.provider.settings.model_copy(
        update={"platform_public_keys": {rig.fake.platform_serial: public_key_pem(new_rsa_key())}})
    with pytest.raises(PaymentError) as untrusted:
        await WeChatPayProvider(settings, rig.client).query("GB20250101000003")
    assert untrusted.value.code == "RESPONSE_SIGNATURE" and untrusted.value.outcome_unknown


async def test_a_paid_order_is_notified_and_found_by_query(rig: Rig) -> None:
    assert (await rig.provider.query("GB20250101000004")).state is TradeState.NOT_FOUND
    await rig.provider.prepare(out_trade_no="GB20250101000004", amount_fen=7500, description="礼包",
                               payer_openid="o-payer-4")
    assert (await rig.provider.query("GB20250101000004")).state is TradeState.NOT_PAID

    _, delivery = await rig.fake.pay("GB20250101000004")
    assert delivery is not None and delivery.status == 204
    [paid] = rig.received
    assert paid.kind is NotificationKind.PAID and paid.event_type == "TRANSACTION.SUCCESS"
    assert (paid.out_trade_no, paid.amount_fen, paid.payer_total_fen, paid.payer_openid) == (
        "GB20250101000004", 7500, 7500, "o-payer-4")
    assert paid.transaction_id and paid.transaction_id.startswith("4200") and paid.paid_at is not None
    assert paid.resource["trade_state"] == "SUCCESS" and paid.summary == "支付成功"

    status = await rig.provider.query("GB20250101000004")
    assert status.state is TradeState.PAID and status.transaction_id == paid.transaction_id
    assert status.amount_fen == 7500 and status.paid_at == paid.paid_at


async def test_a_replayed_notification_parses_identically(rig: Rig) -> None:
    await rig.provider.prepare(out_trade_no="GB20250101000005", amount_fen=100, description="x", payer_openid="o5")
    notification, _ = await rig.fake.pay("GB20250101000005", deliver=False)
    first = await rig.provider.parse_notification(notification.headers, notification.body)
    second = await rig.provider.parse_notification(notification.headers, notification.body)
    assert first == second and first.event_id == notification.event_id


async def test_a_closed_order_cannot_be_paid(rig: Rig) -> None:
    await rig.provider.prepare(out_trade_no="GB20250101000006", amount_fen=100, description="x", payer_openid="o6")
    await rig.provider.close("GB20250101000006")
    assert (await rig.provider.query("GB20250101000006")).state is TradeState.CLOSED
    answer = await rig.client.post(f"{WECHATPAY}/fake/pay/GB20250101000006")
    assert answer.status_code == 400 and answer.json()["code"] == "ORDER_CLOSED"
    with pytest.raises(PaymentError) as closed:
        await rig.provider.prepare(out_trade_no="GB20250101000006", amount_fen=100, description="x", payer_openid="o6")
    assert closed.value.code == "ORDER_CLOSED"


async def test_refunds_are_idempotent_by_out_refund_no(rig: Rig) -> None:
    await rig.provider.prepare(out_trade_no="GB20250101000007", amount_fen=1000, description="x", payer_openid="o7")
    await rig.fake.pay("GB20250101000007")

    first = await rig.provider.refund(out_trade_no="GB20250101000007", out_refund_no="RF7-1", amount_fen=300,
                                      total_fen=1000, reason="阶梯价差额退款")
    again = await rig.provider.refund(out_trade_no="GB20250101000007", out_refund_no="RF7-1", amount_fen=300,
                                      total_fen=1000, reason="阶梯价差额退款")
    assert first.state is RefundState.PROCESSING and (first.amount_fen, first.total_fen) == (300, 1000)
    assert again.refund_id == first.refund_id and len(rig.fake.ledger.refunds) == 1
    with pytest.raises(PaymentError) as changed:
        await rig.provider.refund(out_trade_no="GB20250101000007", out_refund_no="RF7-1", amount_fen=400,
                                  total_fen=1000)
    assert changed.value.code == "INVALID_REQUEST"
    with pytest.raises(PaymentError) as too_much:
        await rig.provider.refund(out_trade_no="GB20250101000007", out_refund_no="RF7-2", amount_fen=701,
                                  total_fen=1000)
    assert too_much.value.code == "NOT_ENOUGH"

    await rig.fake.complete_refund("RF7-1")
    refunded = rig.received[-1]
    assert refunded.kind is NotificationKind.REFUNDED and refunded.event_type == "REFUND.SUCCESS"
    assert (refunded.out_refund_no, refunded.refund_id, refunded.refund_fen, refunded.amount_fen) == (
        "RF7-1", first.refund_id, 300, 1000)
    done = await rig.provider.query_refund("RF7-1")
    assert done.state is RefundState.SUCCEEDED and done.succeeded_at is not None
    assert (await rig.provider.query("GB20250101000007")).state is TradeState.REFUNDED
    assert (await rig.provider.refund(out_trade_no="GB20250101000007", out_refund_no="RF7-1", amount_fen=300,
                                      total_fen=1000)).state is RefundState.SUCCEEDED


async def test_transfers_are_idempotent_and_wait_for_the_user(rig: Rig) -> None:
    first = await rig.provider.transfer(out_bill_no="WD0001", openid="o-leader", amount_fen=5000, remark="佣金提现")
    again = await rig.provider.transfer(out_bill_no="WD0001", openid="o-leader", amount_fen=5000, remark="佣金提现")
    assert first.state is TransferState.WAIT_USER_CONFIRM and first.package_info
    assert again.transfer_bill_no == first.transfer_bill_no and len(rig.fake.ledger.transfers) == 1
    sent = rig.fake.ledger.transfers["WD0001"].request
    assert sent["transfer_scene_id"] == "1005" and sent["transfer_scene_report_infos"]
    with pytest.raises(PaymentError):
        await rig.provider.transfer(out_bill_no="WD0001", openid="o-leader", amount_fen=6000, remark="佣金提现")

    await rig.fake.confirm_transfer("WD0001")
    finished = rig.received[-1]
    assert finished.kind is NotificationKind.TRANSFER_SUCCEEDED and finished.out_bill_no == "WD0001"
    assert finished.amount_fen == 5000 and finished.transfer_bill_no == first.transfer_bill_no
    queried = await rig.provider.query_transfer("WD0001")
    assert queried.state is TransferState.SUCCEEDED and queried.amount_fen == 5000

    await rig.provider.transfer(out_bill_no="WD0002", openid="o-leader", amount_fen=100, remark="x")
    await rig.fake.confirm_transfer("WD0002", "FAIL")
    assert rig.received[-1].kind is NotificationKind.TRANSFER_FAILED
    assert rig.received[-1].fail_reason == "PAYEE_ACCOUNT_ABNORMAL"

    with pytest.raises(PaymentError) as large:
        await rig.provider.transfer(out_bill_no="WD0003", openid="o-leader", amount_fen=200_000, remark="x")
    assert large.value.code == "USER_NAME_REQUIRED" and "WD0003" not in rig.fake.ledger.transfers


async def test_an_unreachable_provider_leaves_the_outcome_unknown(rig: Rig) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
        provider = WeChatPayProvider(rig.provider.settings, client)
        with pytest.raises(PaymentError) as failed:
            await provider.refund(out_trade_no="GB1", out_refund_no="RF1", amount_fen=1, total_fen=1)
    assert failed.value.code == "NETWORK" and failed.value.outcome_unknown


async def test_the_notify_route_refuses_a_forgery(rig: Rig) -> None:
    await rig.provider.prepare(out_trade_no="GB20250101000008", amount_fen=100, description="x", payer_openid="o8")
    notification, _ = await rig.fake.pay("GB20250101000008", deliver=False)
    forged = {**notification.headers, "Wechatpay-Signature": base64.b64encode(b"\0" * 256).decode()}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=merchant_app({"provider": rig.provider},
                                                                                rig.received))) as merchant:
        answer = await merchant.post(NOTIFY_URL, content=notification.body, headers=forged)
    assert answer.status_code == 401 and answer.json()["code"] == "FAIL"
    assert rig.received == []
