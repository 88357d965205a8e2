"""Events produced by referrals: bindings in the referral tree, shares, referees who became buyers, money
that became available to its earner, and withdrawals paid out."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from common.events import Count, EventPayload, Fen, Id, UtcTime, contract

PRODUCER = "referrals"


@contract(PRODUCER, "referral.bound", 1, aggregate="user_id")
class ReferralBound(EventPayload):
    """``user_id`` now counts as referred by ``referrer_id`` (bound or re-bound, per the binding mode)."""

    user_id: Id
    referrer_id: Id
    bound_at: UtcTime


@contract(PRODUCER, "referral.shared", 1, aggregate="user_id")
class ReferralShared(EventPayload):
    """``user_id`` shared their referral link (the mini-program reports each share)."""

    user_id: Id
    shared_at: UtcTime


@contract(PRODUCER, "referral.referee_paid", 1, aggregate="referrer_id")
class RefereePaid(EventPayload):
    """Someone ``referrer_id`` brought in (``referee_id``) paid for their first order."""

    referrer_id: Id
    referee_id: Id
    paid_at: UtcTime


@contract(PRODUCER, "referral.referee_confirmed", 1, aggregate="referrer_id")
class RefereeConfirmed(EventPayload):
    """A direct referee's first order was confirmed; ``confirmed_referees`` is how many of
    ``referrer_id``'s direct referees now have a confirmed order (membership's referral upgrade rule)."""

    referrer_id: Id
    referee_id: Id
    confirmed_referees: Count
    confirmed_at: UtcTime


@contract(PRODUCER, "rebate.credited", 1, aggregate="user_id")
class RebateCredited(EventPayload):
    """An earning of ``user_id`` from order ``order_id`` became available (withdrawable): the order completed
    and its after-sales window passed.  ``kind``: a rebate up the referral tree, the leader's commission or
    the new-member reward.  One event per earning; refunds after it are separate reversals."""

    user_id: Id
    order_id: Id
    kind: Literal["rebate", "commission", "reward"]
    amount_fen: Annotated[int, Field(strict=True, ge=1)]
    credited_at: UtcTime


@contract(PRODUCER, "withdrawal.paid", 1, aggregate="user_id")
class WithdrawalPaid(EventPayload):
    """Withdrawal ``withdrawal_id`` of ``user_id`` was paid out: ``payout_fen`` reached the user's WeChat
    balance (``amount_fen`` less ``fee_fen``)."""

    withdrawal_id: Id
    user_id: Id
    amount_fen: Fen
    fee_fen: Fen
    payout_fen: Fen
    paid_at: UtcTime
