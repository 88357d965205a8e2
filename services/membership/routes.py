"""Membership HTTP routes."""

from __future__ import annotations

from fastapi import APIRouter

from common.db import SessionDep
from common.pagination import Page, PageDep
from services.membership import service
from services.membership.schemas import LevelPublic

router = APIRouter(tags=["membership"])


@router.get("/v1/levels", operation_id="membership_list_levels", response_model=Page[LevelPublic])
async def list_levels(session: SessionDep, page: PageDep) -> Page[LevelPublic]:
    """Membership levels, lowest first, with the growth each one takes."""
    return await service.list_levels(session=session, page=page)
