"""The sandbox provider of the embedded default: no network, no real money.

It keeps orders, refunds and transfers in memory (``SandboxLedger``, which speaks WeChat Pay's JSON
shapes and rules and is also the state of the local fake WeChat Pay server) and produces notifications
in exactly WeChat Pay's wire format: an AES-256-GCM encrypted resource, signed with a sandbox platform
key.  They are parsed by the same ``NotificationVerifier`` as real ones, so the notify route, replays
and forgeries behave the same in both modes.

- ``prepare`` answers parameters shaped like ``wx.requestPayment``'s (signed with the sandbox key);
  the mini-program cannot pay them, it calls the service's sandbox route instead, which calls
  ``pay(out_trade_no)`` and feeds the returned notification through the notify path.
- ``refund`` succeeds at once; ``refund_notification`` gives the matching ``REFUND.SUCCESS``.
- ``transfer`` succeeds at once, unless ``transfer_requires_confirmation``: then it waits for the user
  like the real API, and ``confirm_transfer`` plays the user's confirmation.

The keys are made per process unless configured, so a notification verifies only in the process that
made it: run one process per service in the embedded default, or configure ``platform_private_key_pem``
and ``apiv3_key`` for several.  The ledger is per process too; after a restart a refund of an order the
sandbox no longer knows is accepted on the caller's word (``total_fen``).
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import BaseModel, SecretStr

from common.clock import BUSINESS_TZ, now
from common.payments.provider import (
    Notification,
    PaymentError,
    PaymentParams,
    PaymentProvider,
    PaymentStatus,
    RefundResult,
    SignedNotification,
    TradeState,
    TransferResult,
)
from common.payments.wechatpay import (
    NotificationVerifier,
    build_notification,
    load_private_key,
    payment_status_from,
    public_key_pem,
    random_nonce,
    refund_result_from,
    rsa_sign,
    transfer_result_from,
)
from common.randomtext import random_text


class SandboxSettings(BaseModel):
    mchid: str = "1900000000"
    appid: str = "wx0000000000000000"
    platform_serial: str = "PUB_KEY_ID_SANDBOX"
    platform_private_key_pem: SecretStr = SecretStr("")  # empty: a fresh key per process
    apiv3_key: SecretStr = SecretStr("")  # empty: a fresh key per process
    transfer_requires_confirmation: bool = False


class LedgerError(Exception):
    """A request WeChat Pay would refuse, with its HTTP status and error code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def _stamp(at: datetime | None = None) -> str:
    return (at or now()).astimezone(BUSINESS_TZ).isoformat(timespec="seconds")


def _digits(count: int) -> str:
    return random_text("0123456789", count)


def _require(body: Mapping[str, Any], *names: str) -> None:
    for name in names:
        if body.get(name) in (None, ""):
            raise LedgerError(400, "PARAM_ERROR", f"缺少参数 {name}")


def _amount(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise LedgerError(400, "PARAM_ERROR", f"{name} 必须为正整数(分)")
    return value


@dataclass
class _Order:
    request: dict[str, Any]
    prepay_id: str
    state: str = "NOTPAY"
    transaction_id: str | None = None
    paid_at: datetime | None = None
    refunded_fen: int = 0

    @property
    def total(self) -> int:
        return int(self.request["amount"]["total"])


@dataclass
class _Refund:
    request: dict[str, Any]
    refund_id: str
    transaction_id: str | None
    created_at: datetime
    status: str = "PROCESSING"
    succeeded_at: datetime | None = None


@dataclass
class _Transfer:
    request: dict[str, Any]
    transfer_bill_no: str
    created_at: datetime
    state: str
    updated_at: datetime
    package_info: str | None = None
    fail_reason: str | None = None


@dataclass
class SandboxLedger:
    """WeChat Pay's books for one merchant, in memory, answering in WeChat Pay's JSON shapes."""

    mchid: str
    appid: str
    orders: dict[str, _Order] = field(default_factory=dict)
    refunds: dict[str, _Refund] = field(default_factory=dict)
    transfers: dict[str, _Transfer] = field(default_factory=dict)

    # payments

    def create_order(self, body: dict[str, Any]) -> dict[str, Any]:
        _require(body, "appid", "mchid", "description", "out_trade_no", "notify_url", "amount", "payer")
        if body["appid"] != self.appid or body["mchid"] != self.mchid:
            raise LedgerError(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
        _amount(body["amount"].get("total"), "amount.total")
        if body["amount"].get("currency", "CNY") != "CNY" or not body["payer"].get("openid"):
            raise LedgerError(400, "PARAM_ERROR", "amount.currency 或 payer.openid 不正确")
        order = self.orders.get(body["out_trade_no"])
        if order is not None:
            if order.state == "CLOSED":
                raise LedgerError(400, "ORDER_CLOSED", "订单已关闭")
            if order.state != "NOTPAY" or order.request != body:
                raise LedgerError(403, "OUT_TRADE_NO_USED", "商户订单号重复")
            return {"prepay_id": order.prepay_id}
        prepay_id = f"wx{now().astimezone(BUSINESS_TZ):%d%H%M%S}{secrets.token_hex(13)}"
        self.orders[body["out_trade_no"]] = _Order(request=dict(body), prepay_id=prepay_id)
        return {"prepay_id": prepay_id}

    def _order(self, out_trade_no: str) -> _Order:
        order = self.orders.get(out_trade_no)
        if order is None:
            raise LedgerError(404, "ORDER_NOT_EXIST", "订单不存在")
        return order

    def order(self, out_trade_no: str) -> dict[str, Any]:
        order = self._order(out_trade_no)
        request, total = order.request, order.total
        answer: dict[str, Any] = {
            "appid": request["appid"], "mchid": request["mchid"], "out_trade_no": out_trade_no,
            "trade_type": "JSAPI", "trade_state": order.state, "trade_state_desc": _TRADE_DESC[order.state],
            "payer": {"openid": request["payer"]["openid"]}, "amount": {"total": total, "currency": "CNY"}}
        if request.get("attach"):
            answer["attach"] = request["attach"]
        if order.transaction_id:
            answer.update(transaction_id=order.transaction_id, bank_type="OTHERS", success_time=_stamp(order.paid_at))
            answer["amount"].update(payer_total=total, payer_currency="CNY")
        return answer

    def close_order(self, out_trade_no: str) -> None:
        order = self._order(out_trade_no)
        if order.state in ("SUCCESS", "REFUND"):
            raise LedgerError(400, "ORDERPAID", "订单已支付")
        order.state = "CLOSED"

    def pay(self, out_trade_no: str) -> dict[str, Any]:
        """The payer pays: the decrypted resource of the ``TRANSACTION.SUCCESS`` notification."""
        order = self._order(out_trade_no)
        if order.state == "CLOSED":
            raise LedgerError(400, "ORDER_CLOSED", "订单已关闭")
        if order.state == "NOTPAY":
            order.state, order.transaction_id, order.paid_at = "SUCCESS", f"4200{_digits(24)}", now()
        return self.order(out_trade_no)

    def adopt_paid(self, out_trade_no: str, total_fen: int, openid: str = "sandbox-payer") -> None:
        """Record an order paid elsewhere (a sandbox restarted since): refunds of it then work."""
        if out_trade_no not in self.orders:
            request = {"appid": self.appid, "mchid": self.mchid, "out_trade_no": out_trade_no,
                       "amount": {"total": total_fen, "currency": "CNY"}, "payer": {"openid": openid}}
            self.orders[out_trade_no] = _Order(request=request, prepay_id="", state="SUCCESS",
                                               transaction_id=f"4200{_digits(24)}", paid_at=now())

    # refunds

    def create_refund(self, body: dict[str, Any]) -> dict[str, Any]:
        _require(body, "out_trade_no", "out_refund_no", "amount")
        refund_fen = _amount(body["amount"].get("refund"), "amount.refund")
        total_fen = _amount(body["amount"].get("total"), "amount.total")
        existing = self.refunds.get(body["out_refund_no"])
        if existing is not None:
            if (existing.request["out_trade_no"], existing.request["amount"]) != (body["out_trade_no"], body["amount"]):
                raise LedgerError(400, "INVALID_REQUEST", "退款单号已存在,且退款参数与原请求不一致")
            return self.refund(body["out_refund_no"])
        order = self.orders.get(body["out_trade_no"])
        if order is None or order.state not in ("SUCCESS", "REFUND"):
            raise LedgerError(404, "RESOURCE_NOT_EXISTS", "订单不存在或未支付")
        if total_fen != order.total:
            raise LedgerError(400, "INVALID_REQUEST", "订单金额与原订单不一致")
        if refund_fen > order.total - order.refunded_fen:
            raise LedgerError(403, "NOT_ENOUGH", "申请退款金额超过订单可退金额")
        order.refunded_fen += refund_fen
        order.state = "REFUND"
        self.refunds[body["out_refund_no"]] = _Refund(request=dict(body), refund_id=f"50{_digits(28)}",
                                                      transaction_id=order.transaction_id, created_at=now())
        return self.refund(body["out_refund_no"])

    def _refund(self, out_refund_no: str) -> _Refund:
        refund = self.refunds.get(out_refund_no)
        if refund is None:
            raise LedgerError(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
        return refund

    def refund(self, out_refund_no: str) -> dict[str, Any]:
        refund = self._refund(out_refund_no)
        amount = refund.request["amount"]
        answer: dict[str, Any] = {
            "refund_id": refund.refund_id, "out_refund_no": out_refund_no,
            "transaction_id": refund.transaction_id, "out_trade_no": refund.request["out_trade_no"],
            "channel": "ORIGINAL", "user_received_account": "支付用户零钱", "create_time": _stamp(refund.created_at),
            "status": refund.status, "funds_account": "AVAILABLE",
            "amount": {"total": amount["total"], "refund": amount["refund"], "payer_total": amount["total"],
                       "payer_refund": amount["refund"], "settlement_total": amount["total"],
                       "settlement_refund": amount["refund"], "discount_refund": 0, "currency": "CNY", "from": []}}
        if refund.succeeded_at:
            answer["success_time"] = _stamp(refund.succeeded_at)
        return answer

    def complete_refund(self, out_refund_no: str, status: str = "SUCCESS") -> dict[str, Any]:
        """The refund reaches a final status: the decrypted resource of its ``REFUND.*`` notification."""
        refund = self._refund(out_refund_no)
        if refund.status == "PROCESSING":
            refund.status = status
            refund.succeeded_at = now() if status == "SUCCESS" else None
        answer = self.refund(out_refund_no)
        plain = {"mchid": self.mchid, **{k: answer[k] for k in ("out_trade_no", "transaction_id", "out_refund_no",
                                                                "refund_id", "user_received_account")},
                 "refund_status": answer["status"],
                 "amount": {k: answer["amount"][k] for k in ("total", "refund", "payer_total", "payer_refund")}}
        if "success_time" in answer:
            plain["success_time"] = answer["success_time"]
        return plain

    # transfers

    def create_transfer(self, body: dict[str, Any], *, requires_confirmation: bool = True) -> dict[str, Any]:
        _require(body, "appid", "out_bill_no", "transfer_scene_id", "openid", "transfer_amount", "transfer_remark")
        _amount(body["transfer_amount"], "transfer_amount")
        if body["appid"] != self.appid:
            raise LedgerError(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
        if not body.get("transfer_scene_report_infos"):
            raise LedgerError(400, "PARAM_ERROR", "需传入转账场景报备信息,请检查")
        existing = self.transfers.get(body["out_bill_no"])
        if existing is not None:
            if existing.request != body:
                raise LedgerError(400, "INVALID_REQUEST", "商户单号已存在,且参数与原请求不一致")
        else:
            at = now()
            existing = _Transfer(request=dict(body), transfer_bill_no=f"1330{_digits(30)}", created_at=at,
                                 updated_at=at, state="WAIT_USER_CONFIRM" if requires_confirmation else "SUCCESS")
            if requires_confirmation:
                existing.package_info = base64.b64encode(secrets.token_bytes(48)).decode()
            self.transfers[body["out_bill_no"]] = existing
        answer = {"out_bill_no": body["out_bill_no"], "transfer_bill_no": existing.transfer_bill_no,
                  "create_time": _stamp(existing.created_at), "state": existing.state}
        if existing.state == "WAIT_USER_CONFIRM":
            answer["package_info"] = existing.package_info
        return answer

    def transfer(self, out_bill_no: str) -> dict[str, Any]:
        bill = self.transfers.get(out_bill_no)
        if bill is None:
            raise LedgerError(404, "NOT_FOUND", "记录不存在")
        request = bill.request
        answer = {"mch_id": self.mchid, "out_bill_no": out_bill_no, "transfer_bill_no": bill.transfer_bill_no,
                  "appid": request["appid"], "state": bill.state, "transfer_amount": request["transfer_amount"],
                  "transfer_remark": request["transfer_remark"], "openid": request["openid"],
                  "create_time": _stamp(bill.created_at), "update_time": _stamp(bill.updated_at)}
        if bill.fail_reason:
            answer["fail_reason"] = bill.fail_reason
        return answer

    def finish_transfer(self, out_bill_no: str, state: str = "SUCCESS",
                        fail_reason: str | None = None) -> dict[str, Any]:
        """The user confirms (or the transfer fails): the resource of ``MCHTRANSFER.BILL.FINISHED``."""
        if out_bill_no not in self.transfers:
            raise LedgerError(404, "NOT_FOUND", "记录不存在")
        bill = self.transfers[out_bill_no]
        if bill.state not in ("SUCCESS", "FAIL", "CANCELLED"):
            bill.state, bill.updated_at, bill.package_info = state, now(), None
            bill.fail_reason = fail_reason if state == "FAIL" else None
        answer = self.transfer(out_bill_no)
        answer.pop("transfer_remark")
        answer.pop("appid")
        return answer


_TRADE_DESC = {"NOTPAY": "未支付", "SUCCESS": "支付成功", "REFUND": "转入退款", "CLOSED": "已关闭"}


def _as_payment_error(exc: LedgerError) -> PaymentError:
    return PaymentError(exc.code, exc.message, http_status=exc.status)


class SandboxProvider(PaymentProvider):
    """Payments that succeed on request, through WeChat Pay's own notification format."""

    name = "sandbox"

    def __init__(self, settings: SandboxSettings | None = None) -> None:
        self.settings = settings = settings or SandboxSettings()
        pem = settings.platform_private_key_pem.get_secret_value()
        self._key = load_private_key(pem) if pem else rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._apiv3_key = (settings.apiv3_key.get_secret_value() or secrets.token_hex(16)).encode()
        self.ledger = SandboxLedger(mchid=settings.mchid, appid=settings.appid)
        self.verifier = NotificationVerifier({settings.platform_serial: self._key.public_key()}, self._apiv3_key,
                                             mchid=settings.mchid, appid=settings.appid)

    @property
    def public_key_pem(self) -> str:
        return public_key_pem(self._key)

    def _notification(self, event_type: str, original_type: str, resource: Mapping[str, Any]) -> SignedNotification:
        return build_notification(self._key, self.settings.platform_serial, self._apiv3_key, event_type=event_type,
                                  original_type=original_type, resource=resource)

    async def prepare(self, *, out_trade_no: str, amount_fen: int, description: str, payer_openid: str,
                      expires_at: datetime | None = None, attach: str | None = None) -> PaymentParams:
        body: dict[str, Any] = {"appid": self.settings.appid, "mchid": self.settings.mchid,
                                "description": description, "out_trade_no": out_trade_no, "notify_url": "sandbox:",
                                "amount": {"total": amount_fen, "currency": "CNY"}, "payer": {"openid": payer_openid}}
        if attach:
            body["attach"] = attach
        try:
            prepay_id = self.ledger.create_order(body)["prepay_id"]
        except LedgerError as exc:
            raise _as_payment_error(exc) from exc
        timestamp, nonce, package = str(int(now().timestamp())), random_nonce(32), f"prepay_id={prepay_id}"
        signature = rsa_sign(self._key, f"{self.settings.appid}\n{timestamp}\n{nonce}\n{package}\n".encode())
        return PaymentParams(app_id=self.settings.appid, time_stamp=timestamp, nonce_str=nonce, package=package,
                             pay_sign=signature, out_trade_no=out_trade_no)

    def pay(self, out_trade_no: str, *, amount_fen: int | None = None, payer_openid: str | None = None
            ) -> SignedNotification:
        """Play the payer paying; returns the ``TRANSACTION.SUCCESS`` notification to feed to the notify
        path.  Without a prepared order (a restarted sandbox) ``amount_fen`` and ``payer_openid`` create it."""
        try:
            if out_trade_no not in self.ledger.orders and amount_fen is not None and payer_openid:
                self.ledger.create_order({"appid": self.settings.appid, "mchid": self.settings.mchid,
                                          "description": "sandbox", "out_trade_no": out_trade_no,
                                          "notify_url": "sandbox:", "amount": {"total": amount_fen, "currency": "CNY"},
                                          "payer": {"openid": payer_openid}})
            resource = self.ledger.pay(out_trade_no)
        except LedgerError as exc:
            raise _as_payment_error(exc) from exc
        return self._notification("TRANSACTION.SUCCESS", "transaction", resource)

    async def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        return self.verifier.parse(headers, body)

    async def query(self, out_trade_no: str) -> PaymentStatus:
        if out_trade_no not in self.ledger.orders:
            return PaymentStatus(out_trade_no=out_trade_no, state=TradeState.NOT_FOUND)
        return payment_status_from(self.ledger.order(out_trade_no))

    async def close(self, out_trade_no: str) -> None:
        try:
            self.ledger.close_order(out_trade_no)
        except LedgerError as exc:
            raise _as_payment_error(exc) from exc

    async def refund(self, *, out_trade_no: str, out_refund_no: str, amount_fen: int, total_fen: int,
                     reason: str | None = None) -> RefundResult:
        self.ledger.adopt_paid(out_trade_no, total_fen)
        body = {"out_trade_no": out_trade_no, "out_refund_no": out_refund_no,
                "amount": {"refund": amount_fen, "total": total_fen, "currency": "CNY"}}
        try:
            self.ledger.create_refund(body)
        except LedgerError as exc:
            raise _as_payment_error(exc) from exc
        self.ledger.complete_refund(out_refund_no)
        return refund_result_from(self.ledger.refund(out_refund_no))

    def refund_notification(self, out_refund_no: str) -> SignedNotification:
        """The ``REFUND.*`` notification of a refund."""
        try:
            resource = self.ledger.complete_refund(out_refund_no)
        except LedgerError as exc:
            raise _as_payment_error(exc) from exc
        return self._notification(f"REFUND.{resource['refund_status']}", "refund", resource)

    async def query_refund(self, out_refund_no: str) -> RefundResult:
        try:
            return refund_result_from(self.ledger.refund(out_refund_no))
        except LedgerError as exc:
            raise _as_payment_error(exc) from exc

    async def transfer(self, *, out_bill_no: str, openid: str, amount_fen: int, remark: str) -> TransferResult:
        body = {"appid": self.settings.appid, "out_bill_no": out_bill_no, "transfer_scene_id": "1005",
                "openid": openid, "transfer_amount": amount_fen, "transfer_remark": remark[:32],
                "transfer_scene_report_infos": [{"info_type": "报酬说明", "info_content": "sandbox"}]}
        try:
            answer = self.ledger.create_transfer(
                body, requires_confirmation=self.settings.transfer_requires_confirmation)
        except LedgerError as exc:
            raise _as_payment_error(exc) from exc
        return transfer_result_from({"transfer_amount": amount_fen, "openid": openid, **answer})

    def confirm_transfer(self, out_bill_no: str, *, succeed: bool = True) -> SignedNotification:
        """Play the user confirming (or the transfer failing); returns ``MCHTRANSFER.BILL.FINISHED``.
        For a transfer that already reached a final state it returns that state's notification."""
        try:
            resource = self.ledger.finish_transfer(out_bill_no, "SUCCESS" if succeed else "FAIL",
                                                   None if succeed else "PAYEE_ACCOUNT_ABNORMAL")
        except LedgerError as exc:
            raise _as_payment_error(exc) from exc
        return self._notification("MCHTRANSFER.BILL.FINISHED", "mch_payment", resource)

    async def query_transfer(self, out_bill_no: str) -> TransferResult:
        try:
            return transfer_result_from(self.ledger.transfer(out_bill_no))
        except LedgerError as exc:
            raise _as_payment_error(exc) from exc
