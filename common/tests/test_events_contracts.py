"""The event contracts: envelope, registry, payload rules, and the generated JSON Schema."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from common.events import REGISTRY, Envelope, EventPayload, Id, Registry, UnknownEvent, contract
from common.events.catalog import ProductChanged
from common.events.membership import LevelChanged, UserRegistered
from common.events.orders import (
    GroupClosed,
    GroupTierReached,
    OrderArrived,
    OrderCancelled,
    OrderCompleted,
    OrderConfirmed,
    OrderPaid,
    OrderPlaced,
    OrderRefunded,
    OrderShipped,
    OrderUncollected,
    PurchaseOrderCreated,
    PurchaseOrderLine,
)
from common.events.referrals import (
    RebateCredited,
    RefereeConfirmed,
    RefereePaid,
    ReferralBound,
    ReferralShared,
    WithdrawalPaid,
)
from common.settings import SERVICES
from devtools.event_schemas import SCHEMA_PATH, document, render

AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

EXAMPLES: list[EventPayload] = [
    UserRegistered(user_id=1, registered_at=AT),
    LevelChanged(user_id=1, from_level="customer", to_level="member", reason="growth", changed_at=AT),
    ProductChanged(product_id=3, published=True, role="traffic", changed_at=AT),
    ReferralBound(user_id=2, referrer_id=1, bound_at=AT),
    ReferralShared(user_id=1, shared_at=AT),
    RefereePaid(referrer_id=1, referee_id=2, paid_at=AT),
    RefereeConfirmed(referrer_id=1, referee_id=2, confirmed_referees=1, confirmed_at=AT),
    RebateCredited(user_id=1, order_id=10, kind="rebate", amount_fen=850, credited_at=AT),
    WithdrawalPaid(withdrawal_id=1, user_id=1, amount_fen=2000, fee_fen=12, payout_fen=1988, paid_at=AT),
    OrderPlaced(order_id=10, user_id=2, kind="ladder", activity_id=5, group_id=4, community_id=7, amount_fen=18000,
                placed_at=AT),
    OrderPaid(order_id=10, user_id=2, sku_id=None, activity_id=5, product_role="regular", quantity=2,
              unit_price_fen=9000, amount_fen=18000, community_id=7, leader_user_id=3, paid_at=AT),
    OrderConfirmed(order_id=10, user_id=2, product_role="regular", grants_level=None, community_id=7,
                   leader_user_id=3, paid_amount_fen=18000, paid_at=AT, settled_unit_price_fen=8500,
                   settled_amount_fen=17000, confirmed_at=AT),
    OrderCompleted(order_id=10, user_id=2, settled_amount_fen=17000, kept_amount_fen=17000, completed_at=AT),
    OrderRefunded(order_id=10, user_id=2, refund_id=1, amount_fen=1000, total_refunded_fen=1000,
                  paid_amount_fen=18000, settled_amount_fen=17000, reason="group_settled", refunded_at=AT),
    OrderCancelled(order_id=11, user_id=2, reason="payment_timeout", cancelled_at=AT),
    OrderUncollected(order_id=10, user_id=2, order_no="GB20261204000000000001", community_id=7,
                     delivery_date=date(2026, 12, 4), arrived_at=AT, noticed_at=AT),
    GroupClosed(group_id=4, activity_id=5, final_unit_price_fen=8500, paid_count=3, succeeded=True, closed_at=AT),
    GroupTierReached(group_id=4, activity_id=5, threshold=2, unit_price_fen=9000, count=2, next_threshold=3,
                     next_unit_price_fen=8500, needed=1, participant_ids=[1, 2], closes_at=AT, reached_at=AT),
    OrderArrived(order_id=10, user_id=2, order_no="GB20261204000000000001", community_id=7,
                 delivery_date=date(2026, 12, 4), arrived_at=AT),
    OrderShipped(order_id=10, user_id=2, order_no="GB20261204000000000001", community_id=7,
                 delivery_date=date(2026, 12, 4), shipped_at=AT),
    PurchaseOrderCreated(purchase_order_id=1, supplier_id=2, partner_api_key_id=3, delivery_date=date(2026, 12, 4),
                         lines=[PurchaseOrderLine(sku_id=5, product_name="东北大米 5kg", units=10)], total_units=10,
                         created_at=AT),
]


def example(kind: type[EventPayload]) -> EventPayload:
    return next(e for e in EXAMPLES if type(e) is kind)


def test_every_contract_has_an_example() -> None:
    assert {type(e) for e in EXAMPLES} == set(REGISTRY)
    assert len(REGISTRY) == 21


@pytest.mark.parametrize("payload", EXAMPLES, ids=lambda p: p.event_type)
def test_envelope_round_trip(payload: EventPayload) -> None:
    envelope = Envelope.of(payload)
    assert (envelope.type, envelope.version, envelope.producer) == (
        payload.event_type, payload.event_version, payload.producer)
    received = Envelope.model_validate_json(envelope.model_dump_json())
    assert received == envelope
    assert received.parse() == payload
    assert type(received.parse()) is type(payload)


@pytest.mark.parametrize("payload", EXAMPLES, ids=lambda p: p.event_type)
def test_payloads_forbid_unknown_fields(payload: EventPayload) -> None:
    data = payload.model_dump(mode="json") | {"nickname": "张三"}
    with pytest.raises(ValidationError, match="extra"):
        type(payload).model_validate(data)


def test_registry_keys_types_to_producers() -> None:
    for model in REGISTRY:
        assert model.producer in SERVICES
        assert model.event_version >= 1
        assert REGISTRY.get(model.event_type, model.event_version) is model
    producers = {m.event_type: m.producer for m in REGISTRY}
    assert producers["order.paid"] == "orders"
    assert producers["user.registered"] == "membership"
    assert producers["product.changed"] == "catalog"
    assert producers["referral.bound"] == "referrals"
    assert ("order.paid", 1) in REGISTRY
    assert ("order.paid", 2) not in REGISTRY


def test_unknown_type_or_version_is_refused() -> None:
    with pytest.raises(UnknownEvent):
        REGISTRY.get("order.teleported", 1)
    envelope = Envelope.of(EXAMPLES[0]).model_copy(update={"version": 9})
    with pytest.raises(UnknownEvent):
        envelope.parse()
    with pytest.raises(UnknownEvent):
        Envelope.of(EXAMPLES[0]).payload_as(OrderPaid)


def test_money_is_integer_fen() -> None:
    paid = example(OrderPaid).model_dump()
    for wrong in (9000.0, "9000", 90.5, -1):
        with pytest.raises(ValidationError):
            OrderPaid.model_validate(paid | {"unit_price_fen": wrong})
    with pytest.raises(ValidationError):
        OrderPaid.model_validate(paid | {"quantity": 0})
    with pytest.raises(ValidationError):
        OrderPaid.model_validate(paid | {"user_id": "2"})
    schema = document()
    for name, definition in schema["$defs"].items():
        for field, spec in definition["properties"].items():
            if field.endswith("_fen"):
                kinds = [spec.get("type")] + [s.get("type") for s in spec.get("anyOf", [])]
                assert "integer" in kinds and "number" not in kinds, f"{name}.{field}"


def test_payload_rules() -> None:
    with pytest.raises(ValidationError, match="SKU or an activity"):
        OrderPaid.model_validate(example(OrderPaid).model_dump() | {"activity_id": None})
    with pytest.raises(ValidationError, match="includes amount_fen"):
        OrderRefunded.model_validate(example(OrderRefunded).model_dump() | {"total_refunded_fen": 10})
    with pytest.raises(ValidationError, match="final unit price"):
        GroupClosed.model_validate(example(GroupClosed).model_dump() | {"final_unit_price_fen": None})
    failed = GroupClosed.model_validate(example(GroupClosed).model_dump()
                                        | {"final_unit_price_fen": None, "succeeded": False})
    assert failed.aggregate_key() == "group_id:4"


def test_times_are_aware_and_utc() -> None:
    shanghai = timezone(timedelta(hours=8))
    registered = UserRegistered(user_id=1, registered_at=datetime(2026, 11, 20, 20, 0, tzinfo=shanghai))
    assert registered.registered_at == AT and registered.registered_at.tzinfo == UTC
    with pytest.raises(ValidationError):
        UserRegistered(user_id=1, registered_at=AT.replace(tzinfo=None))
    envelope = Envelope.of(registered, occurred_at=datetime(2026, 11, 20, 20, 0, tzinfo=shanghai))
    assert envelope.occurred_at == AT
    assert json.loads(envelope.model_dump_json())["occurred_at"] == "2026-11-20T12:00:00Z"
    with pytest.raises(ValidationError):
        Envelope.model_validate(envelope.model_dump() | {"occurred_at": "2026-11-20T12:00:00"})


def test_aggregate_keys_order_events_of_one_thing() -> None:
    assert example(OrderPaid).aggregate_key() == example(OrderRefunded).aggregate_key() == "order_id:10"
    assert EXAMPLES[0].aggregate_key() == EXAMPLES[1].aggregate_key() == "user_id:1"


def test_declaring_contracts() -> None:
    registry = Registry()

    @contract("orders", "thing.done", 1, aggregate="thing_id", registry=registry)
    class ThingDone(EventPayload):
        thing_id: Id

    assert registry.get("thing.done", 1) is ThingDone
    assert ("thing.done", 1) not in REGISTRY
    with pytest.raises(ValueError, match="declared twice"):

        @contract("orders", "thing.done", 1, aggregate="thing_id", registry=registry)
        class ThingDoneAgain(EventPayload):
            thing_id: Id

    with pytest.raises(ValueError, match="look like"):
        contract("orders", "ThingDone", 1, aggregate="thing_id")
    with pytest.raises(ValueError, match="no field"):

        @contract("orders", "thing.undone", 1, aggregate="missing", registry=registry)
        class ThingUndone(EventPayload):
            thing_id: Id


def test_envelope_is_strict() -> None:
    envelope = Envelope.of(EXAMPLES[0]).model_dump(mode="json")
    for change in ({"id": "not-a-uuid"}, {"version": "1"}, {"type": "Order Paid"}, {"extra": 1}):
        with pytest.raises(ValidationError):
            Envelope.model_validate(envelope | change)
    assert Envelope.model_validate(envelope).id == uuid.UUID(envelope["id"])


def test_schema_document_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), (
        "docs/events.schema.json is stale: run python -m devtools.event_schemas")


def test_schema_document_validates_envelopes() -> None:
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    for payload in EXAMPLES:
        data: dict[str, Any] = json.loads(Envelope.of(payload).model_dump_json())
        assert not list(validator.iter_errors(data)), payload.event_type
        wrong = data | {"payload": data["payload"] | {"unexpected": 1}}
        assert list(validator.iter_errors(wrong))
        assert list(validator.iter_errors(data | {"version": 2}))
