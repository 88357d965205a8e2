"""A local stand-in for WeChat Pay API v3, speaking its real protocol.

It verifies each request's ``Authorization`` signature with the merchant's public key (401
``SIGN_ERROR`` otherwise, or for a timestamp more than five minutes off), answers JSAPI prepay, order
query and close, refunds and merchant transfers from an in-memory ``SandboxLedger``, and signs every
answer with its platform key (``Wechatpay-*`` headers).  Money moves only when a test says so, through
the control routes (never part of WeChat Pay), each of which sends the resulting notification —
encrypted with the APIv3 key and signed — to the ``notify_url`` given with the order, refund or
transfer (``?deliver=false`` only returns it):

- ``POST /fake/pay/{out_trade_no}``: the payer pays (``TRANSACTION.SUCCESS``);
- ``POST /fake/refund-complete/{out_refund_no}?status=SUCCESS|CLOSED|ABNORMAL`` (``REFUND.*``);
- ``POST /fake/transfer-confirm/{out_bill_no}?state=SUCCESS|FAIL`` (``MCHTRANSFER.BILL.FINISHED``);
- ``GET /fake/deliveries``: every notification sent and how the merchant answered.

In-process: ``FakeWeChatPay(...).app`` with ``httpx.ASGITransport`` (pass ``notify_client`` to reach an
in-process merchant), and ``await fake.pay(...)`` etc.  As a process:
``python -m common.testing.fake_wechatpay --port N --mchid M --appid A --merchant-serial S
--merchant-public-key FILE --platform-private-key FILE --apiv3-key KEY``.
"""

from __future__ import annotations

import argparse
import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from common.clock import now
from common.payments.provider import SignedNotification
from common.payments.sandbox import LedgerError, SandboxLedger
from common.payments.wechatpay import (
    AUTH_SCHEME,
    MAX_SKEW_S,
    WeChatPaySettings,
    build_notification,
    load_private_key,
    load_public_key,
    private_key_pem,
    public_key_pem,
    request_message,
    rsa_verify,
    signature_headers,
)

DEFAULT_PLATFORM_SERIAL = "PUB_KEY_ID_0114232134912410000000000000"


def new_rsa_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class MerchantCredentials:
    """A made-up merchant for tests: its API key pair, certificate serial and APIv3 key."""

    mchid: str
    appid: str
    serial_no: str
    private_key_pem: str
    public_key_pem: str
    apiv3_key: str

    @classmethod
    def generate(cls, mchid: str = "1900009191", appid: str = "wxd678efh567hg6787") -> MerchantCredentials:
        key = new_rsa_key()
        return cls(mchid=mchid, appid=appid, serial_no=secrets.token_hex(20).upper(),
                   private_key_pem=private_key_pem(key), public_key_pem=public_key_pem(key),
                   apiv3_key=secrets.token_hex(16))


@dataclass(frozen=True)
class Delivery:
    url: str
    event_type: str
    event_id: str
    status: int | None
    answer: str


def parse_authorization(header: str) -> dict[str, str]:
    scheme, _, rest = header.partition(" ")
    if scheme != AUTH_SCHEME:
        raise LedgerError(401, "SIGN_ERROR", "认证类型不正确")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, sep, value = part.strip().partition("=")
        if not sep or len(value) < 2 or value[0] != '"' or value[-1] != '"':
            raise LedgerError(401, "SIGN_ERROR", "Authorization 格式不正确")
        fields[name] = value[1:-1]
    return fields


class FakeWeChatPay:
    """WeChat Pay for one merchant: state, signatures, notifications, and the FastAPI ``app``."""

    def __init__(self, *, mchid: str, appid: str, merchant_serial_no: str, merchant_public_key_pem: str,
                 apiv3_key: str, platform_private_key_pem: str | None = None,
                 platform_serial: str = DEFAULT_PLATFORM_SERIAL, notify_client: httpx.AsyncClient | None = None,
                 ) -> None:
        self.mchid = mchid
        self.merchant_serial_no = merchant_serial_no
        self._merchant_key = load_public_key(merchant_public_key_pem)
        self._apiv3_key = apiv3_key.encode()
        self._platform_key = load_private_key(platform_private_key_pem) if platform_private_key_pem else new_rsa_key()
        self.platform_serial = platform_serial
        self._notify_client = notify_client
        self.ledger = SandboxLedger(mchid=mchid, appid=appid)
        self.deliveries: list[Delivery] = []
        self.app = self._build_app()

    @classmethod
    def for_merchant(cls, merchant: MerchantCredentials, **kwargs: Any) -> FakeWeChatPay:
        return cls(mchid=merchant.mchid, appid=merchant.appid, merchant_serial_no=merchant.serial_no,
                   merchant_public_key_pem=merchant.public_key_pem, apiv3_key=merchant.apiv3_key, **kwargs)

    @property
    def platform_public_key_pem(self) -> str:
        return public_key_pem(self._platform_key)

    def settings_for(self, merchant: MerchantCredentials, *, base_url: str, notify_url: str,
                     **overrides: Any) -> WeChatPaySettings:
        """The merchant's settings for talking to this fake."""
        values: dict[str, Any] = {
            "base_url": base_url, "mchid": merchant.mchid, "appid": merchant.appid,
            "merchant_serial_no": merchant.serial_no, "merchant_private_key_pem": merchant.private_key_pem,
            "apiv3_key": merchant.apiv3_key, "notify_url": notify_url,
            "platform_public_keys": {self.platform_serial: self.platform_public_key_pem}}
        return WeChatPaySettings(**{**values, **overrides})

    # what WeChat Pay does on its own side

    def notification(self, event_type: str, original_type: str, resource: dict[str, Any]) -> SignedNotification:
        return build_notification(self._platform_key, self.platform_serial, self._apiv3_key, event_type=event_type,
                                  original_type=original_type, resource=resource)

    async def deliver(self, url: str, event_type: str, notification: SignedNotification) -> Delivery:
        client = self._notify_client or httpx.AsyncClient(timeout=5.0)
        try:
            answer = await client.post(url, content=notification.body, headers=notification.headers)
            delivery = Delivery(url, event_type, notification.event_id, answer.status_code, answer.text)
        except httpx.HTTPError as exc:
            delivery = Delivery(url, event_type, notification.event_id, None, repr(exc))
        finally:
            if self._notify_client is None:
                await client.aclose()
        self.deliveries.append(delivery)
        return delivery

    async def pay(self, out_trade_no: str, *, deliver: bool = True) -> tuple[SignedNotification, Delivery | None]:
        """The payer pays the order; WeChat Pay notifies its ``notify_url``."""
        notification = self.notification("TRANSACTION.SUCCESS", "transaction", self.ledger.pay(out_trade_no))
        url = self.ledger.orders[out_trade_no].request["notify_url"]
        return notification, (await self.deliver(url, "TRANSACTION.SUCCESS", notification) if deliver else None)

    async def complete_refund(self, out_refund_no: str, status: str = "SUCCESS", *, deliver: bool = True
                              ) -> tuple[SignedNotification, Delivery | None]:
        resource = self.ledger.complete_refund(out_refund_no, status)
        event_type = f"REFUND.{resource['refund_status']}"
        notification = self.notification(event_type, "refund", resource)
        url = self.ledger.refunds[out_refund_no].request.get("notify_url")
        return notification, (await self.deliver(url, event_type, notification) if deliver and url else None)

    async def confirm_transfer(self, out_bill_no: str, state: str = "SUCCESS", *, deliver: bool = True
                               ) -> tuple[SignedNotification, Delivery | None]:
        fail_reason = "PAYEE_ACCOUNT_ABNORMAL" if state == "FAIL" else None
        resource = self.ledger.finish_transfer(out_bill_no, state, fail_reason)
        notification = self.notification("MCHTRANSFER.BILL.FINISHED", "mch_payment", resource)
        url = self.ledger.transfers[out_bill_no].request.get("notify_url")
        event_type = "MCHTRANSFER.BILL.FINISHED"
        return notification, (await self.deliver(url, event_type, notification) if deliver and url else None)

    # the HTTP side

    def _answer(self, status: int, data: dict[str, Any] | None) -> Response:
        body = b"" if data is None else json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        signed = signature_headers(self._platform_key, self.platform_serial, body)
        headers = {"Request-ID": secrets.token_hex(16), **signed}
        return Response(body, status_code=status, headers=headers,
                        media_type="application/json" if data is not None else None)

    async def _verified_body(self, request: Request) -> bytes:
        body = await request.body()
        fields = parse_authorization(request.headers.get("authorization", ""))
        if fields.get("mchid") != self.mchid:
            raise LedgerError(401, "SIGN_ERROR", "商户号与签名不匹配")
        if fields.get("serial_no") != self.merchant_serial_no:
            raise LedgerError(401, "SIGN_ERROR", "商户证书序列号不正确")
        timestamp, nonce = fields.get("timestamp", ""), fields.get("nonce_str", "")
        if not timestamp.isdigit() or abs(now().timestamp() - int(timestamp)) > MAX_SKEW_S or not nonce:
            raise LedgerError(401, "SIGN_ERROR", "请求时间戳或随机串不正确")
        path = request.scope.get("raw_path") or request.url.path.encode()
        query = request.scope.get("query_string") or b""
        signed_url = (path + (b"?" + query if query else b"")).decode("latin-1")
        message = request_message(request.method, signed_url, timestamp, nonce, body)
        if not rsa_verify(self._merchant_key, message, fields.get("signature", "")):
            raise LedgerError(401, "SIGN_ERROR", "签名错误")
        return body

    async def _json(self, request: Request) -> dict[str, Any]:
        try:
            data = json.loads(await self._verified_body(request))
        except ValueError as exc:
            raise LedgerError(400, "PARAM_ERROR", "请求体不是 JSON") from exc
        if not isinstance(data, dict):
            raise LedgerError(400, "PARAM_ERROR", "请求体不是 JSON 对象")
        return data

    def _build_app(self) -> FastAPI:
        app = FastAPI(title="fake WeChat Pay")
        app.state.fake = self
        ledger = self.ledger

        @app.exception_handler(LedgerError)
        async def refused(_: Request, exc: LedgerError) -> Response:
            if exc.status == 401:  # WeChat Pay signs answers only to requests whose signature verified
                return JSONResponse({"code": exc.code, "message": exc.message}, status_code=401)
            return self._answer(exc.status, {"code": exc.code, "message": exc.message})

        @app.post("/v3/pay/transactions/jsapi")
        async def jsapi(request: Request) -> Response:
            return self._answer(200, ledger.create_order(await self._json(request)))

        @app.get("/v3/pay/transactions/out-trade-no/{out_trade_no}")
        async def query(out_trade_no: str, request: Request) -> Response:
            await self._verified_body(request)
            if request.query_params.get("mchid") != self.mchid:
                raise LedgerError(400, "PARAM_ERROR", "mchid 不正确")
            return self._answer(200, ledger.order(out_trade_no))

        @app.post("/v3/pay/transactions/out-trade-no/{out_trade_no}/close")
        async def close(out_trade_no: str, request: Request) -> Response:
            if (await self._json(request)).get("mchid") != self.mchid:
                raise LedgerError(400, "PARAM_ERROR", "mchid 不正确")
            ledger.close_order(out_trade_no)
            return self._answer(204, None)

        @app.post("/v3/refund/domestic/refunds")
        async def refund(request: Request) -> Response:
            return self._answer(200, ledger.create_refund(await self._json(request)))

        @app.get("/v3/refund/domestic/refunds/{out_refund_no}")
        async def query_refund(out_refund_no: str, request: Request) -> Response:
            await self._verified_body(request)
            return self._answer(200, ledger.refund(out_refund_no))

        @app.post("/v3/fund-app/mch-transfer/transfer-bills")
        async def transfer(request: Request) -> Response:
            return self._answer(200, ledger.create_transfer(await self._json(request)))

        @app.get("/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}")
        async def query_transfer(out_bill_no: str, request: Request) -> Response:
            await self._verified_body(request)
            return self._answer(200, ledger.transfer(out_bill_no))

        def shown(notification: SignedNotification, delivery: Delivery | None) -> dict[str, Any]:
            return {"event_id": notification.event_id, "headers": notification.headers,
                    "body": notification.body.decode(), "delivery": asdict(delivery) if delivery else None}

        @app.post("/fake/pay/{out_trade_no}")
        async def fake_pay(out_trade_no: str, deliver: bool = True) -> dict[str, Any]:
            return shown(*await self.pay(out_trade_no, deliver=deliver))

        @app.post("/fake/refund-complete/{out_refund_no}")
        async def fake_refund_complete(out_refund_no: str, status: str = "SUCCESS",
                                       deliver: bool = True) -> dict[str, Any]:
            if status not in ("SUCCESS", "CLOSED", "ABNORMAL"):
                raise LedgerError(400, "PARAM_ERROR", "status 须为 SUCCESS、CLOSED 或 ABNORMAL")
            return shown(*await self.complete_refund(out_refund_no, status, deliver=deliver))

        @app.post("/fake/transfer-confirm/{out_bill_no}")
        async def fake_transfer_confirm(out_bill_no: str, state: str = "SUCCESS",
                                        deliver: bool = True) -> dict[str, Any]:
            if state not in ("SUCCESS", "FAIL"):
                raise LedgerError(400, "PARAM_ERROR", "state 须为 SUCCESS 或 FAIL")
            return shown(*await self.confirm_transfer(out_bill_no, state, deliver=deliver))

        @app.get("/fake/deliveries")
        async def deliveries() -> list[dict[str, Any]]:
            return [asdict(delivery) for delivery in self.deliveries]

        return app


def main() -> None:
    parser = argparse.ArgumentParser(description="A local fake of WeChat Pay API v3")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--mchid", required=True)
    parser.add_argument("--appid", required=True)
    parser.add_argument("--merchant-serial", required=True)
    parser.add_argument("--merchant-public-key", type=Path, required=True, help="PEM file")
    parser.add_argument("--platform-private-key", type=Path, required=True, help="PEM file")
    parser.add_argument("--platform-serial", default=DEFAULT_PLATFORM_SERIAL)
    parser.add_argument("--apiv3-key", required=True)
    args = parser.parse_args()
    fake = FakeWeChatPay(mchid=args.mchid, appid=args.appid, merchant_serial_no=args.merchant_serial,
                         merchant_public_key_pem=args.merchant_public_key.read_text(), apiv3_key=args.apiv3_key,
                         platform_private_key_pem=args.platform_private_key.read_text(),
                         platform_serial=args.platform_serial)
    uvicorn.run(fake.app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
