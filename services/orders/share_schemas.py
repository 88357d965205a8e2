"""Request and response models of share attribution: an order's source, a visit, the share funnel."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCENE_PATTERN = r"^[0-9A-Za-z]+$"
TOKEN_PATTERN = r"^[A-Za-z0-9_\-]+$"  # noqa: S105 - a pattern, not a secret


class _Share(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scene: str | None = Field(default=None, min_length=1, max_length=32, pattern=SCENE_PATTERN,
                              description="The scanned mini-program code's scene (``GET /v1/scenes/{scene}``)")
    group_id: int | None = Field(default=None, strict=True, ge=1, le=2**31 - 1,
                                 description="The shared ladder group, with its ``share_token``")
    share_token: str | None = Field(default=None, min_length=1, max_length=64, pattern=TOKEN_PATTERN,
                                    description="The group's share token, from its card, poster or code")

    @model_validator(mode="after")
    def _token_with_group(self) -> _Share:
        if (self.group_id is None) != (self.share_token is None):
            raise ValueError("group_id and share_token come together")
        return self


class ShareSource(_Share):
    """How the buyer arrived at this order (a group join, mostly): what they opened."""

    kind: Literal["scene", "share_card", "poster", "leader_code"]


class VisitCreate(_Share):
    """A share opened: a group's card or poster, or a scanned code."""

    kind: Literal["code", "card", "poster"]
    visitor: str | None = Field(default=None, min_length=8, max_length=64, pattern=TOKEN_PATTERN,
                                description="An anonymous visitor's own id, kept by the mini-program; ignored "
                                            "for a signed-in user")

    @model_validator(mode="after")
    def _names_a_share(self) -> VisitCreate:
        if self.scene is None and self.group_id is None:
            raise ValueError("name the share: a scene, or group_id and share_token")
        return self


class VisitRecorded(BaseModel):
    counted: bool = Field(description="False when this visitor already opened this share today")


class SourceFunnel(BaseModel):
    source: str = Field(description="scene, share_card, poster, leader_code (unknown: binds without a source)")
    shares: int | None = Field(description="Codes made (membership); None when not known for this kind")
    visits: int = Field(description="Visits, once per visitor, share and day")
    binds: int | None = Field(description="Referral binds from this source (referrals); None when unknown")
    binds_first_paid: int | None = Field(description="Of those bound users, the ones who paid for an order")
    joins: int = Field(description="Orders placed in a ladder group from this source")
    joins_first_paid: int = Field(description="Of those orders, the ones that were their buyer's first paid order")


class ShareFunnel(BaseModel):
    since: datetime
    until: datetime
    sources: list[SourceFunnel]
    missing: list[str] = Field(description="Services that did not answer: their figures are None")


class ShareLink(BaseModel):
    group_id: int
    share_token: str
    scene: str
