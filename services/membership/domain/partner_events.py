"""Which events partners may subscribe to, and the scope their API key must hold for each.

=================  =======  ==============  ==========================================================
event type         version  scope needed    why
=================  =======  ==============  ==========================================================
order.placed       1        orders:read     an order's life: what a logistics or ERP partner follows
order.paid         1        orders:read
order.confirmed    1        orders:read
order.completed    1        orders:read
order.refunded     1        orders:read
order.cancelled    1        orders:read
order.uncollected  1        orders:read     goods left at the pickup point: a logistics partner takes them back
group.closed       1        orders:read     a group's close settles the orders in it
purchase_order.created 1  orders:read     addressed: only the key acting for the purchase order's supplier
product.changed    1        catalog:read    the catalogue a supplier or a price comparer mirrors
=================  =======  ==============  ==========================================================

Every other event of ``common.events`` (``user.registered``, ``level.changed``, ``referral.*``) is about
one person's account or referral tree and is never sent to partners. The version is pinned: a partner
keeps receiving the version in this table until the table moves it on, whatever the producers add.

A key without the scope can neither subscribe to the event type nor receive it: the scope is checked
when subscribing, when the event is fanned out, and again just before each attempt (a key whose scopes
were narrowed, or that was revoked, receives nothing more).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PartnerEvent:
    event_type: str
    version: int
    scope: str
    addressed: bool = False  # sent only to the key named in the payload's ``partner_api_key_id``


PARTNER_EVENTS: dict[str, PartnerEvent] = {
    event.event_type: event for event in (
        PartnerEvent("order.placed", 1, "orders:read"),
        PartnerEvent("order.paid", 1, "orders:read"),
        PartnerEvent("order.confirmed", 1, "orders:read"),
        PartnerEvent("order.completed", 1, "orders:read"),
        PartnerEvent("order.refunded", 1, "orders:read"),
        PartnerEvent("order.cancelled", 1, "orders:read"),
        PartnerEvent("order.uncollected", 1, "orders:read"),
        PartnerEvent("group.closed", 1, "orders:read"),
        PartnerEvent("product.changed", 1, "catalog:read"),
        PartnerEvent("purchase_order.created", 1, "orders:read", addressed=True),
    )
}


def required_scope(event_type: str) -> str | None:
    """The scope an event type needs; None when partners never receive it."""
    found = PARTNER_EVENTS.get(event_type)
    return found.scope if found else None


def may_receive(scopes: Iterable[str], event_type: str) -> bool:
    scope = required_scope(event_type)
    return scope is not None and scope in set(scopes)


def missing_scopes(scopes: Iterable[str], event_types: Iterable[str]) -> dict[str, str]:
    """Offered event types the scopes do not cover, each with the scope it needs."""
    held = set(scopes)
    offered = [PARTNER_EVENTS[t] for t in event_types if t in PARTNER_EVENTS]
    return {event.event_type: event.scope for event in offered if event.scope not in held}
