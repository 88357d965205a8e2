"""Settings of the referrals service."""

from typing import ClassVar

from common.settings import GroupbuySettings


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "referrals"
