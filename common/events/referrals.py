"""Events produced by referrals: a user was bound to the one who referred them."""

from __future__ import annotations

from common.events import EventPayload, Id, UtcTime, contract

PRODUCER = "referrals"


@contract(PRODUCER, "referral.bound", 1, aggregate="user_id")
class ReferralBound(EventPayload):
    """``user_id`` now counts as referred by ``referrer_id`` (bound or re-bound, per the binding mode)."""

    user_id: Id
    referrer_id: Id
    bound_at: UtcTime
