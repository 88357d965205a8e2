"""The referrals API contract."""

from __future__ import annotations

from pydantic import BaseModel


class CodeCheck(BaseModel):
    """Whether a shared code can be bound: no personal data of its owner."""

    code: str
    valid: bool
