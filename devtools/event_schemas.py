"""``python -m devtools.event_schemas``: write ``docs/events.schema.json``, the JSON Schema of every event
(type and version) declared in ``common.events``, generated from the payload models. The output is
deterministic; ``--check`` exits 1 when the committed file is stale (the test suite checks it too)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from common.events import REGISTRY, Envelope, EventPayload, Registry

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "docs" / "events.schema.json"
REF_TEMPLATE = "#/$defs/{model}"


def definition_name(model: type[EventPayload]) -> str:
    return f"{model.event_type}.v{model.event_version}"


def payload_schema(model: type[EventPayload], defs: dict[str, Any]) -> dict[str, Any]:
    """The payload's schema; nested definitions (if any) move to the document's ``$defs``."""
    schema = model.model_json_schema(ref_template=REF_TEMPLATE, mode="validation")
    for name, nested in schema.pop("$defs", {}).items():
        if name in defs and defs[name] != nested:
            raise ValueError(f"two different definitions are named {name}")
        defs[name] = nested
    schema["title"] = f"{model.event_type} v{model.event_version} payload"
    schema["description"] = " ".join((model.__doc__ or "").split())
    schema["x-producer"] = model.producer
    schema["x-aggregate"] = model.aggregate_field
    return schema


def envelope_variant(model: type[EventPayload], base: dict[str, Any]) -> dict[str, Any]:
    properties = dict(base["properties"])
    properties["type"] = {"const": model.event_type}
    properties["version"] = {"const": model.event_version}
    properties["producer"] = {"const": model.producer}
    properties["payload"] = {"$ref": REF_TEMPLATE.format(model=definition_name(model))}
    return {
        "title": f"{model.event_type} v{model.event_version}",
        "type": "object",
        "properties": properties,
        "required": base["required"],
        "additionalProperties": False,
    }


def document(registry: Registry = REGISTRY) -> dict[str, Any]:
    base = Envelope.model_json_schema(mode="validation")
    defs: dict[str, Any] = dict(base.pop("$defs", {}))  # the envelope's own parts (its trace context)
    variants = []
    for model in registry:
        defs[definition_name(model)] = payload_schema(model, defs)
        variants.append(envelope_variant(model, base))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://groupbuy.example/schemas/events.schema.json",
        "title": "Groupbuy events",
        "description": ("Every event on the Groupbuy event streams: an envelope (id, type, version, occurred_at, "
                        "producer, payload, and optionally the trace context and request id it was published "
                        "under) whose payload is the versioned contract of its type. Money is integer fen; times "
                        "are UTC. Generated from common/events by devtools/event_schemas.py."),
        "oneOf": variants,
        "$defs": defs,
    }


def render(registry: Registry = REGISTRY) -> str:
    return json.dumps(document(registry), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.event_schemas", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the file is not current")
    args = parser.parse_args(argv)
    text = render()
    current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else None
    if args.check:
        if current != text:
            sys.stderr.write(f"{SCHEMA_PATH.relative_to(ROOT)} is stale: run python -m devtools.event_schemas\n")
            return 1
        return 0
    if current != text:
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {SCHEMA_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
