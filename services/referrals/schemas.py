"""The referrals API contract."""

from __future__ import annotations

from pydantic import BaseModel, Field


class CodeCheck(BaseModel):
    """Whether a shared code can be bound: no personal data of its owner."""

    code: str
    valid: bool


class MyReferral(BaseModel):
    code: str = Field(description="The caller's referral code")
    share_path: str = Field(description="The mini-program page a share card opens, carrying the code")
