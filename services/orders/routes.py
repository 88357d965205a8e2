"""Orders HTTP routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from common.db import SessionDep
from services.orders import service
from services.orders.schemas import GroupProgress

router = APIRouter(tags=["orders"])


@router.get("/v1/groups/{group_id}", operation_id="orders_get_group", response_model=GroupProgress)
async def get_group(session: SessionDep,
                    group_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> GroupProgress:
    """A ladder group's progress."""
    return await service.group_progress(session=session, group_id=group_id)
