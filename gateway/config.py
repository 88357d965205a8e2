"""Gateway settings."""

from typing import ClassVar

from pydantic import Field

from common.settings import GroupbuySettings


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "gateway"

    upstream_timeout_s: float = Field(10.0, gt=0, description="Longest wait for a service's answer")
    upstream_connect_timeout_s: float = Field(1.0, gt=0)
    readiness_timeout_s: float = Field(2.0, gt=0)
