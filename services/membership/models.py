"""Membership tables."""

from __future__ import annotations

from sqlmodel import Field

from common.models import service_base

Table = service_base()


class LevelBase(Table):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=64)
    rank: int = Field(ge=0, description="Order of levels: a higher rank is a higher level")
    growth_threshold: int = Field(ge=0, description="Growth points (1 per yuan of confirmed spend) to reach it")


class Level(LevelBase, table=True):
    """The ordered, configurable table of membership levels."""

    code: str = Field(primary_key=True, max_length=32)
    rank: int = Field(ge=0, unique=True)
