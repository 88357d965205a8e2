"""Events produced by membership: a user registered, a user's level changed."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from common.events import EventPayload, Id, UtcTime, contract

PRODUCER = "membership"


@contract(PRODUCER, "user.registered", 1, aggregate="user_id")
class UserRegistered(EventPayload):
    """A new user exists (their first login). No personal data: consumers ask membership if they need it."""

    user_id: Id
    registered_at: UtcTime


@contract(PRODUCER, "level.changed", 1, aggregate="user_id")
class LevelChanged(EventPayload):
    """A user's membership level changed (levels are codes such as ``customer``, ``member``, ``partner``)."""

    user_id: Id
    from_level: str = Field(min_length=1, max_length=32)
    to_level: str = Field(min_length=1, max_length=32)
    reason: Literal["growth", "bundle", "referrals", "manual"]
    changed_at: UtcTime
