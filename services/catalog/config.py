"""Settings of the catalog service.

Level codes: member prices and gift packs name membership levels, which membership owns (seeded by its
migrations; no event announces a new one).  The catalog accepts the codes of ``GROUPBUY_LEVEL_CODES``
(a JSON list), by default membership's own: customer, member, partner.  A deployment that adds a level
to membership adds its code here too.  The list is read from the environment once, apart from
``Settings``, because requests are validated before any app's settings are at hand.
"""

from functools import cache
from typing import ClassVar

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from common.bus import EventSettings
from common.settings import GroupbuySettings

DEFAULT_LEVEL_CODES = ("customer", "member", "partner")


class LevelCodeSettings(BaseSettings):
    """Membership's level codes as the catalog knows them (``GROUPBUY_LEVEL_CODES``)."""

    model_config = SettingsConfigDict(env_prefix="GROUPBUY_", env_file=".env", extra="ignore")

    level_codes: tuple[str, ...] = Field(DEFAULT_LEVEL_CODES, min_length=1)


@cache
def known_level_codes() -> frozenset[str]:
    return frozenset(LevelCodeSettings().level_codes)


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "catalog"

    events: EventSettings = Field(default_factory=EventSettings)

    calendar_days_ahead: int = Field(7, ge=1, le=60, description="How far ahead the calendar is materialised")
    materialise_every_s: float = Field(300, gt=0)
    scheduler_poll_s: float = Field(1.0, gt=0, description="How often live flash sales' counters are checked")
    reservation_check_after_s: float = Field(60.0, gt=0, description="A reservation still unsettled this long "
                                             "is looked up in orders (and again after each such interval)")
    public_cache_ttl_s: float = Field(5.0, ge=0, description="How long public reads are served from Redis")
    home_cache_ttl_s: float = Field(5.0, ge=0, description="How long each process keeps the public home page")
