"""The referrals API contract."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class CodeCheck(BaseModel):
    """Whether a shared code can be bound: no personal data of its owner."""

    code: str
    valid: bool


class MyReferral(BaseModel):
    code: str = Field(description="The caller's referral code")
    share_path: str = Field(description="The mini-program page a share card opens, carrying the code")


class BindRequest(BaseModel):
    code: str = Field(min_length=4, max_length=16, pattern=r"^\s*[A-Za-z0-9]+\s*$",
                      description="The referral code a shared link carried")


class Binding(BaseModel):
    """The caller's binding: whose code they are bound with, and since when."""

    referrer_code: str
    bound_at: datetime
