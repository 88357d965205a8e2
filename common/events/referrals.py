"""Events produced by referrals: bindings in the referral tree, shares, and referees who became buyers."""

from __future__ import annotations

from common.events import Count, EventPayload, Id, UtcTime, contract

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
