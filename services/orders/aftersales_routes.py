"""After-sales routes (``aftersales.py``): thin — parse, authorise, call the service.  Included before the
orders router, so ``/v1/orders/after-sales`` is never read as an order id."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, status

from common.auth import CurrentUser, require_role
from common.db import DatabaseDep, SessionDep
from common.pagination import ListOrder, Page, PageDep
from services.orders import aftersales, audit
from services.orders.aftersales_schemas import (
    AfterSalesAnswer,
    AfterSalesApprove,
    AfterSalesAsk,
    AfterSalesCreate,
    AfterSalesPublic,
    AfterSalesReject,
    ReasonPublic,
)
from services.orders.domain.aftersales import Move
from services.orders.models import AfterSalesStatus

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]

router = APIRouter(prefix="/v1/orders", tags=["after-sales"], dependencies=[Depends(audit.set_actor)])
Ops = [require_role("ops", "admin")]


@router.get("/after-sales/reasons", operation_id="after_sales_reasons", response_model=list[ReasonPublic])
async def list_reasons(_user: CurrentUser) -> list[ReasonPublic]:
    """The reason codes a claim may give, with the labels the mini-program shows (坏果, 少件, ...)."""
    return aftersales.reasons()


@router.get("/after-sales", operation_id="after_sales_list", response_model=Page[AfterSalesPublic])
async def list_claims(
        user: CurrentUser, session: SessionDep, page: PageDep,
        view: Annotated[Literal["mine", "staff"], Query(
            description="mine: your own claims, newest first; staff: the ops review queue, oldest first")] = "mine",
        status_: Annotated[AfterSalesStatus | None, Query(alias="status")] = None,
        order_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
        order: Annotated[ListOrder | None, Query(description="asc or desc; the view's own order when left out")]
        = None,
) -> Page[AfterSalesPublic]:
    """Your after-sales claims; ops: every claim (``view=staff&status=pending_review`` is the queue)."""
    return await aftersales.list_claims(session=session, caller=user, staff=view == "staff", status=status_,
                                        order_id=order_id, page=page,
                                        descending=None if order is None else order == "desc")


@router.get("/after-sales/{claim_id}", operation_id="after_sales_get", response_model=AfterSalesPublic)
async def get_claim(claim_id: Id, user: CurrentUser, session: SessionDep) -> AfterSalesPublic:
    """One of your claims (ops: any)."""
    return await aftersales.get_claim(session=session, claim_id=claim_id, caller=user)


@router.post("/after-sales/{claim_id}/approve", operation_id="after_sales_approve", response_model=AfterSalesPublic,
             dependencies=Ops)
async def approve_claim(claim_id: Id, body: AfterSalesApprove, request: Request, user: CurrentUser,
                        db: DatabaseDep) -> AfterSalesPublic:
    """Ops: approve — the refund is decided at once (for ``amount_fen`` when settling for less)."""
    state = request.app.state
    return await aftersales.review_claim(db=db, clients=state.clients, settings=state.settings, claim_id=claim_id,
                                         caller=user, move=Move.approve, amount_fen=body.amount_fen, text=body.note)


@router.post("/after-sales/{claim_id}/reject", operation_id="after_sales_reject", response_model=AfterSalesPublic,
             dependencies=Ops)
async def reject_claim(claim_id: Id, body: AfterSalesReject, request: Request, user: CurrentUser,
                       db: DatabaseDep) -> AfterSalesPublic:
    """Ops: reject, saying why (the buyer sees it)."""
    state = request.app.state
    return await aftersales.review_claim(db=db, clients=state.clients, settings=state.settings, claim_id=claim_id,
                                         caller=user, move=Move.reject, text=body.reason)


@router.post("/after-sales/{claim_id}/ask", operation_id="after_sales_ask", response_model=AfterSalesPublic,
             dependencies=Ops)
async def ask_buyer(claim_id: Id, body: AfterSalesAsk, request: Request, user: CurrentUser,
                    db: DatabaseDep) -> AfterSalesPublic:
    """Ops: ask the buyer for more (a photo of the box, ...); the claim waits for their answer."""
    state = request.app.state
    return await aftersales.review_claim(db=db, clients=state.clients, settings=state.settings, claim_id=claim_id,
                                         caller=user, move=Move.ask, text=body.question)


@router.post("/after-sales/{claim_id}/answer", operation_id="after_sales_answer", response_model=AfterSalesPublic)
async def answer_ops(claim_id: Id, body: AfterSalesAnswer, user: CurrentUser, db: DatabaseDep) -> AfterSalesPublic:
    """The buyer answers ops' question; the claim is back in the review queue."""
    return await aftersales.answer_claim(db=db, claim_id=claim_id, caller=user, answer=body.answer,
                                         image_urls=body.image_urls)


@router.post("/{order_id}/after-sales", operation_id="after_sales_create", response_model=AfterSalesPublic,
             status_code=status.HTTP_201_CREATED)
async def file_claim(order_id: Id, body: AfterSalesCreate, request: Request, user: CurrentUser,
                     db: DatabaseDep) -> AfterSalesPublic:
    """An after-sales claim on your own paid order: approved at once when a rule allows (a small claim of a
    buyer in good standing, a shortage the leader confirmed), else reviewed by ops."""
    state = request.app.state
    return await aftersales.file_claim(db=db, clients=state.clients, settings=state.settings, order_id=order_id,
                                       caller=user, claim_in=body)
