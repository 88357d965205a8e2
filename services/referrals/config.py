"""Settings of the referrals service."""

from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from common.bus import EventSettings
from common.settings import GroupbuySettings

BindingMode = Literal["new_users_only", "anytime", "override"]


class BindingSettings(BaseModel):
    """Who may be bound to a referrer, and when (``GROUPBUY_BINDING__MODE``, ``GROUPBUY_BINDING__VALID_DAYS``).

    - ``new_users_only``: only a user with no paid order yet can be bound; the first bind wins;
    - ``anytime``: any user who is not bound yet can be bound; the first bind wins;
    - ``override``: the latest code wins, until the user's first paid order.
    ``valid_days``: a user can be bound only within that many days of their registration (or, when
    referrals never heard of it, of the first time referrals saw them); ``None`` is no limit."""

    mode: BindingMode = "new_users_only"
    valid_days: int | None = Field(default=None, ge=1)


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "referrals"

    events: EventSettings = Field(default_factory=EventSettings)
    binding: BindingSettings = Field(default_factory=BindingSettings)
