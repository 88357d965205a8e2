"""When a webhook delivery is tried again, and when it is given up.

- After failed attempt ``n`` (1-based) of a round the next one waits ``initial × 2^(n-1)``, capped at
  ``max_delay``, then scaled by a jitter factor in [0.5, 1] ("equal jitter"): receivers that came back
  after an outage are not hit by every waiting delivery in the same second.
- A round starts when the event is fanned out, or when a delivery is replayed; it lasts ``window``
  (``give_up_at``). An attempt that would come after that is not made: the delivery is failed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

JITTER_FLOOR = 0.5


def backoff(attempt: int, *, initial_s: float, max_delay_s: float) -> float:
    """The delay before the next attempt after failed attempt ``attempt``, without jitter."""
    if attempt < 1:
        raise ValueError("attempts are counted from 1")
    return min(max_delay_s, initial_s * 2 ** min(attempt - 1, 60))


def retry_delay(attempt: int, *, initial_s: float, max_delay_s: float, jitter: float) -> float:
    """``backoff`` scaled by ``jitter`` (a number in [0, 1], e.g. ``random.random()``) into [half, whole]."""
    if not 0.0 <= jitter <= 1.0:
        raise ValueError("jitter is a fraction between 0 and 1")
    return backoff(attempt, initial_s=initial_s, max_delay_s=max_delay_s) * (JITTER_FLOOR + (1 - JITTER_FLOOR) * jitter)


def next_attempt_at(failed_at: datetime, attempt: int, *, give_up_at: datetime, initial_s: float,
                    max_delay_s: float, jitter: float) -> datetime | None:
    """When to try again after failed attempt ``attempt``; None when that is past the round's end."""
    delay = retry_delay(attempt, initial_s=initial_s, max_delay_s=max_delay_s, jitter=jitter)
    at = failed_at + timedelta(seconds=delay)
    return at if at <= give_up_at else None


def is_acknowledged(status_code: int) -> bool:
    """Only a 2xx answer acknowledges a delivery; redirects are not followed and count as failures."""
    return 200 <= status_code < 300
