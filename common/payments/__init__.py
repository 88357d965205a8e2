"""Payments: one provider interface, WeChat Pay v3 and a sandbox behind it.

A service adds ``payments: PaymentSettings`` to its settings (``GROUPBUY_PAYMENTS__PROVIDER``,
``GROUPBUY_PAYMENTS__WECHATPAY__MCHID``, …), builds the provider once at startup with the process's
pooled client (``make_provider``) and, in its notify route, hands the raw body and headers to
``provider.parse_notification``: a ``Notification`` is answered with ``NOTIFY_ACK_STATUS`` once its
effect is stored (idempotently), ``NotificationRejected`` with 401 and ``notify_failure_body``.
"""

from __future__ import annotations

from typing import Literal

import httpx
from pydantic import BaseModel, Field

from common.payments.provider import (
    NOTIFY_ACK_STATUS,
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
    notify_failure_body,
)
from common.payments.sandbox import SandboxProvider, SandboxSettings
from common.payments.wechatpay import WeChatPayProvider, WeChatPaySettings


class PaymentSettings(BaseModel):
    """Which provider a process uses, and the settings of each."""

    provider: Literal["sandbox", "wechatpay"] = "sandbox"
    wechatpay: WeChatPaySettings = Field(default_factory=WeChatPaySettings)
    sandbox: SandboxSettings = Field(default_factory=SandboxSettings)

    def production_problems(self) -> list[str]:
        if self.provider != "wechatpay":
            return ["GROUPBUY_PAYMENTS__PROVIDER must be wechatpay in production"]
        found = [f"GROUPBUY_PAYMENTS__WECHATPAY__{name.split(' ')[0].upper()} must be set"
                 for name in self.wechatpay.missing()]
        if self.wechatpay.notify_url and not self.wechatpay.notify_url.startswith("https://"):
            found.append("GROUPBUY_PAYMENTS__WECHATPAY__NOTIFY_URL must be an https URL")
        return found


def make_provider(settings: PaymentSettings, client: httpx.AsyncClient) -> PaymentProvider:
    if settings.provider == "wechatpay":
        return WeChatPayProvider(settings.wechatpay, client)
    return SandboxProvider(settings.sandbox)


__all__ = [
    "NOTIFY_ACK_STATUS",
    "Notification",
    "NotificationKind",
    "NotificationRejected",
    "PaymentError",
    "PaymentParams",
    "PaymentProvider",
    "PaymentSettings",
    "PaymentStatus",
    "RefundResult",
    "RefundState",
    "SandboxProvider",
    "SandboxSettings",
    "SignedNotification",
    "TradeState",
    "TransferResult",
    "TransferState",
    "WeChatPayProvider",
    "WeChatPaySettings",
    "make_provider",
    "notify_failure_body",
]
