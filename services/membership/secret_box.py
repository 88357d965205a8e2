"""Webhook signing secrets at rest: encrypted, because each delivery is signed with the secret itself.

A hash (as for API keys) cannot sign, so the secret is kept encrypted instead: AES-256-GCM under a key
derived (HKDF-SHA256) from ``GROUPBUY_WEBHOOKS__SECRET_KEYS``, a key held outside the database, with
the subscription's id as associated data (a sealed secret copied onto another row does not open). A
database dump or backup alone reveals no secret; the running service can sign.

Sealed form: ``v1.<key id>.<base64url(nonce ‖ ciphertext)>``. The first configured key seals; every
configured key opens (by its id), so a new key can be put first while secrets sealed with the old one
are still read — rotate by re-creating subscriptions, then drop the old key.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"
NONCE_BYTES = 12
_INFO = b"groupbuy webhook signing secrets"


class SecretUnreadable(Exception):
    """A sealed secret that no configured key opens (the key was removed, or the row was tampered with)."""


def _derive(material: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material.encode())


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"key-id:" + key).hexdigest()[:12]


class SecretBox:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one webhook secret key is needed")
        derived = [_derive(k) for k in keys]
        self._sealing_id = _key_id(derived[0])
        self._keys = {_key_id(k): AESGCM(k) for k in derived}

    def seal(self, secret: str, *, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._keys[self._sealing_id].encrypt(nonce, secret.encode(), context.encode())
        return f"{VERSION}.{self._sealing_id}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, sealed: str, *, context: str) -> str:
        version, _, rest = sealed.partition(".")
        key_id, _, payload = rest.partition(".")
        cipher = self._keys.get(key_id)
        if version != VERSION or cipher is None:
            raise SecretUnreadable(f"sealed with a key that is not configured ({key_id or 'none'})")
        try:
            raw = base64.urlsafe_b64decode(payload.encode())
            return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
        except (InvalidTag, ValueError) as exc:
            raise SecretUnreadable("the sealed secret does not open") from exc
