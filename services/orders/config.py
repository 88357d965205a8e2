"""Settings of the orders service."""

from typing import ClassVar

from common.settings import GroupbuySettings


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "orders"
