"""Settings of the referrals service."""

from typing import ClassVar

from pydantic import Field

from common.bus import EventSettings
from common.settings import GroupbuySettings


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "referrals"

    events: EventSettings = Field(default_factory=EventSettings)
