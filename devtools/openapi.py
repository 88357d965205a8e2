"""The gateway's merged API document, built offline from the apps themselves (the same merge the
gateway serves at ``/openapi.json``), for the generated client: ``python -m devtools.openapi [path]``.

The embedded default's document: development routes (dev login, the test clock) included, so the
demo loader and the journey test can use them through the client."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

from common.settings import SERVICES

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "client" / "openapi.json"


def document() -> dict[str, Any]:
    from gateway.config import Settings as GatewaySettings
    from gateway.main import create_app as create_gateway
    from gateway.openapi import merge

    documents = {}
    for service in SERVICES:
        settings_cls = importlib.import_module(f"services.{service}.config").Settings
        extra = {"dev_login": True} if "dev_login" in settings_cls.model_fields else {}
        app = importlib.import_module(f"services.{service}.main").create_app(settings_cls(mode="dev", **extra))
        documents[service] = app.openapi()
    gateway = create_gateway(GatewaySettings(mode="dev"))
    return merge(documents, gateway.openapi())


def write(path: Path = DEFAULT_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH))
