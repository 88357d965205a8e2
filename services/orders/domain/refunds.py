"""When a refund payout the provider did not accept is tried again.

A refusal (the provider answered, and said no: a closed account, a wrong amount) is tried again after a
delay that doubles from ``first_delay_s`` up to ``max_delay_s``, and after ``max_attempts`` refusals the
refund is ``failed``: ops see it, fix the cause and send it again.  An unknown outcome (the network, a 5xx:
the refund may have gone through) is never given up on: it is asked again with the same ``out_refund_no``,
which the provider treats as the same refund, at the same growing delays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class RetryPolicy:
    first_delay_s: float = 5.0
    max_delay_s: float = 3600.0
    max_attempts: int = 8


def delay_after(attempts: int, policy: RetryPolicy) -> timedelta:
    """The wait before the next try, after ``attempts`` (≥ 1) tries that did not succeed."""
    exponent = min(max(attempts - 1, 0), 32)
    return timedelta(seconds=min(policy.max_delay_s, policy.first_delay_s * 2**exponent))


def gives_up(attempts: int, *, outcome_unknown: bool, policy: RetryPolicy) -> bool:
    return not outcome_unknown and attempts >= policy.max_attempts
