"""Who may see and move which order — checked here, in the service that owns orders, whatever the
gateway let through.

- Ops and admins see every order in full, and move any.
- A community's leader sees and moves the orders of the community they lead *now* (membership is asked
  each time, so a new leader takes over at once), with the buyers masked as the pickup list masks them.
- A buyer sees their own orders in full.
- A partner's API key with ``orders:write`` may ship (a logistics partner's system); nothing else here.

An order or a community the caller may not reach answers 404, exactly like one that does not exist, so
nobody learns what other communities or buyers have."""

from __future__ import annotations

from enum import StrEnum

from common.auth import Identity
from common.problems import Problem, not_found
from services.orders.clients import Clients
from services.orders.domain.pickup import masked_address
from services.orders.models import Order
from services.orders.schemas import OrderPublic

STAFF_ROLES = ("ops", "admin")
SHIP_SCOPE = "orders:write"


class View(StrEnum):
    full = "full"
    masked = "masked"


def is_staff(caller: Identity) -> bool:
    return caller.kind == "user" and caller.has_role(*STAFF_ROLES)


async def leads(clients: Clients, caller: Identity, community_id: int | None) -> bool:
    """Whether the caller leads this community now."""
    if community_id is None or caller.kind != "user" or not caller.has_role("leader"):
        return False
    community = await clients.community(community_id)
    return community is not None and community.leader_user_id == caller.user_id


async def community_view(clients: Clients, caller: Identity, community_id: int, *,
                         partner_scope: str | None = None) -> View:
    """How the caller sees a community's orders (ops: in full; its leader: masked); 404 for anyone else.
    ``partner_scope``: an API key holding it acts as ops would."""
    if is_staff(caller) or (partner_scope and caller.kind == "api_key" and caller.has_scope(partner_scope)):
        if await clients.community(community_id) is None:
            raise not_found("community", community_id)
        return View.full
    if await leads(clients, caller, community_id):
        return View.masked
    raise not_found("community", community_id)


async def staff_view(clients: Clients, caller: Identity, community_id: int | None) -> View:
    """Lists for the back office: ops see every community (or the one named) in full; a leader must name
    the community they lead and sees it masked; buyers are told the list is not theirs (403)."""
    if community_id is not None:
        return await community_view(clients, caller, community_id)
    if is_staff(caller):
        return View.full
    if caller.kind == "user" and caller.has_role("leader"):
        raise Problem(422, "validation_error", "Invalid fields: query.community_id",
                      errors=[{"field": "query.community_id", "type": "missing",
                               "message": "a leader names the community they lead"}])
    raise Problem(403, "forbidden", "Only ops and community leaders use the back office")


async def order_view(clients: Clients, caller: Identity, order: Order | None, order_id: int) -> View:
    """How the caller sees this order; 404 when they may not see it at all."""
    if order is None:
        raise not_found("order", order_id)
    if is_staff(caller) or (caller.kind == "user" and order.user_id == caller.user_id):
        return View.full
    if await leads(clients, caller, order.community_id):
        return View.masked
    raise not_found("order", order_id)


async def may_move(clients: Clients, caller: Identity, order: Order, *, partner_scope: str | None = None) -> None:
    """Ops, the community's leader (or a partner key with ``partner_scope``) may ship and hand out; the
    buyer is told it is not theirs to do (403); anyone else learns nothing (404)."""
    if is_staff(caller) or (partner_scope and caller.kind == "api_key" and caller.has_scope(partner_scope)):
        return
    if await leads(clients, caller, order.community_id):
        return
    if caller.kind == "user" and order.user_id == caller.user_id:
        raise Problem(403, "forbidden", "Only ops or the community's leader hand orders out")
    raise not_found("order", order.id)


def shown(order: Order, view: View) -> OrderPublic:
    public = OrderPublic.model_validate(order, from_attributes=True)
    if view == View.masked and public.address is not None:
        public.address = masked_address(public.address)
    return public
