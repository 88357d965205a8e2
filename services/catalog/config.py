"""Settings of the catalog service."""

from typing import ClassVar

from pydantic import Field

from common.bus import EventSettings
from common.settings import GroupbuySettings


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "catalog"

    events: EventSettings = Field(default_factory=EventSettings)

    calendar_days_ahead: int = Field(7, ge=1, le=60, description="How far ahead the calendar is materialised")
    materialise_every_s: float = Field(300, gt=0)
    scheduler_poll_s: float = Field(1.0, gt=0, description="How often live flash sales' counters are checked")
    public_cache_ttl_s: float = Field(5.0, ge=0, description="How long public reads are served from Redis")
