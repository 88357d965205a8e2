"""The payment provider interface and the typed results every implementation returns.

Money is integer fen; times are timezone-aware.  Every call that moves money is idempotent by the
caller's number (``out_trade_no``, ``out_refund_no``, ``out_bill_no``): calling again with the same
number and the same arguments answers with the same payment, refund or transfer, never a second one.
When a call fails with ``PaymentError.outcome_unknown`` the caller must retry with the *same* number
(or query it) before ever using a new one, or money may move twice.

A notification is trusted only through ``parse_notification``: it verifies the signature, the key
serial and the timestamp, decrypts the resource and returns a ``Notification``; anything forged,
stale or tampered raises ``NotificationRejected`` and never yields a result.  The caller still checks
that the amounts match its own order (WeChat's docs require it) and applies each business fact once:
replays of one notification parse to the same ``event_id``, and WeChat retries until it is answered
with HTTP 200/204.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class PaymentError(Exception):
    """A provider call did not succeed.

    ``code`` is the provider's error code (e.g. ``SIGN_ERROR``, ``PARAM_ERROR``) or one of ours
    (``NETWORK``, ``BAD_RESPONSE``, ``RESPONSE_SIGNATURE``).  ``outcome_unknown`` is true when the
    request may have taken effect (network failure, 5xx, a response that does not verify): query, or
    retry with the same number; never switch to a new number."""

    def __init__(self, code: str, message: str, *, http_status: int | None = None,
                 outcome_unknown: bool = False) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status
        self.outcome_unknown = outcome_unknown


class NotificationRejected(Exception):
    """A notification that must not be trusted: bad or missing signature, unknown key serial, stale
    timestamp, malformed body, or a ciphertext/tag/associated data that does not decrypt."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TradeState(StrEnum):
    NOT_FOUND = "not_found"  # the provider has no order under this number
    NOT_PAID = "not_paid"  # NOTPAY
    PAYING = "paying"  # USERPAYING
    PAID = "paid"  # SUCCESS
    REFUNDED = "refunded"  # REFUND: paid, then (part) refunded
    CLOSED = "closed"  # CLOSED
    REVOKED = "revoked"  # REVOKED
    FAILED = "failed"  # PAYERROR


class RefundState(StrEnum):
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    CLOSED = "closed"
    ABNORMAL = "abnormal"  # e.g. the payer's bank card was cancelled; needs manual handling


class TransferState(StrEnum):
    ACCEPTED = "accepted"
    PROCESSING = "processing"
    WAIT_USER_CONFIRM = "wait_user_confirm"  # the user must confirm in the mini-program
    TRANSFERRING = "transferring"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELING = "canceling"
    CANCELLED = "cancelled"

    @property
    def final(self) -> bool:
        return self in (TransferState.SUCCEEDED, TransferState.FAILED, TransferState.CANCELLED)


class NotificationKind(StrEnum):
    PAID = "paid"
    REFUNDED = "refunded"
    REFUND_CLOSED = "refund_closed"
    REFUND_ABNORMAL = "refund_abnormal"
    TRANSFER_SUCCEEDED = "transfer_succeeded"
    TRANSFER_FAILED = "transfer_failed"  # failed or cancelled: the money stays with the merchant
    OTHER = "other"  # authentic, of a type this code does not act on: acknowledge it


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class PaymentParams(_Model):
    """What the mini-program passes to ``wx.requestPayment``.  Serialised by alias (the default of
    FastAPI response models) it is exactly ``{appId, timeStamp, nonceStr, package, signType, paySign}``
    plus the order number."""

    app_id: str = Field(alias="appId")
    time_stamp: str = Field(alias="timeStamp")
    nonce_str: str = Field(alias="nonceStr")
    package: str
    sign_type: str = Field("RSA", alias="signType")
    pay_sign: str = Field(alias="paySign")
    out_trade_no: str = Field(alias="outTradeNo")

    @property
    def prepay_id(self) -> str:
        return self.package.removeprefix("prepay_id=")

    def request_payment(self) -> dict[str, str]:
        """The object for ``wx.requestPayment`` (without the order number)."""
        return self.model_dump(by_alias=True, exclude={"out_trade_no"})


class PaymentStatus(_Model):
    out_trade_no: str
    state: TradeState
    transaction_id: str | None = None
    amount_fen: int | None = None  # the order total
    payer_total_fen: int | None = None  # what the payer paid (total minus provider coupons)
    payer_openid: str | None = None
    paid_at: datetime | None = None


class RefundResult(_Model):
    out_refund_no: str
    refund_id: str
    out_trade_no: str
    transaction_id: str | None = None
    state: RefundState
    amount_fen: int  # refunded by this refund
    total_fen: int  # the order total
    payer_refund_fen: int | None = None
    account: str | None = None  # where the money went, e.g. 支付用户零钱
    created_at: datetime | None = None
    succeeded_at: datetime | None = None


class TransferResult(_Model):
    out_bill_no: str
    transfer_bill_no: str | None = None
    state: TransferState
    amount_fen: int | None = None
    openid: str | None = None
    package_info: str | None = None  # for wx.requestMerchantTransfer while WAIT_USER_CONFIRM
    fail_reason: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class Notification(_Model):
    """One verified, decrypted notification.  ``resource`` is the decrypted plaintext as sent."""

    event_id: str
    event_type: str
    kind: NotificationKind
    created_at: datetime | None = None
    summary: str = ""
    out_trade_no: str | None = None
    transaction_id: str | None = None
    amount_fen: int | None = None  # order total (payments and refunds) or transfer amount
    payer_total_fen: int | None = None
    payer_openid: str | None = None
    paid_at: datetime | None = None
    out_refund_no: str | None = None
    refund_id: str | None = None
    refund_fen: int | None = None
    refunded_at: datetime | None = None
    out_bill_no: str | None = None
    transfer_bill_no: str | None = None
    transfer_state: TransferState | None = None
    fail_reason: str | None = None
    resource: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True)
class SignedNotification:
    """A notification on the wire: the HTTP headers and the exact body bytes that were signed."""

    headers: dict[str, str]
    body: bytes
    event_id: str


NOTIFY_ACK_STATUS = 204  # WeChat Pay: 200 or 204, no body, means "received"


def notify_failure_body(message: str) -> dict[str, str]:
    """The body of a failure answer to a notification (sent with a 4xx/5xx status; WeChat retries)."""
    return {"code": "FAIL", "message": message}


class PaymentProvider(ABC):
    """Collects payments, refunds them and pays out, through one provider."""

    name: ClassVar[str]

    @abstractmethod
    async def prepare(self, *, out_trade_no: str, amount_fen: int, description: str, payer_openid: str,
                      expires_at: datetime | None = None, attach: str | None = None) -> PaymentParams:
        """Create (or find again, for the same number and arguments) the provider's order and return
        what the mini-program needs to pay it."""

    @abstractmethod
    async def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        """Verify and decrypt a notification; raises ``NotificationRejected`` for anything untrusted."""

    @abstractmethod
    async def query(self, out_trade_no: str) -> PaymentStatus:
        """The provider's view of an order (``TradeState.NOT_FOUND`` when it has none)."""

    @abstractmethod
    async def close(self, out_trade_no: str) -> None:
        """Close an unpaid order so it can no longer be paid (on cancel or timeout)."""

    @abstractmethod
    async def refund(self, *, out_trade_no: str, out_refund_no: str, amount_fen: int, total_fen: int,
                     reason: str | None = None) -> RefundResult:
        """Refund part or all of a paid order; idempotent by ``out_refund_no``."""

    @abstractmethod
    async def query_refund(self, out_refund_no: str) -> RefundResult:
        """The current state of a refund."""

    @abstractmethod
    async def transfer(self, *, out_bill_no: str, openid: str, amount_fen: int, remark: str) -> TransferResult:
        """Pay money out to a user's WeChat balance; idempotent by ``out_bill_no``."""

    @abstractmethod
    async def query_transfer(self, out_bill_no: str) -> TransferResult:
        """The current state of a transfer."""
