"""The membership API contract."""

from __future__ import annotations

from services.membership.models import LevelBase


class LevelPublic(LevelBase):
    pass
