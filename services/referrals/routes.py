"""Referrals HTTP routes: the tree (codes, binding, shares, the team), the rebate ledger and its rules,
and withdrawals."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Query, Request, Response, status

from common.auth import CurrentUser, Identity, require_role
from common.db import DatabaseDep, SessionDep, WriteSessionDep
from common.pagination import ListOrder, Page, PageDep
from common.problems import Problem
from services.referrals import binding, rule_versions, service, team, withdrawals
from services.referrals.schemas import (
    Balance,
    Binding,
    BindRequest,
    CodeCheck,
    MyReferral,
    RebateEntryPublic,
    RulesRequest,
    RuleVersionPublic,
    Team,
    TreeNode,
    WithdrawalDecision,
    WithdrawalPublic,
    WithdrawalRequest,
)

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
STAFF = ("ops", "admin")
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", min_length=8, max_length=64,
                                       pattern=r"^[A-Za-z0-9_\-:.]+$",
                                       description="Chosen by the client, one per intended withdrawal")]

router = APIRouter(tags=["referrals"])
rebates = APIRouter(prefix="/v1/rebates", tags=["rebates"])
payouts = APIRouter(prefix="/v1/withdrawals", tags=["withdrawals"])


@router.get("/v1/referrals/me", operation_id="referrals_me", response_model=MyReferral)
async def me(user: CurrentUser, session: WriteSessionDep) -> MyReferral:
    """The caller's referral code and the page a share card opens."""
    return await service.my_referral(session=session, user_id=user.user_id)


@router.get("/v1/referrals/codes/{code}", operation_id="referrals_check_code", response_model=CodeCheck)
async def check_code(session: SessionDep,
                     code: Annotated[str, Path(min_length=4, max_length=16, pattern=r"^[A-Za-z0-9]+$")]
                     ) -> CodeCheck:
    """Whether a referral code from a shared link exists (the landing page asks before binding)."""
    return await service.check_code(session=session, code=code)


@router.post("/v1/referrals/bind", operation_id="referrals_bind", response_model=Binding,
             responses={409: {"description": "binding_locked, already_bound or binding_expired"},
                        422: {"description": "unknown_referral_code, self_referral or referral_cycle"}})
async def bind(body: BindRequest, user: CurrentUser, session: WriteSessionDep, request: Request) -> Binding:
    """Bind the caller to the owner of a referral code, per the configured binding mode."""
    return await binding.bind(session=session, settings=request.app.state.settings.binding,
                              user_id=user.user_id, code=body.code, source=body.source)


@router.post("/v1/referrals/shares", operation_id="referrals_share", status_code=204, response_class=Response)
async def share(user: CurrentUser, session: WriteSessionDep) -> Response:
    """The mini-program reports that the caller shared their referral link."""
    await binding.share(session=session, user_id=user.user_id)
    return Response(status_code=204)


@router.get("/v1/referrals/team", operation_id="referrals_team", response_model=Team)
async def my_team(user: CurrentUser, session: SessionDep, request: Request,
                  user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="ops: someone else's")] = None
                  ) -> Team:
    """The caller's downline per tree level and their latest direct referees, personal data masked."""
    whose = _whose(user, user_id)
    depth = max(request.app.state.settings.rebates.max_levels, 2)
    return await team.team(session=session, user_id=whose, depth=depth)


@router.get("/v1/referrals/tree/{user_id}", operation_id="referrals_tree", response_model=TreeNode,
            dependencies=[require_role(*STAFF)])
async def referral_tree(user_id: Id, session: SessionDep,
                        depth: Annotated[int, Query(ge=1, le=5, description="Levels below the user")] = 3
                        ) -> TreeNode:
    """A user's referrer and downline (ops): user ids and levels, up to 100 referees shown per user."""
    return await team.tree(session=session, user_id=user_id, depth=depth)


def _whose(caller: Identity, user_id: int | None) -> int:
    if user_id is None or user_id == caller.user_id:
        return caller.user_id
    if not caller.has_role(*STAFF):
        raise Problem(403, "forbidden", "Only ops look at another user's referrals and rebates")
    return user_id


# --- rebates ---------------------------------------------------------------------------------------


@rebates.get("/balance", operation_id="rebates_balance", response_model=Balance)
async def balance(user: CurrentUser, session: SessionDep,
                  user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="ops: someone else's")] = None
                  ) -> Balance:
    """Pending, frozen and available rebate money (sums of the ledger), and withdrawals."""
    return await service.balance(session=session, user_id=_whose(user, user_id))


@rebates.get("", operation_id="rebates_list", response_model=Page[RebateEntryPublic])
async def entries(user: CurrentUser, session: SessionDep, page: PageDep,
                  bucket: Literal["pending", "frozen", "available"] | None = None,
                  kind: Literal["rebate", "commission", "reward", "withdrawal"] | None = None,
                  user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="ops: someone else's")] = None,
                  everyone: Annotated[bool, Query(description="ops: every user's entries (an export)")] = False,
                  order: ListOrder = "asc") -> Page[RebateEntryPublic]:
    """The caller's rebate ledger, oldest first (``order=desc``: newest first): every earning, its moves
    between buckets, reversals and withdrawals."""
    if everyone and not user.has_role(*STAFF):
        raise Problem(403, "forbidden", "Only ops read every user's rebates")
    return await service.entries(session=session, user_id=None if everyone else _whose(user, user_id),
                                 bucket=bucket, kind=kind, page=page, descending=order == "desc")


@rebates.get("/rules", operation_id="rebates_rules", response_model=list[RuleVersionPublic],
             dependencies=[require_role(*STAFF)])
async def rules(session: SessionDep, request: Request) -> list[RuleVersionPublic]:
    """Every version of the earning rules, the latest first, and which is in force (ops)."""
    return await rule_versions.versions(session=session, default=request.app.state.settings.rebates)


@rebates.post("/rules", operation_id="rebates_publish_rules", response_model=RuleVersionPublic,
              status_code=status.HTTP_201_CREATED)
async def publish_rules(body: RulesRequest, staff: Annotated[Identity, require_role(*STAFF)],
                        session: WriteSessionDep) -> RuleVersionPublic:
    """Publish a new version of the earning rules (ops).  ``warnings`` says what the admin must know
    (three tree levels); more than three are refused."""
    return await rule_versions.publish(session=session, caller=staff, body=body)


# --- withdrawals -----------------------------------------------------------------------------------


@payouts.post("", operation_id="withdrawals_create", response_model=WithdrawalPublic,
              status_code=status.HTTP_201_CREATED,
              responses={409: {"description": "insufficient_balance"}, 422: {"description": "withdrawal_out_of_range"}})
async def create_withdrawal(body: WithdrawalRequest, user: CurrentUser, session: WriteSessionDep, request: Request,
                            response: Response, idempotency_key: IdempotencyKey) -> WithdrawalPublic:
    """Ask to withdraw from the available balance (held at once; paid out once ops approve).  The same
    Idempotency-Key answers the first request again (200)."""
    answer, new = await withdrawals.request(session=session, settings=request.app.state.settings.withdrawals,
                                            user_id=user.user_id, amount_fen=body.amount_fen,
                                            idempotency_key=idempotency_key)
    if not new:
        response.status_code = status.HTTP_200_OK
    return answer


@payouts.get("", operation_id="withdrawals_list", response_model=Page[WithdrawalPublic])
async def list_withdrawals(user: CurrentUser, session: SessionDep, page: PageDep,
                           status_is: Annotated[Literal["pending_review", "approved", "rejected", "paying",
                                                        "awaiting_confirmation", "paid", "failed"] | None,
                                                Query(alias="status")] = None,
                           user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                           order: ListOrder = "asc") -> Page[WithdrawalPublic]:
    """The caller's withdrawals; ops see everyone's (``status``, ``user_id`` to narrow).  Oldest first
    (``order=desc``: newest first)."""
    return await withdrawals.listing(session=session, caller=user, status=status_is, user_id=user_id, page=page,
                                     descending=order == "desc")


@payouts.get("/{withdrawal_id}", operation_id="withdrawals_get", response_model=WithdrawalPublic)
async def get_withdrawal(withdrawal_id: Id, user: CurrentUser, session: SessionDep) -> WithdrawalPublic:
    return await withdrawals.get(session=session, caller=user, withdrawal_id=withdrawal_id)


@payouts.post("/{withdrawal_id}/approve", operation_id="withdrawals_approve", response_model=WithdrawalPublic)
async def approve(withdrawal_id: Id, user: CurrentUser, db: DatabaseDep, request: Request) -> WithdrawalPublic:
    """Approve a withdrawal (ops): it is paid out at once, and followed until the transfer is final."""
    await withdrawals.decide(db=db, caller=user, withdrawal_id=withdrawal_id, approve=True, reason=None)
    state = request.app.state
    await withdrawals.pay_out(db=db, provider=state.provider, clients=state.clients,
                              settings=state.settings.withdrawals, withdrawal_id=withdrawal_id)
    async with db.read_sessions() as session:
        return await withdrawals.get(session=session, caller=user, withdrawal_id=withdrawal_id)


@payouts.post("/{withdrawal_id}/reject", operation_id="withdrawals_reject", response_model=WithdrawalPublic)
async def reject(withdrawal_id: Id, body: WithdrawalDecision, user: CurrentUser, db: DatabaseDep
                 ) -> WithdrawalPublic:
    """Reject a withdrawal (ops): the amount goes back to the available balance."""
    return await withdrawals.decide(db=db, caller=user, withdrawal_id=withdrawal_id, approve=False,
                                    reason=body.reason)


routers = [router, rebates, payouts]
