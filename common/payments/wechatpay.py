"""WeChat Pay API v3 (direct merchant): JSAPI/mini-program prepay, order query and close, refunds,
merchant transfers, and the verification and decryption of notifications.

The protocol, as documented by WeChat Pay:

- Every request carries ``Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",
  signature="…",timestamp="…",serial_no="…"``; the signature is RSA-SHA256 (PKCS#1 v1.5) with the
  merchant API private key over ``METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nBODY\\n`` (the body is
  empty for GET), base64-encoded.
- Responses and notifications carry ``Wechatpay-Timestamp``, ``Wechatpay-Nonce``,
  ``Wechatpay-Signature`` and ``Wechatpay-Serial``; the signature is over ``TIMESTAMP\\nNONCE\\nBODY\\n``
  (the raw body bytes) with the WeChat Pay platform key named by the serial: a platform certificate
  serial, or a WeChat Pay public key id (``PUB_KEY_ID_…``).  A 2xx response without a valid signature
  is treated as forged.  Timestamps more than five minutes away from our clock are refused (replay).
  WeChat deliberately sends probe notifications whose signature starts with ``WECHATPAY/SIGNTEST/``;
  they simply fail verification.
- A notification body is ``{id, create_time, event_type, resource_type: "encrypt-resource",
  resource: {algorithm: "AEAD_AES_256_GCM", ciphertext, associated_data, nonce, original_type},
  summary}``; the ciphertext (base64, tag appended) is decrypted with the 32-byte APIv3 key, the
  12-byte nonce and the associated data, all taken as UTF-8 strings.  The merchant answers 200 or 204
  with no body when it took the notification, 4xx/5xx with ``{"code": "FAIL", "message": …}`` when
  WeChat should retry (15 s, 15 s, 30 s, 3 min, … for about a day).
- ``wx.requestPayment`` gets ``appId, timeStamp, nonceStr, package="prepay_id=…", signType="RSA",
  paySign``; paySign is RSA-SHA256 with the merchant key over ``APPID\\nTIMESTAMP\\nNONCE\\nPACKAGE\\n``.

Payouts use the current merchant transfer API (商家转账, ``POST /v3/fund-app/mch-transfer/
transfer-bills``), which replaced the batch "transfer to balance" API (``/v3/transfer/batches``) for
new merchants in 2025.  A transfer normally answers ``WAIT_USER_CONFIRM`` with a ``package_info``:
the user confirms receipt in the mini-program (``wx.requestMerchantTransfer``), then
``MCHTRANSFER.BILL.FINISHED`` is notified.  The scene (``transfer_scene_id``, default 1005 佣金报酬)
and its report fields must match what the merchant applied for on the merchant platform.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import string
import uuid
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel, Field, SecretStr

from common.clock import BUSINESS_TZ, now
from common.payments.provider import (
    Notification,
    NotificationKind,
    NotificationRejected,
    PaymentError,
    PaymentParams,
    PaymentProvider,
    PaymentStatus,
    RefundResult,
    RefundState,
    SignedNotification,
    TradeState,
    TransferResult,
    TransferState,
)
from common.randomtext import random_text

AUTH_SCHEME = "WECHATPAY2-SHA256-RSA2048"
AEAD_ALGORITHM = "AEAD_AES_256_GCM"
MAX_SKEW_S = 300
TRANSFER_USER_NAME_THRESHOLD_FEN = 200_000  # from ¥2,000 the payee's (encrypted) real name is required

EVENT_SUMMARIES = {
    "TRANSACTION.SUCCESS": "支付成功",
    "REFUND.SUCCESS": "退款成功",
    "REFUND.CLOSED": "退款关闭",
    "REFUND.ABNORMAL": "退款异常",
    "MCHTRANSFER.BILL.FINISHED": "商家转账单据终态通知",
}

_TRADE_STATES = {"SUCCESS": TradeState.PAID, "REFUND": TradeState.REFUNDED, "NOTPAY": TradeState.NOT_PAID,
                 "CLOSED": TradeState.CLOSED, "REVOKED": TradeState.REVOKED, "USERPAYING": TradeState.PAYING,
                 "PAYERROR": TradeState.FAILED}
_REFUND_STATES = {"SUCCESS": RefundState.SUCCEEDED, "CLOSED": RefundState.CLOSED,
                  "PROCESSING": RefundState.PROCESSING, "ABNORMAL": RefundState.ABNORMAL}
_TRANSFER_STATES = {"ACCEPTED": TransferState.ACCEPTED, "PROCESSING": TransferState.PROCESSING,
                    "WAIT_USER_CONFIRM": TransferState.WAIT_USER_CONFIRM,
                    "TRANSFERING": TransferState.TRANSFERRING, "SUCCESS": TransferState.SUCCEEDED,
                    "FAIL": TransferState.FAILED, "CANCELING": TransferState.CANCELING,
                    "CANCELLED": TransferState.CANCELLED}
_REFUND_KINDS = {"SUCCESS": NotificationKind.REFUNDED, "CLOSED": NotificationKind.REFUND_CLOSED,
                 "ABNORMAL": NotificationKind.REFUND_ABNORMAL}


class WeChatPaySettings(BaseModel):
    """A direct merchant's WeChat Pay v3 credentials.  PEM values may also be a path to a PEM file."""

    base_url: str = "https://api.mch.weixin.qq.com"
    mchid: str = ""
    appid: str = ""
    merchant_serial_no: str = ""
    merchant_private_key_pem: SecretStr = SecretStr("")
    apiv3_key: SecretStr = SecretStr("")
    platform_public_keys: dict[str, str] = Field(
        default_factory=dict,
        description="WeChat Pay public key id (PUB_KEY_ID_…) or platform certificate serial → PEM public key "
                    "or certificate; the first is named in the Wechatpay-Serial request header")
    notify_url: str = ""
    refund_notify_url: str = ""  # empty: notify_url
    transfer_notify_url: str = ""  # empty: notify_url
    transfer_scene_id: str = "1005"  # 佣金报酬: commissions and rewards paid to promoters and group leaders
    transfer_report_infos: dict[str, str] = Field(
        default_factory=lambda: {"岗位类型": "社区团购推广员", "报酬说明": "推广佣金提现"})
    transfer_user_recv_perception: str | None = None  # None: the scene's default wording
    timeout_s: float = Field(10.0, gt=0)
    max_clock_skew_s: int = Field(MAX_SKEW_S, ge=1)

    def missing(self) -> list[str]:
        """The settings a working configuration still lacks."""
        required = {"mchid": self.mchid, "appid": self.appid, "merchant_serial_no": self.merchant_serial_no,
                    "merchant_private_key_pem": self.merchant_private_key_pem.get_secret_value(),
                    "apiv3_key": self.apiv3_key.get_secret_value(), "platform_public_keys": self.platform_public_keys,
                    "notify_url": self.notify_url}
        found = [name for name, value in required.items() if not value]
        if self.apiv3_key.get_secret_value() and len(self.apiv3_key.get_secret_value().encode()) != 32:
            found.append("apiv3_key (must be 32 bytes)")
        return found


# --- keys, signatures, encryption ---------------------------------------------------------------------


def _pem_text(value: str) -> bytes:
    return (value if "-----BEGIN" in value else Path(value).read_text()).encode()


def load_private_key(pem: str) -> RSAPrivateKey:
    key = serialization.load_pem_private_key(_pem_text(pem), password=None)
    if not isinstance(key, RSAPrivateKey):
        raise ValueError("the merchant API key must be an RSA private key")
    return key


def load_public_key(pem: str) -> RSAPublicKey:
    """A WeChat Pay public key, or the public key of a platform certificate."""
    data = _pem_text(pem)
    if b"BEGIN CERTIFICATE" in data:
        key = x509.load_pem_x509_certificate(data).public_key()
    else:
        key = serialization.load_pem_public_key(data)
    if not isinstance(key, RSAPublicKey):
        raise ValueError("WeChat Pay platform keys must be RSA keys")
    return key


def public_key_pem(key: RSAPrivateKey | RSAPublicKey) -> str:
    public = key.public_key() if isinstance(key, RSAPrivateKey) else key
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def private_key_pem(key: RSAPrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def rsa_sign(key: RSAPrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()


def rsa_verify(key: RSAPublicKey, message: bytes, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature, validate=True), message, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def random_nonce(length: int = 32) -> str:
    return random_text(string.ascii_letters + string.digits, length)


def request_message(method: str, path_with_query: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    return f"{method}\n{path_with_query}\n{timestamp}\n{nonce}\n".encode() + body + b"\n"


def response_message(timestamp: str, nonce: str, body: bytes) -> bytes:
    return f"{timestamp}\n{nonce}\n".encode() + body + b"\n"


def build_authorization(key: RSAPrivateKey, *, mchid: str, serial_no: str, method: str, path_with_query: str,
                        body: bytes, timestamp: int | None = None, nonce: str | None = None) -> str:
    timestamp_s = str(timestamp if timestamp is not None else int(now().timestamp()))
    nonce = nonce or uuid.uuid4().hex.upper()
    signature = rsa_sign(key, request_message(method, path_with_query, timestamp_s, nonce, body))
    return (f'{AUTH_SCHEME} mchid="{mchid}",nonce_str="{nonce}",signature="{signature}",'
            f'timestamp="{timestamp_s}",serial_no="{serial_no}"')


def signature_headers(key: RSAPrivateKey, serial: str, body: bytes, *, timestamp: int | None = None) -> dict[str, str]:
    """The headers with which WeChat Pay signs a response or a notification."""
    timestamp_s = str(timestamp if timestamp is not None else int(now().timestamp()))
    nonce = secrets.token_hex(16)
    return {"Wechatpay-Timestamp": timestamp_s, "Wechatpay-Nonce": nonce, "Wechatpay-Serial": serial,
            "Wechatpay-Signature": rsa_sign(key, response_message(timestamp_s, nonce, body)),
            "Wechatpay-Signature-Type": AUTH_SCHEME}


def aead_encrypt(apiv3_key: bytes, plaintext: bytes, associated_data: str) -> dict[str, str]:
    nonce = random_nonce(12)
    sealed = AESGCM(apiv3_key).encrypt(nonce.encode(), plaintext, associated_data.encode())
    return {"algorithm": AEAD_ALGORITHM, "ciphertext": base64.b64encode(sealed).decode(),
            "associated_data": associated_data, "nonce": nonce}


def aead_decrypt(apiv3_key: bytes, resource: Mapping[str, Any]) -> bytes:
    if resource.get("algorithm") != AEAD_ALGORITHM:
        raise NotificationRejected(f"unsupported resource algorithm {resource.get('algorithm')!r}")
    try:
        sealed = base64.b64decode(str(resource["ciphertext"]), validate=True)
        return AESGCM(apiv3_key).decrypt(str(resource["nonce"]).encode(), sealed,
                                         str(resource.get("associated_data") or "").encode())
    except (KeyError, binascii.Error, ValueError, InvalidTag) as exc:
        raise NotificationRejected("the resource does not decrypt (ciphertext, tag or associated data)") from exc


def build_notification(key: RSAPrivateKey, serial: str, apiv3_key: bytes, *, event_type: str, original_type: str,
                       resource: Mapping[str, Any], timestamp: int | None = None) -> SignedNotification:
    """A notification exactly as WeChat Pay sends it: encrypted resource, signed headers."""
    at = now()
    plaintext = json.dumps(resource, ensure_ascii=False, separators=(",", ":")).encode()
    event_id = str(uuid.uuid4())
    envelope = {"id": event_id, "create_time": at.astimezone(BUSINESS_TZ).isoformat(timespec="seconds"),
                "resource_type": "encrypt-resource", "event_type": event_type,
                "summary": EVENT_SUMMARIES.get(event_type, event_type),
                "resource": {**aead_encrypt(apiv3_key, plaintext, original_type), "original_type": original_type}}
    body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", **signature_headers(key, serial, body, timestamp=timestamp)}
    return SignedNotification(headers=headers, body=body, event_id=event_id)


def verify_signed(headers: Mapping[str, str], body: bytes, keys: Mapping[str, RSAPublicKey], *,
                  max_skew_s: int = MAX_SKEW_S) -> str:
    """Check a WeChat Pay signature (response or notification); returns the key serial used."""
    lowered = {name.lower(): value for name, value in headers.items()}
    timestamp = lowered.get("wechatpay-timestamp", "")
    nonce = lowered.get("wechatpay-nonce", "")
    signature = lowered.get("wechatpay-signature", "")
    serial = lowered.get("wechatpay-serial", "")
    if not (timestamp and nonce and signature and serial):
        raise NotificationRejected("missing Wechatpay signature headers")
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise NotificationRejected("malformed Wechatpay-Timestamp")
    if abs(now().timestamp() - int(timestamp)) > max_skew_s:
        raise NotificationRejected("Wechatpay-Timestamp is outside the allowed clock skew")
    key = keys.get(serial)
    if key is None:
        raise NotificationRejected(f"unknown Wechatpay-Serial {serial!r}")
    if not rsa_verify(key, response_message(timestamp, nonce, body), signature):
        raise NotificationRejected("the Wechatpay-Signature does not verify")
    return serial


# --- WeChat's JSON → our results ------------------------------------------------------------------


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _state(table: Mapping[str, Any], value: Any, what: str) -> Any:
    if value not in table:
        raise PaymentError("BAD_RESPONSE", f"unknown {what} {value!r}", outcome_unknown=True)
    return table[value]


def payment_status_from(data: Mapping[str, Any]) -> PaymentStatus:
    amount = data.get("amount") or {}
    return PaymentStatus(
        out_trade_no=str(data["out_trade_no"]), state=_state(_TRADE_STATES, data.get("trade_state"), "trade_state"),
        transaction_id=data.get("transaction_id") or None, amount_fen=_int(amount.get("total")),
        payer_total_fen=_int(amount.get("payer_total")), payer_openid=(data.get("payer") or {}).get("openid"),
        paid_at=_time(data.get("success_time")))


def refund_result_from(data: Mapping[str, Any]) -> RefundResult:
    amount = data.get("amount") or {}
    return RefundResult(
        out_refund_no=str(data["out_refund_no"]), refund_id=str(data["refund_id"]),
        out_trade_no=str(data["out_trade_no"]), transaction_id=data.get("transaction_id") or None,
        state=_state(_REFUND_STATES, data.get("status"), "refund status"), amount_fen=int(amount["refund"]),
        total_fen=int(amount["total"]), payer_refund_fen=_int(amount.get("payer_refund")),
        account=data.get("user_received_account"), created_at=_time(data.get("create_time")),
        succeeded_at=_time(data.get("success_time")))


def transfer_result_from(data: Mapping[str, Any]) -> TransferResult:
    return TransferResult(
        out_bill_no=str(data["out_bill_no"]), transfer_bill_no=data.get("transfer_bill_no"),
        state=_state(_TRANSFER_STATES, data.get("state"), "transfer state"),
        amount_fen=_int(data.get("transfer_amount")), openid=data.get("openid"),
        package_info=data.get("package_info"), fail_reason=data.get("fail_reason"),
        created_at=_time(data.get("create_time")), updated_at=_time(data.get("update_time")))


class NotificationVerifier:
    """Turns a notification's headers and raw body into a ``Notification``, or rejects it."""

    def __init__(self, platform_keys: Mapping[str, RSAPublicKey], apiv3_key: bytes, *, mchid: str = "",
                 appid: str = "", max_skew_s: int = MAX_SKEW_S) -> None:
        if len(apiv3_key) != 32:
            raise ValueError("the APIv3 key must be 32 bytes")
        self.platform_keys = dict(platform_keys)
        self.apiv3_key = apiv3_key
        self.mchid = mchid
        self.appid = appid
        self.max_skew_s = max_skew_s

    def parse(self, headers: Mapping[str, str], body: bytes) -> Notification:
        verify_signed(headers, body, self.platform_keys, max_skew_s=self.max_skew_s)
        try:
            envelope = json.loads(body)
            event_id, event_type = str(envelope["id"]), str(envelope["event_type"])
            resource = envelope["resource"]
        except (ValueError, KeyError, TypeError) as exc:
            raise NotificationRejected("malformed notification body") from exc
        if envelope.get("resource_type") != "encrypt-resource" or not isinstance(resource, dict):
            raise NotificationRejected("the notification resource is not an encrypt-resource")
        try:
            plain = json.loads(aead_decrypt(self.apiv3_key, resource))
        except ValueError as exc:
            raise NotificationRejected("the decrypted resource is not JSON") from exc
        if not isinstance(plain, dict):
            raise NotificationRejected("the decrypted resource is not an object")
        self._check_merchant(plain)
        common = {"event_id": event_id, "event_type": event_type, "created_at": _time(envelope.get("create_time")),
                  "summary": str(envelope.get("summary") or ""), "resource": plain}
        try:
            return Notification(**common, **self._facts(event_type, plain))
        except (KeyError, TypeError, ValueError) as exc:
            raise NotificationRejected(f"malformed {event_type} resource") from exc

    def _check_merchant(self, plain: Mapping[str, Any]) -> None:
        mchid = plain.get("mchid") or plain.get("mch_id")
        if self.mchid and mchid and mchid != self.mchid:
            raise NotificationRejected("the notification is for another merchant")
        if self.appid and plain.get("appid") and plain["appid"] != self.appid:
            raise NotificationRejected("the notification is for another app")

    @staticmethod
    def _facts(event_type: str, plain: Mapping[str, Any]) -> dict[str, Any]:
        amount = plain.get("amount") or {}
        if event_type == "TRANSACTION.SUCCESS" and plain.get("trade_state") == "SUCCESS":
            return {"kind": NotificationKind.PAID, "out_trade_no": str(plain["out_trade_no"]),
                    "transaction_id": str(plain["transaction_id"]), "amount_fen": int(amount["total"]),
                    "payer_total_fen": _int(amount.get("payer_total")),
                    "payer_openid": (plain.get("payer") or {}).get("openid"),
                    "paid_at": _time(plain.get("success_time"))}
        if event_type.startswith("REFUND."):
            status = plain.get("refund_status") or event_type.removeprefix("REFUND.")
            return {"kind": _REFUND_KINDS.get(status, NotificationKind.OTHER),
                    "out_trade_no": str(plain["out_trade_no"]), "transaction_id": plain.get("transaction_id"),
                    "out_refund_no": str(plain["out_refund_no"]), "refund_id": str(plain["refund_id"]),
                    "amount_fen": int(amount["total"]), "refund_fen": int(amount["refund"]),
                    "refunded_at": _time(plain.get("success_time"))}
        if event_type == "MCHTRANSFER.BILL.FINISHED":
            state = _TRANSFER_STATES[plain["state"]]
            kind = NotificationKind.TRANSFER_SUCCEEDED if state is TransferState.SUCCEEDED else (
                NotificationKind.TRANSFER_FAILED if state.final else NotificationKind.OTHER)
            return {"kind": kind, "out_bill_no": str(plain["out_bill_no"]),
                    "transfer_bill_no": plain.get("transfer_bill_no"), "transfer_state": state,
                    "amount_fen": _int(plain.get("transfer_amount")), "payer_openid": plain.get("openid"),
                    "fail_reason": plain.get("fail_reason")}
        return {"kind": NotificationKind.OTHER}


def _clip(text: str, max_bytes: int) -> str:
    return text.encode()[:max_bytes].decode(errors="ignore")


# --- the provider ---------------------------------------------------------------------------------


class WeChatPayProvider(PaymentProvider):
    """WeChat Pay v3 for a direct merchant, over the caller's pooled ``httpx.AsyncClient``."""

    name = "wechatpay"

    def __init__(self, settings: WeChatPaySettings, client: httpx.AsyncClient) -> None:
        missing = settings.missing()
        if missing:
            raise ValueError("WeChat Pay is not configured: missing " + ", ".join(missing))
        self.settings = settings
        self._client = client
        self._base = settings.base_url.rstrip("/")
        self._key = load_private_key(settings.merchant_private_key_pem.get_secret_value())
        keys = {serial: load_public_key(pem) for serial, pem in settings.platform_public_keys.items()}
        self._preferred_serial = next(iter(keys))
        self.verifier = NotificationVerifier(keys, settings.apiv3_key.get_secret_value().encode(),
                                             mchid=settings.mchid, appid=settings.appid,
                                             max_skew_s=settings.max_clock_skew_s)

    async def prepare(self, *, out_trade_no: str, amount_fen: int, description: str, payer_openid: str,
                      expires_at: datetime | None = None, attach: str | None = None) -> PaymentParams:
        s = self.settings
        body: dict[str, Any] = {"appid": s.appid, "mchid": s.mchid, "description": _clip(description, 127),
                                "out_trade_no": out_trade_no, "notify_url": s.notify_url,
                                "amount": {"total": amount_fen, "currency": "CNY"}, "payer": {"openid": payer_openid}}
        if expires_at is not None:
            body["time_expire"] = expires_at.astimezone(BUSINESS_TZ).isoformat(timespec="seconds")
        if attach:
            body["attach"] = attach
        answer = await self._call("POST", "/v3/pay/transactions/jsapi", body=body)
        prepay_id = (answer or {}).get("prepay_id")
        if not prepay_id:
            raise PaymentError("BAD_RESPONSE", "no prepay_id in the prepay answer", outcome_unknown=True)
        return self.payment_params(out_trade_no, str(prepay_id))

    def payment_params(self, out_trade_no: str, prepay_id: str) -> PaymentParams:
        """Sign the parameters of ``wx.requestPayment`` for a prepay id."""
        timestamp, nonce, package = str(int(now().timestamp())), random_nonce(32), f"prepay_id={prepay_id}"
        signature = rsa_sign(self._key, f"{self.settings.appid}\n{timestamp}\n{nonce}\n{package}\n".encode())
        return PaymentParams(app_id=self.settings.appid, time_stamp=timestamp, nonce_str=nonce, package=package,
                             sign_type="RSA", pay_sign=signature, out_trade_no=out_trade_no)

    async def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        return self.verifier.parse(headers, body)

    async def query(self, out_trade_no: str) -> PaymentStatus:
        try:
            answer = await self._call("GET", f"/v3/pay/transactions/out-trade-no/{out_trade_no}",
                                      query={"mchid": self.settings.mchid})
        except PaymentError as exc:
            if exc.http_status == 404 and not exc.outcome_unknown:
                return PaymentStatus(out_trade_no=out_trade_no, state=TradeState.NOT_FOUND)
            raise
        return payment_status_from(answer or {})

    async def close(self, out_trade_no: str) -> None:
        await self._call("POST", f"/v3/pay/transactions/out-trade-no/{out_trade_no}/close",
                         body={"mchid": self.settings.mchid})

    async def refund(self, *, out_trade_no: str, out_refund_no: str, amount_fen: int, total_fen: int,
                     reason: str | None = None) -> RefundResult:
        body: dict[str, Any] = {"out_trade_no": out_trade_no, "out_refund_no": out_refund_no,
                                "notify_url": self.settings.refund_notify_url or self.settings.notify_url,
                                "amount": {"refund": amount_fen, "total": total_fen, "currency": "CNY"}}
        if reason:
            body["reason"] = _clip(reason, 80)
        return refund_result_from(await self._call("POST", "/v3/refund/domestic/refunds", body=body) or {})

    async def query_refund(self, out_refund_no: str) -> RefundResult:
        return refund_result_from(await self._call("GET", f"/v3/refund/domestic/refunds/{out_refund_no}") or {})

    async def transfer(self, *, out_bill_no: str, openid: str, amount_fen: int, remark: str) -> TransferResult:
        s = self.settings
        if amount_fen >= TRANSFER_USER_NAME_THRESHOLD_FEN:
            raise PaymentError("USER_NAME_REQUIRED", "transfers from ¥2,000 need the payee's real name")
        body: dict[str, Any] = {
            "appid": s.appid, "out_bill_no": out_bill_no, "transfer_scene_id": s.transfer_scene_id, "openid": openid,
            "transfer_amount": amount_fen, "transfer_remark": remark[:32],
            "notify_url": s.transfer_notify_url or s.notify_url,
            "transfer_scene_report_infos": [{"info_type": kind, "info_content": content[:32]}
                                            for kind, content in s.transfer_report_infos.items()]}
        if s.transfer_user_recv_perception:
            body["user_recv_perception"] = s.transfer_user_recv_perception
        answer = await self._call("POST", "/v3/fund-app/mch-transfer/transfer-bills", body=body) or {}
        return transfer_result_from({"transfer_amount": amount_fen, "openid": openid, **answer})

    async def query_transfer(self, out_bill_no: str) -> TransferResult:
        path = f"/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}"
        return transfer_result_from(await self._call("GET", path) or {})

    async def _call(self, method: str, path: str, *, query: Mapping[str, str] | None = None,
                    body: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        content = b"" if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        headers = {"Accept": "application/json", "Wechatpay-Serial": self._preferred_serial}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = self._client.build_request(method, f"{self._base}{path}", params=query, content=content or None,
                                             headers=headers, timeout=self.settings.timeout_s)
        request.headers["Authorization"] = build_authorization(
            self._key, mchid=self.settings.mchid, serial_no=self.settings.merchant_serial_no, method=method,
            path_with_query=request.url.raw_path.decode("ascii"), body=content)
        try:
            response = await self._client.send(request)
        except httpx.HTTPError as exc:
            raise PaymentError("NETWORK", f"WeChat Pay unreachable: {exc!r}", outcome_unknown=True) from exc
        raw = response.content
        signed = "wechatpay-signature" in response.headers
        if response.is_success or signed:
            try:
                verify_signed(response.headers, raw, self.verifier.platform_keys, max_skew_s=self.verifier.max_skew_s)
            except NotificationRejected as exc:
                raise PaymentError("RESPONSE_SIGNATURE", f"untrusted WeChat Pay answer: {exc.reason}",
                                   http_status=response.status_code, outcome_unknown=True) from exc
        try:
            data = json.loads(raw) if raw else None
        except ValueError as exc:
            raise PaymentError("BAD_RESPONSE", "WeChat Pay answered with something that is not JSON",
                               http_status=response.status_code, outcome_unknown=True) from exc
        if response.is_success:
            return data if isinstance(data, dict) else None
        error = data if isinstance(data, dict) else {}
        raise PaymentError(str(error.get("code") or f"HTTP_{response.status_code}"), str(error.get("message") or ""),
                           http_status=response.status_code, outcome_unknown=response.status_code >= 500)
