"""Orders HTTP routes: thin — parse, authorise, call the service, shape the response."""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse
from sqlmodel import select

from common.auth import CurrentUser, Identity, IdentityDep, ServiceCaller, require_role, require_staff_or_scope
from common.clock import business_now
from common.db import DatabaseDep, SessionDep, SnapshotSessionDep
from common.pagination import ListOrder, Page, PageDep, SortOrder
from common.payments import NOTIFY_ACK_STATUS, NotificationRejected, SandboxProvider, notify_failure_body
from common.problems import Problem, not_found
from services.orders import (
    access,
    audit,
    batches,
    fulfilment,
    pickup,
    pickup_codes,
    refund_ops,
    search,
    service,
    share,
    uncollected,
)
from services.orders import groups as ladder
from services.orders.aftersales import with_refunds
from services.orders.domain.lifecycle import OrderEvent
from services.orders.models import GroupStatus, Order, OrderStatus, RefundStatus
from services.orders.schemas import (
    BatchResult,
    DeliverBatch,
    GroupProgress,
    OrderCreate,
    OrderHistory,
    OrderNumbers,
    OrderPlaced,
    OrderPublic,
    PickupCodes,
    PickupList,
    PickupRedeem,
    RefundCreate,
    RefundPublic,
    RefundRetry,
    RefundSettle,
    ShipBatch,
)

log = logging.getLogger("groupbuy.orders.routes")

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", min_length=8, max_length=128,
                                       pattern=r"^[A-Za-z0-9_\-:.]+$",
                                       description="Chosen by the client, one per intended order")]

Community = Annotated[int, Query(ge=1, le=2**31 - 1)]
QueryId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]
# Who may ship: ops, a leader (of the order's community, checked per order), or a logistics partner's key.
Shipper = Annotated[Identity, require_staff_or_scope(access.SHIP_SCOPE, "ops", "admin", "leader")]

# Every route names who acts, for the orders' audit trail (services/orders/audit.py).
orders = APIRouter(prefix="/v1/orders", tags=["orders"], dependencies=[Depends(audit.set_actor)])
groups = APIRouter(prefix="/v1/groups", tags=["groups"], dependencies=[Depends(audit.set_actor)])
payments = APIRouter(prefix="/v1/payments", tags=["payments"], dependencies=[Depends(audit.set_actor)])


@orders.post("", operation_id="orders_create", response_model=OrderPlaced, status_code=status.HTTP_201_CREATED)
async def create_order(body: OrderCreate, request: Request, user: CurrentUser, db: DatabaseDep,
                       idempotency_key: IdempotencyKey) -> OrderPlaced:
    """Place an order (stock is held until the payment deadline) and get what wx.requestPayment needs.
    The same Idempotency-Key with the same body returns the same order, with fresh payment parameters
    while it is unpaid."""
    state = request.app.state
    return await service.place_order(db=db, clients=state.clients, provider=state.provider, settings=state.settings,
                                     redis=state.lean_redis, gate=state.flash_gate, user_id=user.user_id, order_in=body,
                                     idempotency_key=idempotency_key)


@orders.get("", operation_id="orders_list", response_model=Page[OrderPublic])
async def list_orders(
        request: Request, user: CurrentUser, session: SnapshotSessionDep, page: PageDep,
        view: Annotated[Literal["mine", "staff"], Query(
            description="mine: your own orders; staff: the back office (ops: every order; a leader: the "
                        "community they lead, named by community_id, buyers masked)")] = "mine",
        order: Annotated[SortOrder, Query(description="desc: newest first")] = SortOrder.desc,
        status_: Annotated[OrderStatus | None, Query(alias="status")] = None,
        community_id: QueryId = None,
        leader_id: Annotated[int | None, Query(ge=1, le=2**31 - 1,
                                               description="The community's leader when it was placed")] = None,
        delivery_date: Annotated[date | None, Query(description="The business day (Asia/Shanghai) it is handed "
                                                                "out; orders not shipped yet have none")] = None,
        activity_id: QueryId = None, product_id: QueryId = None, sku_id: QueryId = None, group_id: QueryId = None,
        order_no: Annotated[str | None, Query(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9]+$")] = None,
        phone_tail: Annotated[str | None, Query(pattern=r"^[0-9]{4}$",
                                                description="The last 4 digits of the buyer's phone")] = None,
        user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="The buyer")] = None,
) -> Page[OrderPublic]:
    """Find orders: your own (``view=mine``), or the back office's search (``view=staff``).  Newest first
    unless ``order=asc``."""
    filters = search.Filters(status=status_, community_id=community_id, leader_id=leader_id,
                             delivery_date=delivery_date, activity_id=activity_id, product_id=product_id,
                             sku_id=sku_id, group_id=group_id, order_no=order_no, phone_tail=phone_tail,
                             user_id=user_id)
    return await search.search(session=session, clients=request.app.state.clients, caller=user, view=view,
                               filters=filters, page=page, direction=order)


@orders.get("/pickup-list", operation_id="orders_pickup_list", response_model=PickupList,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
async def pickup_list(request: Request, user: CurrentUser, session: SessionDep,
                      community_id: Community,
                      day: Annotated[date | None, Query(alias="date", description="YYYY-MM-DD, Asia/Shanghai; "
                                                                                  "today when left out")] = None,
                      format_: Annotated[Literal["json", "csv"] | None,
                                         Query(alias="format", description="csv, or send Accept: text/csv")] = None,
                      ) -> Response:
    """Ops or the community's leader: what to hand out at the pickup point that day, by address and SKU."""
    sheet = await pickup.pickup_list(session=session, clients=request.app.state.clients, caller=user,
                                     community_id=community_id, day=day or business_now().date())
    if pickup.wants_csv(format_, request.headers.get("accept")):
        return pickup.csv_response(sheet)
    return JSONResponse(sheet.model_dump(mode="json"))


@orders.get("/pickup-code", operation_id="orders_pickup_code", response_model=PickupCodes)
async def pickup_code(user: CurrentUser, db: DatabaseDep,
                      day: Annotated[date | None, Query(alias="date", description="YYYY-MM-DD, Asia/Shanghai; "
                                                                                  "today when left out")] = None,
                      ) -> PickupCodes:
    """Your pickup codes (核销码) for the day: one per pickup point where something of yours waits, with those
    orders and the text of the QR image to show the leader."""
    return await pickup_codes.my_codes(db=db, user_id=user.user_id, day=day or business_now().date())


@orders.post("/pickup", operation_id="orders_redeem_pickup_code", response_model=BatchResult)
async def redeem_pickup_code(body: PickupRedeem, request: Request, user: CurrentUser, db: DatabaseDep) -> BatchResult:
    """The community's leader (or ops) enters or scans a buyer's code: everything of that buyer waiting here
    today is handed out, and listed.  Wrong codes are counted: too many and the caller waits (429)."""
    state = request.app.state
    return await pickup_codes.redeem(db=db, clients=state.clients, redis=state.redis, settings=state.settings,
                                     caller=user, text=body.code, community_id=body.community_id)


@orders.post("/ship", operation_id="orders_ship_batch", response_model=BatchResult)
async def ship_batch(body: ShipBatch, request: Request, caller: Shipper, db: DatabaseDep) -> BatchResult:
    """Ops (or the community's leader, or a logistics partner's key): ship every paid order of the community
    for a delivery day, in one move; reported order by order, and safe to send again."""
    return await batches.ship_community(db=db, clients=request.app.state.clients, caller=caller,
                                        community_id=body.community_id, day=body.date)


@orders.post("/deliver", operation_id="orders_deliver_batch", response_model=BatchResult)
async def deliver_batch(body: DeliverBatch, request: Request, user: CurrentUser, db: DatabaseDep) -> BatchResult:
    """The community's leader (or ops): hand out everything the buyer has waiting here today, in one move;
    reported order by order, and safe to send again."""
    return await batches.deliver_to_buyer(db=db, clients=request.app.state.clients, caller=user,
                                          community_id=body.community_id, user_id=body.user_id)


@orders.get("/uncollected", operation_id="orders_list_uncollected", response_model=Page[OrderPublic])
async def list_uncollected(request: Request, user: CurrentUser, session: SessionDep, page: PageDep,
                           community_id: QueryId = None, order: ListOrder = "asc") -> Page[OrderPublic]:
    """Shipped orders still waiting at their pickup point ``uncollected_after_s`` after they arrived, longest
    waiting first: ops (every community, or one), a leader (the community they lead)."""
    state = request.app.state
    return await uncollected.listed(session=session, clients=state.clients, settings=state.settings, caller=user,
                                    community_id=community_id, page=page, descending=order == "desc")


@orders.get("/refunds", operation_id="orders_list_refunds", response_model=Page[RefundPublic],
            dependencies=[require_role("ops", "admin")])
async def list_refunds(session: SessionDep, page: PageDep,
                       status_: Annotated[RefundStatus | None, Query(alias="status")] = None,
                       order: ListOrder = "asc") -> Page[RefundPublic]:
    """Ops: refunds, oldest first (``order=desc``: newest first); ``status=failed`` lists those the provider
    kept refusing."""
    return await ladder.list_refunds(session=session, status=status_, page=page, descending=order == "desc")


@orders.post("/refunds/{refund_id}/retry", operation_id="orders_retry_refund", response_model=RefundPublic,
             dependencies=[require_role("ops", "admin")])
async def retry_refund(refund_id: Id, db: DatabaseDep, user: CurrentUser,
                       body: RefundRetry | None = None) -> RefundPublic:
    """Ops: send a failed refund to the provider again (after fixing what made it fail); an abnormal or
    closed one goes out again under a new refund number.  Idempotent; audited on the refund and the order."""
    refund = await refund_ops.retry(db=db, refund_id=refund_id, caller=user, note=body.note if body else None)
    return RefundPublic.model_validate(refund, from_attributes=True)


@orders.post("/refunds/{refund_id}/settle", operation_id="orders_settle_refund", response_model=RefundPublic,
             dependencies=[require_role("ops", "admin")])
async def settle_refund(refund_id: Id, body: RefundSettle, request: Request, db: DatabaseDep,
                        user: CurrentUser) -> RefundPublic:
    """Ops: a failed, abnormal or closed refund was paid outside WeChat Pay (say how in the note): counted
    back on the order as paid.  Idempotent; audited on the refund and the order."""
    refund = await refund_ops.settle(db=db, clients=request.app.state.clients, refund_id=refund_id, caller=user,
                                     note=body.note)
    return RefundPublic.model_validate(refund, from_attributes=True)


@orders.get("/{order_id}", operation_id="orders_get", response_model=OrderPublic)
async def get_order(order_id: Id, request: Request, user: CurrentUser, session: SnapshotSessionDep) -> OrderPublic:
    """Your own order; ops: any order; a leader: the orders of the community they lead, buyers masked."""
    order = await session.get(Order, order_id)
    shown = access.shown(order, await access.order_view(request.app.state.clients, user, order, order_id))
    await with_refunds(session, [shown])
    return shown


@orders.get("/{order_id}/history", operation_id="orders_history", response_model=OrderHistory)
async def order_history(order_id: Id, request: Request, user: CurrentUser, session: SessionDep) -> OrderHistory:
    """Ops, or the leader of the order's community: every change of the order's state, oldest first — who
    (user and roles, API key, or the system), when, from which state, under which request id."""
    return await audit.order_history(session=session, clients=request.app.state.clients, caller=user,
                                     order_id=order_id)


@orders.post("/{order_id}/payment", operation_id="orders_pay_again", response_model=OrderPlaced)
async def pay_again(order_id: Id, request: Request, user: CurrentUser, db: DatabaseDep) -> OrderPlaced:
    """Fresh wx.requestPayment parameters for your own unpaid order (after the payment sheet was closed):
    the same payment as before, never a second one."""
    state = request.app.state
    return await service.pay_again(db=db, clients=state.clients, provider=state.provider, settings=state.settings,
                                   order_id=order_id, user_id=user.user_id)


@orders.post("/{order_id}/cancel", operation_id="orders_cancel", response_model=OrderPublic)
async def cancel_order(order_id: Id, request: Request, user: CurrentUser, db: DatabaseDep) -> OrderPublic:
    """Cancel an unpaid order; its stock goes back at once."""
    return await service.cancel(db=db, clients=request.app.state.clients, order_id=order_id, reason="user",
                                user_id=user.user_id)


@orders.post("/{order_id}/ship", operation_id="orders_ship", response_model=OrderPublic)
async def ship_order(order_id: Id, request: Request, caller: Shipper, db: DatabaseDep) -> OrderPublic:
    """Ops, the community's leader or a logistics partner's key: a confirmed order is on its way to the
    pickup point, to be handed out today."""
    return await fulfilment.hand_out(db=db, clients=request.app.state.clients, order_id=order_id,
                                     event=OrderEvent.ship, caller=caller)


@orders.post("/{order_id}/deliver", operation_id="orders_deliver", response_model=OrderPublic)
async def deliver_order(order_id: Id, request: Request, user: CurrentUser, db: DatabaseDep) -> OrderPublic:
    """Ops or the community's leader: the buyer picked the order up; the after-sales window starts."""
    return await fulfilment.hand_out(db=db, clients=request.app.state.clients, order_id=order_id,
                                     event=OrderEvent.deliver, caller=user)


@orders.post("/{order_id}/refunds", operation_id="orders_refund", response_model=OrderPublic,
             status_code=status.HTTP_201_CREATED)
async def refund_order(order_id: Id, body: RefundCreate, request: Request, user: CurrentUser,
                       db: DatabaseDep) -> OrderPublic:
    """Money back, in full or in part, at any paid state before completion — after delivery only within
    the after-sales window.  The buyer refunds their own orders; ops any order."""
    state = request.app.state
    return await fulfilment.request_refund(db=db, clients=state.clients, settings=state.settings, order_id=order_id,
                                           caller=user, amount_fen=body.amount_fen)


@groups.get("", operation_id="orders_list_groups", response_model=Page[GroupProgress],
            dependencies=[require_role("ops", "admin")])
async def list_groups(session: SessionDep, page: PageDep, status: GroupStatus | None = None,
                      activity_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                      order: ListOrder = "asc") -> Page[GroupProgress]:
    """Every ladder group (ops), oldest first (``order=desc``: newest first); ``status`` and ``activity_id``
    narrow the list."""
    return await ladder.list_groups(session=session, status=status, activity_id=activity_id, page=page,
                                    descending=order == "desc")


@groups.get("/{group_id}", operation_id="orders_get_group", response_model=GroupProgress)
async def get_group(request: Request, caller: IdentityDep, session: SessionDep, group_id: Id,
                    share_: share.ShareToken = None) -> GroupProgress:
    """A ladder group's progress: how many have paid, the price reached, what the next tier needs, time left.
    For its participants, holders of its shared link (``share``) and ops (``services/orders/share.py``)."""
    return await share.group_progress(request=request, session=session, caller=caller, group_id=group_id,
                                      token=share_)


@groups.post("/{group_id}/close", operation_id="orders_close_group", response_model=GroupProgress,
             dependencies=[require_role("ops", "admin")])
async def close_group(group_id: Id, db: DatabaseDep) -> GroupProgress:
    """Close a group now (ops): settle every paid order at the final tier and refund the differences."""
    await ladder.close_group(db, group_id)
    async with db.read_sessions() as session:
        return await ladder.group_progress(session=session, group_id=group_id)


@payments.post("/wechat/notify", operation_id="payments_wechat_notify", status_code=204,
               responses={401: {"description": "Signature or content rejected; WeChat Pay will retry"}})
async def wechat_notify(request: Request, db: DatabaseDep) -> Response:
    """WeChat Pay's notification (signed, encrypted).  Any number of replays make one payment.  Answers
    in WeChat Pay's own format, not problem+json."""
    state = request.app.state
    try:
        notification = await state.provider.parse_notification(request.headers, await request.body())
    except NotificationRejected as exc:
        log.warning("payment notification rejected: %s", exc)
        return JSONResponse(notify_failure_body(str(exc)), status_code=401)
    with audit.acting_as(audit.PAYMENT_NOTIFICATION):
        await service.apply_notification(db=db, clients=state.clients, provider=state.provider.name,
                                         notification=notification)
    return Response(status_code=NOTIFY_ACK_STATUS)


# Built once: a statement object keeps its cache key.
_PAYABLE = select(Order.order_no, Order.user_id, Order.status, Order.amount_fen, Order.checkout_id,
                  Order.checkout_no).where(Order.id == sa.bindparam("order_id"))


@payments.post("/sandbox/{order_id}", operation_id="payments_sandbox_pay", response_model=OrderPublic)
async def sandbox_pay(order_id: Id, request: Request, user: CurrentUser, db: DatabaseDep,
                      notify: Annotated[bool, Query(description="False: the notification is lost, as happens; "
                                                              "the order is found paid by asking the provider")] = True,
                      ) -> OrderPublic:
    """Embedded default only: pay one of your orders, through the same notification path WeChat Pay uses."""
    provider = request.app.state.provider
    if not isinstance(provider, SandboxProvider):
        raise not_found("route", request.url.path)
    order = (await db.fetch(_PAYABLE, {"order_id": order_id})).first()
    if order is None or order.user_id != user.user_id:
        raise not_found("order", order_id)
    if order.status != OrderStatus.pending_payment:
        raise Problem(409, "invalid_transition", f"A {order.status} order cannot be paid")
    if order.checkout_id is not None:  # paid under its checkout's one number, never alone
        raise Problem(409, "checkout_line", f"Order {order.order_no} is a line of checkout {order.checkout_no}: "
                      f"pay the checkout at POST /v1/payments/sandbox/checkouts/{order.checkout_id}",
                      checkout_id=order.checkout_id, checkout_no=order.checkout_no,
                      pay_route=f"/v1/payments/sandbox/checkouts/{order.checkout_id}")
    signed = provider.pay(order.order_no, amount_fen=order.amount_fen, payer_openid=f"sandbox-{order.user_id}")
    if notify:
        notification = await provider.parse_notification(signed.headers, signed.body)
        paid = await service.apply_notification(db=db, clients=request.app.state.clients, provider=provider.name,
                                                notification=notification)
        if paid is not None:
            return service.public(paid)
    async with db.read_sessions() as fresh:
        return service.public(await fresh.get(Order, order_id))


internal = APIRouter(prefix="/internal", include_in_schema=False)


@internal.post("/orders/states", response_model=dict[str, OrderStatus | None])
async def order_states(body: OrderNumbers, _caller: ServiceCaller,
                       db: DatabaseDep) -> dict[str, OrderStatus | None]:
    """Where each order stands, by number (None: no such order): catalog settles stale reservations by it."""
    return await service.states_of(db=db, order_nos=body.order_nos, void_missing=body.void_missing)


routers = [orders, groups, payments, internal]
