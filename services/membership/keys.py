"""The keys that sign access tokens, and the JWKS that publishes their public halves."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from services.membership.config import Settings

ALGORITHM = "EdDSA"


def kid_for(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def private_pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@dataclass
class KeyRing:
    """``keys`` in order: the first signs; every one verifies."""

    keys: list[tuple[str, Ed25519PrivateKey]]

    @property
    def signer(self) -> tuple[str, Ed25519PrivateKey]:
        return self.keys[0]

    def sign(self, claims: dict[str, Any]) -> str:
        kid, key = self.signer
        return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid})

    def jwks(self) -> dict[str, Any]:
        published = []
        for kid, key in self.keys:
            jwk = json.loads(OKPAlgorithm.to_jwk(key.public_key()))
            published.append(jwk | {"kid": kid, "use": "sig", "alg": ALGORITHM})
        return {"keys": published}


def _load_pem(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("token signing keys must be Ed25519")
    return key


def load_keyring(settings: Settings) -> KeyRing:
    if settings.jwt.keys:
        return KeyRing([(k.kid, _load_pem(k.private_key_pem)) for k in settings.jwt.keys])
    if not settings.dev_mode:
        raise RuntimeError("no token signing keys configured (GROUPBUY_JWT__KEYS)")
    # Dev mode: one key, made once and kept beside the SQLite files so tokens survive a restart.
    path = settings.data_dir / "keys" / "membership-jwt.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(private_pem(Ed25519PrivateKey.generate()))
    key = _load_pem(path.read_text())
    return KeyRing([(kid_for(key), key)])
