"""Forged notifications never parse: each forgery starts from a genuine notification of the fake and
changes one thing (re-signing with the real platform key where the point is that only the encryption
or the clock catches it)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from common.clock import now
from common.payments import NotificationKind, NotificationRejected, SignedNotification, WeChatPayProvider
from common.payments.wechatpay import aead_encrypt, load_private_key, private_key_pem, signature_headers
from common.testing.fake_wechatpay import DEFAULT_PLATFORM_SERIAL, FakeWeChatPay, MerchantCredentials, new_rsa_key

Headers = dict[str, str]
Forgery = Callable[["Genuine"], tuple[Headers, bytes]]


@dataclass
class Genuine:
    provider: WeChatPayProvider
    notification: SignedNotification
    platform_pem: str
    merchant: MerchantCredentials

    def signed(self, body: bytes, *, pem: str | None = None, serial: str = DEFAULT_PLATFORM_SERIAL,
               timestamp: int | None = None) -> tuple[Headers, bytes]:
        key = load_private_key(pem or self.platform_pem)
        return {"Content-Type": "application/json", **signature_headers(key, serial, body, timestamp=timestamp)}, body

    def with_resource(self, change: Callable[[dict[str, Any]], None]) -> tuple[Headers, bytes]:
        envelope = json.loads(self.notification.body)
        change(envelope["resource"])
        return self.signed(json.dumps(envelope, ensure_ascii=False).encode())


@pytest.fixture(scope="module")
def merchant() -> MerchantCredentials:
    return MerchantCredentials.generate()


@pytest.fixture(scope="module")
def platform_pem() -> str:
    return private_key_pem(new_rsa_key())


@pytest.fixture
async def genuine(merchant: MerchantCredentials, platform_pem: str) -> AsyncIterator[Genuine]:
    fake = FakeWeChatPay.for_merchant(merchant, platform_private_key_pem=platform_pem)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app)) as client:
        provider = WeChatPayProvider(fake.settings_for(merchant, base_url="http://wechatpay.test",
                                                       notify_url="https://merchant.test/notify"), client)
        await provider.prepare(out_trade_no="GB30000001", amount_fen=4200, description="x", payer_openid="o-1")
        notification, _ = await fake.pay("GB30000001", deliver=False)
        yield Genuine(provider, notification, platform_pem, merchant)


def _flip(text: str, index: int) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _reencrypt(genuine: Genuine, *, key: bytes | None = None, plain: dict[str, Any] | None = None
               ) -> tuple[Headers, bytes]:
    resource = plain or {"mchid": genuine.merchant.mchid, "appid": genuine.merchant.appid,
                         "out_trade_no": "GB30000001", "transaction_id": "4200000000000000000000000001",
                         "trade_state": "SUCCESS", "amount": {"total": 1, "payer_total": 1}}
    sealed = aead_encrypt(key or genuine.merchant.apiv3_key.encode(), json.dumps(resource).encode(), "transaction")
    return genuine.with_resource(lambda r: r.update(sealed))


def _without(header: str) -> Forgery:
    return lambda g: ({k: v for k, v in g.notification.headers.items() if k != header}, g.notification.body)


SIGNATURE, SKEW, DECRYPT = "does not verify", "clock skew", "does not decrypt"
FORGERIES: dict[str, tuple[Forgery, str]] = {
    "bad signature": (lambda g: ({**g.notification.headers,
                                  "Wechatpay-Signature": _flip(g.notification.headers["Wechatpay-Signature"], 7)},
                                 g.notification.body), SIGNATURE),
    "signature probe": (lambda g: ({**g.notification.headers, "Wechatpay-Signature": "WECHATPAY/SIGNTEST/abc"},
                                   g.notification.body), SIGNATURE),
    "signed by another key": (lambda g: g.signed(g.notification.body, pem=private_key_pem(new_rsa_key())), SIGNATURE),
    "unknown serial": (lambda g: g.signed(g.notification.body, serial="PUB_KEY_ID_SOMEONE_ELSE"), "unknown"),
    "stale timestamp": (lambda g: g.signed(g.notification.body, timestamp=int(now().timestamp()) - 360), SKEW),
    "future timestamp": (lambda g: g.signed(g.notification.body, timestamp=int(now().timestamp()) + 360), SKEW),
    "body changed after signing": (lambda g: (g.notification.headers, g.notification.body.replace(b"}", b" }", 1)),
                                   SIGNATURE),
    "missing timestamp": (_without("Wechatpay-Timestamp"), "missing"),
    "missing signature": (_without("Wechatpay-Signature"), "missing"),
    "flipped ciphertext byte": (lambda g: g.with_resource(lambda r: r.update(ciphertext=_flip(r["ciphertext"], 0))),
                                DECRYPT),
    "wrong tag": (lambda g: g.with_resource(lambda r: r.update(ciphertext=_flip(r["ciphertext"], -1))), DECRYPT),
    "wrong associated data": (lambda g: g.with_resource(lambda r: r.update(associated_data="refund")), DECRYPT),
    "wrong nonce": (lambda g: g.with_resource(lambda r: r.update(nonce="AAAAAAAAAAAA")), DECRYPT),
    "unknown algorithm": (lambda g: g.with_resource(lambda r: r.update(algorithm="AEAD_AES_128_GCM")), "algorithm"),
    "encrypted with another APIv3 key": (lambda g: _reencrypt(g, key=b"k" * 32), DECRYPT),
    "for another merchant": (lambda g: _reencrypt(g, plain={"mchid": "1999999999", "out_trade_no": "GB30000001",
                                                            "transaction_id": "1", "trade_state": "SUCCESS",
                                                            "amount": {"total": 1}}), "another merchant"),
    "not JSON": (lambda g: g.signed(b"not json"), "malformed"),
}


async def test_the_genuine_notification_parses(genuine: Genuine) -> None:
    parsed = await genuine.provider.parse_notification(genuine.notification.headers, genuine.notification.body)
    assert parsed.kind is NotificationKind.PAID and parsed.amount_fen == 4200
    assert parsed.event_id == genuine.notification.event_id
    lowered = {k.lower(): v for k, v in genuine.notification.headers.items()}
    assert await genuine.provider.parse_notification(lowered, genuine.notification.body) == parsed


async def test_a_correctly_encrypted_and_signed_resource_parses(genuine: Genuine) -> None:
    headers, body = _reencrypt(genuine)
    parsed = await genuine.provider.parse_notification(headers, body)
    assert parsed.amount_fen == 1  # the forgery tests below fail for the reason they name, not this helper


@pytest.mark.parametrize("name", FORGERIES)
async def test_a_forged_notification_is_rejected(genuine: Genuine, name: str) -> None:
    forge, reason = FORGERIES[name]
    headers, body = forge(genuine)
    with pytest.raises(NotificationRejected) as rejected:
        await genuine.provider.parse_notification(headers, body)
    assert reason in rejected.value.reason
