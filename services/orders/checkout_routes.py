"""The basket's HTTP routes — the cart, checkouts, and the sandbox's checkout payment: thin, as every route
here (``checkouts.py`` and ``cart.py`` hold the rules)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from common.auth import CurrentUser
from common.db import DatabaseDep, SessionDep
from common.pagination import ListOrder, Page, PageDep
from common.payments import SandboxProvider
from common.problems import Problem, not_found
from services.orders import audit, cart, checkouts
from services.orders.checkout_schemas import (
    Cart,
    CartLineCreate,
    CartLinePublic,
    CartLineUpdate,
    CheckoutCreate,
    CheckoutPlaced,
    CheckoutPublic,
)
from services.orders.models import Checkout, CheckoutStatus
from services.orders.routes import Id, IdempotencyKey

basket = APIRouter(prefix="/v1/cart", tags=["cart"], dependencies=[Depends(audit.set_actor)])
checkout_routes = APIRouter(prefix="/v1/checkouts", tags=["checkouts"], dependencies=[Depends(audit.set_actor)])
sandbox = APIRouter(prefix="/v1/payments", tags=["payments"], dependencies=[Depends(audit.set_actor)])


@basket.get("", operation_id="cart_get", response_model=Cart)
async def get_cart(request: Request, user: CurrentUser, db: DatabaseDep,
                   address_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description=(
                       "Quote ladder lines at the group open at this address of yours"))] = None) -> Cart:
    """Your cart, every line quoted live, lines that can no longer be bought marked with why."""
    state = request.app.state
    return await cart.cart(db=db, clients=state.clients, gate=state.flash_gate, user_id=user.user_id,
                           address_id=address_id)


@basket.post("/lines", operation_id="cart_add_line", response_model=CartLinePublic,
             status_code=status.HTTP_201_CREATED)
async def add_cart_line(body: CartLineCreate, request: Request, user: CurrentUser, db: DatabaseDep) -> CartLinePublic:
    """Put an item in your cart (the same item again adds to its quantity)."""
    return await cart.add_line(db=db, clients=request.app.state.clients, user_id=user.user_id, line_in=body)


@basket.patch("/lines/{line_id}", operation_id="cart_change_line", response_model=CartLinePublic)
async def change_cart_line(line_id: Id, body: CartLineUpdate, user: CurrentUser, db: DatabaseDep) -> CartLinePublic:
    return await cart.change_line(db=db, user_id=user.user_id, line_id=line_id, quantity=body.quantity)


@basket.delete("/lines/{line_id}", operation_id="cart_remove_line", status_code=status.HTTP_204_NO_CONTENT)
async def remove_cart_line(line_id: Id, user: CurrentUser, db: DatabaseDep) -> Response:
    await cart.remove_line(db=db, user_id=user.user_id, line_id=line_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@checkout_routes.post("", operation_id="checkouts_create", response_model=CheckoutPlaced,
                      status_code=status.HTTP_201_CREATED)
async def create_checkout(body: CheckoutCreate, request: Request, user: CurrentUser, db: DatabaseDep,
                          idempotency_key: IdempotencyKey) -> CheckoutPlaced:
    """Check a basket out (the lines given, or your whole cart): every line an order of its own, all held or
    none (the answer names the line that failed and why), one payment for the sum.  The same
    Idempotency-Key with the same body returns the same checkout."""
    state = request.app.state
    return await checkouts.place_checkout(db=db, clients=state.clients, provider=state.provider,
                                          settings=state.settings, redis=state.lean_redis, gate=state.flash_gate,
                                          user_id=user.user_id, checkout_in=body, idempotency_key=idempotency_key)


@checkout_routes.get("", operation_id="checkouts_list", response_model=Page[CheckoutPublic])
async def list_checkouts(user: CurrentUser, session: SessionDep, page: PageDep,
                         order: ListOrder = "desc") -> Page[CheckoutPublic]:
    """Your checkouts with their lines, newest first (``order=asc``: oldest first)."""
    return await checkouts.list_checkouts(session=session, user_id=user.user_id, page=page,
                                          descending=order == "desc")


@checkout_routes.get("/{checkout_id}", operation_id="checkouts_get", response_model=CheckoutPublic)
async def get_checkout(checkout_id: Id, user: CurrentUser, session: SessionDep) -> CheckoutPublic:
    """Your own checkout and its lines (orders)."""
    return await checkouts.get_checkout(session=session, checkout_id=checkout_id, user_id=user.user_id)


@checkout_routes.post("/{checkout_id}/payment", operation_id="checkouts_pay_again", response_model=CheckoutPlaced)
async def pay_checkout_again(checkout_id: Id, request: Request, user: CurrentUser, db: DatabaseDep) -> CheckoutPlaced:
    """Fresh wx.requestPayment parameters for your unpaid checkout: the same payment, never a second one."""
    state = request.app.state
    return await checkouts.pay_again(db=db, clients=state.clients, provider=state.provider, settings=state.settings,
                                     checkout_id=checkout_id, user_id=user.user_id)


@checkout_routes.post("/{checkout_id}/cancel", operation_id="checkouts_cancel", response_model=CheckoutPublic)
async def cancel_checkout(checkout_id: Id, request: Request, user: CurrentUser, db: DatabaseDep) -> CheckoutPublic:
    """Cancel your whole unpaid checkout: every line cancelled, its stock back at once."""
    state = request.app.state
    return await checkouts.cancel(db=db, clients=state.clients, provider=state.provider, checkout_id=checkout_id,
                                  reason="user", user_id=user.user_id)


@sandbox.post("/sandbox/checkouts/{checkout_id}", operation_id="payments_sandbox_pay_checkout",
              response_model=CheckoutPublic)
async def sandbox_pay_checkout(checkout_id: Id, request: Request, user: CurrentUser, db: DatabaseDep,
                               notify: Annotated[bool, Query(description="False: the notification is lost; the "
                                                                         "checkout is found paid by asking")] = True,
                               ) -> CheckoutPublic:
    """Embedded default only: pay one of your checkouts, through the same notification path WeChat Pay uses."""
    provider = request.app.state.provider
    if not isinstance(provider, SandboxProvider):
        raise not_found("route", request.url.path)
    async with db.read_sessions() as session:
        checkout = await session.get(Checkout, checkout_id)
    if checkout is None or checkout.user_id != user.user_id:
        raise not_found("checkout", checkout_id)
    if checkout.status != CheckoutStatus.pending_payment:
        raise Problem(409, "invalid_transition", f"A {checkout.status} checkout cannot be paid")
    signed = provider.pay(checkout.checkout_no, amount_fen=checkout.amount_fen,
                          payer_openid=f"sandbox-{checkout.user_id}")
    if notify:
        notification = await provider.parse_notification(signed.headers, signed.body)
        with audit.acting_as(audit.PAYMENT_NOTIFICATION):
            await checkouts.apply_payment(db=db, provider=provider.name, notification=notification)
    async with db.read_sessions() as session:
        return await checkouts.get_checkout(session=session, checkout_id=checkout_id, user_id=user.user_id)


routers = [basket, checkout_routes, sandbox]
